"""What happens between a run and its publication, and after a published meeting is cancelled: a
request cancelled (or a participant gone) before publication is not published, a cancelled meeting
is told to the others with its reason and frees the request, a meeting that has begun is the
organiser's to cancel, and a request the published schedule could not place says why."""

import zoneinfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from pavilion.core import roles
from pavilion.core.models import AuditEntry
from pavilion.exhibitors.models import Exhibitor
from pavilion.meetings.models import Meeting, MeetingLocation, MeetingParticipant, MeetingRequest, ScheduleRun
from pavilion.meetings.services import request_checks, scheduling
from pavilion.meetings.services import requests as request_services
from pavilion.registrations.models import Person, Registration
from tests.factories import UserFactory
from tests.meetings.schedule_factories import exhibitor_of, schedule_fixture  # noqa: F401

Status = MeetingRequest.Status


def two_requests(schedule):
    schedule.slots()
    schedule.tables(2)
    aysel = schedule.person(user=UserFactory(username="aysel", role=roles.TRADE_VISITOR), given="Aysel")
    ivan = schedule.person(given="Ivan", family="Petrov")
    kamal = schedule.person(given="Kamal")
    nigar = schedule.person(given="Nigar")
    return schedule.request(aysel, ivan), schedule.request(kamal, nigar)


def test_a_request_cancelled_before_publication_is_not_published_nor_announced(schedule,
                                                                                django_capture_on_commit_callbacks):
    cancelled, kept = two_requests(schedule)
    run = schedule.run()
    assert Meeting.objects.filter(run=run, status="draft").count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        request_services.request_cancel(actor=None, request=cancelled)
    assert not Meeting.objects.filter(request=cancelled).exists()  # its draft went with it
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        schedule.publish(run)
    assert list(Meeting.objects.filter(status="scheduled").values_list("request_id", flat=True)) == [kept.pk]
    recipients = {address for message in mail.outbox for address in message.to}
    assert recipients == {kept.requester.person.email, kept.counterpart.person.email}


def test_publishing_leaves_out_a_draft_at_a_location_taken_out_of_use_meanwhile(schedule):
    first, second = two_requests(schedule)
    run = schedule.run()
    drafts = Meeting.objects.filter(run=run, status="draft").select_related("location")
    closed = drafts.get(request=first).location
    MeetingLocation.objects.filter(pk=closed.pk).update(is_active=False)
    schedule.publish(run)
    run.refresh_from_db()
    published = Meeting.objects.filter(status="scheduled")
    assert closed.pk not in set(published.values_list("location_id", flat=True))
    reasons = {item["request"]: item["reason"] for item in run.unscheduled}
    assert reasons[first.pk] == "the meeting's location was taken out of use"
    with translation.override("ru"):
        from pavilion.meetings.schedule_reasons import reason_text
        assert reason_text(reasons[first.pk], str) != reasons[first.pk]


def test_publishing_leaves_out_a_draft_whose_request_or_participant_went_meanwhile(schedule):
    """The request services are not the only way a draft goes stale: a request set cancelled
    directly (the API of another app, the admin) or a registration no longer approved."""
    cancelled, kept = two_requests(schedule)
    exhibitor = exhibitor_of(schedule)
    staff = schedule.person("exhibitor-staff", exhibitor=exhibitor)
    withdrawn = schedule.request(schedule.person(), staff)
    rejected = schedule.request(schedule.person(), schedule.person())
    run = schedule.run()
    assert Meeting.objects.filter(run=run, status="draft").count() == 4
    MeetingRequest.objects.filter(pk=cancelled.pk).update(status=Status.CANCELLED)
    Exhibitor.objects.filter(pk=exhibitor.pk).update(status=Exhibitor.Status.WITHDRAWN)
    Registration.objects.filter(pk=rejected.counterpart_id).update(status=Registration.Status.CANCELLED)
    schedule.publish(run)
    run.refresh_from_db()
    assert list(Meeting.objects.filter(status="scheduled").values_list("request_id", flat=True)) == [kept.pk]
    assert not Meeting.objects.filter(status="draft").exists()
    reasons = {item["request"]: item["reason"] for item in run.unscheduled}
    assert reasons[cancelled.pk] == "the request was cancelled or is no longer accepted"
    assert reasons[withdrawn.pk] == "the counterpart's exhibitor is not approved at the show"
    assert reasons[rejected.pk] == "the counterpart's registration is not approved"
    assert run.scheduled == 1


def test_a_run_whose_every_draft_went_stale_publishes_nothing_and_changes_nothing(schedule):
    cancelled, other = two_requests(schedule)
    run = schedule.run()
    MeetingRequest.objects.filter(pk__in=[cancelled.pk, other.pk]).update(status=Status.CANCELLED)
    with pytest.raises(ValidationError, match="Nothing to publish"):
        schedule.publish(run)
    run.refresh_from_db()
    assert run.status == ScheduleRun.Status.DONE and Meeting.objects.filter(run=run, status="draft").count() == 2


