# ruff: noqa: F811 (the fixtures imported below are redefined as parameters, as pytest wants)
"""`pavilion announcements-send`: a scheduled announcement's e-mail, where the task backend cannot wait for
its time, goes once it is out, and only once however often the command runs."""

import datetime
import io

from django.core import mail
from django.core.management import call_command

from pavilion.core import clock
from pavilion.events.models import Announcement
from tests.events.test_announcements import event_clock, people  # noqa: F401


def _run() -> str:
    out = io.StringIO()
    call_command("announcements-send", stdout=out)
    return out.getvalue()


def test_a_scheduled_e_mail_goes_once_it_is_out_and_once_only(people, settings):
    from pavilion.events import announcements

    later = clock.now() + datetime.timedelta(hours=2)
    notice = announcements.announcement_publish(actor=people.organiser, event=people.event, title_en="Hall 3",
                                                body_en="Closed from 17:00.", publish_at=later, send_email=True)
    assert _run().startswith("0 ") and not mail.outbox
    settings.PAVILION_CLOCK = (later + datetime.timedelta(minutes=1)).isoformat()
    first = _run()
    assert int(first.split()[0]) == len(mail.outbox) > 0
    assert _run().startswith("0 ") and Announcement.objects.get(pk=notice.pk).emailed_at is not None
