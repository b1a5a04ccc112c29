"""Two gaps between what happened at a gate and what the server counts.

A device revoked (lost, stolen) while it held scans taken offline: within a grace after its revocation
(by the server's clock) it may still upload the scans it took before the revocation; they are recorded,
count, and carry the `revoked_device` alert for the officers; each scan it says it took after the
revocation is refused on its own, nothing recorded; no answer names a holder; every other call of the
device (sync, online scans, the gates list) stays refused.

A scan the server granted online whose answer never reached the scanner, which then turned the person
away offline and uploads that with the same nonce: the person is not counted inside (occupancy, the
roll call); a second scan records what happened at the gate."""

import datetime

import pytest

from pavilion.accreditation import issuing, labels, scan_decisions, selectors, services
from pavilion.accreditation.models import Presence, Scan
from pavilion.core.models import AuditEntry
from tests.accreditation.support import NOON, baku, scan_body
from tests.accreditation.test_browser import STORED, open_scanner, wedge
from tests.accreditation.test_offline_scans import batch, occupancy_page, offline


def revoke_at(settings, world, device, moment):
    settings.PAVILION_CLOCK = moment.isoformat()
    services.device_revoke(actor=world.officer, device=device)
    device.refresh_from_db()
    return device


def test_a_revoked_devices_scans_from_before_its_revocation_count_and_are_flagged_those_after_are_refused(
        badge_of, client, gates, world, settings):
    settings.PAVILION_CLOCK = baku(24, 11).isoformat()
    before, late, turned_away = badge_of(), badge_of(), badge_of()
    revoke_at(settings, world, gates.device, baku(24, 12, 30))
    settings.PAVILION_CLOCK = baku(24, 12, 45).isoformat()  # the device reaches the server again
    answers = batch(client, gates.token, [
        offline(scan_body(before.token, gates.hall, at=baku(24, 12, 10), nonce="before"), "granted"),
        offline(scan_body(late.token, gates.hall, at=baku(24, 12, 31), nonce="after"), "granted"),
        offline(scan_body(turned_away.token, gates.hall, at=baku(24, 12, 20), nonce="away"), "denied", "expired"),
        offline(scan_body(late.token, gates.hall, at=baku(24, 12, 30), nonce="at"), "granted"),
    ])["results"]
    # recorded as at the gate, without the holder (the device is revoked: it learns nobody's name)
    assert answers[0] == {"result": "granted", "reason": None, "badge": None}
    assert answers[2] == {"result": "denied", "reason": "expired", "badge": None}
    # at or after the revocation: refused one by one, the rest of the batch recorded
    refused = {"result": "denied", "reason": "revoked", "badge": None, "refused": "device_revoked"}
    assert answers[1] == answers[3] == refused
    assert set(Scan.objects.values_list("nonce", flat=True)) == {"before", "away"}
    first = Scan.objects.get(nonce="before")
    assert (first.result, first.alert, first.offline, first.device_id) == ("granted", "revoked_device", True,
                                                                           gates.device.pk)
    assert Scan.objects.get(nonce="away").alert == "revoked_device"
    assert not Presence.objects.filter(badge=late).exists()
    # the entry counts: occupancy and the roll call; the alert is on the officers' panel
    assert Presence.objects.get(badge=before, zone=gates.hall.zone).inside
    assert [row.badge_id for row in selectors.people_inside(gates.hall.zone, now=baku(24, 12, 45))] == [before.pk]
    panel = " ".join(occupancy_page(client, world).split())
    assert "uploaded by a revoked device (taken before its revocation): review it" in panel
    entry = AuditEntry.objects.get(action="device.upload_after_revoke", object_id=str(gates.device.pk))
    assert entry.after == {"gate": gates.hall.code, "recorded": 2, "refused": 2}
    # sent again: the same answers, nothing new
    again = batch(client, gates.token, [
        offline(scan_body(before.token, gates.hall, at=baku(24, 12, 10), nonce="before"), "granted"),
        offline(scan_body(late.token, gates.hall, at=baku(24, 12, 31), nonce="after"), "granted")])["results"]
    assert again == answers[:2] and Scan.objects.count() == 2


