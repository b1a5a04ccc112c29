"""The organiser moves a published meeting: every rule the engine places a meeting by is asked of the
new time and place (through the engine's own checker), only what the move breaks refuses it, nothing
changes on a refusal, and both sides are told by e-mail."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from pavilion.core import roles
from pavilion.core.models import AuditEntry
from pavilion.meetings.models import (
    Availability,
    Meeting,
    MeetingLocation,
    MeetingOccupancy,
    MeetingProfile,
    MeetingSettings,
)
from pavilion.meetings.services.moving import meeting_move
from tests.factories import UserFactory
from tests.meetings.schedule_factories import baku, delegation_of, schedule_fixture  # noqa: F401


def place(schedule, request, slot, location) -> Meeting:
    """A published meeting of the request at this slot and location (one slot long)."""
    meeting = Meeting.objects.create(event=schedule.event, request=request, status="scheduled", slot=slot,
                                     location=location, starts_at=slot.starts_at, ends_at=slot.ends_at)
    for person in (request.requester, request.counterpart, *request.team.all()):
        meeting.attendance.create(registration=person)
    MeetingOccupancy.objects.create(meeting=meeting, slot=slot, location=location)
    return meeting


@pytest.fixture
def day(schedule):
    """09:00–11:00 in half hours, two tables in the B2B hall; Aysel meets Ivan at 09:00 at T-01 and Kamal
    at 10:00 at T-02; Nigar meets Murad at 09:30 at T-01."""
    slots = schedule.slots()
    tables = schedule.tables(2)
    aysel = schedule.person(user=UserFactory(username="aysel", role=roles.TRADE_VISITOR), given="Aysel")
    ivan, kamal = schedule.person(given="Ivan", family="Petrov"), schedule.person(given="Kamal")
    nigar, murad = schedule.person(given="Nigar"), schedule.person(given="Murad")
    meetings = {
        "ivan": place(schedule, schedule.request(aysel, ivan), slots[0], tables[0]),
        "kamal": place(schedule, schedule.request(aysel, kamal), slots[2], tables[1]),
        "nigar": place(schedule, schedule.request(nigar, murad), slots[1], tables[0]),
    }
    return {"slots": slots, "tables": tables, "meetings": meetings, "aysel": aysel, "ivan": ivan, "nigar": nigar}


def refused(schedule, meeting, slot, location, *said):
    before = (Meeting.objects.filter(pk=meeting.pk).values_list("slot_id", "location_id", "starts_at").get(),
              sorted(MeetingOccupancy.objects.values_list("meeting_id", "slot_id", "location_id")),
              AuditEntry.objects.count())
    with pytest.raises(ValidationError) as error:
        meeting_move(actor=schedule.organiser, meeting=meeting, slot=slot, location=location, reason="Hall change")
    for words in said:
        assert any(words in message for message in error.value.messages), error.value.messages
    after = (Meeting.objects.filter(pk=meeting.pk).values_list("slot_id", "location_id", "starts_at").get(),
             sorted(MeetingOccupancy.objects.values_list("meeting_id", "slot_id", "location_id")),
             AuditEntry.objects.count())
    assert after == before
    return error.value.messages


def test_the_organiser_moves_a_meeting_and_both_sides_are_told(schedule, day, django_capture_on_commit_callbacks):
    meeting = day["meetings"]["ivan"]
    with django_capture_on_commit_callbacks(execute=True):
        meeting_move(actor=schedule.organiser, meeting=meeting, slot=day["slots"][3], location=day["tables"][1],
                     reason="The table is needed for a press briefing")
    meeting.refresh_from_db()
    assert (meeting.slot, meeting.location, meeting.starts_at, meeting.ends_at) == (
        day["slots"][3], day["tables"][1], baku(24, 10, 30), baku(24, 11))
    assert list(MeetingOccupancy.objects.filter(meeting=meeting).values_list("slot_id", "location_id")) == [
        (day["slots"][3].pk, day["tables"][1].pk)]
    entry = AuditEntry.objects.get(action="meeting.move")
    assert entry.before["slot"] == day["slots"][0].pk and entry.after["location"] == day["tables"][1].pk
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [day["aysel"].person.email, day["ivan"].person.email])
    body = mail.outbox[0].body
    assert "moved your meeting" in body and "10:30–11:00" in body and "09:00" in body
    assert "Table 2" in body and "Table 1" in body and "press briefing" in body
    assert mail.outbox[0].subject.endswith("Meeting moved")


def test_a_time_one_side_is_busy_at_is_refused(schedule, day):
    messages = refused(schedule, day["meetings"]["ivan"], day["slots"][2], day["tables"][0])
    assert len(messages) == 1 and messages[0].startswith("Aysel Tester")  # named, not an id
    assert messages[0].endswith("(Caspian Trade) already has a meeting at Tue 24 September, 10:00.")


def test_a_table_taken_then_is_refused(schedule, day):
    refused(schedule, day["meetings"]["ivan"], day["slots"][1], day["tables"][0],
            "Table 1 is taken at Tue 24 September, 09:30 by another meeting.")


def test_a_meeting_that_needs_a_secure_room_does_not_go_to_a_table(schedule, day):
    room = schedule.secure_room()
    head = schedule.person("delegation-member", delegation=delegation_of(schedule))
    visitor = schedule.person(given="Leyla")
    meeting = place(schedule, schedule.request(head, visitor), day["slots"][0], room)
    refused(schedule, meeting, day["slots"][3], day["tables"][1],
            "Table 2 does not suit this meeting (it needs: secure room).")
    meeting_move(actor=schedule.organiser, meeting=meeting, slot=day["slots"][3], location=room, reason="Later")
    assert Meeting.objects.get(pk=meeting.pk).starts_at == baku(24, 10, 30)


def test_a_participant_not_available_then_or_at_their_maximum_is_refused(schedule, day):
    profile = MeetingProfile.objects.create(registration=day["ivan"], max_meetings=4)
    Availability.objects.create(profile=profile, day=datetime.date(2024, 9, 24), start=datetime.time(9),
                                end=datetime.time(10))
    refused(schedule, day["meetings"]["ivan"], day["slots"][3], day["tables"][1],
            "Ivan Petrov (Caspian Trade) is not available at Tue 24 September, 10:30.")
    MeetingProfile.objects.create(registration=day["aysel"], max_meetings=1)
    refused(schedule, day["meetings"]["kamal"], day["slots"][3], day["tables"][1],
            "would have more meetings than their maximum of 1 meeting.")


def test_a_change_of_halls_without_a_free_slot_between_is_refused_when_the_event_asks_it(schedule, day):
    other_hall = MeetingLocation.objects.create(event=schedule.event, code="C-01", name_en="Conference table",
                                                kind="table", hall=schedule.secure_hall)
    # Aysel's meeting with Kamal, moved next to her 09:00 one in the B2B hall, but in the conference hall
    refused(schedule, day["meetings"]["kamal"], day["slots"][1], other_hall,
            "would change halls between Tue 24 September, 09:00 and Tue 24 September, 09:30 without a free slot "
            "between.")
    MeetingSettings.objects.update_or_create(event=schedule.event, defaults={"hall_change_gap": False})
    meeting_move(actor=schedule.organiser, meeting=day["meetings"]["kamal"], slot=day["slots"][1],
                 location=other_hall, reason="Closer to the hall")


def test_the_time_agreed_on_a_proposal_stays_but_the_place_may_change(schedule, day):
    meeting = day["meetings"]["nigar"]
    meeting.request.proposed_slot = day["slots"][1]
    meeting.request.save()
    refused(schedule, meeting, day["slots"][3], day["tables"][1], "The participants agreed on this meeting's time")
    meeting_move(actor=schedule.organiser, meeting=meeting, slot=day["slots"][1], location=day["tables"][1],
                 reason="Table 1 is broken")
    assert Meeting.objects.get(pk=meeting.pk).location == day["tables"][1]


def test_what_other_meetings_already_break_does_not_refuse_a_move(schedule, day):
    """Ivan's profile now allows nothing before 10:00, where his published meeting already is: the
    published schedule breaks it, not the move of Nigar's meeting."""
    profile = MeetingProfile.objects.create(registration=day["ivan"])
    Availability.objects.create(profile=profile, day=datetime.date(2024, 9, 24), start=datetime.time(10),
                                end=datetime.time(11))
    meeting_move(actor=schedule.organiser, meeting=day["meetings"]["nigar"], slot=day["slots"][3],
                 location=day["tables"][0], reason="Later")


