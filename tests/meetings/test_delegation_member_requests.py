"""Requests addressed to a delegation's members other than its head. Members rarely have an account, so
the delegation's liaison answers them (accept, decline, propose another time) on the same request pages
and in the API, "for <member> of <delegation>", and is the one the e-mails ask; new requests still go out
in the head's name only. A member nobody answers for (no account, no liaison) is refused at creation and
offered to no one; a member whose registration is not approved takes no request."""

import json

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from pavilion.core import roles
from pavilion.core.services import api_token_create
from pavilion.exhibitors.models import CompanyMember
from pavilion.meetings.models import MeetingRequest
from pavilion.meetings.selectors.profiles import acting_participants
from pavilion.meetings.services import requests as services
from pavilion.registrations.models import Delegation, Registration
from tests.factories import UserFactory
from tests.meetings.factories import make_world, participant

Status = MeetingRequest.Status


@pytest.fixture
def world(db, settings):
    world = make_world(settings)
    settings.PAVILION_SITE_URL = "https://pavilion.example.test"
    # The Belarusian delegation (its liaison: world.liaison) has a procurement director besides its head,
    # with no account; the Iraqi one has no liaison, and an adviser without an account either.
    world.director = participant(world.event, "delegation-member", nationality="BY",
                                 delegation=world.belarus.delegation, protocol_order=2)
    world.iraqi_adviser = participant(world.event, "delegation-member", nationality="IQ",
                                      delegation=world.iraq.delegation, protocol_order=2)
    # The rescue exhibitor (nothing controlled: its requests reach the Belarusians) and its admin.
    world.rescue_user = UserFactory(username="rescueadmin", role=roles.EXHIBITOR_ADMIN)
    CompanyMember.objects.create(company=world.rescue.company, user=world.rescue_user, role=CompanyMember.Role.ADMIN)
    world.rescue_staff2 = participant(world.event, "exhibitor-staff", exhibitor=world.rescue)
    return world


def url(world, tail: str = "") -> str:
    return f"/events/{world.event.slug}/meetings/{tail}"


def api(world, tail: str = "") -> str:
    return f"/api/v1/events/{world.event.slug}/meeting-requests{tail}"