def test_every_other_call_of_a_revoked_device_stays_refused(badge_of, client, gates, world, settings, scan):
    visitor = badge_of()
    revoke_at(settings, world, gates.device, baku(24, 12, 30))
    headers = {"Authorization": f"Device {gates.token}"}
    assert client.get("/api/v1/sync?since=0", headers=headers).status_code == 401
    assert client.get(f"/api/v1/events/{world.event.slug}/gates", headers=headers).status_code == 401
    scan(visitor.token, status=401, at=baku(24, 12, 10))  # an online scan, whatever time it claims
    assert not Scan.objects.exists()


def test_the_grace_runs_on_the_servers_clock_and_bounds_how_far_back_a_scan_may_claim(
        badge_of, client, gates, world, settings):
    visitor = badge_of()
    revoke_at(settings, world, gates.device, baku(24, 12, 30))
    grace = services.REVOKED_UPLOAD_GRACE
    # a scan claiming a time long before the revocation (a clock set back to inject old entries)
    settings.PAVILION_CLOCK = baku(24, 12, 40).isoformat()
    too_old = baku(24, 12, 30) - grace - datetime.timedelta(minutes=1)
    answer, = batch(client, gates.token, [offline(scan_body(visitor.token, gates.hall, at=too_old, nonce="old"),
                                                  "granted")])["results"]
    assert answer["refused"] == "device_revoked" and not Scan.objects.exists()
    # past the grace by the server's clock, the token opens nothing, whatever the scans claim
    settings.PAVILION_CLOCK = (baku(24, 12, 30) + grace + datetime.timedelta(seconds=1)).isoformat()
    batch(client, gates.token, [offline(scan_body(visitor.token, gates.hall, at=baku(24, 12, 10)), "granted")],
          status=401)
    assert not Scan.objects.exists()
    # a device that was never enrolled gets nothing either
    batch(client, "not-a-token", [offline(scan_body(visitor.token, gates.hall, at=baku(24, 12, 10)), "granted")],
          status=401)


def test_an_active_devices_batch_is_unchanged(badge_of, client, gates, settings):
    settings.PAVILION_CLOCK = baku(24, 12, 30).isoformat()
    visitor = badge_of()
    answer, = batch(client, gates.token, [offline(scan_body(visitor.token, gates.hall, at=baku(24, 12)), "granted")])[
        "results"]
    assert answer["badge"]["serial"] == visitor.serial and "refused" not in answer
    assert Scan.objects.get().alert == ""
    assert not AuditEntry.objects.filter(action="device.upload_after_revoke").exists()


def test_a_scan_granted_online_whose_answer_was_lost_then_turned_away_offline_is_not_counted_inside(
        badge_of, client, gates, world, settings, scan):
    settings.PAVILION_CLOCK = baku(24, 12).isoformat()
    visitor = badge_of()
    assert scan(visitor.token, nonce="slow")["result"] == "granted"  # its answer lost on the way
    assert Presence.objects.get(badge=visitor).inside
    settings.PAVILION_CLOCK = baku(24, 12, 1).isoformat()
    answer, = batch(client, gates.token, [
        offline(scan_body(visitor.token, gates.hall, at=baku(24, 12, 0, 3), nonce="slow"), "denied", "not_cleared")])[
        "results"]
    assert (answer["result"], answer["reason"], answer["badge"]["serial"]) == ("denied", "not_cleared", visitor.serial)
    assert Scan.objects.get(nonce="slow").result == "granted"  # append-only: the server's decision stays
    at_gate = Scan.objects.get(nonce="slow#gate")
    assert (at_gate.result, at_gate.reason, at_gate.alert, at_gate.offline) == ("denied", "not_cleared",
                                                                                "offline_turned_away", True)
    # nobody inside: the counts, the roll call, the API
    assert not Presence.objects.filter(badge=visitor, inside=True).exists()
    assert list(selectors.people_inside(gates.hall.zone, now=baku(24, 12, 1))) == []
    assert {row["zone"]: row["inside"] for row in selectors.occupancy(world.event, now=baku(24, 12, 1))}[
        gates.hall.zone.code] == 0
    panel = " ".join(occupancy_page(client, world).split())
    assert "turned away offline, though the server had let it in (its answer came too late)" in panel
    # sent again: the same answer, nothing new
    again, = batch(client, gates.token, [
        offline(scan_body(visitor.token, gates.hall, at=baku(24, 12, 0, 3), nonce="slow"), "denied", "not_cleared")])[
        "results"]
    assert again == answer and Scan.objects.filter(badge=visitor).count() == 2


