"""core.services.audit_values: the fields of a row as an audit entry keeps them, shared by the
accreditation (numbers as numbers) and the programme (every value as text)."""

import pytest

from pavilion.core.models import AuditEntry
from pavilion.core.services import audit_record, audit_values
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_foreign_key_is_kept_by_its_id_and_a_value_as_it_is():
    user = UserFactory()
    entry = audit_record(actor=user, action="zone.update", obj=user, before={"number": 3})
    assert audit_values(entry, ("actor", "action", "before")) == {
        "actor": user.pk, "action": "zone.update", "before": {"number": 3}}


def test_as_text_every_value_but_none_is_text_and_a_moment_iso_8601():
    user = UserFactory()
    entry = AuditEntry.objects.get(pk=audit_record(actor=user, action="room.update", obj=user).pk)
    assert audit_values(entry, ("actor", "object_id", "at", "after"), as_text=True) == {
        "actor": str(user.pk), "object_id": str(user.pk), "at": entry.at.isoformat(), "after": None}
    anonymous = audit_record(actor=None, action="track.create", obj=user)
    assert audit_values(anonymous, ("actor",)) == audit_values(anonymous, ("actor",), as_text=True) == {"actor": None}
