"""The JSON API says a request's export-control decision to each side as its page does (the requester
of a request in review reads that it is being checked and the reviewers' message, never their
instruction nor their internal reason; officers read everything), and accepting a proposed time
asks again whether both sides are still free then."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from pavilion.core.models import AuditEntry
from pavilion.core.services import api_token_create
from pavilion.meetings.compliance_labels import REVIEW_REFUSED, REVIEW_WAITING, compliance_text
from pavilion.meetings.models import Meeting, MeetingLocation, MeetingParticipant, MeetingRequest
from pavilion.meetings.services import requests as services
from pavilion.meetings.services import scheduling
from tests.meetings.factories import make_world, slots_of_the_show_day

Status = MeetingRequest.Status
Review = MeetingRequest.Review
INSTRUCTION = "screen the end user"
NOTE = "End user linked to a listed procurement network"
MESSAGE = "Please contact the organiser's compliance desk."
WAITING_EN = ("Your request is being checked by the organiser's export-control officers before it is sent. You will "
              "get an e-mail with the decision.")


@pytest.fixture
def world(db, settings):
    return make_world(settings)


def token(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Token {api_token_create(actor=None, user=user)}"}


def api(world, tail: str = "") -> str:
    return f"/api/v1/events/{world.event.slug}/meeting-requests{tail}"


def in_review(world) -> MeetingRequest:
    """The visitor's request about a missile, held for a compliance review (an advisory embargo only
    warns: the review is set as the engine sets it for a product it cannot classify)."""
    sent = services.request_send(actor=None, requester=world.visitor, counterpart=world.arms_staff2,
                                 products=[world.missile])
    MeetingRequest.objects.filter(pk=sent.pk).update(
        compliance="review", review=Review.WAITING,
        compliance_message="Compliance review needed before the meeting: screen the end user and the items.")
    sent.refresh_from_db()
    return sent


def read(client, world, user, request, language="en") -> dict:
    response = client.get(api(world, f"/{request.pk}"), HTTP_ACCEPT_LANGUAGE=language, **token(user))
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.parametrize("language", ["en", "az", "ru"])
def test_the_requester_reads_that_the_request_is_being_checked_in_their_language(client, world, language):
    sent = in_review(world)
    body = read(client, world, world.visitor_user, sent, language)
    with translation.override(language):
        assert body["compliance_message"] == str(REVIEW_WAITING)
    assert (body["compliance_message"] == WAITING_EN) == (language == "en")
    assert INSTRUCTION not in json.dumps(body, ensure_ascii=False)
    assert (body["compliance"], body["review"], body["compliance_rules"]) == ("review", "waiting", [])
    assert body["review_note"] is None
    listed = client.get(api(world), HTTP_ACCEPT_LANGUAGE=language, **token(world.visitor_user)).json()
    assert listed["items"][0]["compliance_message"] == body["compliance_message"]


def test_the_requester_reads_the_refusal_and_the_reviewers_message_never_their_reason(client, world):
    sent = in_review(world)
    services.request_review(actor=world.officer, request=sent, verdict="refuse", note=NOTE, message=MESSAGE)
    body = read(client, world, world.visitor_user, sent)
    assert body["compliance_message"] == "Your request was not sent: the export-control check refused it."
    assert body["review_message"] == MESSAGE and body["review_note"] is None
    assert NOTE not in json.dumps(body) and INSTRUCTION not in json.dumps(body)
    with translation.override("ru"):
        russian = str(REVIEW_REFUSED)
    assert russian != body["compliance_message"]
    assert read(client, world, world.visitor_user, sent, "ru")["compliance_message"] == russian


def test_officers_and_the_organiser_read_everything(client, world):
    sent = in_review(world)
    services.request_review(actor=world.officer, request=sent, verdict="refuse", note=NOTE, message=MESSAGE)
    for user in (world.officer, world.organiser):
        body = read(client, world, user, sent)
        assert INSTRUCTION in body["compliance_message"]
        assert (body["review_note"], body["review_message"]) == (NOTE, MESSAGE)


def test_the_counterpart_of_a_cleared_request_reads_no_review(client, world):
    sent = in_review(world)
    services.request_review(actor=world.officer, request=sent, verdict="clear", note="Checked the end user",
                            message="Cleared for you")
    requester = read(client, world, world.visitor_user, sent)
    assert (requester["compliance_message"], requester["review_message"]) == ("", "Cleared for you")
    counterpart = read(client, world, world.arms_user, sent)
    assert (counterpart["review"], counterpart["compliance_message"], counterpart["compliance_rules"]) == (
        "cleared", "", [])
    assert counterpart["review_message"] is None and counterpart["review_note"] is None
    listed = client.get(api(world, "?box=received"), **token(world.arms_user)).json()["items"][0]
    assert listed["review_message"] is None and "Checked the end user" not in json.dumps(listed)


def test_both_sides_read_a_warning_in_their_language_with_its_rules(client, world):
    sent = services.request_send(actor=None, requester=world.visitor, counterpart=world.arms_staff,
                                 products=[world.armour])
    assert sent.compliance == "warning"
    for user in (world.visitor_user, world.arms_user):
        body = read(client, world, user, sent, "az")
        with translation.override("az"):
            assert body["compliance_message"] == compliance_text(sent.compliance, sent.compliance_rules)
        assert body["compliance_message"] != sent.compliance_message  # not the engine's English
        assert body["compliance_rules"][0]["authority"] == "OSCE"
        assert body["review_note"] is None


def test_a_blocked_request_is_answered_in_the_callers_language(client, world):
    payload = json.dumps({"counterpart": world.arms_staff.pk, "as": world.belarus.pk, "products": [world.missile.pk]})
    response = client.post(api(world), payload, content_type="application/json", HTTP_ACCEPT_LANGUAGE="ru",
                           **token(world.liaison))
    assert response.status_code == 403
    blocked = MeetingRequest.objects.get()
    with translation.override("ru"):
        assert response.json()["detail"] == compliance_text(blocked.compliance, blocked.compliance_rules)
    assert "Blocked" not in response.json()["detail"]


def proposed_and_taken_since(world):
    """The visitor's request to the rescue boat maker, answered with 09:30; a meeting of one side
    published at 09:30 afterwards (another request's)."""
    slots = slots_of_the_show_day(world)
    sent = services.request_send(actor=None, requester=world.visitor, counterpart=world.rescue_staff)
    services.request_propose(actor=None, request=sent, slot=slots[1])
    table = MeetingLocation.objects.create(event=world.event, code="T-1", name_en="Table 1")
    other = services.request_send(actor=None, requester=world.media, counterpart=world.rescue_staff)
    busy = Meeting.objects.create(event=world.event, request=other, status="scheduled", slot=slots[1], location=table,
                                  starts_at=slots[1].starts_at, ends_at=slots[1].ends_at)
    MeetingParticipant.objects.create(meeting=busy, registration=world.rescue_staff)
    MeetingParticipant.objects.create(meeting=busy, registration=world.media)
    return sent, busy


def test_a_proposed_time_taken_since_by_a_published_meeting_cannot_be_accepted(world):
    sent, busy = proposed_and_taken_since(world)
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as error:
        services.request_accept_proposal(actor=None, request=sent)
    assert error.value.messages == ["One of you already has a meeting at this time: choose another."]
    sent.refresh_from_db()
    assert sent.status == Status.PROPOSED and AuditEntry.objects.count() == before
    scheduling.meeting_cancel(actor=None, meeting=busy, reason="The exhibitor's staff member fell ill")
    assert services.request_accept_proposal(actor=None, request=sent).status == Status.ACCEPTED


def test_the_api_and_the_page_say_why_a_taken_time_is_not_accepted(client, world):
    sent, _busy = proposed_and_taken_since(world)
    response = client.post(api(world, f"/{sent.pk}/accept-proposal"), HTTP_ACCEPT_LANGUAGE="az",
                           **token(world.visitor_user))
    assert response.status_code == 400
    assert response.json()["detail"] == "Sizdən birinin bu vaxt artıq görüşü var: başqasını seçin."
    client.force_login(world.visitor_user)
    page = client.post(reverse("meetings:request_action", args=[world.event.slug, sent.pk, "accept-proposal"]),
                       follow=True).content.decode()
    assert "One of you already has a meeting at this time" in page
    sent.refresh_from_db()
    assert sent.status == Status.PROPOSED
