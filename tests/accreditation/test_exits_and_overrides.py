"""Exits always let out a badge that is genuinely ours; the honest reason between a badge's windows;
the supervisor's override lifts a passback denial and nothing else."""

import pytest
from django.core.exceptions import ValidationError

from pavilion.accreditation import issuing, scanning, selectors
from pavilion.accreditation.models import Presence, Scan
from pavilion.core import clock
from tests.accreditation.support import baku


def _inside(badge, zone) -> bool:
    presence = Presence.objects.filter(badge=badge, zone=zone).first()
    return bool(presence and presence.inside)


def test_a_revoked_badge_is_let_out_and_counted_out(badge_of, scan, gates, world):
    badge = badge_of()
    assert scan(badge.token)["result"] == "granted"
    issuing.badge_revoke(actor=world.organiser, badge=badge, reason="reported stolen")
    assert scan(badge.token)["reason"] == "revoked"  # no way back in
    out = scan(badge.token, direction="out")
    assert (out["result"], out["reason"], out["badge"]["serial"]) == ("granted", None, badge.serial)
    assert not _inside(badge, gates.hall.zone)
    assert list(selectors.people_inside(gates.hall.zone, now=clock.now())) == []


def test_a_badge_past_its_window_is_let_out(badge_of, scan, gates, settings):
    media = badge_of("media")
    assert scan(media.token)["result"] == "granted"
    settings.PAVILION_CLOCK = baku(24, 18, 30).isoformat()  # the hall closed for media at 18:00
    denied = scan(media.token)
    assert (denied["result"], denied["reason"]) == ("denied", "expired")  # the next window is tomorrow
    out = scan(media.token, direction="out")
    assert (out["result"], out["reason"]) == ("granted", None)
    assert not _inside(media, gates.hall.zone)
    occupancy = {zone["zone"]: zone["inside"] for zone in selectors.occupancy(gates.world.event, now=clock.now())}
    assert occupancy[gates.hall.zone.code] == 0


def test_a_superseded_card_and_a_zone_not_granted_do_not_stop_an_exit(badge_of, scan, gates, world):
    visitor = badge_of()
    old_card = visitor.token
    issuing.badge_reprint(actor=world.organiser, badge=visitor)
    assert scan(old_card, direction="out")["result"] == "granted"
    out = scan(visitor.token, gate=gates.vip, token=gates.vip_token, direction="out")
    assert (out["result"], out["reason"]) == ("granted", None)  # the VIP lounge is not on a trade badge


def test_an_exit_of_a_forged_or_unknown_card_is_still_denied(badge_of, scan):
    assert scan("PV1:NOT A BADGE", direction="out")["reason"] == "invalid"


def test_between_windows_the_reason_is_honest(badge_of, scan, settings):
    """not_yet_valid only when a window opens later the same local day (or none has begun yet)."""
    media = badge_of("media")
    settings.PAVILION_CLOCK = baku(25, 8, 0).isoformat()  # today's window opens at 09:00
    assert scan(media.token)["reason"] == "not_yet_valid"
    settings.PAVILION_CLOCK = baku(25, 18, 30).isoformat()  # today's closed, tomorrow's is another day
    assert scan(media.token)["reason"] == "expired"
    settings.PAVILION_CLOCK = baku(24, 8, 0).isoformat()  # before the badge's first window
    assert scan(media.token)["reason"] == "not_yet_valid"
    settings.PAVILION_CLOCK = baku(26, 18, 30).isoformat()  # after its last
    assert scan(media.token)["reason"] == "expired"


def test_a_contractor_in_a_hall_on_a_show_day_is_expired_not_not_yet_valid(badge_of, scan, settings):
    """Build-up windows have ended, the tear-down window is another day."""
    contractor = badge_of("contractor")
    settings.PAVILION_CLOCK = baku(24, 12, 0).isoformat()
    assert scan(contractor.token)["reason"] == "expired"


# The override ------------------------------------------------------------------------------------

def _override(world, badge, gate, direction="in"):
    return scanning.scan_override(actor=world.officer, badge=badge, gate=gate, direction=direction,
                                  reason="escorted by the protocol officer")


def _refused(world, badge, gate, words: str) -> None:
    before = Scan.objects.count(), Presence.objects.count()
    with pytest.raises(ValidationError) as error:
        _override(world, badge, gate)
    assert words in " ".join(error.value.messages)
    assert (Scan.objects.count(), Presence.objects.count()) == before  # nothing recorded


def test_an_override_lifts_a_passback_denial(badge_of, scan, gates, world):
    vip = badge_of("vip")
    scan(vip.token, gate=gates.vip, token=gates.vip_token)
    assert scan(vip.token, gate=gates.vip, token=gates.vip_token)["reason"] == "passback"
    stored = _override(world, vip, gates.vip)
    assert (stored.result, stored.alert) == ("granted", "override")
    assert _inside(vip, gates.vip.zone)


def test_an_override_does_not_let_a_trade_visitor_into_the_vip_lounge(badge_of, gates, world):
    _refused(world, badge_of(), gates.vip, "this zone is not on the badge")


def test_an_override_does_not_open_a_hall_outside_the_contractors_window(badge_of, gates, world):
    _refused(world, badge_of("contractor"), gates.hall, "no longer valid")


def test_an_override_does_not_let_in_a_person_not_cleared(badge_of, gates, world):
    badge = badge_of()
    registration = badge.registration
    registration.status = "in-review"  # held by a new screening alert
    registration.save(update_fields=["status"])
    _refused(world, badge, gates.hall, "registration not cleared")


def test_an_override_does_not_let_in_a_revoked_badge(badge_of, gates, world):
    badge = badge_of()
    issuing.badge_revoke(actor=world.organiser, badge=badge, reason="lost")
    badge.refresh_from_db()
    _refused(world, badge, gates.hall, "revoked")


def test_the_override_page_names_the_real_reason(badge_of, gates, world, client):
    visitor = badge_of()
    client.force_login(world.officer)
    response = client.post(f"/events/{world.event.slug}/accreditation/override/", {
        "serial": visitor.serial, "gate": gates.vip.pk, "direction": "in", "reason": "my friend"}, follow=True)
    assert response.status_code == 200
    assert "this zone is not on the badge" in response.content.decode()
    assert not Scan.objects.exists()
