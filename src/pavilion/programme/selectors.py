"""Reads of the programme shared by the pages, the API, the calendars and reports."""

import datetime
import zoneinfo
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from pavilion.programme.models import (
    LANGUAGE_CODES,
    Bookmark,
    Room,
    Session,
    SessionAdmission,
    SessionSpeaker,
    Speaker,
    Track,
)
from pavilion.registrations.models import Registration


def _appearances() -> Prefetch:
    return Prefetch("appearances", queryset=SessionSpeaker.objects.select_related("speaker").order_by("order", "id"))


def event_days(event) -> list[datetime.date]:
    return [event.start_date + datetime.timedelta(days=n) for n in range((event.end_date - event.start_date).days + 1)]


def day_bounds(event, day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    zone = zoneinfo.ZoneInfo(event.time_zone)
    start = datetime.datetime.combine(day, datetime.time(0, 0), tzinfo=zone)
    return start, start + datetime.timedelta(days=1)


def language_filter(code: str) -> Q:
    """Sessions one can follow in this language: spoken in it or interpreted into it."""
    pattern = rf"(^| ){code}( |$)"
    return Q(languages__regex=pattern) | Q(interpretation__regex=pattern)


def public_sessions(event, *, day: datetime.date | None = None, room: str = "", track: str = "", kind: str = "",
                    lang: str = "") -> QuerySet[Session]:
    """Published (and cancelled, shown as such) sessions with their room, track and speakers."""
    sessions = Session.objects.public().filter(event=event)
    if day is not None:
        sessions = sessions.filter(starts_at__range=(day_bounds(event, day)[0], day_bounds(event, day)[1]
                                                     - datetime.timedelta(microseconds=1)))
    if room:
        sessions = sessions.filter(room__code=room)
    if track:
        sessions = sessions.filter(track__code=track)
    if kind:
        sessions = sessions.filter(kind=kind)
    if lang in LANGUAGE_CODES:
        sessions = sessions.filter(language_filter(lang))
    return (sessions.select_related("room", "track", "event").prefetch_related(_appearances())
            .order_by("starts_at", "room__order", "room__code", "id"))


def public_session(event, session_id: int) -> Session:
    session = (Session.objects.public().filter(event=event, pk=session_id)
               .select_related("room__hall", "track", "event").prefetch_related(_appearances()).first())
    if session is None:
        raise Http404(f"session {session_id} not found at this event")
    return session


def event_rooms(event) -> QuerySet[Room]:
    return Room.objects.filter(event=event).select_related("zone", "gate", "hall").order_by("order", "code")


def event_tracks(event) -> QuerySet[Track]:
    return Track.objects.filter(event=event).order_by("name_en")


def public_speakers(event) -> QuerySet[Speaker]:
    """Speakers who appear in at least one public session."""
    public = Session.objects.public().filter(event=event)
    return (Speaker.objects.filter(event=event, appearances__session__in=public).distinct()
            .order_by("name"))


def public_speaker(event, speaker_id: int) -> tuple[Speaker, list[Session]]:
    speaker = public_speakers(event).filter(pk=speaker_id).first()
    if speaker is None:
        raise Http404(f"speaker {speaker_id} not found at this event")
    sessions = list(Session.objects.public().filter(event=event, appearances__speaker=speaker)
                    .select_related("room", "track", "event").prefetch_related(_appearances()).order_by("starts_at"))
    return speaker, sessions


# The day × room timeline ---------------------------------------------------------------------------

ROW_MINUTES = 5


@dataclass
class Timeline:
    """A CSS grid: one column per room, one row per five minutes, a session spanning its rows."""

    rooms: list
    hours: list = field(default_factory=list)  # (label, grid row)
    cells: list = field(default_factory=list)  # (session, column, first row, last row)
    rows: int = 0


def timeline(event, sessions: list[Session], rooms: list[Room]) -> Timeline:
    zone = zoneinfo.ZoneInfo(event.time_zone)
    used = {session.room_id for session in sessions}
    rooms = [room for room in rooms if room.pk in used]
    if not sessions:
        return Timeline(rooms=rooms)
    first = min(session.starts_at for session in sessions).astimezone(zone)
    last = max(session.ends_at for session in sessions).astimezone(zone)
    start = first.replace(minute=0, second=0, microsecond=0)
    end_hour = last.replace(minute=0, second=0, microsecond=0)
    if end_hour < last:
        end_hour += datetime.timedelta(hours=1)
    end = min(end_hour, start.replace(hour=0) + datetime.timedelta(days=1))

    def row(moment) -> int:
        minutes = (moment.astimezone(zone) - start).total_seconds() / 60
        return 2 + max(0, min(int(minutes // ROW_MINUTES), int((end - start).total_seconds() // 60 // ROW_MINUTES)))

    columns = {room.pk: index + 2 for index, room in enumerate(rooms)}
    result = Timeline(rooms=rooms, rows=row(end))
    hour = start
    while hour < end:
        result.hours.append((hour.strftime("%H:%M"), row(hour)))
        hour += datetime.timedelta(hours=1)
    for session in sessions:
        result.cells.append((session, columns[session.room_id], row(session.starts_at),
                             max(row(session.ends_at), row(session.starts_at) + 1)))
    return result


# Personal programme --------------------------------------------------------------------------------

def approved_registration(user, event) -> Registration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (Registration.objects.filter(event=event, person__user=user, status=Registration.Status.APPROVED)
            .order_by("pk").first())


AWAITING = (Registration.Status.SUBMITTED, Registration.Status.SCREENING, Registration.Status.IN_REVIEW)


def awaiting_registration(user, event) -> bool:
    """Whether the user has a registration of the event on its way to approval (submitted, being
    screened or in review): the one person told that a personal programme opens on approval.
    Staff (the organiser, security officers, exhibitors' people acting as staff) have none."""
    if not getattr(user, "is_authenticated", False):
        return False
    return Registration.objects.filter(event=event, person__user=user, status__in=AWAITING).exists()


def bookmark_states(registration: Registration | None) -> dict[int, str]:
    """session id → bookmark status, for the toggles on a page (one query)."""
    if registration is None:
        return {}
    return dict(Bookmark.objects.filter(registration=registration).values_list("session_id", "status"))


def overlapping_bookmark(registration: Registration, session: Session) -> Session | None:
    """Another live session of this person's programme at the same time, if any."""
    return (Session.objects.live().overlapping(session.starts_at, session.ends_at)
            .filter(bookmarks__registration=registration).exclude(pk=session.pk).order_by("starts_at").first())


def personal_programme(registration: Registration) -> QuerySet[Bookmark]:
    return (Bookmark.objects.filter(registration=registration, session__status__in=[
        Session.Status.PUBLISHED, Session.Status.CANCELLED])
        .select_related("session__room", "session__track", "session__event")
        .prefetch_related(Prefetch("session__appearances",
                                   queryset=SessionSpeaker.objects.select_related("speaker").order_by("order", "id")))
        .order_by("session__starts_at", "session__room__order", "id"))


def mark_clashes(bookmarks: list[Bookmark]) -> list[Bookmark]:
    """Each bookmark given `clashes`: the other live sessions of the list that overlap its own (none for
    a cancelled one), however the overlap came about (booked so, or a session the organiser moved).
    From the rows already read: no query."""
    live = sorted((bookmark.session for bookmark in bookmarks if bookmark.session.status != Session.Status.CANCELLED),
                  key=lambda session: (session.starts_at, session.pk))
    found: dict[int, list[Session]] = {}
    for index, session in enumerate(live):
        for other in live[index + 1:]:
            if other.starts_at >= session.ends_at:
                break  # sorted by start: no later one overlaps this one either
            found.setdefault(session.pk, []).append(other)
            found.setdefault(other.pk, []).append(session)
    for bookmark in bookmarks:
        bookmark.clashes = sorted(found.get(bookmark.session_id, []), key=lambda session: (session.starts_at, session.pk))
    return bookmarks


# Organiser -------------------------------------------------------------------------------------------

def _per_session(queryset, column: str) -> Coalesce:
    counted = (queryset.filter(session=OuterRef("pk")).order_by().values("session")
               .annotate(number=Count(column, distinct=True)).values("number"))
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def sessions_with_attendance(event) -> QuerySet[Session]:
    """Every session of the event with the people admitted, the refusals and the seats taken
    (one query: each count is a subquery, so the joins do not multiply)."""
    admissions = SessionAdmission.objects.all()
    return (Session.objects.filter(event=event).select_related("room", "track", "event")
            .annotate(admitted=_per_session(admissions.filter(result=SessionAdmission.Result.GRANTED), "registration"),
                      refused=_per_session(admissions.filter(result=SessionAdmission.Result.DENIED), "pk"),
                      seats_taken=_per_session(Bookmark.objects.filter(status=Bookmark.Status.CONFIRMED), "pk"),
                      bookmarked=_per_session(Bookmark.objects.all(), "pk"))
            .order_by("starts_at", "room__order", "id"))


def session_admissions(session: Session) -> QuerySet[SessionAdmission]:
    return (SessionAdmission.objects.filter(session=session)
            .select_related("registration__person", "registration__category", "scan__gate").order_by("-at", "-id"))


def session_list(session: Session) -> QuerySet[Bookmark]:
    return (Bookmark.objects.filter(session=session).exclude(status=Bookmark.Status.SAVED)
            .select_related("registration__person", "registration__category").order_by("status", "created_at", "id"))


def event_speakers(event) -> QuerySet[Speaker]:
    return Speaker.objects.filter(event=event).annotate(session_count=Count("appearances")).order_by("name")
