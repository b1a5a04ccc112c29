"""Set-up that must not be doubled: one access window per moment for a category in a zone, zone and
gate codes told apart regardless of case, one zone per English name; and the security officers'
part in the gate devices (see them, revoke a lost one, never enrol)."""

import pytest
from django.core.exceptions import ValidationError

from pavilion.accreditation import defaults, services
from pavilion.accreditation.models import Device, Gate, Grant, Zone
from pavilion.core.models import AuditEntry
from tests.accreditation.support import baku

OVERLAP = "This category already enters this zone at that time: change that window instead."


def url(world, tail=""):
    return f"/events/{world.event.slug}/accreditation/{tail}"


@pytest.fixture
def press(gates, world):
    return Zone.objects.get(event=world.event, code="press-centre")


def test_a_window_over_another_of_the_category_in_the_zone_is_refused(world, gates, press):
    category = world.categories["contractor"]
    services.grant_create(actor=world.organiser, category=category, zone=press, opens_at=baku(21, 8),
                          closes_at=baku(21, 12))
    for opens, closes in ((baku(21, 8), baku(21, 12)), (baku(21, 11), baku(21, 14)), (baku(21, 9), baku(21, 10)),
                          (baku(21, 7), baku(21, 13))):
        with pytest.raises(ValidationError) as error:
            services.grant_create(actor=world.organiser, category=category, zone=press, opens_at=opens,
                                  closes_at=closes)
        assert error.value.message_dict == {"opens_at": [OVERLAP]}
    assert Grant.objects.filter(category=category, zone=press).count() == 1
    # Touching is not overlapping; another zone or another category is another window.
    services.grant_create(actor=world.organiser, category=category, zone=press, opens_at=baku(21, 12),
                          closes_at=baku(21, 16))
    services.grant_create(actor=world.organiser, category=world.categories["guest"], zone=press,
                          opens_at=baku(21, 8), closes_at=baku(21, 12))
    assert Grant.objects.filter(zone=press, opens_at=baku(21, 8)).count() == 2


def test_a_window_moved_onto_another_is_refused_and_one_moved_within_itself_is_not(world, gates, press):
    category = world.categories["contractor"]
    morning = services.grant_create(actor=world.organiser, category=category, zone=press, opens_at=baku(21, 8),
                                    closes_at=baku(21, 12))
    afternoon = services.grant_create(actor=world.organiser, category=category, zone=press, opens_at=baku(21, 13),
                                      closes_at=baku(21, 17))
    with pytest.raises(ValidationError, match="already enters this zone"):
        services.grant_update(actor=world.organiser, grant=afternoon, zone=press, opens_at=baku(21, 11),
                              closes_at=baku(21, 17))
    afternoon.refresh_from_db()
    assert afternoon.opens_at == baku(21, 13)
    services.grant_update(actor=world.organiser, grant=morning, zone=press, opens_at=baku(21, 7),
                          closes_at=baku(21, 13))
    morning.refresh_from_db()
    assert (morning.opens_at, morning.closes_at) == (baku(21, 7), baku(21, 13))


