import pytest

from pavilion.core.models import AuditEntry


@pytest.mark.django_db
def test_an_audit_entry_is_written_once_and_never_changed_or_deleted():
    entry = AuditEntry.objects.create(action="stand.create", object_type="events.stand", object_id="1")
    entry.action = "stand.delete"
    with pytest.raises(ValueError, match="audit entries are append-only"):
        entry.save()
    with pytest.raises(ValueError, match="append-only"):
        entry.delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "stand.create"
