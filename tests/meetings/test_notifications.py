"""Meeting e-mails: the counterpart hears of a request that reaches them (not of one blocked or
waiting for a compliance review, until it is cleared), the other side of every answer, and each
participant of the meetings a published schedule gives them; each in the recipient's language, with
times on the event's clock and links to PAVILION_SITE_URL; nothing is sent for a change rolled back."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from pavilion.meetings.models import MeetingRequest
from pavilion.meetings.services import requests as services
from tests.meetings.factories import make_world
from tests.meetings.schedule_factories import schedule_fixture  # noqa: F401
from tests.meetings.test_schedule import small

SITE = "https://pavilion.example.test"


@pytest.fixture
def world(db, settings):
    settings.PAVILION_SITE_URL = SITE + "/"
    return make_world(settings)


def speaks(registration, language: str) -> None:
    registration.person.language = language
    registration.person.save(update_fields=["language"])


def test_a_request_and_its_answers_reach_the_other_side_in_their_language(world, django_capture_on_commit_callbacks):
    speaks(world.rescue_staff, "ru")
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.request_send(actor=None, requester=world.visitor, counterpart=world.rescue_staff,
                                     message="Thermal cameras for border posts")
    [received] = mail.outbox
    assert received.to == [world.rescue_staff.person.email]
    assert world.visitor.person.full_name in received.subject and "запрос на встречу" in received.subject
    assert "Thermal cameras for border posts" in received.body
    assert f"{SITE}/events/{world.event.slug}/meetings/requests/{sent.pk}/" in received.body
    assert world.visitor.person.email not in received.body  # only what the pages show: name and organisation

    with django_capture_on_commit_callbacks(execute=True):
        services.request_decline(actor=None, request=sent, message="Our calendar is full.")
    answer = mail.outbox[1]
    assert answer.to == [world.visitor.person.email]
    assert f": {world.rescue_staff.person.full_name} (" in answer.subject
    assert answer.subject.endswith("declined your meeting request")
    assert "Our calendar is full." in answer.body


def test_a_blocked_request_writes_nothing_and_one_in_review_only_once_cleared(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        blocked = services.request_send(actor=None, requester=world.belarus, counterpart=world.arms_staff,
                                        products=[world.missile])
        waiting = services.request_send(actor=None, requester=world.iraq, counterpart=world.arms_staff2,
                                        products=[world.missile])
    assert blocked.status == MeetingRequest.Status.BLOCKED and waiting.review == MeetingRequest.Review.WAITING
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        services.request_review(actor=world.organiser, request=waiting, verdict="clear")
    # the requester hears of the decision, and the request reaches the counterpart only now
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [world.iraq.person.email, world.arms_staff2.person.email])


def test_an_answer_refused_sends_nothing(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.request_send(actor=None, requester=world.visitor, counterpart=world.rescue_staff)
        services.request_decline(actor=None, request=sent)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.request_accept(actor=None, request=sent)  # already declined
    assert mail.outbox == []


def test_a_published_schedule_tells_each_participant_their_meetings(schedule, settings,
                                                                   django_capture_on_commit_callbacks):
    settings.PAVILION_SITE_URL = SITE
    requests = small(schedule, pairs=2)
    first = requests[0].requester
    speaks(first, "az")
    run = schedule.run()
    with django_capture_on_commit_callbacks(execute=True):
        schedule.publish(run)
    assert len(mail.outbox) == 4  # two meetings, two people each
    mine = next(message for message in mail.outbox if message.to == [first.person.email])
    other = requests[0].counterpart.person.full_name
    assert "görüşünüz" in mine.subject.lower() and other in mine.body
    assert "09:" in mine.body or "10:" in mine.body  # on the event's clock (the slots are 09:00-11:00 in Baku)
    assert f"{SITE}/events/{schedule.event.slug}/agenda/" in mine.body
    for message in mail.outbox:  # nobody learns of meetings that are not theirs
        assert sum(person.full_name in message.body for person in
                   [request.requester.person for request in requests] +
                   [request.counterpart.person for request in requests]) == 1


def test_each_answer_tells_the_other_side_what_it_was(world, django_capture_on_commit_callbacks):
    """Without meeting slots the counterpart proposes a time in words; when the requester takes it, the
    counterpart hears so (the requester, who acted, gets nothing). Each e-mail says its own answer,
    whatever the request became before it was sent."""
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.request_send(actor=None, requester=world.visitor, counterpart=world.rescue_staff)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as queued:
        services.request_propose(actor=None, request=sent, message="Thursday at 11, at our stand")
        services.request_accept_proposal(actor=None, request=sent)
    assert len(queued) == 2
    proposed, taken = mail.outbox
    assert proposed.to == [world.visitor.person.email] and proposed.subject.endswith("proposes another time")
    assert "Thursday at 11, at our stand" in proposed.body
    assert taken.to == [world.rescue_staff.person.email]
    assert taken.subject.endswith("took the time you proposed")


def test_a_line_break_in_a_name_leaves_the_subject_one_line(world, django_capture_on_commit_callbacks):
    person = world.visitor.person
    person.given_name = "Ali\nBcc: someone@example.test"
    person.save(update_fields=["given_name"])
    with django_capture_on_commit_callbacks(execute=True):
        services.request_send(actor=None, requester=world.visitor, counterpart=world.rescue_staff)
    [received] = mail.outbox
    assert "\n" not in received.subject and received.to == [world.rescue_staff.person.email]
    assert received.bcc == [] and "Bcc" not in str(received.message()["Bcc"] or "")


def test_the_account_s_language_wins_over_the_one_registered_in(world, django_capture_on_commit_callbacks):
    from pavilion.core.models import AccountPreference
    from tests.factories import UserFactory

    speaks(world.rescue_staff, "ru")
    person = world.rescue_staff.person
    if person.user is None:
        person.user = UserFactory(username="rescue-staff")
        person.save(update_fields=["user"])
    AccountPreference.objects.create(user=person.user, language="az")
    with django_capture_on_commit_callbacks(execute=True):
        services.request_send(actor=None, requester=world.visitor, counterpart=world.rescue_staff)
    [received] = mail.outbox
    assert "запрос" not in received.subject and world.visitor.person.full_name in received.subject
    assert "görüş" in received.subject.lower()