def test_the_grant_page_refuses_a_duplicate_and_the_badge_gets_the_window_once(client, world, gates, press, badge_of):
    client.force_login(world.organiser)
    category = world.categories["trade-visitor"]
    existing = Grant.objects.filter(category=category).select_related("zone").first()
    count = Grant.objects.count()
    response = client.post(url(world, "grants/"), {
        "category": category.pk, "zone": existing.zone.pk,
        "opens_at": existing.opens_at.astimezone(baku(24, 9).tzinfo).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": existing.closes_at.astimezone(baku(24, 9).tzinfo).strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 200 and OVERLAP in response.content.decode()
    assert Grant.objects.count() == count
    badge = badge_of()
    spans = badge.windows[str(existing.zone.number)]
    assert len(spans) == len(set(map(tuple, spans)))


@pytest.mark.parametrize("code", ["PRESS-CENTRE", "Press-Centre"])
def test_a_zone_code_differing_only_in_case_is_refused(world, gates, code):
    with pytest.raises(ValidationError) as error:
        services.zone_create(actor=world.organiser, event=world.event, code=code, name_en="Another press room",
                             kind="press")
    assert "code" in error.value.message_dict
    assert Zone.objects.filter(event=world.event, code__iexact="press-centre").count() == 1


def test_a_second_zone_of_the_same_english_name_is_refused(client, world, gates):
    with pytest.raises(ValidationError) as error:
        services.zone_create(actor=world.organiser, event=world.event, code="press-2", name_en="PRESS CENTRE ",
                             kind="press")
    assert error.value.message_dict == {"name_en": ["This event already has a zone with this name."]}
    vip = gates.zone("vip-lounge")
    with pytest.raises(ValidationError, match="already has a zone with this name"):
        services.zone_update(actor=world.organiser, zone=vip, name_en="Press centre", kind="vip", passback="hard")
    services.zone_update(actor=world.organiser, zone=vip, name_en="VIP LOUNGE", kind="vip", passback="hard")
    client.force_login(world.organiser)
    response = client.post(url(world, "zones/"), {
        "code": "press-2", "number": "", "name_en": "press centre", "name_az": "", "name_ru": "", "kind": "press",
        "hall": "", "passback": ""})
    assert response.status_code == 400 and response.context["form"].errors["name_en"]
    assert not Zone.objects.filter(code="press-2").exists()


def test_a_gate_code_differing_only_in_case_is_refused(world, gates):
    with pytest.raises(ValidationError) as error:
        services.gate_create(actor=world.organiser, zone=gates.press.zone, code=gates.press.code.upper(),
                             name="Press centre, gate Z")
    assert "code" in error.value.message_dict
    assert Gate.objects.filter(event=world.event, code__iexact=gates.press.code).count() == 1


def test_set_up_again_takes_a_zone_made_under_another_case_for_its_own(world, gates):
    vip = gates.zone("vip-lounge")
    Zone.objects.filter(pk=vip.pk).update(code="VIP-LOUNGE")
    Gate.objects.filter(zone=vip).update(code="VIP-LOUNGE-A")
    zones, gate_count = Zone.objects.count(), Gate.objects.count()
    assert defaults.set_up(actor=world.organiser, event=world.event)["zones"] == 0
    assert (Zone.objects.count(), Gate.objects.count()) == (zones, gate_count)


def test_a_security_officer_sees_the_devices_and_revokes_a_lost_one_but_never_enrols(client, world, gates):
    client.force_login(world.officer)
    page = client.get(url(world, "devices/"))
    text = page.content.decode()
    assert page.status_code == 200 and "Hall scanner 1" in text
    assert 'name="name"' not in text and "Enrol a device" not in text
    # the warning says what becomes of its offline scans (scanning.scan_batch of a revoked device)
    assert ("Its offline scans taken before now can still be uploaded for 24 hours, flagged for review; any scan "
            "taken after the revocation is refused.") in " ".join(text.split())
    assert "will be lost" not in text
    assert client.post(url(world, "devices/"), {"gate": gates.press.pk, "name": "Sneaky"}).status_code == 403
    assert not Device.objects.filter(name="Sneaky").exists()
    response = client.post(url(world, f"devices/{gates.device.pk}/revoke/"))
    assert response.status_code == 302
    gates.device.refresh_from_db()
    assert gates.device.revoked_at is not None
    assert AuditEntry.objects.filter(action="device.revoke", object_id=str(gates.device.pk),
                                     actor=world.officer).exists()
    client.force_login(world.visitor)
    assert client.get(url(world, "devices/")).status_code == 403
    assert client.post(url(world, f"devices/{gates.vip_device.pk}/revoke/")).status_code == 403
    gates.vip_device.refresh_from_db()
    assert gates.vip_device.revoked_at is None


def test_the_organiser_still_enrols(client, world, gates):
    client.force_login(world.organiser)
    page = client.get(url(world, "devices/")).content.decode()
    assert "Enrol a device" in page
    client.post(url(world, "devices/"), {"gate": gates.press.pk, "name": "Press desk"})
    assert Device.objects.filter(name="Press desk").exists()
