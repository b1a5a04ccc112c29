"""The online scan's request path: the statements one scan costs, the compiled hot reads giving
the same rows as the ORM, and the device's last-seen time written at most once a minute."""

import datetime

import pytest
from django.db import connection, transaction

from pavilion.accreditation import scan_writes, services
from pavilion.accreditation.models import Badge, Device, Scan
from pavilion.accreditation.prepared import PreparedQuery
from tests.accreditation.support import NOON


def _statements(captured) -> list[str]:
    """The statements a request sent, without the savepoints the test's own transaction makes
    around a write (in autocommit, as a server runs, there are none)."""
    return [query["sql"] for query in captured.captured_queries
            if not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT"))]


def test_one_granted_scan_costs_three_statements_on_postgresql(on_postgres, badge_of, scan,
                                                                django_assert_max_num_queries):
    badge = badge_of()
    scan("PV1:FIRST-CONTACT")  # the device's last contact is written once a minute, not per scan
    # the device (authentication), then one read (device, badge, holder, entry state, sessions
    # behind the gate) and one write (the scan and the entry state, if unchanged since the read):
    # nothing locked, no BEGIN or COMMIT
    with django_assert_max_num_queries(10) as captured:
        assert scan(badge.token)["result"] == "granted"
    statements = _statements(captured)
    assert len(statements) == 3
    assert "FOR UPDATE" not in " ".join(statements)
    assert Scan.objects.filter(badge=badge).count() == 1


def test_one_granted_scan_costs_at_most_eight_statements_on_sqlite(badge_of, scan, django_assert_max_num_queries):
    if connection.vendor != "sqlite":
        pytest.skip("the ORM path of SQLite")
    badge = badge_of()
    scan("PV1:FIRST-CONTACT")  # the device's last contact is written once a minute, not per scan
    # device (with its event keys, gate, zone), the badge with its holder, its entry state, the
    # programme's look for a session behind the gate, the scan, the entry state moved
    with django_assert_max_num_queries(8):
        assert scan(badge.token)["result"] == "granted"
    assert Scan.objects.filter(badge=badge).count() == 1


def test_a_forged_text_costs_no_lock_and_one_insert(scan, django_assert_max_num_queries):
    scan("PV1:FIRST-CONTACT")  # the device's last contact is written once a minute, not per scan
    with django_assert_max_num_queries(6) as captured:  # device, (the read), the scan
        answer = scan("PV1:NOT-A-BADGE")
    assert (answer["result"], answer["reason"]) == ("denied", "invalid")
    statements = _statements(captured)
    assert len(statements) <= 3 and sum(sql.startswith("INSERT") for sql in statements) == 1
    assert "FOR UPDATE" not in " ".join(statements)


def test_the_compiled_device_lookup_gives_what_the_orm_gives(gates):
    found = services.device_for_token(gates.token)
    expected = Device.objects.select_related("event__badge_keys", "gate__zone").get(pk=gates.device.pk)
    assert found == expected
    assert (found.event.slug, found.gate.code, found.gate.zone.code) == (
        expected.event.slug, expected.gate.code, expected.gate.zone.code)
    assert found.event.badge_keys.public_keys == expected.event.badge_keys.public_keys
    assert services.device_for_token(gates.token + "x") is None
    services.device_revoke(actor=None, device=gates.device)
    assert services.device_for_token(gates.token) is None


def test_the_compiled_badge_lock_reads_the_badge_and_its_holder(badge_of, world):
    badge = badge_of()
    with transaction.atomic():
        locked = scan_writes.LOCKED_BADGE.first(event_id=world.event.pk, serial=badge.serial)
        assert scan_writes.LOCKED_BADGE.first(event_id=world.event.pk + 1, serial=badge.serial) is None
    assert locked == badge
    assert locked.registration.person.full_name == badge.registration.person.full_name
    assert locked.registration.category.code == badge.registration.category.code
    assert locked.windows == badge.windows and locked.zones == badge.zones


def test_a_placeholder_must_appear_once():
    query = PreparedQuery(lambda serial: Badge.objects.filter(serial=serial, generation=serial), serial=30_000)
    with pytest.raises(ValueError, match="exactly once"):
        query.all(serial=1)


def test_last_seen_is_written_at_most_once_a_minute(gates, client, settings, django_assert_num_queries):
    headers = {"Authorization": f"Device {gates.token}"}
    assert client.get("/api/v1/sync?since=0", headers=headers).status_code == 200
    first = Device.objects.get(pk=gates.device.pk).last_seen_at
    assert first == NOON
    settings.PAVILION_CLOCK = (NOON + datetime.timedelta(seconds=30)).isoformat()
    with django_assert_num_queries(3):  # device, zones, gates (no badge issued yet): no write
        assert client.get("/api/v1/sync?since=0", headers=headers).status_code == 200
    assert Device.objects.get(pk=gates.device.pk).last_seen_at == first
    settings.PAVILION_CLOCK = (NOON + datetime.timedelta(minutes=2)).isoformat()
    client.get("/api/v1/sync?since=0", headers=headers)
    assert Device.objects.get(pk=gates.device.pk).last_seen_at == NOON + datetime.timedelta(minutes=2)


def test_an_up_to_date_scanner_costs_no_badge_query(gates, badge_of, client, django_assert_num_queries):
    badge_of()
    headers = {"Authorization": f"Device {gates.token}"}
    full = client.get("/api/v1/sync?since=0", headers=headers).json()
    assert len(full["badges"]) == 1 and full["zones"] and full["gates"]
    with django_assert_num_queries(3):  # device (with its event's keys), zones, gates
        polled = client.get(f"/api/v1/sync?since={full['seq']}", headers=headers).json()
    assert polled["badges"] == [] and polled["seq"] == full["seq"]
    assert (polled["zones"], polled["gates"], polled["keys"]) == (full["zones"], full["gates"], full["keys"])


def test_the_scans_badge_summary_has_the_apis_fields(badge_of):
    """Both scan paths describe the badge with gate_rows.Holder.summary; the API declares that
    shape as BadgeSummary: the two name the same fields, and the summary passes the schema."""
    from pavilion.accreditation.api import BadgeSummary
    from pavilion.accreditation.gate_rows import Holder

    summary = Holder.of(badge_of()).summary(1)
    assert set(summary) == set(BadgeSummary.model_fields)
    assert BadgeSummary(**summary).model_dump() == summary