def test_a_revoked_device_does_not_correct_what_the_server_decided_online(badge_of, client, gates, world, settings,
                                                                         scan):
    """Within its grace a revoked (perhaps stolen) device hands in offline scans; re-sending the nonce of a
    scan granted online as turned away, or of one denied online as let in, changes nobody's entry state."""
    settings.PAVILION_CLOCK = baku(24, 12).isoformat()
    visitor, other = badge_of(), badge_of()
    assert scan(visitor.token, nonce="granted-online")["result"] == "granted"
    issuing.badge_revoke(actor=world.organiser, badge=other, reason="Lent to another person")
    assert scan(other.token, nonce="denied-online")["result"] == "denied"
    revoke_at(settings, world, gates.device, baku(24, 12, 5))
    settings.PAVILION_CLOCK = baku(24, 12, 10).isoformat()
    batch(client, gates.token, [
        offline(scan_body(visitor.token, gates.hall, at=baku(24, 12, 0, 3), nonce="granted-online"), "denied",
                "not_cleared"),
        offline(scan_body(other.token, gates.hall, at=baku(24, 12, 0, 3), nonce="denied-online"), "granted", None)])
    assert Presence.objects.get(badge=visitor).inside
    assert not Presence.objects.filter(badge=other, inside=True).exists()
    assert not Scan.objects.filter(nonce__endswith="#gate").exists()


def test_turned_away_after_all_puts_the_entry_state_back_to_the_last_movement_that_happened(
        badge_of, client, gates, world, settings, scan):
    """In at 11:00, out at 11:30, and at 12:00 granted online but turned away at the gate: outside,
    since 11:30. The next entry is not taken for a second one (passback)."""
    visitor = badge_of()
    for hour, minute, direction in ((11, 0, "in"), (11, 30, "out"), (12, 0, "in")):
        settings.PAVILION_CLOCK = baku(24, hour, minute).isoformat()
        assert scan(visitor.token, direction=direction, nonce=f"{direction}-{hour}-{minute}")["result"] == "granted"
    batch(client, gates.token, [offline(scan_body(visitor.token, gates.hall, at=baku(24, 12, 0, 3), nonce="in-12-0"),
                                        "denied", "expired")])
    presence = Presence.objects.get(badge=visitor, zone=gates.hall.zone)
    assert (presence.inside, presence.moved_at) == (False, baku(24, 11, 30))
    # in, then granted again online (answer lost), turned away: still inside, since the earlier entry
    settings.PAVILION_CLOCK = baku(24, 12, 10).isoformat()
    assert scan(visitor.token, nonce="in-12-10")["result"] == "granted"
    settings.PAVILION_CLOCK = baku(24, 12, 20).isoformat()
    assert scan(visitor.token, direction="out", nonce="out-12-20")["result"] == "granted"
    batch(client, gates.token, [offline(scan_body(visitor.token, gates.hall, "out", at=baku(24, 12, 20, 3),
                                                  nonce="out-12-20"), "denied", "invalid")])
    presence.refresh_from_db()
    assert (presence.inside, presence.moved_at) == (True, baku(24, 12, 10))


def test_turned_away_after_all_leaves_a_later_movement_as_it_is(badge_of, client, gates, world, settings, scan):
    settings.PAVILION_CLOCK = baku(24, 12).isoformat()
    visitor = badge_of()
    assert scan(visitor.token, nonce="slow")["result"] == "granted"
    settings.PAVILION_CLOCK = baku(24, 12, 5).isoformat()  # came in through the other hall gate meanwhile
    assert scan(visitor.token, gate=gates.hall_b, token=_enrol(world, gates.hall_b))["result"] == "granted"
    settings.PAVILION_CLOCK = baku(24, 12, 10).isoformat()
    batch(client, gates.token, [offline(scan_body(visitor.token, gates.hall, at=baku(24, 12, 0, 3), nonce="slow"),
                                        "denied", "expired")])
    presence = Presence.objects.get(badge=visitor, zone=gates.hall.zone)
    assert (presence.inside, presence.moved_at) == (True, baku(24, 12, 5))


