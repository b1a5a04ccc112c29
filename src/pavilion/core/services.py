"""Writes shared by every app: the audit log and API tokens."""

import datetime
from typing import Any

from django.db import transaction

from pavilion.core import clock
from pavilion.core.models import ApiToken, AuditEntry


def audit_record(
    *, actor, action: str, obj, before: dict[str, Any] | None = None, after: dict[str, Any] | None = None
) -> AuditEntry:
    """Append one entry to the audit log; services call it inside their transaction."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        before=before,
        after=after,
    )


def audit_values(obj, fields, *, as_text: bool = False) -> dict[str, Any]:
    """The `fields` of a model instance as an audit entry's before or after keeps them: a foreign
    key by its id. With `as_text` every value but None is text and a datetime is in ISO 8601, as
    the programme's entries have always kept them (the accreditation's keep numbers as numbers)."""
    values = {}
    for field in fields:
        value = getattr(obj, f"{field}_id") if hasattr(obj, f"{field}_id") else getattr(obj, field)
        if as_text and value is not None:
            value = value.isoformat() if isinstance(value, datetime.datetime) else str(value)
        values[field] = value
    return values


def api_token_create(*, actor, user) -> str:
    """Create a token for `user` and return the raw value, which is never stored."""
    raw = ApiToken.generate()
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, digest=ApiToken.hash(raw), prefix=raw[:8])
        audit_record(actor=actor, action="api_token.create", obj=token, after={"user": user.username})
    return raw


def api_token_revoke(*, actor, token: ApiToken) -> None:
    with transaction.atomic():
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="api_token.revoke", obj=token)


def api_token_user(raw: str):
    token = ApiToken.objects.active().select_related("user").filter(digest=ApiToken.hash(raw)).first()
    if token is None or not token.user.is_active:
        return None
    return token.user
