"""The badge page's last scans and the occupancy alerts say direction, result, reason and alert in
words of the page's language, not as the codes the API and the exports keep."""

import re

import pytest
from django.utils import translation
from django.utils.text import capfirst

from pavilion.accreditation.labels import SCAN_ALERTS, SCAN_REASONS
from pavilion.accreditation.models import Scan

LANGUAGES = ["en", "az", "ru"]


def url(world, tail=""):
    return f"/events/{world.event.slug}/accreditation/{tail}"


def words(label, language: str) -> str:
    with translation.override(language):
        return str(label)


def outcome(result, why, language: str) -> str:
    """A scan's result and why, apart: "Denied — revoked badge"."""
    with translation.override(language):
        return f"{capfirst(str(result.label))} — {why}"


def scan_cells(html: str) -> list[str]:
    return [" ".join(cell.split()) for cell in re.findall(r"<td[^>]*>([^<]*)</td>", html)]


@pytest.fixture
def passbacks(badge_of, scan, gates):
    """A hall badge let in twice (a passback alert) and a VIP badge refused twice in (a passback denial)."""
    visitor = badge_of()
    scan(visitor.token)
    assert scan(visitor.token)["result"] == "granted"
    vip = badge_of("vip")
    scan(vip.token, gate=gates.vip, token=gates.vip_token)
    denied = scan(vip.token, gate=gates.vip, token=gates.vip_token)
    assert (denied["result"], denied["reason"]) == ("denied", "passback")
    return visitor, vip


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_badge_page_says_the_last_scans_in_words(client, world, passbacks, language):
    visitor, vip = passbacks
    client.force_login(world.organiser)
    shown = scan_cells(client.get(url(world, f"badges/{visitor.serial}/"),
                                  headers={"accept-language": language}).content.decode())
    granted, inside = words(Scan.Result.GRANTED.label, language), words(Scan.Direction.IN.label, language)
    assert inside in shown and outcome(Scan.Result.GRANTED, words(SCAN_ALERTS['passback'], language), language) in shown
    assert f"{granted} {words(SCAN_ALERTS['passback'], language)}" not in shown  # not run together
    assert "granted passback" not in shown
    shown = scan_cells(client.get(url(world, f"badges/{vip.serial}/"),
                                  headers={"accept-language": language}).content.decode())
    assert outcome(Scan.Result.DENIED, words(SCAN_REASONS['passback'], language), language) in shown
    assert "denied passback" not in shown


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_occupancy_alerts_say_the_passbacks_in_words(client, world, passbacks, language):
    client.force_login(world.organiser)
    shown = scan_cells(client.get(url(world, "occupancy/panel/"), headers={"accept-language": language}).content.decode())
    assert outcome(Scan.Result.DENIED, words(SCAN_REASONS['passback'], language), language) in shown
    assert outcome(Scan.Result.GRANTED, words(SCAN_ALERTS['passback'], language), language) in shown
    assert not {"denied passback", "granted passback"} & set(shown)


def test_the_occupancy_alerts_show_revoked_and_forged_badges_but_not_everyday_refusals(
        client, world, badge_of, scan, gates):
    """A revoked card at a hall gate and a forged token are what the officers on duty must see; a
    badge at a zone it does not open is the gate staff's everyday business."""
    from pavilion.accreditation import issuing

    revoked = badge_of()
    issuing.badge_revoke(actor=world.organiser, badge=revoked, reason="lost")
    assert scan(revoked.token)["reason"] == "revoked"
    forged = revoked.token[:-6] + ("AAAAAA" if not revoked.token.endswith("AAAAAA") else "BBBBBB")
    assert scan(forged)["result"] == "denied"
    visitor = badge_of()
    assert scan(visitor.token, gate=gates.vip, token=gates.vip_token)["reason"] == "zone_not_granted"
    client.force_login(world.organiser)
    shown = scan_cells(client.get(url(world, "occupancy/panel/")).content.decode())
    assert "Denied — revoked badge" in shown
    assert sum(cell.startswith("Denied —") for cell in shown) == 2  # the revoked card and the forged token
    assert outcome(Scan.Result.DENIED, words(SCAN_REASONS['zone_not_granted'], 'en'), 'en') not in shown
