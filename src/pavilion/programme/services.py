"""Writes of the programme: rooms, tracks, speakers, sessions (no two overlapping in one room, no
speaker in two overlapping sessions, checked under row locks); bookmarks and seats are in seats.py.

Lock order, everywhere: the room, then the speakers by id, then the session. A bookmark locks
only its session; an admission scan locks the badge, then the session (admission.py).
"""

import datetime
import zoneinfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pavilion.core import roles
from pavilion.core.colours import checked_colour
from pavilion.core.names import name_key, same_name
from pavilion.core.services import audit_record, audit_values
from pavilion.programme import seats
from pavilion.programme.models import LANGUAGE_CODES, Bookmark, Room, Session, SessionSpeaker, Speaker, Track
from pavilion.programme.tasks import send_session_changed

SESSION_FIELDS = ["kind", "status", "title_en", "title_az", "title_ru", "abstract_en", "abstract_az", "abstract_ru",
                  "track", "room", "starts_at", "ends_at", "languages", "interpretation", "admission"]
MAX_ROOM_CAPACITY = 50_000  # more than any hall of the Baku Expo Center or Crystal Hall seats
ROOM_FIELDS = ["code", "name_en", "name_az", "name_ru", "capacity", "hall", "zone", "gate", "order"]
TRACK_FIELDS = ["code", "name_en", "name_az", "name_ru", "colour"]
SPEAKER_FIELDS = ["name", "title_en", "title_az", "title_ru", "organisation_en", "organisation_az", "organisation_ru",
                  "bio_en", "bio_az", "bio_ru", "country", "registration", "is_demo"]


def _local(event, moment: datetime.datetime) -> str:
    return formats.date_format(moment.astimezone(zoneinfo.ZoneInfo(event.time_zone)), "j E H:i")


def _span(session: Session) -> str:
    end = session.ends_at.astimezone(zoneinfo.ZoneInfo(session.event.time_zone))
    return f"{_local(session.event, session.starts_at)}–{end:%H:%M}"


# Rooms, tracks, speakers ----------------------------------------------------------------------------

def _check_room(event, fields: dict, room: Room | None = None) -> dict:
    fields = dict(fields)
    code = fields.get("code", room.code if room else "")
    # Codes are told apart regardless of case: "R-T1" and "r-t1" would be the same room on a sign.
    if Room.objects.filter(event=event, code__iexact=code).exclude(pk=room.pk if room else None).exists():
        raise ValidationError({"code": _("This event already has a room with this code.")})
    capacity = fields.get("capacity", room.capacity if room else 0)
    if capacity is None or capacity < 1:
        raise ValidationError({"capacity": _("A room holds at least one person.")})
    if capacity > MAX_ROOM_CAPACITY:
        raise ValidationError({"capacity": _("A room holds at most %(count)s people.") % {
            "count": formats.number_format(MAX_ROOM_CAPACITY, force_grouping=True)}})
    gate, zone = fields.get("gate"), fields.get("zone")
    if gate is not None:
        if gate.event_id != event.pk:
            raise ValidationError({"gate": _("This gate belongs to another event.")})
        if zone is not None and zone.pk != gate.zone_id:
            raise ValidationError({"gate": _("The gate at the door must lead into the room's zone.")})
        fields["zone"] = gate.zone
    elif zone is not None and zone.event_id != event.pk:
        raise ValidationError({"zone": _("This zone belongs to another event.")})
    hall = fields.get("hall")
    if hall is not None and hall.venue_id != event.venue_id:
        raise ValidationError({"hall": _("This hall is not in the event's venue.")})
    return fields


def _created(actor, model, event, fields: dict, tracked, action: str):
    """A room, track or speaker of the event, audited with its `tracked` fields."""
    with transaction.atomic():
        obj = model.objects.create(event=event, **fields)
        audit_record(actor=actor, action=action, obj=obj, after=audit_values(obj, tracked, as_text=True))
    return obj


def _changed(actor, obj, fields: dict, tracked, action: str):
    """`fields` set on a room, track or speaker and saved, audited before and after."""
    with transaction.atomic():
        before = audit_values(obj, tracked, as_text=True)
        for field, value in fields.items():
            setattr(obj, field, value)
        obj.save()
        audit_record(actor=actor, action=action, obj=obj, before=before,
                     after=audit_values(obj, tracked, as_text=True))
    return obj


def room_create(*, actor, event, **fields) -> Room:
    return _created(actor, Room, event, _check_room(event, fields), ROOM_FIELDS, "room.create")


