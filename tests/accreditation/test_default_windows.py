"""The typical set-up: its zone windows follow the event's own build-up and tear-down days (contractors
come from the first build-up day to the last tear-down day, no earlier and no later); its zones take
the lowest free numbers; every zone, gate and category's windows is audited; past 128 zones nothing
is made."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from pavilion.accreditation import defaults
from pavilion.accreditation.models import Gate, Grant, Zone
from pavilion.core.models import AuditEntry
from pavilion.registrations.models import RegistrationCategory


def test_contractors_windows_cover_the_events_build_up_and_tear_down_days(world):
    event = world.event
    event.build_up_days, event.tear_down_days = 6, 2
    event.save(update_fields=["build_up_days", "tear_down_days"])
    defaults.set_up(actor=world.organiser, event=event)
    days = sorted({grant.opens_at.astimezone(datetime.timezone(datetime.timedelta(hours=4))).date()
                   for grant in Grant.objects.filter(category__event=event,
                                                     category__code=RegistrationCategory.Code.CONTRACTOR)})
    assert days[0] == event.start_date - datetime.timedelta(days=6)
    assert days[-1] == event.end_date + datetime.timedelta(days=2)
    assert len(days) == 8  # build-up and tear-down days only: contractors stay out on show days


def test_the_set_up_numbers_and_audits_each_zone_gate_and_categorys_windows(world):
    event = world.event
    Zone.objects.create(event=event, code="own", number=0, name_en="Organiser's own zone", kind=Zone.Kind.VIP)
    created = defaults.set_up(actor=world.organiser, event=event)
    zones = Zone.objects.filter(event=event).exclude(code="own").order_by("number")
    # The lowest free numbers, in the order zones are made: the halls first, as zone_create would number them.
    assert [zone.number for zone in zones] == list(range(1, created["zones"] + 1))
    assert zones[0].hall is not None and zones[0].passback
    entries = AuditEntry.objects.filter(actor=world.organiser)
    assert sorted(entry.after["number"] for entry in entries.filter(action="zone.create")) == [z.number for z in zones]
    gates = Gate.objects.filter(event=event)
    assert {(entry.object_id, entry.after["code"]) for entry in entries.filter(action="gate.create")} == {
        (str(gate.pk), gate.code) for gate in gates}
    assert created["gates"] == gates.count() > created["zones"]  # two gates into each hall
    by_category = entries.filter(action="grant.create_defaults")
    assert sum(entry.after["grants"] for entry in by_category) == created["grants"] == Grant.objects.filter(
        category__event=event).count()


def test_a_set_up_past_128_zones_is_refused_whole(world):
    event = world.event
    Zone.objects.bulk_create([Zone(event=event, code=f"z{number}", number=number, name_en=f"Zone {number}",
                                   kind=Zone.Kind.CONFERENCE) for number in range(126)])
    with pytest.raises(ValidationError) as refused:
        defaults.set_up(actor=world.organiser, event=event)
    assert refused.value.message_dict == {"number": ["An event has at most 128 zones."]}
    assert Zone.objects.filter(event=event).count() == 126
    assert not Gate.objects.filter(event=event).exists()
    assert not AuditEntry.objects.filter(action__in=("zone.create", "gate.create")).exists()
