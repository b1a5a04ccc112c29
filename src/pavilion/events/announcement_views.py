"""Announcements: the organiser's pages (list, new, edit, withdraw), the page of an event's current
announcements for whoever reads it, and the banner that every page of a signed-in person loads."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pavilion.core import clock
from pavilion.events import announcement_selectors as selectors
from pavilion.events import announcements as services
from pavilion.events.announcement_forms import AnnouncementForm
from pavilion.events.models import Announcement, Event
from pavilion.events.organiser_views import organiser_required
from pavilion.events.selectors import public_event

BANNER_SIZE = 3  # the newest; the page of the event's announcements has them all


def _organiser_event(slug: str) -> Event:
    return get_object_or_404(Event.objects.select_related("venue"), slug=slug)


@organiser_required
def organiser_list(request, event: str):
    event_obj = _organiser_event(event)
    now = clock.now()
    rows = [(announcement, announcement.state(now)) for announcement in selectors.organiser_announcements(event_obj)]
    with timezone.override(event_obj.time_zone):
        return render(request, "events/organiser/announcements.html", {
            "event": event_obj, "rows": rows, "hide_announcement_banner": True})


def _form_page(request, event_obj: Event, form: AnnouncementForm, editing: Announcement | None, status: int = 200):
    with timezone.override(event_obj.time_zone):
        return render(request, "events/organiser/announcement_form.html",
                      {"event": event_obj, "form": form, "editing": editing, "hide_announcement_banner": True},
                      status=status)


def _saved(request, form: AnnouncementForm, event_obj: Event, editing: Announcement | None):
    """Call the service; a refusal goes back to the form, naming the field."""
    try:
        if editing is None:
            saved = services.announcement_publish(actor=request.user, event=event_obj, **form.service_fields())
        else:
            saved = services.announcement_update(actor=request.user, announcement=editing, **form.service_fields())
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error.messages)
        return None
    return saved


@organiser_required
def organiser_create(request, event: str):
    event_obj = _organiser_event(event)
    if request.method != "POST":
        return _form_page(request, event_obj, AnnouncementForm(event=event_obj), None)
    form = AnnouncementForm(request.POST, event=event_obj)
    saved = _saved(request, form, event_obj, None) if form.is_valid() else None
    if saved is None:
        return _form_page(request, event_obj, form, None, status=400)
    if saved.publish_at > clock.now():
        messages.success(request, _("The announcement is scheduled."))
    else:
        messages.success(request, _("The announcement is published."))
    return redirect("events:organiser_announcements", event=event_obj.slug)


def _editable(event_obj: Event, announcement: int) -> Announcement:
    return get_object_or_404(Announcement, pk=announcement, event=event_obj)


@organiser_required
def organiser_edit(request, event: str, announcement: int):
    event_obj = _organiser_event(event)
    editing = _editable(event_obj, announcement)
    if editing.withdrawn_at is not None:
        messages.error(request, _("This announcement was withdrawn: publish a new one instead."))
        return redirect("events:organiser_announcements", event=event_obj.slug)
    if request.method != "POST":
        form = AnnouncementForm(initial=AnnouncementForm.initial_of(editing), event=event_obj)
        return _form_page(request, event_obj, form, editing)
    form = AnnouncementForm(request.POST, event=event_obj)
    saved = _saved(request, form, event_obj, editing) if form.is_valid() else None
    if saved is None:
        return _form_page(request, event_obj, form, editing, status=400)
    messages.success(request, _("The announcement is saved."))
    return redirect("events:organiser_announcements", event=event_obj.slug)


@organiser_required
@require_POST
def organiser_withdraw(request, event: str, announcement: int):
    event_obj = _organiser_event(event)
    try:
        services.announcement_withdraw(actor=request.user, announcement=_editable(event_obj, announcement))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The announcement is withdrawn: nobody sees it any more."))
    return redirect("events:organiser_announcements", event=event_obj.slug)


def event_announcements(request, event: str):
    """The event's current announcements for the reader: the public ones for anyone, and those of the
    reader's audiences for a signed-in participant."""
    event_obj = public_event(event, user=request.user)
    announcements = list(selectors.announcements_for(event_obj, request.user))
    with timezone.override(event_obj.time_zone):
        return render(request, "events/announcements.html", {
            "event": event_obj, "announcements": announcements, "hide_announcement_banner": True})


def banner(request):
    """The newest current announcements for the signed-in reader, loaded by every page (htmx): of the
    page's event (`?event=`), else of the events they take part in. Nothing for anyone else."""
    if not request.user.is_authenticated:
        return render(request, "events/_announcement_banner.html", {"groups": []})
    slug = request.GET.get("event", "")[:50]
    events = list(Event.objects.filter(slug=slug, is_public=True)) if slug else selectors.tied_events(request.user)
    groups = []
    for event_obj in events:  # one for a page of an event; at most three otherwise
        shown = list(selectors.announcements_for(event_obj, request.user)[:BANNER_SIZE + 1])
        if shown:
            groups.append({"event": event_obj, "announcements": shown[:BANNER_SIZE], "more": len(shown) > BANNER_SIZE})
    return render(request, "events/_announcement_banner.html", {"groups": groups})