def room_update(*, actor, room: Room, **fields) -> Room:
    """Change a room; seats it gains go to the waiting lists of its sessions for registered attendees."""
    fields = _check_room(room.event, fields, room)
    with transaction.atomic():
        Room.objects.select_for_update().filter(pk=room.pk).values_list("pk", flat=True).get()
        seats.check_room_seats(room, fields.get("capacity", room.capacity))
        room = _changed(actor, room, fields, ROOM_FIELDS, "room.update")
        for session in room.sessions.live().filter(admission=Session.Admission.REGISTERED).order_by("pk"):
            seats.promote_waiting(seats.locked_session(session), actor=actor)
    return room


def _check_track(event, fields: dict, track: Track | None = None) -> None:
    code = fields.get("code", track.code if track else "")
    if Track.objects.filter(event=event, code__iexact=code).exclude(pk=track.pk if track else None).exists():
        raise ValidationError({"code": _("This event already has a track with this code.")})
    if "name_en" in fields and not (fields["name_en"] or "").strip():
        raise ValidationError({"name_en": _("Give the track's name in English.")})
    # The track's label is small white writing on its colour: WCAG asks 4.5:1 for small text.
    if "colour" in fields:
        checked_colour(fields["colour"], "colour", least_contrast=4.5, too_light=_(
            "This colour is too light: the white writing on the track's label would not be legible. Choose a "
            "darker one."))


def track_create(*, actor, event, **fields) -> Track:
    _check_track(event, fields)
    return _created(actor, Track, event, fields, TRACK_FIELDS, "track.create")


def track_update(*, actor, track: Track, **fields) -> Track:
    _check_track(track.event, fields, track)
    return _changed(actor, track, fields, TRACK_FIELDS, "track.update")


def _check_speaker(event, fields: dict) -> None:
    if "name" in fields and not (fields["name"] or "").strip():
        raise ValidationError({"name": _("Give the speaker's name.")})
    registration = fields.get("registration")
    if registration is not None and registration.event_id != event.pk:
        raise ValidationError({"registration": _("This registration belongs to another event.")})


def _same_speaker(event, name: str, organisation: str, *, exclude: Speaker | None = None) -> Speaker | None:
    """A speaker of the event (other than `exclude`) with this name and organisation but for case and
    spaces (a second click on "Save" made a second speaker, an edit made one the twin of another)."""
    speakers = Speaker.objects.filter(event=event).exclude(pk=exclude.pk if exclude else None)
    return same_name(speakers.only("pk", "name", "organisation_en"),
                     name_key(name, organisation), lambda speaker: (speaker.name, speaker.organisation_en))


def speaker_create(*, actor, event, **fields) -> Speaker:
    _check_speaker(event, fields)
    same = _same_speaker(event, fields.get("name", ""), fields.get("organisation_en", ""))
    if same is not None:
        raise ValidationError({"name": _("%(name)s of this organisation is already a speaker of this event.")
                               % {"name": same.name}})
    return _created(actor, Speaker, event, fields, SPEAKER_FIELDS, "speaker.create")


def speaker_update(*, actor, speaker: Speaker, **fields) -> Speaker:
    _check_speaker(speaker.event, fields)
    if "name" in fields or "organisation_en" in fields:
        same = _same_speaker(speaker.event, fields.get("name", speaker.name),
                             fields.get("organisation_en", speaker.organisation_en), exclude=speaker)
        if same is not None:
            raise ValidationError({"name": _("%(name)s of this organisation is already a speaker of this event.")
                                   % {"name": same.name}})
    return _changed(actor, speaker, fields, SPEAKER_FIELDS, "speaker.update")


def _deleted(actor, obj, tracked, action: str, *, in_use: int, refusal: str) -> None:
    """A room, track or speaker deleted (a mistake, a duplicate) while no session uses it; audited."""
    if not roles.is_organiser(actor):
        raise PermissionDenied(_("Only the organiser changes the programme."))
    if in_use:
        raise ValidationError(refusal)
    with transaction.atomic():
        audit_record(actor=actor, action=action, obj=obj, before=audit_values(obj, tracked, as_text=True))
        obj.delete()


def room_delete(*, actor, room: Room) -> None:
    count = room.sessions.count()
    _deleted(actor, room, ROOM_FIELDS, "room.delete", in_use=count, refusal=ngettext(
        "%(name)s holds %(count)d session: move it to another room or delete it first.",
        "%(name)s holds %(count)d sessions: move them to another room or delete them first.", count)
        % {"name": room.name, "count": count})


def track_delete(*, actor, track: Track) -> None:
    count = track.sessions.count()
    _deleted(actor, track, TRACK_FIELDS, "track.delete", in_use=count, refusal=ngettext(
        "%(count)d session is in the track %(name)s: put it in another track first.",
        "%(count)d sessions are in the track %(name)s: put them in another track first.", count)
        % {"name": track.name, "count": count})