def _enrol(world, gate) -> str:
    return services.device_enrol(actor=world.organiser, gate=gate, name="Hall B scanner")[1]


def test_the_new_alerts_read_as_labels():
    assert scan_decisions.TURNED_AWAY_OFFLINE in labels.SCAN_ALERTS and scan_decisions.REVOKED_DEVICE in labels.SCAN_ALERTS


# In Chromium: the scanner hands in its queue when it finds itself revoked, then forgets everything.

HELD = ("**/api/v1/scans/batch", "**/api/v1/sync*")


def _queue_before_and_after_a_revocation(page, context, settings, world, device, before, after, hold_uploads=False):
    """Offline: `before` scanned at noon, `after` at 12:20; the device revoked at 12:10; the server's
    clock at 12:25 when the network is back (`hold_uploads`: the page's own upload on coming back
    online fails, as with a network that drops again, so that the queue is still there afterwards)."""
    context.set_offline(True)
    wedge(page, before.token, "granted")
    page.clock.set_fixed_time(NOON + datetime.timedelta(minutes=20))
    wedge(page, after.token, "granted")
    assert page.text_content("#queue-count") == "2"
    settings.PAVILION_CLOCK = (NOON + datetime.timedelta(minutes=10)).isoformat()
    services.device_revoke(actor=world.officer, device=device)
    settings.PAVILION_CLOCK = (NOON + datetime.timedelta(minutes=25)).isoformat()
    held = []
    if hold_uploads:
        def hold(route):
            held.append(route.request.url)
            route.abort()
        for pattern in HELD:
            page.route(pattern, hold)
    context.set_offline(False)
    return held


def _handed_in_and_forgotten(page, before) -> None:
    page.wait_for_function("!localStorage.getItem('pavilion-device-token')")
    page.wait_for_selector("#sync-state:has-text('refused (taken after it)')")
    assert page.text_content("#sync-state") == (
        "this device was revoked. Offline scans uploaded for review (taken before the revocation): 1; refused "
        "(taken after it): 1. Its data was cleared; enter a new device token")
    assert page.text_content("#queue-count") == "0" and page.evaluate(STORED) == []
    recorded = Scan.objects.get(offline=True)
    assert (recorded.badge_id, recorded.result, recorded.alert) == (before.pk, "granted", "revoked_device")
    assert Presence.objects.get(badge=before).inside
    wedge(page, before.token, "refused")  # and it decides nothing any more


@pytest.mark.browser
def test_a_revoked_scanner_uploading_its_queue_hands_in_what_it_took_before_and_forgets(
        world, gates, badge_of, live_server, browser, monkeypatch, settings):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    before, after = badge_of(), badge_of()
    context, page = open_scanner(browser, live_server, gates.token)
    _queue_before_and_after_a_revocation(page, context, settings, world, gates.device, before, after)
    page.evaluate("window.dispatchEvent(new Event('online'))")  # the upload: one recorded, one refused
    _handed_in_and_forgotten(page, before)
    context.close()


@pytest.mark.browser
def test_a_revoked_scanner_refused_its_sync_hands_in_its_queue_before_it_forgets(
        world, gates, badge_of, live_server, browser, monkeypatch, settings):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    before, after = badge_of(), badge_of()
    context, page = open_scanner(browser, live_server, gates.token)
    # Without the hold, the upload and sync the page starts on coming back online would race the reload
    # (and, refused, wipe what the reloaded page is to hand in).
    held = _queue_before_and_after_a_revocation(page, context, settings, world, gates.device, before, after,
                                                hold_uploads=True)
    for _ in range(200):
        if any("/scans/batch" in url for url in held) and any("/sync" in url for url in held):
            break
        page.wait_for_timeout(50)
    for pattern in HELD:
        page.unroute(pattern)
    page.reload()  # the page starts with a sync, which gets 401
    page.wait_for_selector("body[data-ready=true]")
    _handed_in_and_forgotten(page, before)
    context.close()
