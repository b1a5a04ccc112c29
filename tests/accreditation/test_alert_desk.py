"""The occupancy page's Alerts, as the chief of security works them: repeats of one badge at one gate
grouped into one row (count, first and last time), the badge linked with its holder's name, an
"Acknowledge" that takes the row off the live panel (who and when kept, audited) while the gate log
keeps every alert, and the result apart from its reason in every language."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pavilion.accreditation import issuing
from pavilion.accreditation.models import AlertAcknowledgement, Scan
from pavilion.core.models import AuditEntry
from tests.accreditation.support import NOON


def panel_url(world) -> str:
    return f"/events/{world.event.slug}/accreditation/occupancy/panel/"


def acknowledge_url(world) -> str:
    return f"/events/{world.event.slug}/accreditation/occupancy/alerts/acknowledge/"


def alert_rows(html: str) -> list[str]:
    return re.findall(r'<tr data-alert="([0-9,]+)">', html)


@pytest.fixture
def revoked(badge_of, world):
    badge = badge_of()
    return issuing.badge_revoke(actor=world.organiser, badge=badge, reason="reported stolen")


def repeat(scan, badge, times: int, start=NOON, every=datetime.timedelta(seconds=20)) -> None:
    """The same card presented `times` times, `every` apart (the server's clock is the scan's time)."""
    from django.conf import settings

    for number in range(times):
        settings.PAVILION_CLOCK = (start + number * every).isoformat()
        assert scan(badge.token)["reason"] == "revoked"


def test_twenty_one_denials_of_one_badge_are_one_row_with_the_count_and_first_and_last_time(
        client, world, scan, revoked, settings):
    repeat(scan, revoked, 21)
    settings.PAVILION_CLOCK = (NOON + datetime.timedelta(minutes=8)).isoformat()
    client.force_login(world.officer)
    html = client.get(panel_url(world)).content.decode()
    rows = alert_rows(html)
    assert len(rows) == 1 and len(rows[0].split(",")) == 21
    row = html[html.index('<tr data-alert='):]
    row = row[:row.index("</tr>")]
    assert re.search(r"<td [^>]*data-count>21</td>", row)
    assert "12:00:00–12:06:40" in row  # the first and the last, on the event's clock
    # the serial links to the badge's page, with the holder's name
    assert f'href="/events/{world.event.slug}/accreditation/badges/{revoked.serial}/">{revoked.serial}</a>' in row
    assert revoked.registration.person.full_name in row
    assert "Denied — revoked badge" in row


def test_repeats_further_apart_than_the_window_are_rows_of_their_own(client, world, scan, revoked, settings):
    repeat(scan, revoked, 2)
    repeat(scan, revoked, 1, start=NOON + datetime.timedelta(minutes=30))
    client.force_login(world.officer)
    rows = alert_rows(client.get(panel_url(world)).content.decode())
    assert [len(row.split(",")) for row in rows] == [1, 2]  # the newest first


def test_another_gate_or_another_badge_is_another_row(client, world, scan, revoked, badge_of, gates):
    repeat(scan, revoked, 2)
    other = issuing.badge_revoke(actor=world.organiser, badge=badge_of(), reason="lent")
    assert scan(other.token)["reason"] == "revoked"
    assert scan(revoked.token, gate=gates.vip, token=gates.vip_token)["reason"] == "revoked"
    client.force_login(world.officer)
    rows = alert_rows(client.get(panel_url(world)).content.decode())
    assert sorted(len(row.split(",")) for row in rows) == [1, 1, 2]


def test_an_officer_acknowledges_a_row_it_leaves_the_panel_and_stays_in_the_gate_log(
        client, world, scan, revoked, badge_of, settings):
    repeat(scan, revoked, 3)
    other = issuing.badge_revoke(actor=world.organiser, badge=badge_of(), reason="lent")
    assert scan(other.token)["reason"] == "revoked"
    client.force_login(world.officer)
    rows = alert_rows(client.get(panel_url(world)).content.decode())
    mine = next(row for row in rows if len(row.split(",")) == 3)
    settings.PAVILION_CLOCK = (NOON + datetime.timedelta(minutes=5)).isoformat()
    response = client.post(acknowledge_url(world), {"scans": mine})
    assert response.status_code == 302 and response["Location"].endswith("/accreditation/occupancy/")
    acknowledged = AlertAcknowledgement.objects.filter(scan_id__in=mine.split(","))
    assert acknowledged.count() == 3
    assert {(item.acknowledged_by, item.acknowledged_at) for item in acknowledged} == {
        (world.officer, NOON + datetime.timedelta(minutes=5))}
    entry = AuditEntry.objects.get(action="scan.alert_acknowledge")
    assert entry.actor == world.officer and sorted(entry.after["scans"]) == sorted(int(pk) for pk in mine.split(","))
    left = alert_rows(client.get(panel_url(world)).content.decode())
    assert left == [row for row in rows if row != mine]
    # the gate log's every-alert filter still lists them, and the panel links to it
    html = client.get(panel_url(world)).content.decode()
    log = f"/events/{world.event.slug}/reports/entries/?alert=all"
    assert f'href="{log}"' in html
    listed = client.get(log)
    assert listed.status_code == 200
    assert listed.content.decode().count(str(revoked.serial)) >= 3
    # the scans themselves are unchanged (append-only)
    assert Scan.objects.filter(badge=revoked).count() == 3


def test_acknowledging_twice_is_refused_with_a_message_and_changes_nothing(client, world, scan, revoked):
    repeat(scan, revoked, 2)
    client.force_login(world.organiser)
    row = alert_rows(client.get(panel_url(world)).content.decode())[0]
    client.post(acknowledge_url(world), {"scans": row})
    response = client.post(acknowledge_url(world), {"scans": row}, follow=True)
    assert "Nothing to acknowledge" in response.content.decode()
    assert AlertAcknowledgement.objects.count() == 2
    assert AuditEntry.objects.filter(action="scan.alert_acknowledge").count() == 1


def test_nonsense_and_other_scans_are_not_acknowledged(client, world, scan, badge_of, revoked):
    visitor = badge_of()
    assert scan(visitor.token)["result"] == "granted"  # an everyday entry, no alert
    granted = Scan.objects.get(badge=visitor)
    client.force_login(world.officer)
    for value in (str(granted.pk), "abc,-1,²", "", "99999999999999999999"):
        response = client.post(acknowledge_url(world), {"scans": value}, follow=True)
        assert response.status_code == 200 and "Nothing to acknowledge" in response.content.decode()
    assert not AlertAcknowledgement.objects.exists()


def test_people_who_are_not_officers_cannot_acknowledge(client, world, scan, revoked):
    repeat(scan, revoked, 1)
    pk = Scan.objects.get(badge=revoked).pk
    client.force_login(world.exhibitor_admin)
    assert client.post(acknowledge_url(world), {"scans": str(pk)}).status_code == 403
    assert client.get(acknowledge_url(world)).status_code in (403, 405)
    assert not AlertAcknowledgement.objects.exists()


def test_the_panel_costs_the_same_queries_for_one_alert_or_many(client, world, scan, badge_of):
    client.force_login(world.officer)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(panel_url(world)).status_code == 200
        return len(captured)

    first = issuing.badge_revoke(actor=world.organiser, badge=badge_of(), reason="x")
    scan(first.token)
    one = count()
    for _number in range(4):
        badge = issuing.badge_revoke(actor=world.organiser, badge=badge_of(), reason="x")
        scan(badge.token)
        scan(badge.token)
    html = client.get(panel_url(world)).content.decode()
    assert len(alert_rows(html)) == 5
    assert count() == one


def test_the_panel_lists_twenty_rows_however_many_repeats(client, world, scan, badge_of, settings):
    badges = [issuing.badge_revoke(actor=world.organiser, badge=badge_of(), reason="x") for _number in range(22)]
    for number, badge in enumerate(badges):
        settings.PAVILION_CLOCK = (NOON + datetime.timedelta(seconds=number)).isoformat()
        scan(badge.token)
    client.force_login(world.officer)
    rows = alert_rows(client.get(panel_url(world)).content.decode())
    assert len(rows) == 20 and all(len(row.split(",")) == 1 for row in rows)


def test_the_occupancy_chart_scrolls_on_a_phone_with_its_figures_as_a_table(client, world, gates):
    client.force_login(world.officer)
    html = client.get(f"/events/{world.event.slug}/accreditation/occupancy/").content.decode()
    assert '<div class="chart-scroll wide" tabindex="0" role="region"' in html
    assert '<details class="chart-data">' in html and "<th scope=\"row\">09:00</th>" in html


def test_a_holder_held_by_screening_refused_at_the_gate_is_an_alert_for_the_officers(client, world, scan, badge_of):
    """A new watch-list match puts an approved person back into review: the gate refuses their badge
    (`not_cleared`), and the officers on duty see it on the live panel and in the gate log's alerts, as
    they see a revoked card; an expired one is the gate staff's business and is not listed."""
    from pavilion.accreditation import selectors
    from pavilion.registrations.services import registration_after_screening

    held, expired = badge_of(), badge_of("contractor")  # a contractor's windows are build-up days, not noon
    registration_after_screening(registration=held.registration, has_open_alerts=True)
    assert scan(held.token)["reason"] == "not_cleared"
    assert scan(expired.token)["reason"] == "expired"
    assert list(selectors.alert_scans(world.event).values_list("reason", flat=True)) == ["not_cleared"]
    client.force_login(world.officer)
    rows = alert_rows(client.get(panel_url(world)).content.decode())
    assert rows == [str(Scan.objects.get(reason="not_cleared").pk)]
