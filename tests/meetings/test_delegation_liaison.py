"""A delegation's liaison looks after its meetings. The e-mails that ask for an answer on a request's
page reach the liaison, who answers there for every member, not the member, who has no account; the meeting
e-mails (the published schedule, a meeting cancelled or moved) reach the member and the liaison, who
sees the agenda of every approved member, opens it from the delegation's list and cancels its
meetings, while the requests stay in the head's name."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from pavilion.core import roles
from pavilion.core.models import AccountPreference
from pavilion.meetings import notifications
from pavilion.meetings.models import Meeting, MeetingRequest
from pavilion.meetings.selectors.profiles import acting_participants
from pavilion.meetings.services import scheduling
from pavilion.registrations.models import Delegation, Registration
from tests.factories import UserFactory
from tests.meetings.schedule_factories import delegation_of, schedule_fixture  # noqa: F401

Status = MeetingRequest.Status
SITE = "https://pavilion.example.test"


@pytest.fixture
def delegation(schedule, settings):
    """A delegation whose liaison (an account that reads Russian) acts for its head, who has no
    account; a second approved member; a member rejected and one cancelled; and a visitor."""
    settings.PAVILION_SITE_URL = SITE
    schedule.slots()
    schedule.tables(2)
    schedule.secure_room()
    liaison = UserFactory(username="liaison", first_name="Tural", role=roles.DELEGATION_LIAISON)
    AccountPreference.objects.create(user=liaison, language="ru")
    group = delegation_of(schedule)
    group.liaison = liaison
    group.save()

    def member(given, order, status=Registration.Status.APPROVED):
        registration = schedule.person("delegation-member", given=given, family="Nowak", delegation=group,
                                       status=status, organisation="Ministry of Defence")
        Registration.objects.filter(pk=registration.pk).update(protocol_order=order)
        registration.protocol_order = order
        return registration

    head, adviser = member("Jan", 1), member("Marta", 2)
    rejected = member("Piotr", 3, Registration.Status.REJECTED)
    cancelled = member("Ewa", 4, Registration.Status.CANCELLED)
    visitor = schedule.person(given="Leyla", family="Visitor", user=UserFactory(username="leyla"))
    return {"liaison": liaison, "delegation": group, "head": head, "adviser": adviser, "rejected": rejected,
            "cancelled": cancelled, "visitor": visitor}


@pytest.fixture
def placed(schedule, delegation, django_capture_on_commit_callbacks):
    """The visitor's accepted requests to the head and to the adviser, placed by a published schedule
    (its e-mails in mail.outbox)."""
    to_head = schedule.request(delegation["visitor"], delegation["head"])
    to_adviser = schedule.request(delegation["visitor"], delegation["adviser"])
    with django_capture_on_commit_callbacks(execute=True):
        schedule.publish(schedule.run())
    meetings = {request: Meeting.objects.get(request=request, status="scheduled") for request in (to_head, to_adviser)}
    return {**delegation, "to_head": meetings[to_head], "to_adviser": meetings[to_adviser]}


def sent_to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]


def agenda_url(schedule, registration) -> str:
    return reverse("meetings:agenda", args=[schedule.event.slug, registration.pk])


# The e-mails that ask for an answer: to the liaison, who acts for the head.

def test_a_request_to_the_head_asks_the_liaison_not_the_head(schedule, delegation):
    head, liaison = delegation["head"], delegation["liaison"]
    request = schedule.request(delegation["visitor"], head, status=Status.PENDING)
    assert notifications.request_received(request.pk) == 1
    [received] = mail.outbox
    assert received.to == [liaison.email]
    assert head.person.email not in received.to
    # In the liaison's account's language, greeting them, naming the member it is about.
    assert "запрос на встречу" in received.subject and head.person.full_name in received.subject
    greeting, note = received.body.split("\n\n")[:2]
    assert "Tural" in greeting
    assert head.person.full_name in note and delegation["delegation"].sending_body in note
    assert f"{SITE}/events/{schedule.event.slug}/meetings/requests/{request.pk}/" in received.body


def test_a_line_break_in_the_member_s_name_leaves_the_liaison_s_subject_one_line(schedule, delegation):
    head = delegation["head"]
    head.person.given_name = "Jan\nBcc: someone@example.test"
    head.person.save(update_fields=["given_name"])
    request = schedule.request(delegation["visitor"], head, status=Status.PENDING)
    assert notifications.request_received(request.pk) == 1
    [received] = mail.outbox
    assert "\n" not in received.subject and "Bcc: someone@example.test" in received.subject
    assert received.bcc == [] and received.to == [delegation["liaison"].email]


def test_the_liaison_opens_the_request_its_e_mail_links_to(client, schedule, delegation):
    request = schedule.request(delegation["visitor"], delegation["head"], status=Status.PENDING)
    client.force_login(delegation["liaison"])
    page = client.get(reverse("meetings:request_detail", args=[schedule.event.slug, request.pk]))
    assert page.status_code == 200


def test_answers_reviews_and_cancelled_requests_of_the_head_go_to_the_liaison(schedule, delegation):
    head, liaison, visitor = delegation["head"], delegation["liaison"], delegation["visitor"]
    sent = schedule.request(head, visitor, status=Status.DECLINED, response="Our calendar is full.")
    reviewed = schedule.request(head, schedule.person(given="Other"), status=Status.PENDING,
                                review=MeetingRequest.Review.CLEARED)
    withdrawn = schedule.request(visitor, head, status=Status.CANCELLED)
    assert notifications.request_answered(sent.pk, Status.DECLINED, "requester") == 1
    assert notifications.request_reviewed(reviewed.pk) == 1
    assert notifications.request_cancelled(withdrawn.pk) == 1
    assert [message.to for message in mail.outbox] == [[liaison.email]] * 3
    assert all(head.person.full_name in message.subject for message in mail.outbox)
    assert "Our calendar is full." in mail.outbox[0].body


def test_a_head_with_an_account_of_their_own_is_told_too(schedule, delegation):
    head = delegation["head"]
    head.person.user = UserFactory(username="jan")
    head.person.save(update_fields=["user"])
    request = schedule.request(delegation["visitor"], head, status=Status.PENDING)
    assert notifications.request_received(request.pk) == 2
    assert sorted(message.to[0] for message in mail.outbox) == sorted([head.person.email,
                                                                      delegation["liaison"].email])
    mine = sent_to(head.person.email)[0]
    assert "liaison" not in mine.body and mine.subject.count(head.person.full_name) == 0


def test_a_request_to_another_member_asks_the_liaison_too(schedule, delegation):
    """The liaison answers the requests of every member (test_delegation_member_requests), so is asked to;
    the adviser, who has no account, is not."""
    adviser = delegation["adviser"]
    request = schedule.request(delegation["visitor"], adviser, status=Status.PENDING)
    notifications.request_received(request.pk)
    [received] = mail.outbox
    assert received.to == [delegation["liaison"].email] and adviser.person.full_name in received.subject


def test_without_a_liaison_the_head_is_written_to_as_before(schedule, delegation):
    Delegation.objects.filter(pk=delegation["delegation"].pk).update(liaison=None)
    request = schedule.request(delegation["visitor"], delegation["head"], status=Status.PENDING)
    notifications.request_received(request.pk)
    [received] = mail.outbox
    assert received.to == [delegation["head"].person.email] and "liaison" not in received.body


# The meeting e-mails: to the member and to the liaison.

def test_the_published_schedule_reaches_each_member_and_the_liaison_for_each(schedule, placed):
    liaison, head, adviser = placed["liaison"], placed["head"], placed["adviser"]
    assert len(sent_to(head.person.email)) == 1 and len(sent_to(adviser.person.email)) == 1
    for_liaison = sent_to(liaison.email)
    assert len(for_liaison) == 2  # one per member, each naming its member and linking to their agenda
    for member, message in zip((head, adviser), sorted(for_liaison, key=lambda item: "Marta" in item.subject), strict=True):
        assert member.person.full_name in message.subject
        assert f"{SITE}{agenda_url(schedule, member)}" in message.body
        assert "Leyla Visitor" in message.body
    own = sent_to(head.person.email)[0]
    assert f"{SITE}/events/{schedule.event.slug}/agenda/\n" in own.body and "liaison" not in own.body
    for gone in (placed["rejected"], placed["cancelled"]):
        assert sent_to(gone.person.email) == []


def test_a_meeting_cancelled_by_the_other_side_is_told_to_the_member_and_the_liaison(
        schedule, placed, settings, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    meeting = placed["to_adviser"]
    with django_capture_on_commit_callbacks(execute=True):
        scheduling.meeting_cancel(actor=placed["visitor"].person.user, meeting=meeting, reason="Flight cancelled")
    assert sorted(message.to[0] for message in mail.outbox) == sorted([placed["adviser"].person.email,
                                                                      placed["liaison"].email])
    [liaison_mail] = sent_to(placed["liaison"].email)
    assert "Flight cancelled" in liaison_mail.body and "Leyla Visitor" in liaison_mail.body
    assert placed["adviser"].person.full_name in liaison_mail.subject
    assert f"{SITE}{agenda_url(schedule, placed['adviser'])}" in liaison_mail.body


def test_the_liaison_gets_one_e_mail_per_meeting_naming_every_member_in_it(schedule, placed):
    meeting = placed["to_head"]
    meeting.attendance.create(registration=placed["adviser"])
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CANCELLED, cancel_reason="Hall closed")
    mail.outbox.clear()
    head, adviser = placed["head"], placed["adviser"]
    assert notifications.meeting_cancelled(meeting.pk, "", str(head.pk), str(adviser.pk)) == 3
    [liaison_mail] = sent_to(placed["liaison"].email)
    assert head.person.full_name in liaison_mail.subject and adviser.person.full_name in liaison_mail.subject


def test_a_moved_meeting_is_told_to_the_member_and_the_liaison(schedule, placed):
    mail.outbox.clear()
    meeting = placed["to_head"]
    head = placed["head"]
    notifications.meeting_moved(meeting.pk, meeting.starts_at.isoformat(), str(meeting.location_id), "Hall works",
                                str(head.pk))
    assert sorted(message.to[0] for message in mail.outbox) == sorted([head.person.email, placed["liaison"].email])
    assert all("Hall works" in message.body for message in mail.outbox)


def test_a_member_without_an_address_gets_nothing_and_the_liaison_still_hears(schedule, placed):
    adviser = placed["adviser"]
    adviser.person.email = ""
    adviser.person.save(update_fields=["email"])
    meeting = placed["to_adviser"]
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CANCELLED, cancel_reason="Hall closed")
    mail.outbox.clear()
    assert notifications.meeting_cancelled(meeting.pk, "", str(adviser.pk)) == 1
    assert [message.to for message in mail.outbox] == [[placed["liaison"].email]]


# The agendas of the delegation's members.

def test_the_liaison_sees_every_approved_member_s_agenda_pdf_and_calendar(client, schedule, placed):
    client.force_login(placed["liaison"])
    slug = schedule.event.slug
    adviser = placed["adviser"]
    page = client.get(agenda_url(schedule, adviser))
    assert page.status_code == 200
    assert f'data-meeting="{placed["to_adviser"].pk}"' in page.content.decode()
    assert client.get(reverse("meetings:agenda_pdf", args=[slug, adviser.pk])).content.startswith(b"%PDF")
    calendar = client.get(reverse("api:agenda_ics", kwargs={"event": slug, "participant": adviser.pk}))
    assert calendar.status_code == 200 and len(Calendar.from_ical(calendar.content).walk("VEVENT")) == 1
    for gone in (placed["rejected"], placed["cancelled"]):
        assert client.get(agenda_url(schedule, gone)).status_code == 404


def test_the_agenda_lists_the_delegation_s_approved_members_for_the_liaison(client, schedule, placed):
    client.force_login(placed["liaison"])
    page = client.get(agenda_url(schedule, placed["head"])).content.decode()
    listed = page[page.index('data-list="delegation-agendas"'):page.index("</nav>", page.index("delegation-agendas"))]
    assert 'aria-current="page">Jan Nowak' in listed
    assert f'href="{agenda_url(schedule, placed["adviser"])}"' in listed
    for gone in (placed["rejected"], placed["cancelled"]):
        assert gone.person.given_name not in listed and agenda_url(schedule, gone) not in page
    # "My agenda" offers every approved member too, not the rejected or cancelled ones.
    choices = client.get(reverse("meetings:agenda_mine", args=[schedule.event.slug])).content.decode()
    for member in (placed["head"], placed["adviser"]):
        assert f'href="{agenda_url(schedule, member)}"' in choices
    for gone in (placed["rejected"], placed["cancelled"]):
        assert agenda_url(schedule, gone) not in choices
    # Nobody else is shown the list: the visitor sees their own agenda without it.
    client.force_login(placed["visitor"].person.user)
    assert "delegation-agendas" not in client.get(agenda_url(schedule, placed["visitor"])).content.decode()


def test_the_requests_stay_in_the_head_s_name(schedule, placed):
    assert acting_participants(placed["liaison"], schedule.event) == [placed["head"]]


def test_the_liaison_cancels_a_member_s_meeting_named_as_that_member(client, schedule, placed,
                                                                      django_capture_on_commit_callbacks):
    mail.outbox.clear()
    meeting = placed["to_adviser"]
    client.force_login(placed["liaison"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("meetings:schedule_meeting_cancel", args=[schedule.event.slug, meeting.pk]),
                               {"reason": "The minister's programme changed",
                                "next": agenda_url(schedule, placed["adviser"])})
    assert response.status_code == 302 and response.url == agenda_url(schedule, placed["adviser"])
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    # The visitor hears who cancelled: the member the liaison acted for, not "the organiser".
    [told] = mail.outbox
    assert told.to == [placed["visitor"].person.email]
    assert placed["adviser"].person.full_name in told.body and "The minister's programme changed" in told.body


def test_the_liaison_of_another_delegation_sees_and_cancels_nothing(client, schedule, placed):
    other = Delegation.objects.create(event=schedule.event, country="CZ", sending_body="Ministry of Defence",
                                      liaison=UserFactory(username="other-liaison", role=roles.DELEGATION_LIAISON))
    client.force_login(other.liaison)
    slug = schedule.event.slug
    for member in (placed["head"], placed["adviser"]):
        assert client.get(agenda_url(schedule, member)).status_code == 404
        assert client.get(reverse("meetings:agenda_pdf", args=[slug, member.pk])).status_code == 404
        assert client.get(reverse("api:agenda_ics", kwargs={"event": slug, "participant": member.pk})).status_code \
            == 403
    meeting = placed["to_adviser"]
    response = client.post(reverse("meetings:schedule_meeting_cancel", args=[slug, meeting.pk]), {"reason": "No"})
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED


def test_a_meeting_that_has_begun_stays_the_organiser_s_to_cancel(client, schedule, placed, settings):
    meeting = placed["to_adviser"]
    settings.PAVILION_CLOCK = (meeting.starts_at + datetime.timedelta(minutes=5)).isoformat()
    client.force_login(placed["liaison"])
    client.post(reverse("meetings:schedule_meeting_cancel", args=[schedule.event.slug, meeting.pk]),
                {"reason": "Late"})
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED


def test_the_liaison_s_agenda_page_costs_a_fixed_number_of_queries(client, schedule, placed,
                                                                   django_assert_num_queries):
    client.force_login(placed["liaison"])
    url = agenda_url(schedule, placed["adviser"])
    with django_assert_num_queries(9):
        assert client.get(url).status_code == 200
    for given in ("Adam", "Zofia"):
        extra = schedule.person("delegation-member", given=given, delegation=placed["delegation"])
        schedule.request(placed["visitor"], extra)
    with django_assert_num_queries(9):
        assert client.get(url).status_code == 200