def published_meeting(schedule):
    request, _other = two_requests(schedule)
    schedule.publish(schedule.run())
    return Meeting.objects.get(request=request, status="scheduled"), request


def test_a_participant_cancelling_tells_the_other_in_their_language_and_frees_the_request(
        schedule, django_capture_on_commit_callbacks):
    meeting, request = published_meeting(schedule)
    Person.objects.filter(pk=request.counterpart.person_id).update(language="ru")
    aysel = request.requester.person.user
    with django_capture_on_commit_callbacks(execute=True):
        scheduling.meeting_cancel(actor=aysel, meeting=meeting, reason="Flight cancelled")
    request.refresh_from_db()
    assert request.status == Status.CANCELLED
    assert [message.to for message in mail.outbox] == [[request.counterpart.person.email]]
    message = mail.outbox[0]
    with translation.override("ru"):
        subject = translation.gettext("Meeting cancelled")
    assert message.subject.endswith(subject)
    assert "Aysel" in message.body and "Flight cancelled" in message.body and "Table" in message.body
    starts = meeting.starts_at.astimezone(zoneinfo.ZoneInfo(schedule.event.time_zone))
    assert f"{starts:%H:%M}" in message.body and "сентября" in message.body  # in Russian, on Baku's clock
    # either side may send a new request now: the pair has no open request any more
    request_checks.check_open(request.counterpart, request.requester, quota=20)


def test_the_organiser_cancelling_tells_both_and_the_request_page_says_why(client, schedule,
                                                                          django_capture_on_commit_callbacks):
    meeting, request = published_meeting(schedule)
    with django_capture_on_commit_callbacks(execute=True):
        scheduling.meeting_cancel(actor=schedule.organiser, meeting=meeting, reason="The hall is closed")
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [request.requester.person.email, request.counterpart.person.email])
    assert all(message.body.count("The organiser") == 2 for message in mail.outbox)  # who cancelled, and signed
    client.force_login(request.requester.person.user)
    page = client.get(reverse("meetings:request_detail", args=[schedule.event.slug, request.pk])).content.decode()
    assert 'data-testid="meeting-cancelled"' in page and "The hall is closed" in page
    assert "Cancel the request" not in page  # nothing left to cancel: a new request can be sent


def test_a_meeting_that_has_begun_is_the_organisers_to_cancel_and_keeps_its_attendance(schedule, settings):
    meeting, request = published_meeting(schedule)
    settings.PAVILION_CLOCK = meeting.starts_at.isoformat()
    MeetingParticipant.objects.filter(meeting=meeting, registration=request.requester).update(attendance="held")
    before = (AuditEntry.objects.count(), MeetingRequest.objects.get(pk=request.pk).status)
    with pytest.raises(ValidationError, match="already begun"):
        scheduling.meeting_cancel(actor=request.requester.person.user, meeting=meeting, reason="Too late")
    meeting.refresh_from_db()
    assert meeting.status == "scheduled"
    assert (AuditEntry.objects.count(), MeetingRequest.objects.get(pk=request.pk).status) == before
    scheduling.meeting_cancel(actor=schedule.organiser, meeting=meeting, reason="Recorded in error")
    assert MeetingParticipant.objects.filter(meeting=meeting).count() == 2
    assert MeetingParticipant.objects.get(meeting=meeting, registration=request.requester).attendance == "held"


def test_an_accepted_request_left_out_of_the_published_schedule_says_why(client, schedule,
                                                                         django_capture_on_commit_callbacks):
    schedule.slots(start=(9, 0), end=(9, 30))  # one slot
    schedule.tables(1)
    aysel = schedule.person(user=UserFactory(username="aysel", role=roles.TRADE_VISITOR), given="Aysel")
    placed = schedule.request(aysel, schedule.person(given="Ivan"), priority=3)
    left = schedule.request(aysel, schedule.person(given="Oleg", family="Sidorov"), priority=1)
    with django_capture_on_commit_callbacks(execute=True):
        schedule.publish(schedule.run())
    assert Meeting.objects.filter(request=placed, status="scheduled").exists()
    assert not Meeting.objects.filter(request=left).exists()
    to_oleg = next(message for message in mail.outbox if message.to == [left.counterpart.person.email])
    assert "not placed in the published schedule" in to_oleg.body and "Aysel" in to_oleg.body
    assert "your meeting is scheduled" not in to_oleg.subject
    to_aysel = next(message for message in mail.outbox if message.to == [aysel.person.email])
    assert "Oleg Sidorov" in to_aysel.body and "not placed in the published schedule" in to_aysel.body
    client.force_login(aysel.person.user)
    page = client.get(reverse("meetings:request_detail", args=[schedule.event.slug, left.pk])).content.decode()
    assert 'data-testid="left-out"' in page and "Not placed in the published schedule:" in page
    page = client.get(reverse("meetings:request_detail", args=[schedule.event.slug, placed.pk])).content.decode()
    assert 'data-testid="left-out"' not in page
