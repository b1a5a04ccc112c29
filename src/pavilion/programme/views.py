"""The public programme (agenda by day and room, sessions, speakers), the personal programme with
its bookmarks, and the calendars (.ics)."""

import datetime
import zoneinfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pavilion.core import clock, parameters, roles
from pavilion.core.i18n import localized
from pavilion.events.selectors import public_event
from pavilion.programme import ics, seats, selectors
from pavilion.programme.models import SESSION_LANGUAGES, Bookmark, Session


def _day(value: str, days: list[datetime.date], event) -> datetime.date:
    try:
        chosen = datetime.date.fromisoformat(value or "")
    except ValueError:
        chosen = None
    if chosen in days:
        return chosen
    today = clock.now().astimezone(zoneinfo.ZoneInfo(event.time_zone)).date()
    return today if today in days else days[0]


def _bookmark_context(user, event, registration) -> dict:
    """What the bookmark toggles need: the person's approved registration and its bookmarks; for one
    without, whether a registration awaits approval (the only case the page says the programme opens
    then) and whether they are the organiser (who gets the session's edit link instead)."""
    organiser = registration is None and roles.is_organiser(user)
    return {
        "registration": registration, "states": selectors.bookmark_states(registration),
        "awaiting": registration is None and not organiser and selectors.awaiting_registration(user, event),
        "organiser": organiser,
    }


def _choice(value: str, allowed) -> str:
    return value if value in allowed else ""


def agenda(request, event: str):
    """The public agenda of one day: a room × time grid (or a list), filtered by room, track,
    kind and language."""
    event_obj = public_event(event, user=request.user)
    days = selectors.event_days(event_obj)
    day = _day(request.GET.get("day", ""), days, event_obj)
    rooms = list(selectors.event_rooms(event_obj))
    tracks = list(selectors.event_tracks(event_obj))
    filters = {
        "room": _choice(request.GET.get("room", ""), {room.code for room in rooms}),
        "track": _choice(request.GET.get("track", ""), {track.code for track in tracks}),
        "kind": _choice(request.GET.get("kind", ""), Session.Kind.values),
        "lang": _choice(request.GET.get("lang", ""), {code for code, _name in SESSION_LANGUAGES}),
    }
    sessions = list(selectors.public_sessions(event_obj, day=day, **filters))
    layout = "list" if request.GET.get("view") == "list" else "timeline"
    registration = selectors.approved_registration(request.user, event_obj)
    context = {
        "event": event_obj, "days": days, "day": day, "rooms": rooms, "tracks": tracks, "filters": filters,
        "sessions": sessions, "layout": layout, "kinds": Session.Kind.choices, "languages": SESSION_LANGUAGES,
        "timeline": selectors.timeline(event_obj, sessions, rooms) if layout == "timeline" else None,
        **_bookmark_context(request.user, event_obj, registration),
    }
    return render(request, "programme/agenda.html", context)


def session_page(request, event: str, session: int):
    event_obj = public_event(event, user=request.user)
    session_obj = selectors.public_session(event_obj, session)
    registration = selectors.approved_registration(request.user, event_obj)
    return render(request, "programme/session.html", {
        "event": event_obj, "session": session_obj, **_bookmark_context(request.user, event_obj, registration),
    })


def speakers(request, event: str):
    event_obj = public_event(event, user=request.user)
    return render(request, "programme/speakers.html", {
        "event": event_obj, "speakers": list(selectors.public_speakers(event_obj))})


def speaker_page(request, event: str, speaker: int):
    event_obj = public_event(event, user=request.user)
    speaker_obj, sessions = selectors.public_speaker(event_obj, speaker)
    registration = selectors.approved_registration(request.user, event_obj)
    return render(request, "programme/speaker.html", {
        "event": event_obj, "speaker": speaker_obj, "sessions": sessions,
        **_bookmark_context(request.user, event_obj, registration)})


# Bookmarks and the personal programme -----------------------------------------------------------

def _back(request, fallback: str) -> str:
    return parameters.local_address_or_none(request, request.POST.get("next")) or fallback