def token(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Token {api_token_create(actor=None, user=user)}"}


def to_director(world) -> MeetingRequest:
    """The rescue exhibitor's request (sent by its company admin) to the Belarusian procurement director."""
    return services.request_send(actor=world.rescue_user, requester=world.rescue_staff, counterpart=world.director,
                                 message="A demonstration at our stand?")


def for_line(world) -> str:
    return f"For {world.director.person.full_name} of the delegation {world.belarus.delegation}"


# The liaison sees and answers on the pages.

def test_the_liaison_sees_and_accepts_a_request_to_a_member_on_the_request_pages(world, client):
    sent = to_director(world)
    assert sent.status == Status.PENDING
    client.force_login(world.liaison)
    listing = client.get(url(world, "requests/")).content.decode()
    assert f'data-request="{sent.pk}"' in listing and world.director.person.full_name in listing
    # The member is one of the liaison's choices; their list says whose requests they are.
    only = client.get(url(world, f"requests/?as={world.director.pk}")).content.decode()
    assert f'data-request="{sent.pk}"' in only and 'data-testid="answered-for"' in only
    assert f'<option value="{world.director.pk}" selected>' in only and '<option value="" selected>' not in only
    assert f'requests/new/?as={world.director.pk}"' not in only  # nothing is sent in the member's name
    page = client.get(url(world, f"requests/{sent.pk}/"))
    assert page.status_code == 200
    body = page.content.decode()
    assert for_line(world) in body and "/accept/" in body and "/propose/" in body
    response = client.post(url(world, f"requests/{sent.pk}/accept/"))
    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.status == Status.ACCEPTED
    # The exhibitor reads the answer on its own page, without the liaison's line.
    client.force_login(world.rescue_user)
    theirs = client.get(url(world, f"requests/{sent.pk}/")).content.decode()
    assert 'data-status="accepted"' in theirs and 'data-testid="answered-for"' not in theirs


def test_the_liaison_declines_or_proposes_another_time_for_a_member(world, client):
    declined, proposed = to_director(world), services.request_send(
        actor=world.rescue_user, requester=world.rescue_staff2, counterpart=world.director)
    client.force_login(world.liaison)
    client.post(url(world, f"requests/{declined.pk}/decline/"), {"message": "The director is not in Baku."})
    client.post(url(world, f"requests/{proposed.pk}/propose/"), {"message": "Thursday afternoon?"})
    declined.refresh_from_db()
    proposed.refresh_from_db()
    assert (declined.status, declined.response) == (Status.DECLINED, "The director is not in Baku.")
    assert (proposed.status, proposed.response) == (Status.PROPOSED, "Thursday afternoon?")


def test_the_head_s_requests_show_the_liaison_s_line_too(world, client):
    sent = services.request_send(actor=world.rescue_user, requester=world.rescue_staff, counterpart=world.belarus)
    client.force_login(world.liaison)
    body = client.get(url(world, f"requests/{sent.pk}/")).content.decode()
    assert f"For {world.belarus.person.full_name} of the delegation" in body


# The API.

def test_the_liaison_lists_and_answers_a_member_s_request_in_the_api(world, client):
    sent, other = to_director(world), services.request_send(actor=world.rescue_user, requester=world.rescue_staff2,
                                                             counterpart=world.director)
    headers = token(world.liaison)
    listed = client.get(api(world), **headers).json()
    assert {sent.pk, other.pk} <= {item["id"] for item in listed["items"]}
    received = client.get(api(world), {"as": world.director.pk, "box": "received"}, **headers).json()
    assert sorted(item["id"] for item in received["items"]) == sorted([sent.pk, other.pk])
    accepted = client.post(api(world, f"/{sent.pk}/accept"), **headers)
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    declined = client.post(api(world, f"/{other.pk}/decline"), json.dumps({"message": "Sorry"}),
                           content_type="application/json", **headers)
    assert declined.status_code == 200 and declined.json()["response"] == "Sorry"
    # The requester reads the answer.
    read = client.get(api(world, f"/{sent.pk}"), **token(world.rescue_user)).json()
    assert read["status"] == "accepted" and read["counterpart"] == world.director.pk


def test_the_api_sends_nothing_in_a_member_s_name(world, client):
    response = client.post(api(world), json.dumps({"counterpart": world.arms_staff.pk, "as": world.director.pk}),
                           content_type="application/json", **token(world.liaison))
    assert response.status_code == 400 and "as" in response.json()["detail"]
    assert not MeetingRequest.objects.exists()


# Another delegation's liaison, and sending.

def test_the_liaison_of_another_delegation_cannot_see_or_answer(world, client):
    sent = to_director(world)
    other = UserFactory(username="other-liaison", role=roles.DELEGATION_LIAISON)
    Delegation.objects.filter(pk=world.iraq.delegation_id).update(liaison=other)
    client.force_login(other)
    assert client.get(url(world, f"requests/{sent.pk}/")).status_code == 404
    assert client.post(url(world, f"requests/{sent.pk}/accept/")).status_code == 404
    assert f'data-request="{sent.pk}"' not in client.get(url(world, "requests/")).content.decode()
    assert client.post(api(world, f"/{sent.pk}/accept"), **token(other)).status_code == 404
    with pytest.raises(PermissionDenied):
        services.request_accept(actor=other, request=sent)
    sent.refresh_from_db()
    assert sent.status == Status.PENDING


def test_new_requests_still_go_out_in_the_head_s_name_only(world, client):
    assert acting_participants(world.liaison, world.event) == [world.belarus]
    with pytest.raises(PermissionDenied):
        services.request_send(actor=world.liaison, requester=world.director, counterpart=world.rescue_staff)
    client.force_login(world.liaison)
    assert client.get(url(world, f"requests/new/?as={world.director.pk}")).status_code == 403
    assert not MeetingRequest.objects.exists()


def test_the_liaison_takes_the_other_time_or_cancels_a_request_a_member_sent(world, client):
    """A member's request sent before (by the organiser's tools, or from an account of their own): the
    liaison looks after it as the requester would."""
    first = services.request_send(actor=None, requester=world.director, counterpart=world.rescue_staff)
    second = services.request_send(actor=None, requester=world.director, counterpart=world.rescue_staff2)
    services.request_propose(actor=world.rescue_user, request=first, message="Friday at ten?")
    client.force_login(world.liaison)
    assert for_line(world) in client.get(url(world, f"requests/{first.pk}/")).content.decode()
    client.post(url(world, f"requests/{first.pk}/accept-proposal/"))
    client.post(url(world, f"requests/{second.pk}/cancel/"))
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Status.ACCEPTED, Status.CANCELLED)


# The e-mails.

