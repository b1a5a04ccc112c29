import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pavilion.core.models import AuditEntry
from pavilion.meetings.models import MeetingSlot
from pavilion.meetings.services.slots import SlotPlan, plan_times, slots_create, slots_delete, slots_generate
from tests.meetings.schedule_factories import baku, schedule_fixture  # noqa: F401


def plan(**changes) -> SlotPlan:
    values = {"days": [datetime.date(2024, 9, 24), datetime.date(2024, 9, 25)], "day_start": datetime.time(9),
              "day_end": datetime.time(18), "minutes": 30, "breaks": [(datetime.time(13), datetime.time(14))]}
    return SlotPlan(**{**values, **changes})


def test_a_plan_makes_slots_around_the_breaks_in_the_events_time_zone(schedule):
    created = slots_generate(actor=schedule.organiser, event=schedule.event, plan=plan())
    assert len(created) == 2 * 16
    first = MeetingSlot.objects.filter(event=schedule.event).order_by("starts_at")
    assert first[0].starts_at == baku(24, 9) and first[0].ends_at == baku(24, 9, 30)
    starts = [slot.starts_at for slot in first if slot.starts_at.date() == datetime.date(2024, 9, 24)]
    assert baku(24, 13) not in starts and baku(24, 12, 30) in starts and baku(24, 14) in starts
    assert AuditEntry.objects.filter(action="meeting_slots.create").count() == 1


def test_a_break_that_cuts_a_slot_pushes_the_next_slot_to_its_end(schedule):
    times = plan_times(schedule.event, plan(days=[datetime.date(2024, 9, 24)], day_end=datetime.time(11),
                                            minutes=45, breaks=[(datetime.time(10), datetime.time(10, 15))]))
    assert [(start.time(), end.time()) for start, end in times] == [
        (datetime.time(9), datetime.time(9, 45)), (datetime.time(10, 15), datetime.time(11))]


@pytest.mark.parametrize(("changes", "words"), [
    ({"minutes": 0}, "at least one minute"),
    ({"day_start": datetime.time(18), "day_end": datetime.time(9)}, "must end after it starts"),
    ({"days": [datetime.date(2024, 9, 30)]}, "not a day of the event"),
    ({"breaks": [(datetime.time(14), datetime.time(13))]}, "break 14:00–13:00 must end after it starts"),
    ({"days": []}, "at least one day"),
])
def test_a_bad_plan_is_refused_with_a_message_and_nothing_changes(schedule, changes, words):
    with pytest.raises(ValidationError) as error:
        slots_generate(actor=schedule.organiser, event=schedule.event, plan=plan(**changes))
    assert any(words in message for message in error.value.messages)
    assert not MeetingSlot.objects.exists()


def test_slots_overlapping_existing_ones_or_each_other_are_refused_as_a_whole(schedule):
    slots_generate(actor=schedule.organiser, event=schedule.event, plan=plan(days=[datetime.date(2024, 9, 24)]))
    before = MeetingSlot.objects.count()
    with pytest.raises(ValidationError) as error:
        slots_generate(actor=schedule.organiser, event=schedule.event,
                       plan=plan(days=[datetime.date(2024, 9, 24), datetime.date(2024, 9, 26)], minutes=20))
    assert "overlaps the existing slot 2024-09-24 09:00–09:30" in " ".join(error.value.messages)
    assert MeetingSlot.objects.count() == before  # the free day 26 was not added either
    with pytest.raises(ValidationError) as error:
        slots_create(actor=schedule.organiser, event=schedule.event,
                     times=[(baku(26, 9), baku(26, 10)), (baku(26, 9, 30), baku(26, 10, 30))])
    assert "The slots 2024-09-26 09:00–10:00 and 2024-09-26 09:30–10:30 overlap." in error.value.messages
    with pytest.raises(ValidationError) as error:
        slots_create(actor=schedule.organiser, event=schedule.event, times=[(baku(26, 9), baku(26, 9))])
    assert "has no length" in error.value.messages[0]
    assert MeetingSlot.objects.count() == before


def test_the_slot_page_shows_the_message_and_changes_nothing(client, schedule):
    client.force_login(schedule.organiser)
    url = reverse("meetings:schedule_slots", args=[schedule.event.slug])
    response = client.post(url, {"action": "plan", "days": ["2024-09-24"], "day_start": "09:00", "day_end": "12:00",
                                 "minutes": "0", "breaks": ""})
    assert response.status_code == 400
    assert "no slot at all" in response.content.decode()
    response = client.post(url, {"action": "plan", "days": ["2024-09-24"], "day_start": "09:00", "day_end": "12:00",
                                 "minutes": "30", "breaks": "lunch"})
    assert response.status_code == 400 and "is not one" in response.content.decode()
    assert not MeetingSlot.objects.exists()
    response = client.post(url, {"action": "plan", "days": ["2024-09-24"], "day_start": "09:00", "day_end": "12:00",
                                 "minutes": "30", "breaks": "10:00-10:30"})
    assert response.status_code == 302 and MeetingSlot.objects.count() == 5
    response = client.post(url, {"action": "slot", "day": "2024-09-24", "start": "11:00", "end": "11:45"})
    assert response.status_code == 400 and "overlaps the existing slot" in response.content.decode()
    assert MeetingSlot.objects.count() == 5


def test_deleting_a_day_keeps_slots_that_hold_meetings(schedule):
    schedule.slots(days=(24, 25))
    deleted, kept = slots_delete(actor=schedule.organiser, event=schedule.event, day=datetime.date(2024, 9, 25))
    assert (deleted, kept) == (4, 0)
    assert MeetingSlot.objects.count() == 4


def test_only_the_organiser_sees_the_slot_page(client, schedule):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="someone"))
    assert client.get(reverse("meetings:schedule_slots", args=[schedule.event.slug])).status_code == 403


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "notaday"])
def test_deleting_a_day_out_of_range_asks_for_a_day_and_deletes_nothing(client, schedule, day):
    schedule.slots(days=(24,))
    client.force_login(schedule.organiser)
    url = reverse("meetings:schedule_slots", args=[schedule.event.slug])
    response = client.post(url, {"action": "delete", "day": day})
    assert response.status_code == 400 and "Choose a day." in response.content.decode()
    assert MeetingSlot.objects.count() == 4


@pytest.mark.parametrize(("language", "first"), [("en", "Tue 24 Sep 09:00–09:30"), ("ru", "Вт 24 Сен 09:00–09:30")])
def test_the_slots_one_proposes_are_named_at_the_venues_time_in_the_pages_language(schedule, language, first):
    """The counterpart's "Slot you propose" listed UTC starts ("2024-09-24 05:00" for 09:00 in Baku)."""
    from django.utils import translation

    from pavilion.meetings.forms.requests import ProposeForm

    schedule.slots()
    with translation.override(language):
        labels = [str(label) for _value, label in ProposeForm(event=schedule.event).fields["slot"].choices][1:]
    assert labels[0] == first and not any("05:00" in label for label in labels)
