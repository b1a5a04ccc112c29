"""The back office's zones, gates and grants go through the accreditation services: a zone's number
(a bit of every badge token), code and event do not change there, a gate's code neither, a refused
gate deletion is an error message and changes nothing, and grants are shown in the venue's time."""

import datetime

import pytest

from pavilion.accreditation import services
from pavilion.accreditation.models import Gate, Grant, PersonGrant, Zone
from pavilion.core.models import AuditEntry
from tests.accreditation.support import approved
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def zone_data(zone: Zone, gates=None, **changes) -> dict:
    """The zone's change form as the admin posts it, with its gates' inline forms."""
    gates = list(zone.gates.order_by("pk")) if gates is None else gates
    data = {"name_en": zone.name_en, "name_az": zone.name_az, "name_ru": zone.name_ru, "kind": zone.kind,
            "hall": zone.hall_id or "", "passback": zone.passback,
            "gates-TOTAL_FORMS": str(len(gates)), "gates-INITIAL_FORMS": str(len(gates)),
            "gates-MIN_NUM_FORMS": "0", "gates-MAX_NUM_FORMS": "1000"}
    for index, gate in enumerate(gates):
        data.update({f"gates-{index}-id": gate.pk, f"gates-{index}-zone": zone.pk, f"gates-{index}-code": gate.code,
                     f"gates-{index}-name_en": gate.name_en, f"gates-{index}-name_az": gate.name_az,
                     f"gates-{index}-name_ru": gate.name_ru})
    data.update(changes)
    return data


def change_url(zone: Zone) -> str:
    return f"/admin/accreditation/zone/{zone.pk}/change/"


def test_a_zones_number_code_and_event_do_not_change_in_the_admin(admin_client, gates):
    """Swapping numbers gave a trade visitor's badge the VIP lounge."""
    vip, hall = gates.vip.zone, gates.hall.zone
    other_event = EventFactory(slug="another-event")
    page = admin_client.get(change_url(vip)).content.decode()
    assert 'name="number"' not in page and 'name="code"' not in page and 'name="event"' not in page
    response = admin_client.post(change_url(vip), zone_data(vip, number=hall.number, code="hall-x",
                                                            event=other_event.pk, name_en="VIP lounge (east)"))
    assert response.status_code == 302
    moved = Zone.objects.get(pk=vip.pk)
    assert (moved.number, moved.code, moved.event_id) == (vip.number, "vip-lounge", gates.world.event.pk)
    assert moved.name_en == "VIP lounge (east)"
    entry = AuditEntry.objects.filter(action="zone.update", object_id=str(vip.pk)).get()
    assert entry.before["name_en"] == vip.name_en and entry.after["name_en"] == "VIP lounge (east)"


