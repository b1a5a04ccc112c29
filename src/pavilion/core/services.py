"""Writes shared by every app: the audit log, the refusal of a deletion while something uses the thing, and
API tokens."""

import datetime
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pavilion.core import clock, roles
from pavilion.core.models import ApiToken, AuditEntry


def _entry(actor, action: str, obj, before: dict[str, Any] | None, after: dict[str, Any] | None) -> AuditEntry:
    return AuditEntry(actor=actor if getattr(actor, "pk", None) else None, action=action,
                      object_type=obj._meta.label_lower, object_id=str(obj.pk), before=before, after=after)


def audit_record(
    *, actor, action: str, obj, before: dict[str, Any] | None = None, after: dict[str, Any] | None = None
) -> AuditEntry:
    """Append one entry to the audit log; services call it inside their transaction."""
    entry = _entry(actor, action, obj, before, after)
    entry.save()
    return entry


def audit_records(*, actor, action: str, created: list[tuple[Any, dict[str, Any]]]) -> None:
    """One entry per object written at once (bulk_create): each (object, its `after`), in order."""
    AuditEntry.objects.bulk_create([_entry(actor, action, obj, None, after) for obj, after in created])


def refuse_while_used(field: str, uses, **names) -> None:
    """A deletion refused (ValidationError on `field`) with every use counted: `uses` pairs each count with
    the function that words it (ngettext by the count); `names` fill the words beside the count."""
    refusals = [words(count) % {**names, "count": count} for count, words in uses if count]
    if refusals:
        raise ValidationError({field: refusals})


def delete_unless_used(*, actor, obj, action: str, field: str, uses: Callable[[Any], list],
                       snapshot: Callable[[Any], dict[str, Any]], name_as: str | None = None) -> None:
    """Delete `obj` under a row lock, refused (refuse_while_used, on `field`, its name filling the
    words as `name_as` or `field`) while `uses(locked)` counts anything; the audit log keeps
    `snapshot(locked)`. One already gone: nothing to do."""
    with transaction.atomic():
        locked = type(obj).objects.select_for_update().filter(pk=obj.pk).first()
        if locked is None:
            return
        refuse_while_used(field, uses(locked), **{name_as or field: locked.name})
        audit_record(actor=actor, action=action, obj=locked, before=snapshot(locked))
        locked.delete()


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


def require_token_owner(actor, user) -> None:
    """A person manages their own tokens; the organiser's administrators anyone's; the command line
    (no actor) any."""
    if actor is not None and actor.pk != user.pk and not roles.has_role(actor, roles.ORGANISER_ADMIN):
        raise PermissionDenied(_("Only the token's owner or the organiser's administrators manage it."))


def api_token_create(*, actor, user, name: str = "") -> str:
    """Create a token for `user` and return the raw value, which is never stored. `name` says what uses it."""
    require_token_owner(actor, user)
    name = " ".join((name or "").split())
    if len(name) > ApiToken._meta.get_field("name").max_length:
        raise ValidationError({"name": _("Name the token in at most 80 characters.")})
    raw = ApiToken.generate()
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, digest=ApiToken.hash(raw), prefix=raw[:8], name=name)
        audit_record(actor=actor, action="api_token.create", obj=token, after={"user": user.username, "name": name})
    return raw


def api_token_revoke(*, actor, token: ApiToken) -> None:
    require_token_owner(actor, token.user)
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is not None:
            raise ValidationError(_("This token was revoked already."))
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="api_token.revoke", obj=token)


def api_token_user(raw: str):
    token = ApiToken.objects.active().select_related("user").filter(digest=ApiToken.hash(raw)).first()
    if token is None or not token.user.is_active:
        return None
    return token.user
