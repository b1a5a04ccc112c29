"""A new edition keeps the stands the organiser blocked (pillars, fire exits) blocked, and copies the
meeting locations at stands for the stands it copies: at the copy of the same stand, named after the
stand when the name was the exhibitor's, as it was given otherwise, inactive if it was."""

from pavilion.events.models import Stand
from pavilion.meetings.models import MeetingLocation
from pavilion.meetings.services import locations
from tests.events.test_edition import create, previous  # noqa: F401


def test_blocked_stands_stay_blocked_and_the_others_are_free(previous):  # noqa: F811
    new = create(previous)
    states = dict(Stand.objects.filter(event=new).values_list("code", "state"))
    assert states == {"A1": "available", "A2": "available", "A3": "blocked", "B1": "available"}
    assert dict(Stand.objects.filter(event=previous.event).values_list("code", "state"))["A2"] == "booked"


def test_a_stand_location_named_by_the_organiser_keeps_its_names_and_state(previous):  # noqa: F811
    organiser, event = previous.organiser, previous.event
    blocked = Stand.objects.get(event=event, code="A3")
    corner = locations.location_create(actor=organiser, event=event, kind="stand", code="corner-a3",
                                       name_en="Press corner", name_ru="Пресс-уголок", stand=blocked, capacity=8)
    locations.location_set_active(actor=organiser, location=corner, active=False)
    new = create(previous)
    copy = MeetingLocation.objects.select_related("stand").get(event=new, code="corner-a3")
    assert (copy.name_en, copy.name_ru, copy.capacity, copy.is_active) == ("Press corner", "Пресс-уголок", 8, False)
    assert (copy.stand.event_id, copy.stand.code, copy.hall_id) == (new.pk, "A3", blocked.hall_id)


def test_without_the_stands_no_stand_location_is_copied(previous):  # noqa: F811
    new = create(previous, parts=["settings", "meetings"])
    assert not Stand.objects.filter(event=new).exists()
    assert sorted(MeetingLocation.objects.filter(event=new).values_list("code", flat=True)) == ["SR-1", "T-01"]