def test_a_zone_added_in_the_admin_is_made_by_the_service_with_its_gates(admin_client, gates):
    event = gates.world.event
    data = {"event": event.pk, "number": "77", "code": "roof", "name_en": "Roof terrace", "name_az": "",
            "name_ru": "", "kind": "outdoor", "hall": "", "passback": "soft",
            "gates-TOTAL_FORMS": "1", "gates-INITIAL_FORMS": "0", "gates-MIN_NUM_FORMS": "0",
            "gates-MAX_NUM_FORMS": "1000", "gates-0-code": "roof-a", "gates-0-name_en": "Roof, stair A",
            "gates-0-name_az": "", "gates-0-name_ru": ""}
    response = admin_client.post("/admin/accreditation/zone/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    zone = Zone.objects.get(event=event, code="roof")
    assert zone.number == 77 and zone.gates.get().code == "roof-a"
    assert AuditEntry.objects.filter(action="zone.create", object_id=str(zone.pk)).exists()
    assert AuditEntry.objects.filter(action="gate.create", object_id=str(zone.gates.get().pk)).exists()
    # A number taken in the event is the form's error (the model's constraint), not a 500.
    again = admin_client.post("/admin/accreditation/zone/add/", {**data, "code": "roof-2", "gates-TOTAL_FORMS": "0"})
    assert again.status_code == 200 and not Zone.objects.filter(code="roof-2").exists()


def test_gates_are_renamed_added_and_deleted_through_the_services(admin_client, gates):
    zone = gates.hall.zone
    spare = services.gate_create(actor=gates.world.organiser, zone=zone, code="spare", name="Spare gate")
    existing = list(zone.gates.order_by("pk"))
    data = zone_data(zone, existing)
    index = existing.index(spare)
    renamed = existing.index(gates.hall)
    data[f"gates-{index}-DELETE"] = "on"
    data[f"gates-{renamed}-name_en"] = "Hall 1, main door"
    data[f"gates-{renamed}-code"] = "moved-code"  # the code field is disabled: ignored
    response = admin_client.post(change_url(zone), data)
    assert response.status_code == 302
    assert not Gate.objects.filter(pk=spare.pk).exists()
    hall_gate = Gate.objects.get(pk=gates.hall.pk)
    assert (hall_gate.code, hall_gate.name_en) == (gates.hall.code, "Hall 1, main door")
    assert AuditEntry.objects.filter(action="gate.delete", object_id=str(spare.pk)).exists()
    assert AuditEntry.objects.filter(action="gate.update", object_id=str(gates.hall.pk)).get().before["name_en"] \
        == gates.hall.name_en


def test_deleting_a_gate_with_devices_is_an_error_message_and_changes_nothing(admin_client, gates):
    """The inline's Delete did nothing and said it worked; through the service it is refused."""
    zone = gates.hall.zone
    existing = list(zone.gates.order_by("pk"))
    data = zone_data(zone, existing, name_en="Renamed in the same save")
    data[f"gates-{existing.index(gates.hall)}-DELETE"] = "on"
    response = admin_client.post(change_url(zone), data, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Gate {gates.hall.code} has scans or enrolled devices on record" in page
    assert "was changed successfully" not in page
    assert Gate.objects.filter(pk=gates.hall.pk).exists()
    assert Zone.objects.get(pk=zone.pk).name_en == zone.name_en  # the whole save was undone
    assert not AuditEntry.objects.filter(action__in=["zone.update", "gate.delete"]).exists()


def test_grants_are_shown_in_the_venues_time_and_not_edited_in_the_admin(admin_client, commit, gates):
    world = gates.world
    grant = Grant.objects.filter(category__event=world.event).select_related("category").first()
    local = grant.opens_at.astimezone(datetime.timezone(datetime.timedelta(hours=4)))
    listing = admin_client.get("/admin/accreditation/grant/").content.decode()
    assert f"{local:%Y-%m-%d %H:%M} (Asia/Baku, UTC+0400)" in listing
    change = f"/admin/accreditation/grant/{grant.pk}/change/"
    assert admin_client.get(change).status_code == 200
    later = {"category": grant.category_id, "zone": grant.zone_id, "opens_at_0": "2030-01-01",
             "opens_at_1": "00:00", "closes_at_0": "2030-01-02", "closes_at_1": "00:00"}
    assert admin_client.post(change, later).status_code == 403
    assert Grant.objects.get(pk=grant.pk).opens_at == grant.opens_at
    assert admin_client.get("/admin/accreditation/grant/add/").status_code == 403
    registration = approved(commit, world, number=901)
    change = services.person_grant_add(actor=world.organiser, registration=registration, zone=gates.vip.zone,
                                       effect="add", opens_at=grant.opens_at, closes_at=grant.closes_at)
    page = admin_client.get(f"/admin/accreditation/persongrant/{change.pk}/change/").content.decode()
    assert f"{local:%Y-%m-%d %H:%M} (Asia/Baku, UTC+0400)" in page
    assert admin_client.post(f"/admin/accreditation/persongrant/{change.pk}/change/", {}).status_code == 403
    assert admin_client.get("/admin/accreditation/persongrant/add/").status_code == 403
    assert PersonGrant.objects.get().opens_at == grant.opens_at
