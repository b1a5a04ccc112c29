"""Anti-passback per zone (hard at the VIP lounge, soft with an alert in halls), its daily reset,
the supervisor's override, and offline batches with duplicates and out-of-order times."""

from pavilion.accreditation import scanning, services
from pavilion.accreditation.models import Presence, Scan
from pavilion.core.models import AuditEntry
from tests.accreditation.support import baku, scan_body


def test_hard_passback_at_the_vip_lounge_denies_a_second_entry(badge_of, scan, gates):
    vip = badge_of("vip")
    assert scan(vip.token, gate=gates.vip, token=gates.vip_token)["result"] == "granted"
    second = scan(vip.token, gate=gates.vip, token=gates.vip_token)
    assert (second["result"], second["reason"]) == ("denied", "passback")
    assert scan(vip.token, gate=gates.vip, token=gates.vip_token, direction="out")["result"] == "granted"
    assert scan(vip.token, gate=gates.vip, token=gates.vip_token)["result"] == "granted"


def test_soft_passback_in_a_hall_allows_and_alerts(badge_of, scan):
    badge = badge_of()
    scan(badge.token)
    assert scan(badge.token)["result"] == "granted"
    assert list(Scan.objects.order_by("id").values_list("alert", flat=True)) == ["", "passback"]


def test_passback_resets_each_local_day(badge_of, scan, gates, settings):
    vip = badge_of("vip")
    settings.PAVILION_CLOCK = baku(24, 17, 0).isoformat()
    assert scan(vip.token, gate=gates.vip, token=gates.vip_token)["result"] == "granted"
    settings.PAVILION_CLOCK = baku(25, 9, 30).isoformat()  # never scanned out yesterday
    assert scan(vip.token, gate=gates.vip, token=gates.vip_token)["result"] == "granted"


def test_a_supervisor_override_lets_through_and_is_logged(badge_of, scan, gates, world, client):
    vip = badge_of("vip")
    scan(vip.token, gate=gates.vip, token=gates.vip_token)
    client.force_login(world.officer)
    url = f"/events/{world.event.slug}/accreditation/override/"
    response = client.post(url, {"serial": vip.serial, "gate": gates.vip.pk, "direction": "in", "reason": ""})
    assert response.status_code == 200 and "reason" in response.context["form"].errors
    response = client.post(url, {"serial": vip.serial, "gate": gates.vip.pk, "direction": "in",
                                 "reason": "escorted back in by the protocol officer"})
    assert response.status_code == 302
    override = Scan.objects.get(alert="override")
    assert override.supervisor == world.officer and override.result == "granted"
    entry = AuditEntry.objects.get(action="scan.override")
    assert entry.actor == world.officer and "protocol officer" in entry.after["reason"]


def test_an_offline_batch_with_duplicates_and_out_of_order_times(badge_of, client, gates, settings):
    """Checked in the order the scans happened, answered in the order sent, each nonce once."""
    settings.PAVILION_CLOCK = baku(24, 18, 0).isoformat()
    vip = badge_of("vip")
    scans = [
        scan_body(vip.token, gates.vip, "in", baku(24, 10, 5), nonce="b"),
        scan_body(vip.token, gates.vip, "in", baku(24, 10, 0), nonce="a"),
        scan_body(vip.token, gates.vip, "in", baku(24, 10, 5), nonce="b"),
        scan_body(vip.token, gates.vip, "out", baku(24, 11, 0), nonce="c"),
        scan_body("garbage", gates.vip, "in", baku(24, 11, 1), nonce="d"),
    ]
    response = client.post("/api/v1/scans/batch", {"scans": scans}, content_type="application/json",
                           headers={"Authorization": f"Device {gates.vip_token}"})
    assert response.status_code == 200, response.content
    results = [(item["result"], item["reason"]) for item in response.json()["results"]]
    assert results == [("denied", "passback"), ("granted", None), ("denied", "passback"), ("granted", None),
                       ("denied", "invalid")]
    assert Scan.objects.count() == 4 and Scan.objects.filter(offline=True).count() == 4
    presence = Presence.objects.get(badge=vip)
    assert not presence.inside and presence.moved_at == baku(24, 11, 0)
    again = client.post("/api/v1/scans/batch", {"scans": scans}, content_type="application/json",
                        headers={"Authorization": f"Device {gates.vip_token}"})
    assert again.json() == response.json() and Scan.objects.count() == 4


def test_a_late_offline_scan_does_not_move_the_entry_state_back(badge_of, gates, settings):
    settings.PAVILION_CLOCK = baku(24, 18, 0).isoformat()
    badge = badge_of()
    point = scanning.Checkpoint.load(gates.device)

    def read(direction, moment, nonce):
        return scanning.scan_record(point=point, offline=True, scan=scanning.ScanInput(
            qr=badge.token, gate=gates.hall.code, direction=direction, scanned_at=moment, nonce=nonce))

    read("in", baku(24, 12, 0), "x1")
    read("out", baku(24, 11, 0), "x2")  # happened before, arrives after
    assert Presence.objects.get(badge=badge).inside


def test_an_offline_time_in_the_future_is_taken_as_now(badge_of, gates, settings):
    settings.PAVILION_CLOCK = baku(24, 12, 0).isoformat()
    badge = badge_of()
    point = scanning.Checkpoint.load(gates.device)
    answer = scanning.scan_record(point=point, offline=True, scan=scanning.ScanInput(
        qr=badge.token, gate=gates.hall.code, direction="in", scanned_at=baku(28, 12, 0), nonce="future"))
    assert answer.result == "granted"  # at "now", inside the window
    assert Scan.objects.get(nonce="future").scanned_at == baku(24, 12, 0)  # recorded when it was decided


def test_a_batch_with_one_bad_item_records_nothing(badge_of, client, gates):
    badge = badge_of()
    scans = [scan_body(badge.token, gates.hall), {**scan_body(badge.token, gates.hall), "direction": "up"}]
    response = client.post("/api/v1/scans/batch", {"scans": scans}, content_type="application/json",
                           headers={"Authorization": f"Device {gates.token}"})
    assert response.status_code == 422 and "scans.1.direction" in response.json()["detail"]
    wrong_gate = [scan_body(badge.token, gates.hall), scan_body(badge.token, gates.vip)]
    response = client.post("/api/v1/scans/batch", {"scans": wrong_gate}, content_type="application/json",
                           headers={"Authorization": f"Device {gates.token}"})
    assert response.status_code == 400 and "gate" in response.json()["detail"]
    assert not Scan.objects.exists()


def test_scans_are_append_only(badge_of, scan):
    scan(badge_of().token)
    recorded = Scan.objects.get()
    for attempt in (recorded.save, recorded.delete):
        try:
            attempt()
        except ValueError:
            continue
        raise AssertionError("a scan was changed")


def test_a_device_enrolment_stores_only_the_hash(gates, world):
    device, raw = services.device_enrol(actor=world.organiser, gate=gates.hall, name="extra")
    device.refresh_from_db()
    assert raw not in (device.digest, device.prefix) and device.digest == device.hash(raw)
    assert services.device_for_token(raw) == device
    services.device_revoke(actor=world.organiser, device=device)
    assert services.device_for_token(raw) is None
