"""The demo programme: what the README's tour shows, and a second run creates nothing."""

import datetime
import zoneinfo
from io import StringIO

import pytest
from django.core.management import call_command

from pavilion.programme.models import Bookmark, Room, Session, SessionAdmission, SessionSpeaker, Speaker

pytestmark = pytest.mark.django_db
BAKU = zoneinfo.ZoneInfo("Asia/Baku")


def _snapshot() -> dict:
    return {model._meta.label: list(model.objects.order_by("pk").values_list())
            for model in (Room, Speaker, Session, SessionSpeaker, Bookmark, SessionAdmission)}


def test_the_demo_programme(settings):
    settings.PAVILION_CLOCK = "2024-09-24T10:00:00+04:00"
    call_command("demo", scale=0.1, stdout=StringIO())
    assert (Room.objects.count(), Speaker.objects.count(), Session.objects.count()) == (5, 25, 30)
    assert all(speaker.is_demo for speaker in Speaker.objects.all())
    days = {session.starts_at.astimezone(BAKU).date() for session in Session.objects.all()}
    assert days == {datetime.date(2024, 9, day) for day in (24, 25, 26)}
    assert not Session.objects.filter(title_az="").exists() and not Session.objects.filter(title_ru="").exists()
    assert set(Session.objects.values_list("kind", flat=True)) >= {"ceremony", "conference", "panel", "demonstration"}
    ceremony = Session.objects.get(kind="ceremony", starts_at=datetime.datetime(2024, 9, 24, 10, tzinfo=BAKU))
    assert ceremony.admission == "invitation" and ceremony.room.gate is not None
    visitor = Bookmark.objects.filter(registration__person__user__username="visitor")
    assert visitor.count() >= 5 and visitor.filter(status="confirmed").exists()
    results = set(SessionAdmission.objects.filter(session=ceremony).values_list("result", "reason"))
    assert results == {("granted", ""), ("denied", "not_on_session_list")}

    before = _snapshot()
    again = StringIO()
    call_command("demo", scale=0.1, stdout=again)
    assert "nothing to create" in again.getvalue()
    assert _snapshot() == before
