"""The schedule overview says how many meetings were reported on, held and no-shows, in the singular
or the plural as the counts ask."""

import re

from django.urls import reverse

from pavilion.meetings.services.attendance import attendance_mark
from tests.meetings.schedule_factories import schedule_fixture  # noqa: F401
from tests.meetings.test_attendance import meetings  # noqa: F401  (the same two published meetings)


def _attendance(client, schedule) -> str:
    client.force_login(schedule.organiser)
    page = client.get(reverse("meetings:schedule", args=[schedule.event.slug])).content.decode()
    return " ".join(re.search(r"<span data-attendance>(.*?)</span>", page, re.S).group(1).split())


def test_the_attendance_line_uses_singular_and_plural(client, schedule, meetings, settings):  # noqa: F811
    settings.PAVILION_CLOCK = "2024-09-24T12:00:00+04:00"
    people, [first, second] = meetings
    attendance_mark(actor=schedule.organiser, meeting=first, registration_id=people[0].pk, attendance="held")
    assert _attendance(client, schedule) == "no-show rate of 1 meeting reported on: 0 no-shows, 1 held."
    attendance_mark(actor=schedule.organiser, meeting=second, registration_id=people[2].pk, attendance="no-show")
    assert _attendance(client, schedule) == "no-show rate of 2 meetings reported on: 1 no-show, 1 held."
