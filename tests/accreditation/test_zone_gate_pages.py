"""The organiser's pages for zones and gates: add and edit them without the back office, a zone's
number and code fixed once it exists (the number is a bit of every badge issued), a gate moved
to another zone only when no room has it at its door, a gate deleted only when nothing is on
record at it; bad input changes nothing, and every change is in the audit log."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pavilion.accreditation import issuing, services
from pavilion.accreditation.models import Gate, Zone
from pavilion.core.models import AuditEntry
from pavilion.events.models import Hall
from pavilion.programme import services as programme_services
from tests.accreditation.support import baku
from tests.factories import EventFactory, HallFactory


def url(world, tail=""):
    return f"/events/{world.event.slug}/accreditation/{tail}"


def zone_form(**changes) -> dict:
    values = {"code": "vip-2", "number": "", "name_en": "VIP lounge 2", "name_az": "VIP zalı 2",
              "name_ru": "VIP-зал 2", "kind": "vip", "hall": "", "passback": ""}
    values.update(changes)
    return values


def gate_form(zone, **changes) -> dict:
    values = {"code": "vip-2-a", "zone": zone.pk, "name_en": "VIP lounge 2, gate A", "name_az": "VIP zalı 2, A qapısı",
              "name_ru": "VIP-зал 2, вход A"}
    values.update(changes)
    return values


def test_only_the_organiser_edits_zones_and_gates(client, world, gates):
    zone = gates.zone("vip-lounge")
    for user in (world.visitor, world.officer):
        client.force_login(user)
        for tail in ("zones/", f"zones/{zone.pk}/", "gates/", f"gates/{gates.press.pk}/"):
            assert client.get(url(world, tail)).status_code == 403
            assert client.post(url(world, tail), zone_form()).status_code == 403
        assert client.post(url(world, f"gates/{gates.press.pk}/delete/")).status_code == 403
    assert Gate.objects.filter(pk=gates.press.pk).exists()
    assert not Zone.objects.filter(event=world.event, code="vip-2").exists()


def test_a_new_zone_takes_the_first_free_number_and_its_kinds_passback(client, world, gates):
    client.force_login(world.organiser)
    used = set(Zone.objects.filter(event=world.event).values_list("number", flat=True))
    response = client.post(url(world, "zones/"), zone_form())
    assert response.status_code == 302
    zone = Zone.objects.get(event=world.event, code="vip-2")
    assert zone.number == min(set(range(128)) - used)
    assert (zone.passback, zone.name_az, zone.name_ru) == ("hard", "VIP zalı 2", "VIP-зал 2")
    assert AuditEntry.objects.filter(action="zone.create", object_id=str(zone.pk)).exists()
    page = client.get(url(world, "zones/"), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert 'data-zone="vip-2"' in page and "VIP-зал 2" in page


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"code": "HALL-ZONE"}, "code", "already has a zone with this code"),
    ({"number": "0"}, "number", "already has a zone with this number"),
    ({"number": "128"}, "number", "less than or equal to 127"),
    ({"number": "-1"}, "number", "greater than or equal to 0"),
    ({"code": "vip 2"}, "code", "letters, numbers, underscores or hyphens"),
    ({"kind": ""}, "kind", "This field is required"),
    ({"kind": "moat"}, "kind", "Select a valid choice"),
    ({"name_en": ""}, "name_en", "This field is required"),
    ({"passback": "sometimes"}, "passback", "Select a valid choice"),
    ({"hall": "999999"}, "hall", "Select a valid choice"),
])
def test_a_bad_zone_changes_nothing(client, world, gates, changes, field, message):
    client.force_login(world.organiser)
    before = list(Zone.objects.filter(event=world.event).values_list("pk", "code", "number"))
    audit = AuditEntry.objects.count()
    if changes.get("code") == "HALL-ZONE":  # (the halls' codes come from a sequence)
        changes = {"code": gates.hall.zone.code}
    response = client.post(url(world, "zones/"), zone_form(**changes))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert list(Zone.objects.filter(event=world.event).values_list("pk", "code", "number")) == before
    assert AuditEntry.objects.count() == audit


def test_a_hall_of_another_venue_is_not_offered(client, world, gates):
    foreign = HallFactory()
    assert foreign.venue_id != world.event.venue_id
    client.force_login(world.organiser)
    response = client.post(url(world, "zones/"), zone_form(hall=foreign.pk))
    assert response.status_code == 400 and "hall" in response.context["form"].errors
    assert foreign.pk not in [hall.pk for hall in response.context["form"].fields["hall"].queryset]


def test_editing_a_zone_keeps_its_number_and_code(client, world, gates):
    zone = gates.zone("press-centre")
    client.force_login(world.organiser)
    page = client.get(url(world, f"zones/{zone.pk}/")).content.decode()
    assert 'name="number"' in page and "disabled" in page
    hall = Hall.objects.filter(venue_id=world.event.venue_id).first()
    response = client.post(url(world, f"zones/{zone.pk}/"), zone_form(
        code="renamed", number="99", name_en="Media centre", name_az="Media mərkəzi", name_ru="Медиацентр",
        kind="press", passback="soft", hall=hall.pk if hall else ""))
    assert response.status_code == 302
    zone.refresh_from_db()
    assert (zone.code, zone.number) == ("press-centre", gates.zone("press-centre").number)
    assert (zone.name_en, zone.name_ru, zone.passback) == ("Media centre", "Медиацентр", "soft")
    entry = AuditEntry.objects.get(action="zone.update", object_id=str(zone.pk))
    assert (entry.before["name_en"], entry.after["name_en"]) == ("Press centre", "Media centre")
    assert (entry.before["passback"], entry.after["passback"]) == ("none", "soft")


def test_a_zone_of_another_event_is_not_found(client, world, gates):
    other = EventFactory(slug="another-show")
    foreign = services.zone_create(actor=world.organiser, event=other, code="x", name_en="X", kind="vip")
    client.force_login(world.organiser)
    assert client.get(url(world, f"zones/{foreign.pk}/")).status_code == 404
    assert client.post(url(world, f"zones/{foreign.pk}/"), zone_form(name_en="Taken")).status_code == 404
    foreign.refresh_from_db()
    assert foreign.name_en == "X"


def test_add_a_gate_and_its_scanner_takes_the_names_in_every_language(client, world, gates):
    zone = gates.zone("vip-lounge")
    client.force_login(world.organiser)
    response = client.post(url(world, "gates/"), gate_form(zone))
    assert response.status_code == 302
    gate = Gate.objects.get(event=world.event, code="vip-2-a")
    assert (gate.zone, gate.name_az) == (zone, "VIP zalı 2, A qapısı")
    assert AuditEntry.objects.filter(action="gate.create", object_id=str(gate.pk)).exists()
    device, token = services.device_enrol(actor=world.organiser, gate=gate, name="VIP 2 handheld")
    feed = client.get("/api/v1/sync", headers={"Authorization": f"Device {token}"}).json()
    assert feed["device"]["gate_names"]["ru"] == "VIP-зал 2, вход A"


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"code": "HALL-GATE"}, "code", "already has a gate with this code"),
    ({"code": "gate one"}, "code", "letters, numbers, underscores or hyphens"),
    ({"zone": ""}, "zone", "This field is required"),
    ({"zone": "999999"}, "zone", "Select a valid choice"),
    ({"name_en": "  "}, "name_en", "This field is required"),
])
def test_a_bad_gate_changes_nothing(client, world, gates, changes, field, message):
    client.force_login(world.organiser)
    before = list(Gate.objects.filter(event=world.event).values_list("pk", "code", "zone_id"))
    if changes.get("code") == "HALL-GATE":
        changes = {"code": gates.hall.code}
    values = {**gate_form(gates.zone("vip-lounge")), **changes}
    response = client.post(url(world, "gates/"), values)
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert list(Gate.objects.filter(event=world.event).values_list("pk", "code", "zone_id")) == before


def test_moving_a_gate_keeps_its_code(client, world, gates):
    gate = gates.hall_b
    old_zone, new_zone = gate.zone, gates.zone("b2b-area")
    client.force_login(world.organiser)
    response = client.post(url(world, f"gates/{gate.pk}/"), gate_form(new_zone, code="changed",
                                                                        name_en="B2B area, gate C"))
    assert response.status_code == 302
    gate.refresh_from_db()
    assert (gate.code, gate.zone, gate.name_en) == (gates.hall_b.code, new_zone, "B2B area, gate C")
    entry = AuditEntry.objects.get(action="gate.update", object_id=str(gate.pk))
    assert (entry.before["zone"], entry.after["zone"]) == (old_zone.pk, new_zone.pk)


def test_a_gate_at_a_rooms_door_stays_in_the_rooms_zone(client, world, gates):
    conference = gates.zone("conference-rooms")
    door = services.gate_create(actor=world.organiser, zone=conference, code="room-x-door", name="Room X door")
    programme_services.room_create(actor=world.organiser, event=world.event, code="room-x", name_en="Room X",
                                   capacity=40, gate=door, zone=conference)
    client.force_login(world.organiser)
    response = client.post(url(world, f"gates/{door.pk}/"), gate_form(gates.hall.zone, code="room-x-door",
                                                                        name_en="Room X door"))
    assert response.status_code == 400
    assert "Room room-x has this gate at its door" in " ".join(response.context["form"].errors["zone"])
    door.refresh_from_db()
    assert door.zone == conference
    response = client.post(url(world, f"gates/{door.pk}/delete/"), follow=True)
    assert "Room room-x has gate room-x-door at its door" in response.content.decode()
    assert Gate.objects.filter(pk=door.pk).exists()


def test_delete_a_gate_only_when_nothing_is_on_record_at_it(client, world, gates):
    client.force_login(world.organiser)
    spare = services.gate_create(actor=world.organiser, zone=gates.zone("b2b-area"), code="b2b-spare", name="Spare")
    page = client.get(url(world, "gates/")).content.decode()
    assert f'/gates/{spare.pk}/delete/' in page and f'/gates/{gates.hall.pk}/delete/' not in page
    response = client.post(url(world, f"gates/{spare.pk}/delete/"))
    assert response.status_code == 302 and not Gate.objects.filter(pk=spare.pk).exists()
    entry = AuditEntry.objects.get(action="gate.delete", object_id=str(spare.pk))
    assert entry.before["code"] == "b2b-spare"
    response = client.post(url(world, f"gates/{gates.hall.pk}/delete/"), follow=True)  # a device is enrolled there
    assert "has scans or enrolled devices on record" in response.content.decode()
    # The page's messages are read out when it opens, an error at once (a screen reader's user hears why).
    assert '<ul class="messages" role="status">' in response.content.decode()
    assert 'role="alert">Gate ' in response.content.decode()
    assert Gate.objects.filter(pk=gates.hall.pk).exists()
    assert client.get(url(world, f"gates/{gates.hall.pk}/delete/")).status_code == 405


def test_the_lists_have_fixed_queries(client, world, gates):
    client.force_login(world.organiser)
    with CaptureQueriesContext(connection) as few:
        client.get(url(world, "gates/"))
        client.get(url(world, "zones/"))
    for number in range(5):
        services.gate_create(actor=world.organiser, zone=gates.zone("b2b-area"), code=f"b2b-x{number}",
                             name=f"Extra {number}")
    with CaptureQueriesContext(connection) as many:
        client.get(url(world, "gates/"))
        client.get(url(world, "zones/"))
    assert len(many) == len(few)


def test_delete_a_zone_only_while_nothing_uses_its_number(client, world, gates, badge_of):
    """A zone's number is a bit of the badges: while a valid badge opens it, a new zone given the number
    would open to that badge, so the zone stays; with no gate, window, person's access or scan it goes."""
    client.force_login(world.organiser)
    spare = services.zone_create(actor=world.organiser, event=world.event, code="roof", name_en="Roof", kind="vip")
    grant = services.grant_create(actor=world.organiser, category=world.categories["trade-visitor"], zone=spare,
                                  opens_at=baku(24, 9), closes_at=baku(24, 18))
    badge = badge_of()
    assert spare.number in badge.zones
    page = client.get(url(world, f"zones/{spare.pk}/")).content.decode()
    assert f"/zones/{spare.pk}/delete/" in page
    response = client.post(url(world, f"zones/{spare.pk}/delete/"), follow=True)
    assert "1 access window opens Roof." in response.content.decode()
    assert "1 valid badge opens Roof." in response.content.decode()
    services.grant_delete(actor=world.organiser, grant=grant)
    response = client.post(url(world, f"zones/{spare.pk}/delete/"), follow=True)
    assert "access window opens" not in response.content.decode() and "1 valid badge opens Roof." in response.content.decode()
    assert Zone.objects.filter(pk=spare.pk).exists()
    issuing.badge_revoke(actor=world.organiser, badge=badge, reason="lost")
    response = client.post(url(world, f"zones/{spare.pk}/delete/"))
    assert response.status_code == 302 and response["Location"].endswith("/accreditation/zones/")
    assert not Zone.objects.filter(pk=spare.pk).exists()
    entry = AuditEntry.objects.get(action="zone.delete", object_id=str(spare.pk))
    assert (entry.actor, entry.before["code"], entry.before["number"]) == (world.organiser, "roof", spare.number)


