# ruff: noqa: F811 (the fixtures imported below are redefined as parameters, as pytest wants)
"""A postponement moves the organiser's announcements still to come with the event: one scheduled for a
show day is published on the same day and hour of the new days, one out already expires later by as
much; one expired or withdrawn stays as it was."""

import datetime

from pavilion.core import clock
from pavilion.events import postponement
from pavilion.events.announcements import announcement_publish, announcement_withdraw
from pavilion.events.models import Announcement
from tests.events.test_postponement import local, placed  # noqa: F401
from tests.registrations.support import _registration_settings, commit, world  # noqa: F401


def _notice(world, **times) -> Announcement:
    return announcement_publish(actor=world.organiser, event=world.event, title_en="Hall 3", body_en="Closed.",
                                **times)


def test_announcements_still_to_come_move_with_the_event(world, placed):
    event, now = world.event, clock.now()
    scheduled = _notice(world, publish_at=local(event, 24, 16), expires_at=local(event, 24, 18))
    out = _notice(world, expires_at=local(event, 26, 18))
    gone = _notice(world)
    Announcement.objects.filter(pk=gone.pk).update(publish_at=now - datetime.timedelta(days=3),
                                                   expires_at=now - datetime.timedelta(days=2))
    gone.refresh_from_db()
    withdrawn = announcement_withdraw(actor=world.organiser, announcement=_notice(
        world, publish_at=local(event, 25, 9)))
    plan = postponement.postponement_plan(event, 7)
    assert dict((name, count) for name, _label, count in plan.moves)["notices"] == 2
    postponement.event_postpone(actor=world.organiser, event=event, days=7, reprint_badges=True)
    scheduled.refresh_from_db()
    assert (scheduled.publish_at, scheduled.expires_at) == (local(event, 24, 16) + datetime.timedelta(days=7),
                                                             local(event, 24, 18) + datetime.timedelta(days=7))
    published_at = out.publish_at
    out.refresh_from_db()
    assert out.publish_at == published_at and out.expires_at == local(event, 26, 18) + datetime.timedelta(days=7)
    for row in (gone, withdrawn):
        kept = Announcement.objects.get(pk=row.pk)
        assert (kept.publish_at, kept.expires_at) == (row.publish_at, row.expires_at)
