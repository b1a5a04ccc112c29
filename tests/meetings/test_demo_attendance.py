"""The demo's published schedule has meetings of the first morning already reported on at the demo
clock (10:00 on the first day): several held and some no-shows, as the README says."""

from io import StringIO

import pytest
from django.core.management import call_command

from pavilion.core import clock
from pavilion.events.models import Event
from pavilion.meetings.models import Meeting, MeetingParticipant
from pavilion.meetings.selectors.schedule import no_show_rate

pytestmark = pytest.mark.django_db


def test_the_demo_marks_several_meetings_held_and_some_no_shows(settings):
    settings.PAVILION_CLOCK = "2024-09-24T10:00:00+04:00"
    call_command("demo", scale=0.1, stdout=StringIO())
    rate = no_show_rate(Event.objects.get(slug="adex-securex-2024"))
    assert rate["held"] >= 1 and rate["no_show"] >= 1  # the full demo: 8 held, 4 no-shows
    marked = MeetingParticipant.objects.exclude(attendance="").select_related("meeting")
    assert all(row.meeting.starts_at <= clock.now() and row.marked_at <= clock.now() for row in marked)
    assert Meeting.objects.filter(status="cancelled").count() == 1
