# ruff: noqa: F811 (the fixtures imported below are redefined as parameters, as pytest wants)
"""A delegation may arrive before the build-up, so one can be in town when the event is postponed: its
arrival happened and cannot move, and keeping it while its programme moves would stretch its stay by the
whole postponement. The move is refused, naming it, until the organiser gives it its real stay. A visit
already made (a delegation come and gone before the build-up) stays where it happened."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from pavilion.events import postponement
from pavilion.events.models import Event
from pavilion.registrations.models import Delegation, DelegationVisit
from pavilion.registrations.services import delegation_update
from tests.events.test_postponement import local, on_clock
from tests.registrations.support import _registration_settings, commit, world  # noqa: F401

# The tests' clock: 1 September 2024, 10:00 in Baku; the event's build-up begins on 21 September.


@pytest.fixture
def arrived(world) -> Delegation:
    delegation = Delegation.objects.create(event=world.event, country="GE", sending_body="Ministry of Defence",
                                           arrival=local(world.event, 30, 15, month=8),
                                           departure=local(world.event, 26, 20))
    DelegationVisit.objects.create(delegation=delegation, title="Stand A1", starts_at=local(world.event, 24, 12),
                                   ends_at=local(world.event, 24, 13))
    return delegation


def _stay(delegation: Delegation) -> tuple:
    row = Delegation.objects.get(pk=delegation.pk)
    return row.arrival, row.departure, list(row.programme.values_list("starts_at", flat=True))


def test_a_delegation_in_town_refuses_the_move_and_nothing_changes(world, arrived):
    before = _stay(arrived)
    with pytest.raises(ValidationError) as refused:
        postponement.event_postpone(actor=world.organiser, event=world.event, days=7)
    assert refused.value.message_dict["days"] == [
        "The delegation Georgia: Ministry of Defence has already arrived (30 August 2024): its arrival cannot move "
        "with the event. Give it the arrival and departure it will really have, on its page, then postpone the event."]
    assert _stay(arrived) == before
    assert Event.objects.get(pk=world.event.pk).start_date == datetime.date(2024, 9, 24)


def test_once_its_stay_is_settled_the_delegation_moves_with_the_event(world, arrived):
    """The organiser learns the delegation goes home and comes back for the show: its next arrival."""
    delegation_update(actor=world.organiser, delegation=arrived, arrival=local(world.event, 23, 15))
    postponement.event_postpone(actor=world.organiser, event=world.event, days=7)
    arrival, departure, visits = _stay(arrived)
    assert on_clock(world.event, arrival) == (datetime.date(2024, 9, 30), datetime.time(15))
    assert on_clock(world.event, departure) == (datetime.date(2024, 10, 3), datetime.time(20))
    assert [on_clock(world.event, visit) for visit in visits] == [(datetime.date(2024, 10, 1), datetime.time(12))]


def test_a_delegation_come_and_gone_keeps_its_past_visits(world):
    august = {"month": 8}
    gone = Delegation.objects.create(event=world.event, country="TR", sending_body="SSB",
                                     arrival=local(world.event, 20, 9, **august),
                                     departure=local(world.event, 25, 18, **august))
    visit = DelegationVisit.objects.create(delegation=gone, title="Factory visit",
                                           starts_at=local(world.event, 21, 10, **august),
                                           ends_at=local(world.event, 21, 12, **august))
    plan = postponement.postponement_plan(world.event, 7)
    assert "visits" not in {name for name, _label, _count in plan.moves}
    assert ("delegation's visit already made", 1) in plan.stays
    postponement.event_postpone(actor=world.organiser, event=world.event, days=7)
    assert _stay(gone) == (gone.arrival, gone.departure, [visit.starts_at])


def test_the_page_shows_the_refusal_on_the_days(client, world, arrived):
    client.force_login(world.organiser)
    for response in (client.get(f"/organiser/events/{world.event.slug}/postpone/", {"days": "7"}),
                     client.post(f"/organiser/events/{world.event.slug}/postpone/", {"days": "7"})):
        assert response.status_code == 400
        assert "has already arrived (30 August 2024)" in response.context["form"].errors["days"][0]
    assert Event.objects.get(pk=world.event.pk).start_date == datetime.date(2024, 9, 24)