@login_required
@require_POST
def bookmark_toggle(request, event: str, session: int):
    """Add the session to the personal programme, or take it out (htmx swaps the button)."""
    event_obj = public_event(event, user=request.user)
    session_obj = selectors.public_session(event_obj, session)
    registration = selectors.approved_registration(request.user, event_obj)
    if registration is None:
        raise PermissionDenied(_("A personal programme needs an approved registration for this event."))
    error = message = None
    # The button says what it wants ("on" to add, "off" to take out): a double click sends the same
    # wish twice, which must not add and then take out again (giving up a confirmed seat).
    wanted = request.POST.get("want")
    present = Bookmark.objects.filter(session=session_obj, registration=registration).exists()
    try:
        if wanted in ("on", "off") and (wanted == "on") == present:
            pass  # done already: the button is shown as it stands
        elif present:
            seats.bookmark_remove(actor=request.user, session=session_obj, registration=registration)
            message = _("Removed “%(title)s” from your programme.") % {"title": session_obj.title}
        else:
            bookmark = seats.bookmark_add(actor=request.user, session=session_obj, registration=registration)
            message = {
                Bookmark.Status.CONFIRMED: _("Your seat at “%(title)s” is confirmed."),
                Bookmark.Status.WAITLISTED: _("“%(title)s” is full: you are on the waiting list."),
            }.get(bookmark.status, _("Added “%(title)s” to your programme.")) % {"title": session_obj.title}
            clash = selectors.overlapping_bookmark(registration, session_obj)
            if clash is not None:
                message += " " + _("It overlaps with “%(title)s” in your programme.") % {"title": clash.title}
    except ValidationError as exc:
        error = message = " ".join(exc.messages)
    if request.headers.get("HX-Request"):
        response = render(request, "programme/_bookmark.html", {
            "event": event_obj, "session": session_obj, "registration": registration,
            "states": selectors.bookmark_states(registration), "note": message, "error": error})
        return response  # an error is shown in the swapped button (htmx swaps only 2xx answers)
    if message:
        (messages.error if error else messages.success)(request, message)
    return redirect(_back(request, reverse("programme:session", args=[event_obj.slug, session_obj.pk])))


@login_required
def my_programme(request, event: str):
    event_obj = public_event(event, user=request.user)
    registration = selectors.approved_registration(request.user, event_obj)
    bookmarks = selectors.mark_clashes(list(selectors.personal_programme(registration))) if registration else []
    days = {}
    for bookmark in bookmarks:
        local = bookmark.session.starts_at.astimezone(zoneinfo.ZoneInfo(event_obj.time_zone))
        days.setdefault(local.date(), []).append(bookmark)
    return render(request, "programme/mine.html", {
        "event": event_obj, "registration": registration, "days": sorted(days.items()),
        "awaiting": registration is None and selectors.awaiting_registration(request.user, event_obj),
        "states": {bookmark.session_id: bookmark.status for bookmark in bookmarks}})


# Calendars ----------------------------------------------------------------------------------------

def _calendar_response(request, sessions, *, name: str, filename: str, bookmarks=None) -> HttpResponse:
    def url(session):
        return request.build_absolute_uri(reverse("programme:session", args=[session.event.slug, session.pk]))

    body = ics.calendar(sessions, name=name, language=get_language() or "en", url=url, bookmarks=bookmarks)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def programme_ics(request, event: str):
    event_obj = public_event(event, user=request.user)
    return _calendar_response(request, selectors.public_sessions(event_obj), filename=f"{event_obj.slug}.ics",
                              name=_("Programme of %(event)s") % {"event": localized(event_obj, "name")})


def session_ics(request, event: str, session: int):
    event_obj = public_event(event, user=request.user)
    session_obj = selectors.public_session(event_obj, session)
    return _calendar_response(request, [session_obj], name=session_obj.title,
                              filename=f"{event_obj.slug}-session-{session_obj.pk}.ics")


@login_required
def my_programme_ics(request, event: str):
    event_obj = public_event(event, user=request.user)
    registration = selectors.approved_registration(request.user, event_obj)
    if registration is None:
        raise PermissionDenied(_("A personal programme needs an approved registration for this event."))
    bookmarks = list(selectors.personal_programme(registration))
    return _calendar_response(request, [bookmark.session for bookmark in bookmarks],
                              filename=f"{event_obj.slug}-my-programme.ics",
                              bookmarks={bookmark.session_id: bookmark.status for bookmark in bookmarks},
                              name=_("My programme: %(event)s") % {"event": localized(event_obj, "name")})
