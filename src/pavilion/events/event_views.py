"""The organiser's events: every event (published or not) with a new event's form, one event's
settings with its shows, and the halls of its venue. Organiser staff see them; the organiser's
administrators change them."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pavilion.core import roles
from pavilion.core.forms import apply_errors, stored
from pavilion.core.views import deletion
from pavilion.events import selectors, services
from pavilion.events.forms import EventEditForm, EventForm, HallEditForm, HallForm, ShowEditForm, ShowForm
from pavilion.events.models import Event, Hall, Show
from pavilion.events.organiser_views import organiser_required


def _may_change(request) -> bool:
    return roles.has_role(request.user, roles.ORGANISER_ADMIN)


def _refuse_changes_of_staff(request) -> None:
    if request.method == "POST" and not _may_change(request):
        raise PermissionDenied(_("Only the organiser's administrators may change events."))


@organiser_required
def event_list(request):
    _refuse_changes_of_staff(request)
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(actor=request.user, **{name: form.cleaned_data[name]
                                                                  for name in services.EVENT_FIELDS})
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Created the event %(name)s: add its shows, then follow its set-up steps.")
                             % {"name": event.name})
            if event.is_over:  # warned, not refused: an archive's record may be wanted, but a wrong year is likelier
                messages.warning(request, _("Every day of this event, up to %(day)s, is already past: check its "
                                            "dates, on its page.")
                                 % {"day": formats.date_format(event.end_date, "j E Y")})
            return redirect("events:organiser_event", event=event.slug)
    events = Event.objects.select_related("venue").prefetch_related("shows").order_by("-start_date", "slug")
    return render(request, "events/organiser/events.html", {
        "events": events, "form": form if _may_change(request) else None,
    }, status=400 if request.method == "POST" else 200)


@organiser_required
def event_settings(request, event: str, show: int | None = None):
    event_obj = get_object_or_404(Event.objects.select_related("venue", "organiser"), slug=event)
    show_obj = get_object_or_404(Show, pk=show, event=event_obj) if show else None
    _refuse_changes_of_staff(request)
    action = request.POST.get("action") if request.method == "POST" else None
    event_form = EventEditForm(request.POST if action == "event" else None, event=event_obj, prefix="event")
    show_form_class = ShowEditForm if show_obj else ShowForm
    show_form = show_form_class(request.POST if action == "show" else None, instance=show_obj, prefix="show")
    if request.method == "POST" and action not in ("event", "show"):
        messages.error(request, _("Nothing was saved: use one of the page's forms."))
        return redirect("events:organiser_event", event=event_obj.slug)
    try:
        if action == "event" and event_form.is_valid():
            services.event_update(actor=request.user, event=event_obj,
                                  **{name: event_form.cleaned_data[name] for name in services.EVENT_EDITABLE})
            messages.success(request, _("Saved the event."))
            return redirect("events:organiser_event", event=event_obj.slug)
        if action == "show" and show_form.is_valid():
            values = {name: show_form.cleaned_data[name] for name in show_form_class.Meta.fields}
            if show_obj is None:
                show_obj = services.show_create(actor=request.user, event=event_obj, **values)
            else:
                show_obj = services.show_update(actor=request.user, show=stored(show_obj), **values)
            messages.success(request, _("Saved the show %(name)s.") % {"name": show_obj.name})
            return redirect("events:organiser_event", event=event_obj.slug)
    except ValidationError as error:
        apply_errors(event_form if action == "event" else show_form, error)
        # New dates refused for what lies on the old ones: the postponement moves it all at once.
        postpone_hint = action == "event" and "dates" in getattr(error, "error_dict", {})
    else:
        postpone_hint = False
    return render(request, "events/organiser/event.html", {
        "event": event_obj, "shows": list(event_obj.shows.order_by("name_en")), "editing": show_obj,
        "event_form": event_form, "show_form": show_form, "may_change": _may_change(request),
        "postpone_hint": postpone_hint,
    }, status=400 if request.method == "POST" else 200)


@organiser_required
def venue_halls(request, event: str, hall: str | None = None):
    """The halls of the event's venue with this event's stands in each; a new hall's form, or one hall's."""
    event_obj = get_object_or_404(Event.objects.select_related("venue"), slug=event)
    hall_obj = get_object_or_404(Hall, venue_id=event_obj.venue_id, code=hall) if hall else None
    if request.method == "POST" and not _may_change(request):
        raise PermissionDenied(_("Only the organiser's administrators may change the venue's halls."))
    if hall_obj is None:
        form = HallForm(request.POST or None)
    else:
        form = HallEditForm(request.POST or None, hall=hall_obj)
    if request.method == "POST" and form.is_valid():
        try:
            if hall_obj is None:
                hall_obj = services.hall_create(actor=request.user, venue=event_obj.venue, **form.service_fields())
                text = _("Added %(hall)s to %(venue)s: draw its stands on its plan.")
            else:
                hall_obj = services.hall_update(actor=request.user, hall=hall_obj, **form.service_fields())
                text = _("Saved %(hall)s.")
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, text % {"hall": hall_obj.name, "venue": event_obj.venue.name})
            return redirect("events:organiser_halls", event=event_obj.slug)
    return render(request, "events/organiser/halls.html", {
        "event": event_obj, "halls": list(selectors.event_halls(event_obj)), "editing": hall_obj,
        "form": form if _may_change(request) else None,
    }, status=400 if request.method == "POST" else 200)


@require_POST
@organiser_required
def hall_delete(request, event: str, hall: str):
    """A hall nothing is placed in is deleted from the venue; otherwise the reasons are shown."""
    event_obj = get_object_or_404(Event.objects.select_related("venue"), slug=event)
    hall_obj = get_object_or_404(Hall, venue_id=event_obj.venue_id, code=hall)
    return deletion(
        request, lambda: services.hall_delete(actor=request.user, hall=hall_obj),
        done=_("Deleted %(hall)s from %(venue)s.") % {"hall": hall_obj.name, "venue": event_obj.venue.name},
        done_url=reverse("events:organiser_halls", args=[event_obj.slug]),
        refused_url=reverse("events:organiser_hall_edit", args=[event_obj.slug, hall_obj.code]))


@require_POST
@organiser_required
def show_delete(request, event: str, show: int):
    """A show nothing belongs to is deleted; otherwise the reasons are shown on its form."""
    event_obj = get_object_or_404(Event, slug=event)
    show_obj = get_object_or_404(Show, pk=show, event=event_obj)
    return deletion(
        request, lambda: services.show_delete(actor=request.user, show=show_obj),
        done=_("Deleted the show %(name)s.") % {"name": show_obj.name},
        done_url=reverse("events:organiser_event", args=[event_obj.slug]),
        refused_url=reverse("events:organiser_show", args=[event_obj.slug, show_obj.pk]))


@require_POST
@organiser_required
def event_delete(request, event: str):
    """An event created by mistake, nothing belonging to it yet, is deleted; otherwise everything that
    belongs to it is listed, counted, on its page."""
    event_obj = get_object_or_404(Event, slug=event)
    _refuse_changes_of_staff(request)
    return deletion(
        request, lambda: services.event_delete(actor=request.user, event=event_obj),
        done=_("Deleted the event %(name)s.") % {"name": event_obj.name},
        done_url=reverse("events:organiser_events"),
        refused_url=reverse("events:organiser_event", args=[event_obj.slug]))
