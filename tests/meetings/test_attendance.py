import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from pavilion.core import roles
from pavilion.core.models import AuditEntry
from pavilion.meetings.models import Meeting, MeetingParticipant
from pavilion.meetings.selectors.schedule import no_show_rate
from pavilion.meetings.services.attendance import attendance_mark
from tests.factories import UserFactory
from tests.meetings.schedule_factories import schedule_fixture  # noqa: F401


@pytest.fixture
def meetings(schedule):
    schedule.slots()
    schedule.tables(2)
    people = [schedule.person(user=UserFactory(role=roles.TRADE_VISITOR)) for _ in range(4)]
    schedule.request(people[0], people[1])
    schedule.request(people[2], people[3])
    schedule.publish(schedule.run())
    return people, list(Meeting.objects.order_by("pk"))


def test_nothing_is_marked_before_the_meeting_starts(schedule, meetings, settings):
    people, [first, _second] = meetings
    with pytest.raises(ValidationError, match="has not started"):
        attendance_mark(actor=people[0].person.user, meeting=first, registration_id=people[0].pk, attendance="held")
    assert not MeetingParticipant.objects.exclude(attendance="").exists()


def test_both_sides_report_and_the_organiser_sees_the_no_show_rate(schedule, meetings, settings):
    settings.PAVILION_CLOCK = "2024-09-24T12:00:00+04:00"
    people, [first, second] = meetings
    assert no_show_rate(schedule.event)["rate"] is None
    attendance_mark(actor=people[0].person.user, meeting=first, registration_id=people[0].pk, attendance="held")
    attendance_mark(actor=people[1].person.user, meeting=first, registration_id=people[1].pk, attendance="held")
    attendance_mark(actor=people[2].person.user, meeting=second, registration_id=people[2].pk, attendance="no-show")
    assert no_show_rate(schedule.event) == {"reported": 2, "no_show": 1, "held": 1, "rate": 0.5}
    assert AuditEntry.objects.filter(action="meeting.attendance").count() == 3
    with pytest.raises(PermissionDenied):  # nobody reports for someone else
        attendance_mark(actor=people[0].person.user, meeting=second, registration_id=people[3].pk, attendance="held")
    with pytest.raises(ValidationError, match="not a participant"):
        attendance_mark(actor=people[0].person.user, meeting=second, registration_id=people[0].pk, attendance="held")
    with pytest.raises(ValidationError):
        attendance_mark(actor=people[0].person.user, meeting=first, registration_id=people[0].pk, attendance="maybe")
    attendance_mark(actor=schedule.organiser, meeting=second, registration_id=people[3].pk, attendance="held")
    # Someone was there: the meeting was held (the rule of the reports dashboard too).
    assert no_show_rate(schedule.event) == {"reported": 2, "no_show": 0, "held": 2, "rate": 0.0}


def test_the_agenda_page_marks_attendance_and_the_overview_shows_the_rate(client, schedule, meetings, settings):
    settings.PAVILION_CLOCK = "2024-09-24T12:00:00+04:00"
    people, [first, _second] = meetings
    client.force_login(people[0].person.user)
    url = reverse("meetings:agenda_attendance", args=[schedule.event.slug, people[0].pk, first.pk])
    response = client.post(url, {"attendance": "no-show", "registration": people[0].pk})
    assert response.status_code == 302
    assert MeetingParticipant.objects.get(meeting=first, registration=people[0]).attendance == "no-show"
    other = reverse("meetings:agenda_attendance", args=[schedule.event.slug, people[1].pk, first.pk])
    assert client.post(other, {"attendance": "held", "registration": people[1].pk}).status_code == 404
    client.force_login(schedule.organiser)
    page = client.get(reverse("meetings:schedule", args=[schedule.event.slug])).content.decode()
    assert 'class="no-show-rate">100%' in page
