"""The gate log names who acknowledged an alert on the occupancy page and when, in the event's time
zone, on the page and in its exports, read in the list's one query (no query per row)."""

import csv
import io

import pytest

from pavilion.accreditation import services as accreditation_services
from pavilion.accreditation.models import Scan
from tests.accreditation.support import baku

pytestmark = pytest.mark.django_db


def url(world, path: str = "") -> str:
    return f"/events/{world.event.slug}/reports/{path}"


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def passback(badge_of, scan) -> Scan:
    """A badge let in twice at the same hall: the second scan is a passback alert."""
    badge = badge_of()
    scan(badge.token)
    scan(badge.token)
    return Scan.objects.filter(badge=badge, alert="passback").get()


def acknowledge(world, officer, alert: Scan, settings, at) -> None:
    settings.PAVILION_CLOCK = at.isoformat()
    accreditation_services.alerts_acknowledge(actor=officer, event=world.event, scan_ids=[alert.pk])


@pytest.fixture
def named_officer(world):
    world.officer.first_name, world.officer.last_name = "Leyla", "Hüseynova"
    world.officer.save(update_fields=["first_name", "last_name"])
    return world.officer


def test_the_gate_log_shows_who_acknowledged_an_alert_and_when_in_the_event_s_time(
        client, world, gates, badge_of, scan, settings, named_officer):
    alert = passback(badge_of, scan)
    acknowledge(world, named_officer, alert, settings, baku(24, 13, 5))  # 09:05 UTC
    waiting = passback(badge_of, scan)
    client.force_login(world.officer2)
    page = client.get(url(world, "entries/"), {"alert": "all"}).content.decode()
    assert "<th>Acknowledged by</th><th>Acknowledged at</th>" in page
    assert "Leyla Hüseynova" in page and 'datetime="2024-09-24T13:05:00"' in page and "09:05" not in page
    rows = read_csv(client.get(url(world, "entries/export.csv"), {"alert": "all"}))
    assert rows[0][-2:] == ["Acknowledged by", "Acknowledged at"]
    by_badge = {row[7]: row[-2:] for row in rows[1:]}
    assert by_badge[str(alert.badge.serial)] == ["Leyla Hüseynova", "2024-09-24 13:05:00"]
    assert by_badge[str(waiting.badge.serial)] == ["", ""]  # not acknowledged yet


def test_an_officer_without_a_name_is_shown_by_user_name(client, world, gates, badge_of, scan, settings):
    alert = passback(badge_of, scan)
    acknowledge(world, world.officer2, alert, settings, baku(24, 12, 30))
    client.force_login(world.officer)
    rows = read_csv(client.get(url(world, "entries/export.csv"), {"alert": "passback"}))
    assert rows[1][-2:] == ["sec2", "2024-09-24 12:30:00"]


def test_the_acknowledgements_cost_no_query_per_row(client, world, gates, badge_of, scan, settings, named_officer,
                                                     django_assert_num_queries):
    acknowledge(world, named_officer, passback(badge_of, scan), settings, baku(24, 12, 10))
    client.force_login(world.officer2)
    with django_assert_num_queries(8):
        assert client.get(url(world, "entries/"), {"alert": "all"}).status_code == 200
    for minute in range(4):
        acknowledge(world, [named_officer, world.officer2][minute % 2], passback(badge_of, scan), settings,
                    baku(24, 12, 20 + minute))
    with django_assert_num_queries(8):
        page = client.get(url(world, "entries/"), {"alert": "all"})
    assert len(page.context["rows"]) == 5 and page.content.decode().count("Leyla Hüseynova") == 3