def test_a_zone_with_gates_windows_and_scans_stays_with_every_reason(client, world, gates, badge_of, scan):
    client.force_login(world.organiser)
    hall = gates.hall.zone
    scan(badge_of().token)
    before = AuditEntry.objects.count()
    response = client.post(url(world, f"zones/{hall.pk}/delete/"), follow=True)
    page = response.content.decode()
    for reason in ("gate leads into", "access windows open", "1 valid badge opens", "1 scan is on record at"):
        assert reason in page, reason
    assert Zone.objects.filter(pk=hall.pk).exists() and AuditEntry.objects.count() == before
    for user in (world.visitor, world.officer):
        client.force_login(user)
        assert client.post(url(world, f"zones/{hall.pk}/delete/")).status_code == 403
    assert client.get(url(world, f"zones/{hall.pk}/delete/")).status_code == 405


def test_the_admin_deletes_a_zone_through_the_service(admin_client, world, gates):
    spare = services.zone_create(actor=world.organiser, event=world.event, code="roof", name_en="Roof", kind="vip")
    vip = gates.vip.zone
    response = admin_client.post(f"/admin/accreditation/zone/{vip.pk}/delete/", {"post": "yes"}, follow=True)
    assert "gate leads into" in response.content.decode() and Zone.objects.filter(pk=vip.pk).exists()
    response = admin_client.post(f"/admin/accreditation/zone/{spare.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not Zone.objects.filter(pk=spare.pk).exists()
    assert AuditEntry.objects.filter(action="zone.delete", object_id=str(spare.pk)).exists()
    assert "delete_selected" not in admin_client.get("/admin/accreditation/zone/").content.decode()
