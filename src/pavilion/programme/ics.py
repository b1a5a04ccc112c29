"""RFC 5545 calendars of sessions: one session, the public programme, a personal programme.

Times are written in the event's time zone with its VTIMEZONE, so that a calendar shows a
session at the hour printed in the programme wherever the reader is.
"""

import zoneinfo
from collections.abc import Callable, Iterable

import icalendar

from pavilion.core.calendars import calendar_bytes, published_calendar
from pavilion.core.i18n import localized
from pavilion.programme.models import Session

PRODUCT = "-//Pavilion//Programme//EN"


def session_uid(session: Session) -> str:
    return f"session-{session.pk}-event-{session.event_id}@pavilion"


def _event(session: Session, language: str, url: Callable[[Session], str] | None) -> icalendar.Event:
    zone = zoneinfo.ZoneInfo(session.event.time_zone)
    item = icalendar.Event()
    item.add("uid", session_uid(session))
    item.add("dtstamp", session.updated_at)
    item.add("dtstart", session.starts_at.astimezone(zone))
    item.add("dtend", session.ends_at.astimezone(zone))
    item.add("summary", localized(session, "title", language))
    item.add("location", localized(session.room, "name", language))
    speakers = ", ".join(appearance.speaker.name for appearance in session.appearances.all())
    description = "\n\n".join(part for part in [localized(session, "abstract", language), speakers] if part)
    if description:
        item.add("description", description)
    item.add("categories", [session.kind])
    item.add("status", "CANCELLED" if session.status == Session.Status.CANCELLED else "CONFIRMED")
    if url is not None:
        item.add("url", url(session))
    return item


def calendar(sessions: Iterable[Session], *, name: str, language: str = "en",
             url: Callable[[Session], str] | None = None) -> bytes:
    """The calendar of these sessions (with their rooms, events and appearances loaded)."""
    sessions = list(sessions)
    zones = {session.event.time_zone for session in sessions}
    cal = published_calendar(PRODUCT, name, zones.pop() if len(zones) == 1 else None)
    for session in sessions:
        cal.add_component(_event(session, language, url))
    return calendar_bytes(cal)