@pytest.mark.parametrize(("case", "said"), [
    ("begun", "This meeting has already begun: it can no longer be moved."),
    ("slot-passed", "This slot has already begun: choose one that is still ahead."),
    ("out-of-use", "Table 2 is out of use: choose another location."),
    ("same", "The meeting is already there: choose another time or location."),
    ("no-reason", "Give the reason for the move: the participants are told."),
    ("cancelled", "Only a scheduled meeting can be moved (this one is cancelled)."),
])
def test_a_move_that_cannot_be_is_refused_and_changes_nothing(schedule, day, settings, case, said):
    meeting = day["meetings"]["kamal"]  # 10:00 at T-02
    slot, location, reason = day["slots"][3], day["tables"][1], "Needed"
    if case == "begun":
        settings.PAVILION_CLOCK = "2024-09-24T10:10:00+04:00"
    elif case == "slot-passed":
        settings.PAVILION_CLOCK = "2024-09-24T09:40:00+04:00"
        slot = day["slots"][1]
    elif case == "out-of-use":
        MeetingLocation.objects.filter(pk=location.pk).update(is_active=False)
        location.refresh_from_db()
    elif case == "same":
        slot = day["slots"][2]
    elif case == "no-reason":
        reason = "  "
    else:
        Meeting.objects.filter(pk=meeting.pk).update(status="cancelled")
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as error:
        meeting_move(actor=schedule.organiser, meeting=meeting, slot=slot, location=location, reason=reason)
    assert error.value.messages == [said]
    assert Meeting.objects.get(pk=meeting.pk).slot_id == day["slots"][2].pk and AuditEntry.objects.count() == before


