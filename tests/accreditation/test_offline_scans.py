"""What a scanner decided offline reaches the server as it happened at the gate, and no damaged read
in a batch makes the server refuse the others: any QR text is a scan (`invalid` when it is damaged
or over 512 characters), and each batch item may carry the scanner's own decision (`offline_result`,
`offline_reason`). A person let in offline is inside (occupancy, the roll call) even when the server
would have denied the badge; the scan keeps the server's reason and an alert for the officers. The
gates list is paginated like the others."""

import pytest

from pavilion.accreditation import issuing, labels, scanning
from pavilion.accreditation.models import Presence, Scan
from tests.accreditation.support import baku, scan_body
from tests.accreditation.test_api import person_headers


def batch(client, token, scans, status=200):
    response = client.post("/api/v1/scans/batch", {"scans": scans}, content_type="application/json",
                           headers={"Authorization": f"Device {token}"})
    assert response.status_code == status, response.content
    return response.json()


def offline(body: dict, result: str, reason: str | None = None) -> dict:
    """A batch item with the decision the scanner took (and showed) at the gate."""
    return {**body, "offline_result": result, **({"offline_reason": reason} if reason else {})}


def occupancy_page(client, world) -> str:
    client.force_login(world.organiser)
    return client.get(f"/events/{world.event.slug}/accreditation/occupancy/panel/").content.decode()


@pytest.mark.parametrize("damaged", ["x" * 10_001, "PV1:" + "A" * 20_000, "💥" * 600])
def test_a_damaged_read_of_any_length_is_denied_invalid_online_and_in_a_batch(damaged, badge_of, client, gates, scan):
    assert scan(damaged) == {"result": "denied", "reason": "invalid", "badge": None}
    good = badge_of()
    answers = batch(client, gates.token, [scan_body(good.token, gates.hall, at=baku(24, 11)),
                                          scan_body(damaged, gates.hall, at=baku(24, 11, 1))])["results"]
    assert [(answer["result"], answer["reason"]) for answer in answers] == [("granted", None), ("denied", "invalid")]
    assert Scan.objects.filter(reason="invalid").count() == 2
    assert Presence.objects.get(badge=good).inside  # the good scan beside it was recorded and counted


def test_a_badge_revoked_after_the_last_sync_and_let_in_offline_is_counted_inside_with_an_alert(
        badge_of, client, gates, world, settings):
    settings.PAVILION_CLOCK = baku(24, 12, 30).isoformat()
    visitor, other = badge_of(), badge_of()
    issuing.badge_revoke(actor=world.organiser, badge=visitor, reason="reported stolen")  # after the sync
    answers = batch(client, gates.token, [
        offline(scan_body(visitor.token, gates.hall, at=baku(24, 12), nonce="let-in"), "granted"),
        offline(scan_body(other.token, gates.hall, at=baku(24, 12, 1), nonce="other"), "granted"),
    ])["results"]
    assert (answers[0]["result"], answers[0]["reason"]) == ("granted", "revoked")
    assert answers[0]["badge"]["serial"] == visitor.serial
    assert (answers[1]["result"], answers[1]["reason"]) == ("granted", None)
    let_in = Scan.objects.get(nonce="let-in")
    assert (let_in.result, let_in.reason, let_in.alert, let_in.offline) == ("granted", "revoked", "offline_let_in", True)
    assert Scan.objects.get(nonce="other").alert == ""
    presence = Presence.objects.get(badge=visitor, zone=gates.hall.zone)
    assert presence.inside and presence.moved_at == baku(24, 12)
    # the occupancy counts the person, the roll call lists them, the alerts say what happened
    panel = occupancy_page(client, world)
    assert f'data-zone="{gates.hall.zone.code}">' in panel
    assert "<td data-inside>2<" in panel
    assert "Granted — revoked badge; let in offline, though the server would deny it" in " ".join(panel.split())
    roll_call = client.get(f"/events/{world.event.slug}/accreditation/occupancy/zones/{gates.hall.zone.pk}/")
    assert visitor.registration.person.full_name in roll_call.content.decode()
    # sent again (the answer lost on the way): the first answer, nothing new recorded
    again = batch(client, gates.token, [offline(scan_body(visitor.token, gates.hall, at=baku(24, 12), nonce="let-in"),
                                                "granted")])["results"]
    assert again == answers[:1] and Scan.objects.count() == 2


def test_a_hard_passback_the_scanner_could_not_see_is_let_in_and_alerted(badge_of, client, gates, scan, settings):
    """The VIP came in through the lounge while this scanner was offline (entered online elsewhere):
    the scanner let them in again; the server records it with the passback reason and the alert."""
    settings.PAVILION_CLOCK = baku(24, 12, 30).isoformat()
    vip = badge_of("vip")
    settings.PAVILION_CLOCK = baku(24, 12).isoformat()
    assert scan(vip.token, gate=gates.vip, token=gates.vip_token)["result"] == "granted"
    settings.PAVILION_CLOCK = baku(24, 12, 30).isoformat()
    answer, = batch(client, gates.vip_token, [
        offline(scan_body(vip.token, gates.vip, at=baku(24, 12, 10), nonce="twice"), "granted")])["results"]
    assert (answer["result"], answer["reason"]) == ("granted", "passback")
    assert Scan.objects.get(nonce="twice").alert == "offline_let_in"
    presence = Presence.objects.get(badge=vip)
    assert presence.inside and presence.moved_at == baku(24, 12, 10)