def speaker_delete(*, actor, speaker: Speaker) -> None:
    count = speaker.appearances.count()
    _deleted(actor, speaker, SPEAKER_FIELDS, "speaker.delete", in_use=count, refusal=ngettext(
        "%(name)s speaks at %(count)d session: take them off it first.",
        "%(name)s speaks at %(count)d sessions: take them off those sessions first.", count)
        % {"name": speaker.name, "count": count})


# Sessions ----------------------------------------------------------------------------------------

def _languages(value: str, field: str, *, required: bool) -> str:
    codes = list(dict.fromkeys((value or "").replace(",", " ").lower().split()))
    unknown = [code for code in codes if code not in LANGUAGE_CODES]
    if unknown:
        raise ValidationError({field: _("Unknown language code(s): %(codes)s. Use %(known)s.")
                               % {"codes": ", ".join(unknown), "known": ", ".join(LANGUAGE_CODES)}})
    if required and not codes:
        raise ValidationError({field: _("Give at least one language the session is held in.")})
    return " ".join(codes)


def _check_times(event, starts_at, ends_at) -> None:
    for field, value in (("starts_at", starts_at), ("ends_at", ends_at)):
        if value is None or value.utcoffset() is None:
            raise ValidationError({field: _("Give a date and time.")})
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("A session must end after it starts.")})
    zone = zoneinfo.ZoneInfo(event.time_zone)
    first, last = starts_at.astimezone(zone).date(), ends_at.astimezone(zone).date()
    at_midnight = ends_at.astimezone(zone).time() == datetime.time(0)
    if last > first and not (at_midnight and last == first + datetime.timedelta(days=1)):
        # A session across a night would hold its room (and its speakers) for days.
        raise ValidationError({"ends_at": _("A session starts and ends on the same day.")})
    if first < event.start_date or last > event.end_date:
        raise ValidationError({"starts_at": _("A session takes place on the days of the event, %(start)s to %(end)s.")
                               % {"start": event.start_date.isoformat(), "end": event.end_date.isoformat()}})


def _check_session(event, values: dict) -> dict:
    values = dict(values)
    if not (values.get("title_en") or values.get("title_az") or values.get("title_ru")):
        raise ValidationError({"title_en": _("Give the session a title in at least one language.")})
    for field, choices in (("kind", Session.Kind), ("status", Session.Status), ("admission", Session.Admission)):
        if values.get(field) not in choices.values:
            raise ValidationError({field: _("Choose one of: %(values)s.") % {"values": ", ".join(choices.values)}})
    room, track = values.get("room"), values.get("track")
    if room is None or room.event_id != event.pk:
        raise ValidationError({"room": _("Choose a room of this event.")})
    if track is not None and track.event_id != event.pk:
        raise ValidationError({"track": _("This track belongs to another event.")})
    _check_times(event, values.get("starts_at"), values.get("ends_at"))
    values["languages"] = _languages(values.get("languages", ""), "languages", required=True)
    interpretation = _languages(values.get("interpretation", ""), "interpretation", required=False).split()
    spoken = values["languages"].split()  # interpretation into a language spoken on stage means nothing
    values["interpretation"] = " ".join(code for code in interpretation if code not in spoken)
    return values


def _check_speakers(event, speakers) -> list[tuple[Speaker, str]]:
    seen = set()
    for speaker, role in speakers:
        if speaker.event_id != event.pk:
            raise ValidationError({"speakers": _("%(name)s is a speaker of another event.") % {"name": speaker.name}})
        if role not in SessionSpeaker.Role.values:
            raise ValidationError({"speakers": _("Choose a role for %(name)s.") % {"name": speaker.name}})
        if speaker.pk in seen:
            raise ValidationError({"speakers": _("%(name)s is named twice.") % {"name": speaker.name}})
        seen.add(speaker.pk)
    return list(speakers)


def _check_conflicts(values: dict, speakers, session: Session | None) -> None:
    """Under the locks of the room and the speakers: nothing else live overlaps."""
    if values["status"] == Session.Status.CANCELLED:
        return  # a cancelled session holds neither the room nor its speakers
    others = Session.objects.live().overlapping(values["starts_at"], values["ends_at"]).select_related("event", "room")
    if session is not None:
        others = others.exclude(pk=session.pk)
    room = values["room"]
    clash = others.filter(room=room).order_by("starts_at").first()
    if clash is not None:
        raise ValidationError({"starts_at": _("%(room)s is taken at that time by “%(title)s” (%(span)s).")
                               % {"room": room.name, "title": clash.title, "span": _span(clash)}})
    speaker_ids = [speaker.pk for speaker, _role in speakers]
    if not speaker_ids:
        return
    busy = (SessionSpeaker.objects.filter(speaker_id__in=speaker_ids, session__in=others)
            .select_related("speaker", "session__event", "session__room").order_by("session__starts_at").first())
    if busy is not None:
        raise ValidationError({"speakers": _("%(name)s already speaks at “%(title)s” in %(room)s (%(span)s).")
                               % {"name": busy.speaker.name, "title": busy.session.title,
                                  "room": busy.session.room.name, "span": _span(busy.session)}})


