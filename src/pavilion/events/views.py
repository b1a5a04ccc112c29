"""Public event pages, the floor plan map, and the exhibitor's stand booking page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from pavilion.core import parameters
from pavilion.events import announcement_selectors, selectors, services
from pavilion.events.floorplan import hall_svg
from pavilion.events.forms import BookingRequestForm
from pavilion.events.models import Stand, StandBooking
from pavilion.events.permissions import bookable_exhibitors


def event_page(request, event: str):
    event_obj = selectors.public_event(event, user=request.user)
    # The reader's current announcements here (the public ones for anyone), rather than in the banner.
    announcements = list(announcement_selectors.announcements_for(event_obj, request.user)[:5])
    with timezone.override(event_obj.time_zone):
        return render(request, "events/event.html", {
            "event": event_obj, "shows": event_obj.shows.all(), "announcements": announcements,
            "hide_announcement_banner": True})


def _pick_hall(halls, *, code: str, fallback_hall_ids: list[int]):
    by_code = {hall.code: hall for hall in halls}
    if code in by_code:
        return by_code[code]
    by_id = {hall.pk: hall for hall in halls}
    for hall_id in fallback_hall_ids:
        if hall_id in by_id:
            return by_id[hall_id]
    with_stands = [hall for hall in halls if hall.stand_count]
    return (with_stands or halls or [None])[0]


def floorplan(request, event: str):
    """The public map: halls as tabs, colour by state or show, exhibitor search that highlights stands."""
    event_obj = selectors.public_event(event, user=request.user)
    halls = list(selectors.event_halls(event_obj))
    query = request.GET.get("q", "").strip()[:100]
    colour_by = "show" if request.GET.get("colour") == "show" else "state"
    shows = {show.slug: show for show in event_obj.shows.all()}
    show = shows.get(request.GET.get("show", ""))
    matches = list(selectors.stands_matching_exhibitor(event_obj, query)) if query else []
    chosen_id = parameters.id_or_none(request.GET.get("stand"))
    chosen = (Stand.objects.filter(pk=chosen_id, show__event=event_obj).select_related("hall").first()
              if chosen_id else None)
    fallback = ([chosen.hall_id] if chosen else []) + [stand.hall_id for stand in matches]
    hall = _pick_hall(halls, code=request.GET.get("hall", ""), fallback_hall_ids=fallback)
    highlight = frozenset([stand.pk for stand in matches] + ([chosen.pk] if chosen else []))
    plan = None
    if hall is not None:
        plan = hall_svg(hall, event=event_obj, stands=selectors.stands_for_plan(hall, event=event_obj), show=show,
                        colour_by=colour_by, highlight=highlight)
    context = {
        "event": event_obj, "halls": halls, "hall": hall, "plan": plan, "query": query, "matches": matches,
        "colour_by": colour_by, "shows": list(shows.values()), "show": show, "chosen": chosen,
    }
    # htmx asks for the whole page (as an htmx request) when Back finds no copy of it in its history cache.
    partial = request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request")
    response = render(request, "events/_floorplan_area.html" if partial else "events/floorplan.html", context)
    # The plan alone and the whole page share an address: the browser must not show the one it kept for
    # htmx when Back comes to the address from another page.
    patch_vary_headers(response, ["HX-Request"])
    return response


# --- the exhibitor's stand booking --------------------------------------------------------------


def _booking_context(request, event_obj, exhibitors, form=None) -> dict:
    show_ids = {exhibitor.show_id for exhibitor in exhibitors}
    stands = list(selectors.event_stands(event_obj).filter(show_id__in=show_ids))
    if form is None:
        form = BookingRequestForm(exhibitors=exhibitors, stands=stands)
    halls = list(selectors.event_halls(event_obj))
    hall = _pick_hall(halls, code=request.GET.get("hall", ""),
                      fallback_hall_ids=[s.hall_id for s in stands if s.state == Stand.State.AVAILABLE])
    hall_stands = [stand for stand in stands if hall is not None and stand.hall_id == hall.pk]
    own = list(selectors.event_bookings(event_obj, exhibitor_ids=[e.pk for e in exhibitors]))
    live = (StandBooking.Status.REQUESTED, StandBooking.Status.CONFIRMED)
    held = frozenset(booking.stand_id for booking in own if booking.status in live)
    return {
        "event": event_obj, "exhibitors": exhibitors, "form": form, "halls": halls, "hall": hall,
        "available": [stand for stand in stands if stand.state == Stand.State.AVAILABLE],
        "plan": hall_svg(hall, event=event_obj, stands=hall_stands, link_stands=False, highlight=held,
                         fade_others=False) if hall else None,
        "bookings": own,
    }


def _exhibitors_or_403(request, event_obj):
    exhibitors = bookable_exhibitors(request.user, event_obj)
    if not exhibitors:
        raise PermissionDenied(_("Only the exhibitor admin of a company exhibiting at this event books stands."))
    return exhibitors


@login_required
def stand_booking(request, event: str):
    event_obj = selectors.booking_event(event, user=request.user)
    exhibitors = _exhibitors_or_403(request, event_obj)
    if request.method != "POST":
        return render(request, "events/stand_booking.html", _booking_context(request, event_obj, exhibitors))
    mine = {exhibitor.pk: exhibitor for exhibitor in exhibitors}
    posted = parameters.id_or_none(request.POST.get("exhibitor"))
    if posted is not None and posted not in mine:
        raise PermissionDenied(_("You do not act for this exhibitor."))
    show_ids = {exhibitor.show_id for exhibitor in exhibitors}
    form = BookingRequestForm(request.POST, exhibitors=exhibitors,
                              stands=list(selectors.event_stands(event_obj).filter(show_id__in=show_ids)))
    if form.is_valid():
        try:
            bookings = services.booking_request(actor=request.user, exhibitor=mine[form.cleaned_data["exhibitor"]],
                                                stand_ids=form.cleaned_data["stands"], note=form.cleaned_data["note"],
                                                language=translation.get_language())
        except ValidationError as error:
            for field, field_messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, field_messages)
        else:
            codes = ", ".join(booking.stand.code for booking in bookings)
            messages.success(request, ngettext(
                "Requested stand %(codes)s; the organiser will confirm.",
                "Requested stands %(codes)s; the organiser will confirm.", len(bookings)) % {"codes": codes})
            return redirect("events:stand_booking", event=event_obj.slug)
    return render(request, "events/stand_booking.html", _booking_context(request, event_obj, exhibitors, form),
                  status=400)


@login_required
@require_POST
def stand_booking_cancel(request, event: str, booking: int):
    event_obj = selectors.booking_event(event, user=request.user)
    booking_obj = get_object_or_404(StandBooking.objects.select_related("stand__hall", "exhibitor"),
                                    pk=booking, stand__show__event=event_obj)
    try:
        services.booking_cancel(actor=request.user, booking=booking_obj)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Cancelled your booking of stand %(code)s.") % {"code": booking_obj.stand.code})
    return redirect("events:stand_booking", event=event_obj.slug)
