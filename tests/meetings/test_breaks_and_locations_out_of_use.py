"""The organiser's slot plan refuses breaks that make no sense (outside the day, overlapping, the
whole day), and a location with published meetings still to be held is not taken out of use."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from pavilion.core.models import AuditEntry
from pavilion.meetings.models import Meeting, MeetingLocation, MeetingSlot
from pavilion.meetings.services import scheduling
from pavilion.meetings.services.locations import location_set_active
from pavilion.meetings.services.slots import SlotPlan, slots_generate
from tests.meetings.schedule_factories import schedule_fixture  # noqa: F401

T = datetime.time


def plan(breaks, start=T(10), end=T(12)) -> SlotPlan:
    return SlotPlan(days=[datetime.date(2024, 9, 24)], day_start=start, day_end=end, minutes=30, breaks=breaks)


@pytest.mark.parametrize(("breaks", "said"), [
    ([(T(20), T(21))], "The break 20:00–21:00 is outside the day's hours (10:00 to 12:00): give a break within them."),
    ([(T(9), T(10, 30))], "The break 09:00–10:30 is outside the day's hours (10:00 to 12:00): give a break within them."),
    ([(T(11, 30), T(12, 30))], "The break 11:30–12:30 is outside the day's hours"),
    ([(T(10), T(12))], "The break 10:00–12:00 lasts the whole day (10:00 to 12:00): leave the day out instead."),
    ([(T(10, 30), T(11, 30)), (T(11), T(11, 15))], "The breaks 10:30–11:30 and 11:00–11:15 overlap: give each time "
                                                   "once."),
    ([(T(11), T(11, 30)), (T(11), T(11, 30))], "The breaks 11:00–11:30 and 11:00–11:30 overlap"),
])
def test_a_break_that_makes_no_sense_is_refused_and_no_slot_is_made(schedule, breaks, said):
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as error:
        slots_generate(actor=schedule.organiser, event=schedule.event, plan=plan(breaks))
    assert any(message.startswith(said) for message in error.value.messages), error.value.messages
    assert not MeetingSlot.objects.exists() and AuditEntry.objects.count() == before


def test_breaks_inside_the_day_touching_its_edges_or_each_other_are_taken(schedule):
    made = slots_generate(actor=schedule.organiser, event=schedule.event,
                          plan=plan([(T(10), T(10, 30)), (T(11), T(11, 30)), (T(11, 30), T(12))]))
    assert [slot.starts_at.astimezone(datetime.timezone(datetime.timedelta(hours=4))).time() for slot in made] == [
        T(10, 30)]


def test_the_slot_page_says_a_break_is_outside_the_day(client, schedule):
    client.force_login(schedule.organiser)
    response = client.post(reverse("meetings:schedule_slots", args=[schedule.event.slug]), {
        "action": "plan", "days": ["2024-09-24"], "day_start": "10:00", "day_end": "12:00", "minutes": "30",
        "breaks": "20:00-21:00"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "is outside the day&#x27;s hours" in response.content.decode()
    assert not MeetingSlot.objects.exists()


def published_at(schedule, table, *hours) -> list[Meeting]:
    """A published meeting at the table for each of these slots of 24 September."""
    meetings = []
    for slot in hours:
        request = schedule.request(schedule.person(), schedule.person())
        meeting = Meeting.objects.create(event=schedule.event, request=request, status="scheduled", slot=slot,
                                         location=table, starts_at=slot.starts_at, ends_at=slot.ends_at)
        meeting.attendance.create(registration=request.requester)
        meeting.attendance.create(registration=request.counterpart)
        meetings.append(meeting)
    return meetings


def test_a_table_with_published_meetings_to_come_stays_in_use_and_says_which(schedule):
    slots = schedule.slots()  # 09:00–11:00 in half hours
    table = MeetingLocation.objects.create(event=schedule.event, code="B2B-07", name_en="Table B2B-07")
    published_at(schedule, table, *slots)
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as error:
        location_set_active(actor=schedule.organiser, location=table, active=False)
    assert error.value.messages == [
        "Table B2B-07 cannot be taken out of use: 4 published meetings are still to be held there (Tue 24 "
        "September, 09:00; Tue 24 September, 09:30; Tue 24 September, 10:00; …). Move or cancel them first."]
    table.refresh_from_db()
    assert table.is_active and AuditEntry.objects.count() == before


def test_once_its_meetings_are_over_or_cancelled_the_table_goes_out_of_use(schedule, settings):
    slots = schedule.slots()
    table = MeetingLocation.objects.create(event=schedule.event, code="B2B-07", name_en="Table B2B-07")
    first, last = published_at(schedule, table, slots[0], slots[3])
    settings.PAVILION_CLOCK = "2024-09-24T10:00:00+04:00"  # the first is over, the last to come
    with pytest.raises(ValidationError) as error:
        location_set_active(actor=schedule.organiser, location=table, active=False)
    assert "1 published meeting is still to be held there (Tue 24 September, 10:30). Move or cancel it first." \
        in error.value.messages[0]
    scheduling.meeting_cancel(actor=schedule.organiser, meeting=last, reason="Moved to the hall")
    location_set_active(actor=schedule.organiser, location=table, active=False)
    table.refresh_from_db()
    assert not table.is_active
    assert Meeting.objects.get(pk=first.pk).location_id == table.pk  # a meeting held there stays as it was
    location_set_active(actor=schedule.organiser, location=table, active=True)  # back in use: nothing to ask
    table.refresh_from_db()
    assert table.is_active


def test_the_locations_page_says_why_the_table_stays_in_use(client, schedule):
    slots = schedule.slots()
    table = MeetingLocation.objects.create(event=schedule.event, code="B2B-07", name_en="Table B2B-07",
                                           name_ru="Стол B2B-07")
    published_at(schedule, table, slots[1])
    client.force_login(schedule.organiser)
    response = client.post(reverse("meetings:schedule_location_toggle", args=[schedule.event.slug, table.pk]),
                           HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 302
    said = [str(message) for message in get_messages(response.wsgi_request)]
    assert len(said) == 1 and said[0].startswith("Стол B2B-07") and "09:30" in said[0]
    table.refresh_from_db()
    assert table.is_active
