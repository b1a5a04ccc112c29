"""The organiser's programme pages: sessions with attendance against capacity, the session form
(refusing overlaps and double-booked speakers), rooms, tracks, speakers and one session's admissions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pavilion.core.forms import apply_errors, stored
from pavilion.core.views import deletion
from pavilion.events.models import Event
from pavilion.events.organiser_views import organiser_required
from pavilion.programme import seats, selectors, services
from pavilion.programme.forms import InviteForm, RoomForm, SessionForm, SpeakerForm, TrackForm
from pavilion.programme.models import Room, Session, Speaker, Track


def _event(slug: str) -> Event:
    return get_object_or_404(Event.objects.select_related("venue"), slug=slug)


@organiser_required
def sessions(request, event: str):
    event_obj = _event(event)
    with timezone.override(event_obj.time_zone):
        return render(request, "programme/organiser/sessions.html", {
            "event": event_obj, "sessions": list(selectors.sessions_with_attendance(event_obj))})


@organiser_required
def session_edit(request, event: str, session: int | None = None):
    event_obj = _event(event)
    session_obj = get_object_or_404(Session, pk=session, event=event_obj) if session else None
    with timezone.override(event_obj.time_zone):
        form = SessionForm(request.POST or None, instance=session_obj, event=event_obj)
        if request.method == "POST" and form.is_valid():
            try:
                if session_obj is None:
                    session_obj = services.session_create(actor=request.user, event=event_obj,
                                                          speakers=form.speaker_roles(), **form.session_values())
                else:
                    session_obj = services.session_update(
                        actor=request.user, session=stored(session_obj), speakers=form.speaker_roles(),
                        waitlist_excess=form.cleaned_data["waitlist_excess"], **form.session_values())
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Saved “%(title)s”.") % {"title": session_obj.title})
                return redirect("programme:organiser_sessions", event=event_obj.slug)
        status = 400 if request.method == "POST" else 200
        return render(request, "programme/organiser/session_form.html",
                      {"event": event_obj, "form": form, "session": session_obj}, status=status)


@organiser_required
def session_attendance(request, event: str, session: int):
    """Who was admitted or refused at the door, and the session's list (confirmed, waiting)."""
    event_obj = _event(event)
    session_obj = get_object_or_404(selectors.sessions_with_attendance(event_obj), pk=session)
    form = InviteForm(request.POST or None, event=event_obj)
    if request.method == "POST" and form.is_valid():
        try:
            seats.session_invite(actor=request.user, session=session_obj,
                                    registration=form.cleaned_data["registration"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Invited registration %(number)s.") % {"number": form.cleaned_data["registration"].pk})
            return redirect("programme:organiser_attendance", event=event_obj.slug, session=session_obj.pk)
    with timezone.override(event_obj.time_zone):
        return render(request, "programme/organiser/attendance.html", {
            "event": event_obj, "session": session_obj, "form": form,
            "admissions": list(selectors.session_admissions(session_obj)[:500]),
            "seat_list": list(selectors.session_list(session_obj)),
        }, status=400 if request.method == "POST" else 200)


def _create_or_edit(request, event_obj, obj, form, *, create, update, saved: str, page: str, template: str,
                    context: dict):
    """A page listing the event's rooms, tracks or speakers with one form: a new one, or `obj` edited."""
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            obj = (create(actor=request.user, event=event_obj, **values) if obj is None
                   else update(request.user, stored(obj), **values))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, saved % {"name": obj.name})
            return redirect(page, event=event_obj.slug)
    return render(request, template, {"event": event_obj, "form": form, "editing": obj, **context},
                  status=400 if request.method == "POST" else 200)


@organiser_required
def rooms(request, event: str, room: int | None = None):
    event_obj = _event(event)
    room_obj = get_object_or_404(Room, pk=room, event=event_obj) if room else None
    return _create_or_edit(
        request, event_obj, room_obj, RoomForm(request.POST or None, instance=room_obj, event=event_obj),
        create=services.room_create,
        update=lambda actor, obj, **values: services.room_update(actor=actor, room=obj, **values),
        saved=_("Saved room %(name)s."), page="programme:organiser_rooms", template="programme/organiser/rooms.html",
        context={"rooms": list(selectors.event_rooms(event_obj))})


@organiser_required
def tracks(request, event: str, track: int | None = None):
    event_obj = _event(event)
    track_obj = get_object_or_404(Track, pk=track, event=event_obj) if track else None
    return _create_or_edit(
        request, event_obj, track_obj, TrackForm(request.POST or None, instance=track_obj),
        create=services.track_create,
        update=lambda actor, obj, **values: services.track_update(actor=actor, track=obj, **values),
        saved=_("Saved track %(name)s."), page="programme:organiser_tracks",
        template="programme/organiser/tracks.html",
        context={"tracks": list(selectors.event_tracks(event_obj).annotate(session_count=Count("sessions")))})


@organiser_required
def speakers(request, event: str, speaker: int | None = None):
    event_obj = _event(event)
    speaker_obj = get_object_or_404(Speaker, pk=speaker, event=event_obj) if speaker else None
    return _create_or_edit(
        request, event_obj, speaker_obj, SpeakerForm(request.POST or None, instance=speaker_obj),
        create=services.speaker_create,
        update=lambda actor, obj, **values: services.speaker_update(actor=actor, speaker=obj, **values),
        saved=_("Saved speaker %(name)s."), page="programme:organiser_speakers",
        template="programme/organiser/speakers.html",
        context={"speakers": list(selectors.event_speakers(event_obj))})


DELETABLE = {  # the kind in the address: the model, its service and the list page it returns to
    "rooms": (Room, "room", services.room_delete, "programme:organiser_rooms"),
    "tracks": (Track, "track", services.track_delete, "programme:organiser_tracks"),
    "speakers": (Speaker, "speaker", services.speaker_delete, "programme:organiser_speakers"),
}


@organiser_required
@require_POST
def programme_item_delete(request, event: str, kind: str, pk: int):
    """A room, track or speaker that no session uses is deleted (one added by mistake, a duplicate)."""
    if kind not in DELETABLE:
        raise Http404
    model, argument, delete, page = DELETABLE[kind]
    event_obj = _event(event)
    obj = get_object_or_404(model, pk=pk, event=event_obj)
    return deletion(request, lambda: delete(actor=request.user, **{argument: obj}),
                    done=_("Deleted %(name)s.") % {"name": obj.name}, done_url=reverse(page, args=[event_obj.slug]),
                    refused_url=reverse(f"programme:organiser_{argument}",
                                        kwargs={"event": event_obj.slug, argument: obj.pk}))
