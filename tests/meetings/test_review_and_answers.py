"""The compliance review seen from each side (a refusal cannot be got round, the reviewers' reason stays
theirs, the requester is told), the answers a request may no longer take (a time that cannot hold the
meeting, an exhibitor withdrawn), and the wording of the meeting pages."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from pavilion.core.models import AuditEntry
from pavilion.exhibitors.models import Exhibitor
from pavilion.meetings.forms.requests import ProposeForm
from pavilion.meetings.models import Meeting, MeetingLocation, MeetingParticipant, MeetingRequest
from pavilion.meetings.services import requests as services
from pavilion.meetings.services.profiles import ProfileData, profile_save
from tests.factories import ProductFactory
from tests.meetings.factories import make_world, slots_of_the_show_day

Status = MeetingRequest.Status
Review = MeetingRequest.Review


@pytest.fixture
def world(db, settings):
    return make_world(settings)


def page(client, user, world, request) -> str:
    client.force_login(user)
    response = client.get(reverse("meetings:request_detail", args=[world.event.slug, request.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_blocked_request_cannot_be_got_round_by_naming_an_uncontrolled_product(client, world):
    blocked = services.request_send(actor=None, requester=world.belarus, counterpart=world.arms_staff,
                                    products=[world.missile])
    assert blocked.status == Status.BLOCKED
    harmless = ProductFactory(exhibitor=world.arms, name_en="Field kitchen", category=world.boat.category,
                              control="none")
    # the same person, another product and another member of the same company's staff
    again = services.request_send(actor=None, requester=world.belarus, counterpart=world.arms_staff2,
                                  products=[harmless])
    assert again.status == Status.PENDING and again.compliance == "review" and again.review == Review.WAITING
    reviewer_page = page(client, world.officer, world, again)
    assert 'data-testid="refusal-history"' in reviewer_page and f"#{blocked.pk}" in reviewer_page
    requester_page = page(client, world.liaison, world, again)
    assert "is being checked by the organiser's export-control officers" in requester_page
    assert "screen the end user" not in requester_page and 'data-testid="refusal-history"' not in requester_page


def test_a_request_with_no_refusal_behind_it_goes_straight_through(world):
    harmless = ProductFactory(exhibitor=world.arms, name_en="Field kitchen", category=world.boat.category,
                              control="none")
    sent = services.request_send(actor=None, requester=world.belarus, counterpart=world.arms_staff2,
                                 products=[harmless])
    assert sent.review == Review.NOT_NEEDED and sent.status == Status.PENDING


def waiting(world) -> MeetingRequest:
    sent = services.request_send(actor=None, requester=world.visitor, counterpart=world.arms_staff2,
                                 products=[world.missile])
    if sent.review != Review.WAITING:  # the visitor's country is under an advisory embargo only: a person decides
        MeetingRequest.objects.filter(pk=sent.pk).update(compliance="review", review=Review.WAITING)
        sent.refresh_from_db()
    return sent


def test_the_reviewers_reason_stays_theirs_and_the_requester_is_told_of_a_refusal(
        client, world, django_capture_on_commit_callbacks):
    sent = waiting(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_review(actor=world.officer, request=sent, verdict="refuse",
                                note="End user linked to a listed procurement network",
                                message="Please contact the organiser's compliance desk.")
    assert [message.to for message in mail.outbox] == [[world.visitor.person.email]]
    told = mail.outbox[0]
    assert "was not sent" in told.subject and "the export-control check refused it" in told.body
    assert "compliance desk" in told.body and "procurement network" not in told.body
    requester_page = page(client, world.visitor_user, world, sent)
    assert "Your request was not sent: the export-control check refused it." in requester_page
    assert "compliance desk" in requester_page and "procurement network" not in requester_page
    reviewer_page = page(client, world.officer, world, sent)
    assert "procurement network" in reviewer_page and "compliance desk" in reviewer_page


def test_a_cleared_request_tells_the_requester_it_is_sent(world, django_capture_on_commit_callbacks):
    sent = waiting(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_review(actor=world.officer, request=sent, verdict="clear")
    to_requester = next(message for message in mail.outbox if message.to == [world.visitor.person.email])
    assert "is sent" in to_requester.subject and world.arms_staff2.person.full_name in to_requester.body


def test_the_review_form_asks_for_both_the_reason_and_the_message(client, world):
    sent = waiting(world)
    client.force_login(world.officer)
    response = client.post(reverse("meetings:review_decide", args=[world.event.slug, sent.pk]), {
        "verdict": "refuse", "note": "internal", "message": "for you"})
    assert response.status_code == 302
    sent.refresh_from_db()
    assert (sent.review_note, sent.review_message, sent.status) == ("internal", "for you", Status.BLOCKED)


def test_an_exhibitor_is_told_a_request_it_cannot_see_is_being_checked(world):
    sent = waiting(world)
    before = (MeetingRequest.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError) as error:
        services.request_send(actor=None, requester=world.arms_staff2, counterpart=world.visitor)
    assert error.value.messages == ["This participant has already asked to meet you; their request is being "
                                    "checked and will reach you if it is cleared."]
    assert (MeetingRequest.objects.count(), AuditEntry.objects.count()) == before
    services.request_review(actor=world.officer, request=sent, verdict="clear")
    with pytest.raises(ValidationError, match="There is already an open request"):
        services.request_send(actor=None, requester=world.arms_staff2, counterpart=world.visitor)


def test_staff_of_a_withdrawn_exhibitor_accept_nothing_more(world, settings):
    slots = slots_of_the_show_day(world)
    received = services.request_send(actor=None, requester=world.visitor, counterpart=world.rescue_staff)
    answered = services.request_send(actor=None, requester=world.rescue_staff, counterpart=world.other_visitor)
    services.request_propose(actor=None, request=answered, slot=slots[0])
    Exhibitor.objects.filter(pk=world.rescue.pk).update(status=Exhibitor.Status.WITHDRAWN)
    with pytest.raises(ValidationError, match="is withdrawn from"):
        services.request_accept(actor=None, request=received)
    with pytest.raises(ValidationError, match="is withdrawn from"):
        services.request_accept_proposal(actor=None, request=answered)
    assert set(MeetingRequest.objects.filter(pk__in=[received.pk, answered.pk]).values_list("status", flat=True)) \
        == {Status.PENDING, Status.PROPOSED}


def test_another_time_must_hold_the_whole_meeting_and_be_free_for_both(world):
    slots = slots_of_the_show_day(world)  # 09:00, 09:30, 10:00, 10:30
    sent = services.request_send(actor=None, requester=world.visitor, counterpart=world.rescue_staff, length=2)
    with pytest.raises(ValidationError) as error:
        services.request_propose(actor=None, request=sent, slot=slots[3])
    assert error.value.messages == ["This time cannot hold a meeting of 2 slots: choose another."]
    table = MeetingLocation.objects.create(event=world.event, code="T-1", name_en="Table 1")
    other = services.request_send(actor=None, requester=world.media, counterpart=world.rescue_staff)
    busy = Meeting.objects.create(event=world.event, request=other, status="scheduled", slot=slots[1], location=table,
                                  starts_at=slots[1].starts_at, ends_at=slots[1].ends_at)
    MeetingParticipant.objects.create(meeting=busy, registration=world.rescue_staff)
    with pytest.raises(ValidationError, match="already has a meeting at this time"):
        services.request_propose(actor=None, request=sent, slot=slots[0])  # 09:00-10:00 meets 09:30
    sent.refresh_from_db()
    assert sent.status == Status.PENDING and sent.proposed_slot is None
    assert services.request_propose(actor=None, request=sent, slot=slots[2]).status == Status.PROPOSED
    form = ProposeForm(event=world.event, length=2)
    labels = [label for _value, label in form.fields["slot"].choices if _value]
    assert len(labels) == 3 and labels[0].endswith("09:00–10:00")


def test_the_request_page_words_the_embargo_note(client, world):
    sent = services.request_send(actor=None, requester=world.visitor, counterpart=world.arms_staff,
                                 products=[world.missile])
    assert any(rule.get("note") == "as for AM" for rule in sent.compliance_rules)
    assert "as for AM" not in page(client, world.visitor_user, world, sent)


def test_meeting_profile_errors_give_days_as_the_reader_writes_them(world):
    day = datetime.date(2024, 9, 24)
    with pytest.raises(ValidationError) as error:
        profile_save(actor=None, registration=world.visitor, data=ProfileData(
            availability=[(day, datetime.time(12), datetime.time(11))]))
    assert "2024-09-24" not in " ".join(error.value.messages) and "24 September 2024" in " ".join(error.value.messages)


def test_cancelling_a_request_tells_the_counterpart_it_reached(world, django_capture_on_commit_callbacks):
    slots = slots_of_the_show_day(world)
    pending = services.request_send(actor=None, requester=world.visitor, counterpart=world.rescue_staff)
    accepted = services.request_send(actor=None, requester=world.media, counterpart=world.rescue_staff)
    services.request_accept(actor=None, request=accepted)
    proposed = services.request_send(actor=None, requester=world.other_visitor, counterpart=world.rescue_staff)
    services.request_propose(actor=None, request=proposed, slot=slots[0])
    unseen = waiting(world)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for request in (pending, accepted, proposed, unseen):
            services.request_cancel(actor=None, request=request)
    assert [message.to for message in mail.outbox] == [[world.rescue_staff.person.email]] * 3
    assert all("cancelled the meeting request" in message.subject for message in mail.outbox)
    assert world.visitor.person.full_name in mail.outbox[0].subject
