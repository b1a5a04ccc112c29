"""RFC 5545 calendars of sessions: one session, the public programme, a personal programme.

Times are written in the event's time zone with its VTIMEZONE, so that a calendar shows a
session at the hour printed in the programme wherever the reader is.
"""

import zoneinfo
from collections.abc import Callable, Iterable, Mapping

import icalendar

from pavilion.core.calendars import calendar_bytes, published_calendar
from pavilion.core.i18n import localized
from pavilion.programme.models import Bookmark, Session

PRODUCT = "-//Pavilion//Programme//EN"


def session_uid(session: Session) -> str:
    return f"session-{session.pk}-event-{session.event_id}@pavilion"


def _status(session: Session, bookmark_status: str | None) -> str:
    """CANCELLED for a cancelled session; TENTATIVE for a place on the waiting list, or a session that
    needs a seat only saved in the personal programme; else CONFIRMED."""
    if session.status == Session.Status.CANCELLED:
        return "CANCELLED"
    if bookmark_status == Bookmark.Status.WAITLISTED or (
            bookmark_status == Bookmark.Status.SAVED and session.needs_a_seat):
        return "TENTATIVE"
    return "CONFIRMED"


def _event(session: Session, language: str, url: Callable[[Session], str] | None,
           bookmark_status: str | None = None) -> icalendar.Event:
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
    item.add("status", _status(session, bookmark_status))
    if url is not None:
        item.add("url", url(session))
    return item


def calendar(sessions: Iterable[Session], *, name: str, language: str = "en",
             url: Callable[[Session], str] | None = None, bookmarks: Mapping[int, str] | None = None) -> bytes:
    """The calendar of these sessions (with their rooms, events and appearances loaded); `bookmarks`
    (session id → bookmark status) for a personal programme."""
    sessions = list(sessions)
    zones = {session.event.time_zone for session in sessions}
    cal = published_calendar(PRODUCT, name, zones.pop() if len(zones) == 1 else None)
    for session in sessions:
        cal.add_component(_event(session, language, url, (bookmarks or {}).get(session.pk)))
    return calendar_bytes(cal)
