"""The demo's announcements: four, in three languages, the same on every run, and at the demo clock
(24 September 2024, 10:00 in Baku) one public, one urgent to everyone, one to exhibitors, one scheduled."""

import pytest

from pavilion.core import demo
from pavilion.core.i18n import CONTENT_LANGUAGES
from pavilion.events import announcement_selectors
from pavilion.events.models import Announcement
from tests.events.test_announcements import NOW
from tests.factories import EventFactory

STEP = "pavilion.core.demo.announcements:create_announcements"


@pytest.fixture
def demo_event(db, settings):
    settings.PAVILION_CLOCK = NOW.isoformat()
    return EventFactory(slug=demo.EVENT_SLUG)


def test_the_demo_announcements_at_the_demo_clock(demo_event):
    assert demo.run(steps=[STEP])["announcements"] == 4
    assert demo.run(steps=[STEP])["announcements"] == 0  # a second run adds nothing
    announcements = list(Announcement.objects.all())
    assert all(getattr(a, f"{base}_{code}") for a in announcements for base in ("title", "body")
               for code in CONTENT_LANGUAGES)
    states = sorted((a.audience, a.importance, a.state(NOW)) for a in announcements)
    assert states == [("everyone", "normal", "scheduled"), ("everyone", "urgent", "current"),
                      ("exhibitors", "normal", "current"), ("public", "normal", "current")]
    public = announcement_selectors.visible_announcements(demo_event, {Announcement.Audience.PUBLIC})
    assert [a.audience for a in public] == ["public"]