def _lock(room: Room, speakers) -> int:
    """The room and the speakers locked; returns the room's capacity as it stands under the lock."""
    capacity = Room.objects.select_for_update().filter(pk=room.pk).values_list("capacity", flat=True).get()
    ids = sorted(speaker.pk for speaker, _role in speakers)
    if ids:
        list(Speaker.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))
    return capacity


def _set_speakers(session: Session, speakers) -> None:
    SessionSpeaker.objects.filter(session=session).delete()
    SessionSpeaker.objects.bulk_create(
        SessionSpeaker(session=session, speaker=speaker, role=role, order=order)
        for order, (speaker, role) in enumerate(speakers))


def _session_snapshot(session: Session, speakers) -> dict:
    """The session's fields and its speakers ([id, role] in order) as its audit entries keep them."""
    return {**audit_values(session, SESSION_FIELDS, as_text=True),
            "speakers": [[speaker.pk, role] for speaker, role in speakers]}


def session_create(*, actor, event, speakers=(), **fields) -> Session:
    """A new session; refused (nothing written) if its room or a speaker is taken at that time."""
    values = {"kind": Session.Kind.CONFERENCE, "status": Session.Status.DRAFT, "admission": Session.Admission.BADGE,
              "track": None, **fields}
    values = _check_session(event, values)
    speakers = _check_speakers(event, speakers)
    with transaction.atomic():
        _lock(values["room"], speakers)
        _check_conflicts(values, speakers, None)
        session = Session.objects.create(event=event, **values)
        _set_speakers(session, speakers)
        audit_record(actor=actor, action="session.create", obj=session,
                     after=_session_snapshot(session, speakers))
    return session


def session_update(*, actor, session: Session, speakers=None, waitlist_excess: bool = False, notify: bool = True,
                   **fields) -> Session:
    """Change a session (times, room, speakers, state); the same checks as for a new one. A room
    with fewer seats than the session has confirmed is refused, unless `waitlist_excess`: then the
    seats confirmed last go back to the waiting list, and their holders are told by e-mail. Those
    with a seat or a bookmark are told by e-mail when the session moves (room, day or time) or a
    published session is cancelled, unless not `notify` (a caller that tells them itself, e.g. of
    the whole event moved)."""
    current = [(appearance.speaker, appearance.role)
               for appearance in session.appearances.select_related("speaker").order_by("order", "id")]
    speakers = current if speakers is None else _check_speakers(session.event, speakers)
    values = _check_session(session.event, {**{field: getattr(session, field) for field in SESSION_FIELDS}, **fields})
    with transaction.atomic():
        capacity = _lock(values["room"], speakers)
        _check_conflicts(values, speakers, session)
        locked = seats.locked_session(session)  # the lock bookmarks take: the seats counted stay counted
        excess = seats.excess_seats(locked, values["room"], capacity, waitlist_excess=waitlist_excess)
        before = _session_snapshot(session, current)
        admission = session.admission
        for field, value in values.items():
            setattr(session, field, value)
        session.save()
        _set_speakers(session, speakers)
        waitlisted = [seats.set_status(bookmark, Bookmark.Status.WAITLISTED, actor=actor, action="bookmark.bump")
                      for bookmark in excess]
        after = _session_snapshot(session, speakers)
        if waitlisted:
            after["waitlisted"] = [bookmark.registration_id for bookmark in waitlisted]
        entry = audit_record(actor=actor, action="session.update", obj=session, before=before, after=after)
        locked = seats.locked_session(session)
        if admission != locked.admission:
            seats.reseat(locked, actor=actor)
        seats.promote_waiting(locked, actor=actor)  # a bigger room, or a session back from cancelled
        # A published session cancelled is news for whoever kept it, as a move is (notifications: one mail).
        cancelled = (before["status"] == Session.Status.PUBLISHED and locked.status == Session.Status.CANCELLED)
        if waitlisted or (notify and (cancelled or (locked.status == Session.Status.PUBLISHED
                                                    and seats.moved(before, after)))):
            transaction.on_commit(lambda: send_session_changed.enqueue(entry.pk))
    return session