def test_a_person_turned_away_offline_is_recorded_denied_and_moves_nowhere(badge_of, client, gates, settings):
    settings.PAVILION_CLOCK = baku(24, 12, 30).isoformat()
    visitor = badge_of()
    answer, = batch(client, gates.token, [offline(scan_body(visitor.token, gates.hall, at=baku(24, 12), nonce="away"),
                                                  "denied", "revoked")])["results"]
    assert (answer["result"], answer["reason"]) == ("denied", "revoked")
    assert Scan.objects.get(nonce="away").reason == "revoked"
    assert not Presence.objects.filter(badge=visitor).exists()


def test_without_the_scanners_decision_the_server_decides_as_before(badge_of, client, gates, world, settings):
    settings.PAVILION_CLOCK = baku(24, 12, 30).isoformat()
    visitor = badge_of()
    issuing.badge_revoke(actor=world.organiser, badge=visitor, reason="lost")
    answer, = batch(client, gates.token, [scan_body(visitor.token, gates.hall, at=baku(24, 12), nonce="old")])["results"]
    assert (answer["result"], answer["reason"]) == ("denied", "revoked")
    stored = Scan.objects.get(nonce="old")
    assert (stored.result, stored.alert) == ("denied", "") and not Presence.objects.exists()


def test_an_offline_decision_is_one_of_the_api_s_words(badge_of, client, gates):
    visitor = badge_of()
    body = scan_body(visitor.token, gates.hall)
    for wrong in ({"offline_result": "maybe"}, {"offline_result": "denied", "offline_reason": "because"}):
        response = client.post("/api/v1/scans/batch", {"scans": [{**body, **wrong}]}, content_type="application/json",
                               headers={"Authorization": f"Device {gates.token}"})
        assert response.status_code == 422 and "offline_" in response.json()["detail"]
    assert not Scan.objects.exists()


def test_the_service_records_the_gates_decision_at_the_scanners_time(badge_of, gates, world, settings):
    settings.PAVILION_CLOCK = baku(24, 18).isoformat()
    visitor = badge_of()
    issuing.badge_revoke(actor=world.organiser, badge=visitor, reason="lost")
    point = scanning.Checkpoint.load(gates.device)

    def read(direction, moment, nonce):
        return scanning.scan_batch(point=point, scans=[scanning.ScanInput(
            qr=visitor.token, gate=gates.hall.code, direction=direction, scanned_at=moment, nonce=nonce,
            offline_result="granted")])[0]

    entry = read("in", baku(24, 12), "in-1")
    assert (entry.result, entry.reason, entry.badge["serial"]) == ("granted", "revoked", visitor.serial)
    assert Presence.objects.get(badge=visitor).inside
    assert read("out", baku(24, 14), "out-1").reason is None  # an exit of our badge: always granted
    assert not Presence.objects.get(badge=visitor).inside
    read("in", baku(24, 13), "in-late")  # happened before the exit, arrives after: the state stays
    assert not Presence.objects.get(badge=visitor).inside
    assert list(Scan.objects.order_by("scanned_at").values_list("result", "reason", "alert")) == [
        ("granted", "revoked", "offline_let_in"), ("granted", "revoked", "offline_let_in"), ("granted", "", "")]


def test_the_alert_and_the_revoked_reason_read_as_labels():
    assert str(labels.scan_alert("offline_let_in")) == "let in offline, though the server would deny it"
    assert str(labels.scan_reason("revoked")) == "revoked badge"


def test_the_gates_list_is_paginated(client, gates, world):
    url = f"/api/v1/events/{world.event.slug}/gates"
    headers = person_headers(world.organiser)
    every = client.get(url, headers=headers).json()
    assert every["count"] == len(every["items"]) == 8
    first = client.get(f"{url}?limit=2", headers=headers).json()
    assert first == {"items": every["items"][:2], "count": 8}
    rest = client.get(f"{url}?limit=500&offset=2", headers=headers).json()
    assert rest == {"items": every["items"][2:], "count": 8}
    assert client.get(f"{url}?offset=8", headers=headers).json() == {"items": [], "count": 8}
    for wrong in ("limit=0", "limit=501", "offset=-1", "limit=two"):
        response = client.get(f"{url}?{wrong}", headers=headers)
        assert response.status_code == 422 and wrong.split("=")[0] in response.json()["detail"], wrong


def test_a_scan_denied_online_whose_answer_was_lost_then_let_in_offline_is_corrected(
        badge_of, client, gates, world, settings, scan):
    """The online request reached the server (denied: revoked) but its answer did not reach the scanner in
    time; the scanner let the person in offline and uploads the scan with the same nonce: a second scan
    records what happened at the gate, the person is counted inside, once."""
    settings.PAVILION_CLOCK = baku(24, 12).isoformat()
    visitor = badge_of()
    issuing.badge_revoke(actor=world.organiser, badge=visitor, reason="reported stolen")
    assert scan(visitor.token, nonce="slow")["reason"] == "revoked"
    assert not Presence.objects.filter(badge=visitor, inside=True).exists()
    answer, = batch(client, gates.token, [offline(scan_body(visitor.token, gates.hall, at=baku(24, 12), nonce="slow"),
                                                  "granted")])["results"]
    assert (answer["result"], answer["reason"]) == ("granted", "revoked")
    assert Scan.objects.get(nonce="slow").result == "denied"  # scans are append-only: the server's stays
    at_gate = Scan.objects.get(nonce="slow#gate")
    assert (at_gate.result, at_gate.reason, at_gate.alert, at_gate.offline) == ("granted", "revoked", "offline_let_in",
                                                                                True)
    assert Presence.objects.get(badge=visitor, zone=gates.hall.zone).inside
    again, = batch(client, gates.token, [offline(scan_body(visitor.token, gates.hall, at=baku(24, 12), nonce="slow"),
                                                 "granted")])["results"]
    assert again == answer and Scan.objects.filter(badge=visitor).count() == 2
