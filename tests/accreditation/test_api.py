"""The accreditation endpoints of specs/api.md: shapes, permissions, errors naming the field,
fixed query counts, the sync feed (full and since a sequence number) and occupancy."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pavilion.accreditation import issuing
from pavilion.accreditation.models import Device, Scan
from pavilion.core.services import api_token_create
from tests.accreditation.support import NOON, scan_body


def person_headers(user) -> dict:
    return {"Authorization": f"Token {api_token_create(actor=None, user=user)}"}


def test_gates_list_for_staff_and_devices(client, gates, world):
    url = f"/api/v1/events/{world.event.slug}/gates"
    response = client.get(url, headers=person_headers(world.organiser))
    items = response.json()["items"]
    assert response.json()["count"] == len(items) == 8  # two into the one hall, one into each other zone
    assert {"code": gates.vip.code, "zone": "vip-lounge", "name": gates.vip.name_en} in items
    assert client.get(url, headers={"Authorization": f"Device {gates.token}"}).status_code == 200
    assert client.get(url, headers=person_headers(world.visitor)).status_code == 403
    assert client.get(url).status_code == 401
    assert client.get("/api/v1/events/nope/gates", headers=person_headers(world.organiser)).status_code == 404


def test_device_enrolment_returns_a_token_once(client, gates, world):
    url = f"/api/v1/events/{world.event.slug}/devices"
    response = client.post(url, {"name": "Gate A handheld", "gate": gates.hall.code}, content_type="application/json",
                           headers=person_headers(world.organiser))
    assert response.status_code == 201
    body = response.json()
    device = Device.objects.get(pk=body["id"])
    assert device.digest == Device.hash(body["token"]) and body["token"] not in device.digest
    sync = client.get("/api/v1/sync", headers={"Authorization": f"Device {body['token']}"})
    assert sync.status_code == 200 and sync.json()["device"]["gate"] == gates.hall.code
    bad = client.post(url, {"name": "x", "gate": "nowhere"}, content_type="application/json",
                      headers=person_headers(world.organiser))
    assert bad.status_code == 400 and "gate" in bad.json()["detail"]
    assert client.post(url, {"name": "x", "gate": gates.hall.code}, content_type="application/json",
                       headers=person_headers(world.officer)).status_code == 403


def test_badge_list_gives_the_exact_qr_text_with_fixed_queries(client, badge_of, world):
    badges = [badge_of() for _ in range(3)]
    issuing.badge_revoke(actor=world.organiser, badge=badges[0], reason="lost")
    headers = person_headers(world.organiser)
    url = f"/api/v1/events/{world.event.slug}/badges?status=valid"
    with CaptureQueriesContext(connection) as few:
        response = client.get(url, headers=headers)
    body = response.json()
    assert body["count"] == 2
    item = body["items"][0]
    assert item["qr"] == badges[1].token and item["serial"] == badges[1].serial
    assert item["registration"] == badges[1].registration_id and item["category"] == "trade-visitor"
    assert "hall-" + "" in " ".join(item["zones"]) and item["generation"] == 1
    for _ in range(5):
        badge_of()
    with CaptureQueriesContext(connection) as many:
        assert client.get(url, headers=headers).json()["count"] == 7
    assert len(many) == len(few)
    assert client.get(url, headers=person_headers(world.officer)).status_code == 403
    assert client.get(url.replace("valid", "lost"), headers=headers).status_code == 422


def test_revoke_endpoint_permissions_and_errors(client, badge_of, world):
    badge = badge_of()
    url = f"/api/v1/events/{world.event.slug}/badges/{{}}/revoke"
    assert client.post(url.format(badge.serial), headers=person_headers(world.visitor)).status_code == 403
    assert client.post(url.format(999), headers=person_headers(world.officer)).status_code == 404
    assert client.post(url.format("abc"), headers=person_headers(world.officer)).status_code == 422
    assert client.post(url.format(2**40), headers=person_headers(world.officer)).status_code == 422
    response = client.post(url.format(badge.serial), headers=person_headers(world.organiser))
    assert response.json() == {"serial": badge.serial, "status": "revoked"}
    assert client.post(url.format(badge.serial), headers=person_headers(world.organiser)).status_code == 200


def test_sync_gives_keys_revocations_gates_zones_and_the_next_seq(client, badge_of, gates, world):
    headers = {"Authorization": f"Device {gates.token}"}
    first, second = badge_of(), badge_of()
    full = client.get("/api/v1/sync", headers=headers).json()
    assert {item["serial"] for item in full["badges"]} == {first.serial, second.serial}
    assert full["keys"]["keys"][0]["state"] == "active" and "private_key" not in str(full["keys"])
    assert len(full["gates"]) == 8 and {zone["code"] for zone in full["zones"]} >= {"vip-lounge", "press-centre"}
    assert full["revocations"] == {"revoked": [], "generations": {}}
    issuing.badge_revoke(actor=world.organiser, badge=first, reason="lost")
    issuing.badge_reprint(actor=world.organiser, badge=second)
    changes = client.get(f"/api/v1/sync?since={full['seq']}", headers=headers).json()
    assert changes["seq"] > full["seq"]
    assert changes["revocations"] == {"revoked": [first.serial], "generations": {str(second.serial): 2}}
    assert {item["serial"] for item in changes["badges"]} == {first.serial, second.serial}
    nothing = client.get(f"/api/v1/sync?since={changes['seq']}", headers=headers).json()
    assert nothing["badges"] == [] and nothing["seq"] == changes["seq"]
    assert client.get("/api/v1/sync?since=-1", headers=headers).status_code == 422
    assert client.get("/api/v1/sync", headers=person_headers(world.organiser)).status_code == 401


def test_occupancy_counts_people_inside_each_zone(client, badge_of, scan, gates, world):
    one, two = badge_of(), badge_of()
    scan(one.token)
    scan(two.token)
    scan(two.token, direction="out")
    scan(one.token, gate=gates.hall_b, token=_device_token(gates.hall_b, world))
    response = client.get(f"/api/v1/events/{world.event.slug}/occupancy", headers=person_headers(world.organiser))
    inside = {item["zone"]: item["inside"] for item in response.json()["items"]}
    assert inside[gates.hall.zone.code] == 1 and inside["vip-lounge"] == 0
    assert client.get(f"/api/v1/events/{world.event.slug}/occupancy",
                      headers=person_headers(world.visitor)).status_code == 403


def test_occupancy_is_paginated_as_every_list(client, badge_of, scan, gates, world):
    """specs/api.md: lists take ?limit=&offset= (limit ≤ 500); the occupancy gave every zone whatever asked."""
    scan(badge_of().token)
    url = f"/api/v1/events/{world.event.slug}/occupancy"
    whole = client.get(url, headers=person_headers(world.organiser)).json()
    first = client.get(url, {"limit": 1}, headers=person_headers(world.organiser)).json()
    rest = client.get(url, {"limit": 500, "offset": 1}, headers=person_headers(world.organiser)).json()
    assert first["items"] + rest["items"] == whole["items"] and len(first["items"]) == 1
    assert first["count"] == rest["count"] == whole["count"] == len(whole["items"]) > 1
    assert first["inside"] == whole["inside"] == 1  # the whole event's, not the page's
    refused = client.get(url, {"limit": 501}, headers=person_headers(world.organiser))
    assert refused.status_code == 422 and "limit" in refused.json()["detail"]


def _device_token(gate, world) -> str:
    from pavilion.accreditation.services import device_enrol

    return device_enrol(actor=world.organiser, gate=gate, name=f"device at {gate.code}")[1]


@pytest.mark.parametrize("path", ["/api/v1/scans", "/api/v1/scans/batch"])
def test_scan_endpoints_refuse_people(client, world, gates, path):
    response = client.post(path, {}, content_type="application/json", headers=person_headers(world.organiser))
    assert response.status_code == 401


@pytest.mark.parametrize(("at", "said"), [
    *((at, "ISO 8601") for at in (1727164800, 1727164800.5, True, None, ["2024-09-24T10:00:00+04:00"])),
    *((at, "1900-01-01") for at in ("0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00", "1899-12-31T12:00:00Z")),
])
def test_a_scan_time_not_an_iso_time_in_the_calendar_is_refused_naming_it_and_stores_nothing(client, badge_of, gates,
                                                                                              at, said):
    """specs/api.md: `scanned_at` is ISO 8601 with an offset; a number (seconds since 1970, which pydantic
    would take) is refused, and so is a time in year 0 or 10000 once converted (to UTC, or to the event's
    zone: an OverflowError, a 500, before); naming the field, online and in a batch."""
    badge = badge_of()
    headers = {"Authorization": f"Device {gates.token}"}
    body = scan_body(badge.token, gates.hall, at=NOON, nonce="far") | {"scanned_at": at}
    for path, sent in (("/api/v1/scans", body), ("/api/v1/scans/batch", {"scans": [body]})):
        response = client.post(path, sent, content_type="application/json", headers=headers)
        assert response.status_code == 422, response.content
        detail = response.json()["detail"]
        assert "scanned_at" in detail and said in detail, detail
    assert not Scan.objects.exists()
