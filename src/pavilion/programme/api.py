"""Public programme endpoints: the sessions of an event (paginated `{"items", "count"}`,
filtered by day, room, track, kind and language) and one session."""

import datetime
import zoneinfo

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema

from pavilion.core.i18n import localized
from pavilion.events.models import Event
from pavilion.programme import selectors
from pavilion.programme.models import LANGUAGE_CODES, Room, Session, Track

router = Router(tags=["programme"])
MAX_ID = 2**63 - 1


class ProgrammeErrorOut(Schema):
    detail: str


ERRORS = {400: ProgrammeErrorOut, 404: ProgrammeErrorOut}


class SessionFilters(Schema):
    day: datetime.date | None = Field(None, description="a day of the event, YYYY-MM-DD (in its time zone)")
    room: str = Field("", max_length=40, description="room code")
    track: str = Field("", max_length=40, description="track code")
    kind: str = Field("", max_length=20, description="ceremony, conference, panel, demonstration, ...")
    lang: str = Field("", max_length=5, description="sessions one can follow in this language (spoken or "
                                                     "interpreted, ISO 639-1); `title` is given in it when it has one")
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=2**31)


class SpeakerOut(Schema):
    id: int
    name: str
    role: str


class SessionItem(Schema):
    id: int
    title: str
    kind: str
    status: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    room: str
    room_name: str
    track: str | None
    languages: list[str]
    interpretation: list[str]
    admission: str
    capacity: int
    speakers: list[SpeakerOut]


class SessionList(Schema):
    items: list[SessionItem]
    count: int


class SessionDetail(SessionItem):
    title_en: str
    title_az: str
    title_ru: str
    abstract: str
    abstract_en: str
    abstract_az: str
    abstract_ru: str
    track_name: str | None


def _event(slug: str) -> Event:
    event = Event.objects.filter(slug=slug, is_public=True).first()
    if event is None:
        raise Http404(_("event “%(slug)s” not found") % {"slug": slug})
    return event


def _language(lang: str) -> str | None:
    return lang if lang in ("en", "az", "ru") else None


def _item(session: Session, lang: str | None) -> dict:
    zone = zoneinfo.ZoneInfo(session.event.time_zone)
    return {
        "id": session.pk, "title": localized(session, "title", lang), "kind": session.kind, "status": session.status,
        "starts_at": session.starts_at.astimezone(zone), "ends_at": session.ends_at.astimezone(zone),
        "room": session.room.code, "room_name": localized(session.room, "name", lang),
        "track": session.track.code if session.track_id else None,
        "languages": session.language_codes, "interpretation": session.interpretation_codes,
        "admission": session.admission, "capacity": session.room.capacity,
        "speakers": [{"id": a.speaker_id, "name": a.speaker.name, "role": a.role} for a in session.appearances.all()],
    }


def _check(event: Event, filters: SessionFilters) -> None:
    """A filter naming something that does not exist gets a 400 naming it, not an empty list."""
    if filters.day is not None and filters.day not in selectors.event_days(event):
        raise ValidationError({"day": _("%(day)s is not a day of this event (%(start)s to %(end)s).") % {
            "day": filters.day.isoformat(), "start": event.start_date.isoformat(), "end": event.end_date.isoformat()}})
    if filters.room and not Room.objects.filter(event=event, code=filters.room).exists():
        raise ValidationError({"room": _("“%(code)s” is not a room of this event.") % {"code": filters.room}})
    if filters.track and not Track.objects.filter(event=event, code=filters.track).exists():
        raise ValidationError({"track": _("“%(code)s” is not a track of this event.") % {"code": filters.track}})
    if filters.kind and filters.kind not in Session.Kind.values:
        raise ValidationError({"kind": _("Choose one of: %(values)s.") % {"values": ", ".join(Session.Kind.values)}})
    if filters.lang and filters.lang not in LANGUAGE_CODES:
        raise ValidationError({"lang": _("Choose one of: %(values)s.") % {"values": ", ".join(LANGUAGE_CODES)}})


@router.get("/events/{event}/sessions", response={200: SessionList, **ERRORS})
def list_sessions(request, event: str, filters: Query[SessionFilters]):
    event_obj = _event(event)
    _check(event_obj, filters)
    sessions = selectors.public_sessions(event_obj, day=filters.day, room=filters.room, track=filters.track,
                                         kind=filters.kind, lang=filters.lang)
    page = sessions[filters.offset:filters.offset + filters.limit]
    lang = _language(filters.lang)
    return {"items": [_item(session, lang) for session in page], "count": sessions.count()}


@router.get("/events/{event}/sessions/{session_id}", response={200: SessionDetail, **ERRORS})
def get_session(request, event: str, session_id: int = Path(..., ge=1, le=MAX_ID), lang: str = ""):
    session = selectors.public_session(_event(event), session_id)
    language = _language(lang)
    return {
        **_item(session, language),
        **{f"{base}_{code}": getattr(session, f"{base}_{code}") for base in ("title", "abstract")
           for code in ("en", "az", "ru")},
        "abstract": localized(session, "abstract", language),
        "track_name": localized(session.track, "name", language) if session.track_id else None,
    }