def test_the_e_mails_about_a_member_s_request_go_to_the_liaison(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sent = to_director(world)
    [received] = mail.outbox
    assert received.to == [world.liaison.email]
    assert world.director.person.full_name in received.subject and f"/requests/{sent.pk}/" in received.body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.request_propose(actor=world.liaison, request=sent, message="Thursday afternoon?")
    # The answer goes to the exhibitor's staff member it was sent for, not to the liaison.
    [answered] = mail.outbox
    assert answered.to == [world.rescue_staff.person.email] and "Thursday afternoon?" in answered.body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.request_cancel(actor=world.rescue_user, request=sent)
    assert [message.to for message in mail.outbox] == [[world.liaison.email]]


# Export control: the member's delegation decides.

def test_the_member_s_delegation_decides_the_export_control_outcome(world):
    """The director holds an Azerbaijani passport but stands for Belarus (EU full embargo): the arms
    exhibitor's request to him is blocked under the rules for Belarus, as one to the head is, while one
    to an Azerbaijani visitor is not. The liaison, who answers, has no part in the decision."""
    world.director.person.nationality = "AZ"
    world.director.person.save(update_fields=["nationality"])
    blocked = services.request_send(actor=world.arms_user, requester=world.arms_staff, counterpart=world.director)
    to_head = services.request_send(actor=world.arms_user, requester=world.arms_staff2, counterpart=world.belarus)
    assert blocked.status == to_head.status == Status.BLOCKED
    assert {rule["target"] for rule in blocked.compliance_rules} == {"BY"}
    to_visitor = services.request_send(actor=world.arms_user, requester=world.arms_staff, counterpart=world.visitor)
    assert to_visitor.status == Status.PENDING


# Refusals.

def test_a_member_nobody_answers_for_is_refused_at_creation(world, client):
    """The Iraqi delegation has no liaison and its adviser no account: nobody could answer."""
    with pytest.raises(ValidationError) as error:
        services.request_send(actor=world.arms_user, requester=world.arms_staff, counterpart=world.iraqi_adviser)
    message = " ".join(error.value.messages)
    assert world.iraqi_adviser.person.full_name in message and "no liaison officer" in message
    response = client.post(api(world), json.dumps({"counterpart": world.iraqi_adviser.pk}),
                           content_type="application/json", **token(world.arms_user))
    assert response.status_code == 400 and "no liaison officer" in response.json()["detail"]
    client.force_login(world.arms_user)
    form = client.get(url(world, f"requests/new/?to={world.iraqi_adviser.pk}")).content.decode()
    assert "no liaison officer" in form and 'name="message"' not in form
    # Nor is the adviser offered in the directory of whom one can request.
    found = client.get(url(world, "requests/new/"), {"q": world.iraqi_adviser.person.family_name}).content.decode()
    assert f"to={world.iraqi_adviser.pk}" not in found
    assert not MeetingRequest.objects.exists()


def test_a_member_with_an_account_of_their_own_is_answered_without_a_liaison(world):
    world.iraqi_adviser.person.user = UserFactory(username="iraqi-adviser")
    world.iraqi_adviser.person.save(update_fields=["user"])
    sent = services.request_send(actor=world.rescue_user, requester=world.rescue_staff,
                                 counterpart=world.iraqi_adviser)
    services.request_accept(actor=world.iraqi_adviser.person.user, request=sent)
    sent.refresh_from_db()
    assert sent.status == Status.ACCEPTED


def test_a_member_whose_registration_is_not_approved_is_refused_at_creation(world):
    pending = participant(world.event, "delegation-member", delegation=world.belarus.delegation, protocol_order=3,
                          status=Registration.Status.IN_REVIEW)
    with pytest.raises(ValidationError) as error:
        services.request_send(actor=world.arms_user, requester=world.arms_staff, counterpart=pending)
    assert "only approved registrations take meetings" in " ".join(error.value.messages)


def test_a_member_withdrawn_after_the_request_is_declined_by_the_liaison_not_accepted(world, client):
    sent = to_director(world)
    Registration.objects.filter(pk=world.director.pk).update(status=Registration.Status.CANCELLED)
    with pytest.raises(ValidationError) as error:
        services.request_accept(actor=world.liaison, request=sent)
    assert "no longer approved" in " ".join(error.value.messages)
    client.force_login(world.liaison)
    assert f'data-request="{sent.pk}"' in client.get(url(world, "requests/")).content.decode()
    client.post(url(world, f"requests/{sent.pk}/decline/"), {"message": "The director does not come."})
    sent.refresh_from_db()
    assert sent.status == Status.DECLINED


def test_the_liaison_s_request_list_costs_the_same_queries_for_few_and_many_members(world, client,
                                                                                      django_assert_num_queries):
    to_director(world)
    client.force_login(world.liaison)
    with django_assert_num_queries(11):
        assert client.get(url(world, "requests/")).status_code == 200
    for order in (3, 4, 5):
        member = participant(world.event, "delegation-member", nationality="BY", delegation=world.belarus.delegation,
                             protocol_order=order)
        services.request_send(actor=world.rescue_user, requester=world.rescue_staff2, counterpart=member)
        Registration.objects.filter(pk=member.pk).update(status=Registration.Status.CANCELLED if order == 5
                                                         else Registration.Status.APPROVED)
    with django_assert_num_queries(11):
        page = client.get(url(world, "requests/")).content.decode()
    assert page.count("data-request=") == 4
