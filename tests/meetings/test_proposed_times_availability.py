"""A time proposed by hand must be one the scheduling run can keep: within the times every participant
of the request can meet (their meeting profile's periods, a delegation member's stay). Before, a time
outside them could be proposed and accepted, and every run then left the accepted request out. The
API gives the request's times at the venue, as every other time of the API."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from pavilion.core.models import AuditEntry
from pavilion.core.services import api_token_create
from pavilion.meetings.models import Availability, MeetingProfile, MeetingRequest
from pavilion.meetings.services import requests as services
from pavilion.meetings.services.scheduling_problem import build_problem
from tests.meetings.factories import make_world, slots_of_the_show_day

Status = MeetingRequest.Status
OUTSIDE = "This time is outside the times one of you can meet"
DAY = datetime.date(2024, 9, 24)


@pytest.fixture
def world(db, settings):
    return make_world(settings)


def available(registration, start: datetime.time, end: datetime.time, day=DAY) -> None:
    profile, _created = MeetingProfile.objects.get_or_create(registration=registration)
    profile.availability.all().delete()
    Availability.objects.create(profile=profile, day=day, start=start, end=end)


def test_a_time_outside_the_requesters_profile_is_not_proposed_and_one_inside_is(world):
    slots = slots_of_the_show_day(world)  # 09:00, 09:30, 10:00, 10:30 (the clock: 24 September, before 09:00)
    available(world.visitor, datetime.time(10), datetime.time(11))
    sent = services.request_send(actor=None, requester=world.visitor, counterpart=world.rescue_staff)
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as error:
        services.request_propose(actor=None, request=sent, slot=slots[1])
    assert OUTSIDE in error.value.messages[0]
    sent.refresh_from_db()
    assert (sent.status, sent.proposed_slot) == (Status.PENDING, None) and AuditEntry.objects.count() == before
    proposed = services.request_propose(actor=None, request=sent, slot=slots[2])
    assert proposed.status == Status.PROPOSED
    accepted = services.request_accept_proposal(actor=None, request=proposed)
    assert accepted.status == Status.ACCEPTED
    # The run's input allows the request exactly that slot, and the requester has it among their times.
    built = build_problem(world.event)
    meeting = next(item for item in built.spec["meetings"] if built.planned[item["id"]].request_id == sent.pk)
    assert meeting["slots"] == [built.slot_order[2]]


def test_a_profile_changed_after_the_proposal_stops_its_acceptance(world):
    slots = slots_of_the_show_day(world)
    sent = services.request_send(actor=None, requester=world.visitor, counterpart=world.rescue_staff)
    services.request_propose(actor=None, request=sent, slot=slots[0])
    available(world.rescue_staff, datetime.time(10), datetime.time(11))  # the proposer narrows their own times
    with pytest.raises(ValidationError) as error:
        services.request_accept_proposal(actor=None, request=sent)
    assert OUTSIDE in error.value.messages[0]
    sent.refresh_from_db()
    assert sent.status == Status.PROPOSED


def test_a_two_slot_meeting_needs_both_slots_within_the_times(world):
    slots = slots_of_the_show_day(world)
    available(world.visitor, datetime.time(9), datetime.time(10))
    sent = services.request_send(actor=None, requester=world.visitor, counterpart=world.rescue_staff)
    MeetingRequest.objects.filter(pk=sent.pk).update(length=2)
    sent.refresh_from_db()
    with pytest.raises(ValidationError):
        services.request_propose(actor=None, request=sent, slot=slots[1])  # 09:30–10:30 runs past 10:00
    assert services.request_propose(actor=None, request=sent, slot=slots[0]).status == Status.PROPOSED


def test_a_delegation_members_stay_bounds_the_times_proposed(world):
    slots = slots_of_the_show_day(world)
    delegation = world.belarus.delegation
    delegation.arrival = slots[2].starts_at  # arrives at 10:00
    delegation.save(update_fields=["arrival"])
    sent = services.request_send(actor=None, requester=world.rescue_staff, counterpart=world.belarus)
    with pytest.raises(ValidationError) as error:
        services.request_propose(actor=None, request=sent, slot=slots[0])
    assert OUTSIDE in error.value.messages[0]
    assert services.request_propose(actor=None, request=sent, slot=slots[3]).proposed_slot == slots[3]


def test_the_page_offers_only_the_times_both_can_meet(world, client):
    slots = slots_of_the_show_day(world)
    available(world.visitor, datetime.time(9, 30), datetime.time(10, 30))
    sent = services.request_send(actor=None, requester=world.visitor, counterpart=world.arms_staff)
    client.force_login(world.arms_user)
    page = client.get(f"/events/{world.event.slug}/meetings/requests/{sent.pk}/").content.decode()
    assert [slot.pk for slot in slots if f'<option value="{slot.pk}"' in page] == [slots[1].pk, slots[2].pk]
    # A time sent from an older page is refused by the service, saying why, and nothing changes.
    response = client.post(f"/events/{world.event.slug}/meetings/requests/{sent.pk}/propose/",
                           {"slot": slots[3].pk, "message": ""})
    assert response.status_code == 400 and OUTSIDE in response.content.decode()
    sent.refresh_from_db()
    assert (sent.status, sent.proposed_slot) == (Status.PENDING, None)


def test_the_api_gives_the_requests_times_at_the_venue(world, client):
    slots = slots_of_the_show_day(world)
    sent = services.request_send(actor=None, requester=world.visitor, counterpart=world.rescue_staff)
    services.request_propose(actor=None, request=sent, slot=slots[0])
    response = client.get(f"/api/v1/events/{world.event.slug}/meeting-requests/{sent.pk}",
                          HTTP_AUTHORIZATION=f"Token {api_token_create(actor=None, user=world.visitor_user)}")
    assert response.status_code == 200
    body = response.json()
    assert body["proposed_slot"] == "2024-09-24T09:00:00+04:00"
    assert body["created_at"].endswith("+04:00") and body["responded_at"].endswith("+04:00")


@pytest.mark.parametrize(("language", "day"), [("en", "25 September 2024"), ("ru", "25 сентября 2024")])
def test_the_profile_page_writes_the_days_in_words_in_its_labels_and_messages(world, client, language, day):
    client.force_login(world.visitor_user)
    url = f"/events/{world.event.slug}/meetings/profile/"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert day in page and "2024-09-25" not in page.replace('name="start_20240925"', "")
    refused = client.post(url, {"is_listed": "on", "start_20240925": "09:00"}, HTTP_ACCEPT_LANGUAGE=language)
    assert refused.status_code == 200
    message = {"en": f"Give both times of {day}, or neither.",
               "ru": f"Укажите оба времени для {day} или не указывайте ни одного."}[language]
    assert message in refused.content.decode()
    assert not MeetingProfile.objects.filter(registration=world.visitor).exists()