def test_only_the_organiser_moves(schedule, day, client):
    meeting = day["meetings"]["ivan"]
    with pytest.raises(PermissionDenied):
        meeting_move(actor=day["aysel"].person.user, meeting=meeting, slot=day["slots"][3], location=day["tables"][1],
                     reason="Mine")
    client.force_login(day["aysel"].person.user)
    response = client.post(reverse("meetings:schedule_meeting_move", args=[schedule.event.slug, meeting.pk]),
                           {"slot": day["slots"][3].pk, "location": day["tables"][1].pk, "reason": "Mine"})
    assert response.status_code == 403
    agenda = client.get(reverse("meetings:agenda", args=[schedule.event.slug, day["aysel"].pk])).content.decode()
    assert 'data-testid="move"' not in agenda
    assert Meeting.objects.get(pk=meeting.pk).slot == day["slots"][0]


def test_the_organiser_moves_from_the_agenda_page(schedule, day, client):
    client.force_login(schedule.organiser)
    agenda_url = reverse("meetings:agenda", args=[schedule.event.slug, day["aysel"].pk])
    page = client.get(agenda_url).content.decode()
    meeting = day["meetings"]["ivan"]
    assert page.count('data-testid="move"') == 2 and f'id="move-{meeting.pk}-slot"' in page
    url = reverse("meetings:schedule_meeting_move", args=[schedule.event.slug, meeting.pk])
    response = client.post(url, {"slot": day["slots"][2].pk, "location": day["tables"][0].pk, "reason": "Closer",
                                 "next": agenda_url}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302 and response.url == agenda_url
    said = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("already has a meeting at" in message for message in said)
    assert Meeting.objects.get(pk=meeting.pk).slot == day["slots"][0]
    response = client.post(url, {"slot": day["slots"][3].pk, "location": day["tables"][0].pk, "reason": "",
                                 "next": agenda_url})
    assert Meeting.objects.get(pk=meeting.pk).slot == day["slots"][0]
    response = client.post(url, {"slot": day["slots"][3].pk, "location": day["tables"][0].pk, "reason": "Later",
                                 "next": agenda_url})
    assert any("Meeting moved" in str(message) for message in get_messages(response.wsgi_request))
    assert Meeting.objects.get(pk=meeting.pk).slot == day["slots"][3]
