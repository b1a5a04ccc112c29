"""specs/api.md to the letter: a scan's reason from the fixed list (a session door's own reason as
`detail`), nonces per device, keys that cannot be retired under valid badges, occupancy in people."""

import pytest
from django.core.exceptions import ValidationError

from pavilion.accreditation import issuing, services
from pavilion.accreditation.models import Badge, Scan
from pavilion.core import clock
from pavilion.core.services import api_token_create
from pavilion.programme.models import Session
from pavilion.reports import selectors as report_selectors
from tests.accreditation.support import scan_body
from tests.programme.support import baku, programme  # noqa: F401  (fixture)

SPEC_REASONS = {"invalid", "unknown_key", "wrong_event", "revoked", "superseded", "not_yet_valid", "expired",
                "zone_not_granted", "passback", "not_cleared"}


def test_a_session_door_answers_a_reason_of_the_spec_with_the_detail(programme, gates, scan, badge_of,  # noqa: F811
                                                                      client):
    _device, token = services.device_enrol(actor=programme.world.organiser, gate=programme.door, name="Door")
    programme.session(admission=Session.Admission.REGISTERED, starts_at=baku(24, 11, 45), ends_at=baku(24, 13))
    stranger = badge_of()
    denied = scan(stranger.token, gate=programme.door, token=token, nonce="door-1")
    assert denied["reason"] in SPEC_REASONS
    assert (denied["result"], denied["reason"], denied["detail"]) == ("denied", "zone_not_granted",
                                                                      "not_on_session_list")
    assert Scan.objects.get(nonce="door-1").reason == "not_on_session_list"  # kept as it was
    again = scan(stranger.token, gate=programme.door, token=token, nonce="door-1")
    assert again == denied
    granted = scan(badge_of().token)
    assert "detail" not in granted and granted["reason"] is None
    batch = client.post("/api/v1/scans/batch", {"scans": [scan_body(stranger.token, programme.door)]},
                        content_type="application/json", headers={"Authorization": f"Device {token}"})
    assert batch.json()["results"][0]["detail"] == "not_on_session_list"


def test_another_devices_nonce_gets_a_decision_of_its_own(badge_of, scan, gates, world):
    vip, visitor = badge_of("vip"), badge_of()
    first = scan(vip.token, gate=gates.vip, token=gates.vip_token, nonce="shared")
    assert first["badge"]["name"] == vip.registration.person.full_name
    other = scan(visitor.token, nonce="shared")  # the hall's device, the same nonce
    assert other["badge"]["serial"] == visitor.serial and other["result"] == "granted"
    assert Scan.objects.filter(nonce="shared").count() == 2
    assert scan(vip.token, gate=gates.vip, token=gates.vip_token, nonce="shared") == first  # a re-send
    assert Scan.objects.filter(nonce="shared").count() == 2


def test_the_same_device_cannot_reuse_a_nonce_for_another_badge(badge_of, scan, gates, client):
    first, second = badge_of(), badge_of()
    scan(first.token, nonce="mine")
    refused = scan(second.token, nonce="mine", status=400)
    assert "nonce" in refused["detail"] and first.registration.person.full_name not in str(refused)
    batch = client.post("/api/v1/scans/batch", {"scans": [scan_body(second.token, gates.hall),
                                                          scan_body(second.token, gates.hall, nonce="mine")]},
                        content_type="application/json", headers={"Authorization": f"Device {gates.token}"})
    assert batch.status_code == 400 and "nonce" in batch.json()["detail"]
    assert Scan.objects.count() == 1  # nothing of the batch was recorded


def test_a_key_with_valid_badges_is_not_retired(badge_of, world):
    old = [badge_of(), badge_of()]
    services.keyring_rotate(actor=world.organiser, event=world.event)
    with pytest.raises(ValidationError) as error:
        services.keyring_retire(actor=world.organiser, event=world.event, key_id=1)
    assert "2 valid badges" in " ".join(error.value.messages) and "reprint" in " ".join(error.value.messages)
    ring = services.keyring_row(world.event)
    assert {key["key_id"]: key["state"] for key in ring.public_keys["keys"]} == {1: "verifying", 2: "active"}
    issuing.badge_reprint(actor=world.organiser, badge=old[0])
    issuing.badge_revoke(actor=world.organiser, badge=old[1], reason="lost")  # a revoked one does not count
    services.keyring_retire(actor=world.organiser, event=world.event, key_id=1)
    assert Badge.objects.get(pk=old[0].pk).key_id == 2


def test_the_retire_button_says_why_it_refused(badge_of, world, client):
    badge_of()
    services.keyring_rotate(actor=world.organiser, event=world.event)
    client.force_login(world.organiser)
    response = client.post(f"/events/{world.event.slug}/accreditation/retire-key/", {"key_id": "1"}, follow=True)
    assert "1 valid badge: reprint it first" in response.content.decode()


def test_occupancy_counts_people_not_zones(badge_of, scan, gates, world, client):
    vip, visitor = badge_of("vip"), badge_of()
    scan(vip.token)
    scan(vip.token, gate=gates.vip, token=gates.vip_token)
    scan(visitor.token)
    client.force_login(world.organiser)
    page = client.get(f"/events/{world.event.slug}/accreditation/occupancy/")
    assert page.context["total"] == 2
    assert {zone["zone"]: zone["inside"] for zone in page.context["zones"]}[gates.hall.zone.code] == 2
    response = client.get(f"/api/v1/events/{world.event.slug}/occupancy",
                          headers={"Authorization": f"Token {api_token_create(actor=None, user=world.organiser)}"})
    body = response.json()
    assert body["inside"] == 2 and sum(item["inside"] for item in body["items"]) == 3
    figures = report_selectors.gate_figures(world.event, day=None, now=clock.now())
    assert figures.inside == 2


def test_the_sync_feed_carries_each_badges_windows_per_zone(client, badge_of, gates, world):
    """By category (the badges of one category share a set) plus a person's own changes."""
    from pavilion.accreditation.models import Zone

    first, second, contractor = badge_of(), badge_of(), badge_of("contractor")
    hall = gates.hall.zone
    services.person_grant_add(actor=world.organiser, registration=second.registration, zone=hall, effect="remove")
    second = issuing.badge_reprint(actor=world.organiser, badge=second)
    feed = client.get("/api/v1/sync", headers={"Authorization": f"Device {gates.token}"}).json()
    items = {item["serial"]: item for item in feed["badges"]}
    sets = feed["window_sets"]
    assert len(sets) == 3 and items[first.serial]["windows"] != items[second.serial]["windows"]
    for badge in (first, second, contractor):
        spans = sets[items[badge.serial]["windows"]]
        assert set(spans) == set(badge.windows)
        for zone, windows in badge.windows.items():
            assert spans[zone] == [[_seconds(opens), _seconds(closes)] for opens, closes in windows]
    assert str(hall.number) not in sets[items[second.serial]["windows"]]
    build = Zone.objects.get(event=world.event, code="build-up-areas").number
    assert len(sets[items[contractor.serial]["windows"]][str(build)]) == 4  # three build-up days, one tear-down
    another = badge_of()
    later = client.get(f"/api/v1/sync?since={feed['seq']}", headers={"Authorization": f"Device {gates.token}"}).json()
    assert [item["windows"] for item in later["badges"]] == [items[first.serial]["windows"]]
    assert list(later["window_sets"]) == [items[first.serial]["windows"]] and another.serial


def _seconds(text: str) -> int:
    import datetime

    return int(datetime.datetime.fromisoformat(text).timestamp())
