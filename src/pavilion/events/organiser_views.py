"""The organiser's hall pages (plan beside the stand list, stand forms) and the booking queue."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pavilion.core import roles
from pavilion.events import selectors, services, stand_import
from pavilion.events.floorplan import hall_svg
from pavilion.events.forms import StandForm
from pavilion.events.models import Event, Hall, Stand, StandBooking


def organiser_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not roles.is_organiser(request.user):
            raise PermissionDenied(_("Only the organiser may see this page."))
        return view(request, *args, **kwargs)

    return wrapper


def _event_and_hall(event: str, hall: str) -> tuple[Event, Hall]:
    event_obj = get_object_or_404(Event.objects.select_related("venue"), slug=event)
    return event_obj, get_object_or_404(Hall, venue_id=event_obj.venue_id, code=hall)


def _workspace(request, event_obj: Event, hall: Hall, *, form: StandForm | None = None, editing: Stand | None = None,
               status: int = 200, full_page: bool = False):
    stands = list(selectors.stands_for_plan(hall, event=event_obj))
    if form is None:
        form = StandForm(event=event_obj, hall=hall)
    context = {
        "event": event_obj, "hall": hall, "stands": stands, "form": form, "editing": editing,
        "halls": list(selectors.event_halls(event_obj)),
        "plan": hall_svg(hall, event=event_obj, stands=stands, link_stands=False, fade_others=False,
                         highlight=frozenset([editing.pk]) if editing else frozenset()),
    }
    partial = bool(request.headers.get("HX-Request")) and not full_page
    context["partial"] = partial
    template = "events/organiser/_hall_workspace.html" if partial else "events/organiser/hall.html"
    return render(request, template, context, status=status)


def _after_change(request, event_obj: Event, hall: Hall, message: str):
    messages.success(request, message)
    if request.headers.get("HX-Request"):
        return _workspace(request, event_obj, hall)
    return redirect("events:organiser_hall", event=event_obj.slug, hall=hall.code)


@organiser_required
def hall_page(request, event: str, hall: str):
    """GET: the plan beside the stand list; POST: create a stand."""
    event_obj, hall_obj = _event_and_hall(event, hall)
    if request.method != "POST":
        return _workspace(request, event_obj, hall_obj)
    form = StandForm(request.POST, event=event_obj, hall=hall_obj)
    if not form.is_valid():
        return _workspace(request, event_obj, hall_obj, form=form, status=400)
    try:
        stand = services.stand_create(actor=request.user, **form.service_fields())
    except ValidationError as error:  # another organiser saved a clashing stand in between
        form.add_error(None, error.messages)
        return _workspace(request, event_obj, hall_obj, form=form, status=400)
    return _after_change(request, event_obj, stand.hall, _("Stand %(code)s created.") % {"code": stand.code})


def _stand_in_hall(event_obj: Event, hall_obj: Hall, stand: int) -> Stand:
    return get_object_or_404(Stand.objects.select_related("hall", "show", "exhibitor__company"),
                             pk=stand, hall=hall_obj, show__event=event_obj)


@organiser_required
def stand_edit(request, event: str, hall: str, stand: int):
    event_obj, hall_obj = _event_and_hall(event, hall)
    stand_obj = _stand_in_hall(event_obj, hall_obj, stand)
    if request.method != "POST":
        form = StandForm(event=event_obj, stand=stand_obj)
        return _workspace(request, event_obj, hall_obj, form=form, editing=stand_obj)
    form = StandForm(request.POST, event=event_obj, stand=stand_obj)
    if not form.is_valid():
        return _workspace(request, event_obj, hall_obj, form=form, editing=stand_obj, status=400)
    try:
        services.stand_update(actor=request.user, stand=stand_obj, **form.service_fields())
    except ValidationError as error:
        form.add_error(None, error.messages)
        return _workspace(request, event_obj, hall_obj, form=form, editing=stand_obj, status=400)
    return _after_change(request, event_obj, hall_obj, _("Stand %(code)s saved.") % {"code": stand_obj.code})


STATE_ACTIONS = {"block": services.stand_block, "unblock": services.stand_unblock, "delete": services.stand_delete}


@organiser_required
@require_POST
def stand_action(request, event: str, hall: str, stand: int, action: str):
    event_obj, hall_obj = _event_and_hall(event, hall)
    stand_obj = _stand_in_hall(event_obj, hall_obj, stand)
    try:
        STATE_ACTIONS[action](actor=request.user, stand=stand_obj)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        if request.headers.get("HX-Request"):
            return _workspace(request, event_obj, hall_obj, status=400)
        return redirect("events:organiser_hall", event=event_obj.slug, hall=hall_obj.code)
    done = {"block": _("Stand %(code)s blocked."), "unblock": _("Stand %(code)s released."),
            "delete": _("Stand %(code)s deleted.")}[action]
    return _after_change(request, event_obj, hall_obj, done % {"code": stand_obj.code})


@organiser_required
def booking_queue(request, event: str):
    event_obj = get_object_or_404(Event, slug=event)
    # The latest decisions first (a decision on an old request is news too).
    recent = (selectors.event_bookings(event_obj).exclude(status=StandBooking.Status.REQUESTED)
              .order_by(F("decided_at").desc(nulls_last=True), "-id")[:50])
    return render(request, "events/organiser/bookings.html", {
        "event": event_obj, "queue": list(selectors.booking_queue(event_obj)), "recent": list(recent),
        "halls": list(selectors.event_halls(event_obj)),
    })


DECISIONS = {"confirm": services.booking_confirm, "decline": services.booking_decline}


@organiser_required
@require_POST
def booking_decide(request, event: str, booking: int, decision: str):
    event_obj = get_object_or_404(Event, slug=event)
    booking_obj = get_object_or_404(StandBooking.objects.select_related("stand__hall", "exhibitor__company"),
                                    pk=booking, stand__show__event=event_obj)
    reason = " ".join(request.POST.get("reason", "").split())
    try:
        if decision == "decline":
            services.booking_decline(actor=request.user, booking=booking_obj, note=reason)
        else:
            DECISIONS[decision](actor=request.user, booking=booking_obj)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        text = _("Confirmed stand %(code)s for %(name)s.") if decision == "confirm" else \
            _("Declined stand %(code)s for %(name)s; the stand is available again.")
        messages.success(request, text % {"code": booking_obj.stand.code, "name": booking_obj.exhibitor.company.name})
    return redirect("events:booking_queue", event=event_obj.slug)


@organiser_required
def stands_import(request, event: str, hall: str):
    """GET: the columns of a hall's CSV of stands and the file field; POST: import it, all or nothing."""
    event_obj, hall_obj = _event_and_hall(event, hall)
    problems, total = [], 0
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise stand_import.ImportRefused([_("Choose the CSV file of the stands.")], 1)
            stands = stand_import.stands_import(actor=request.user, event=event_obj, hall=hall_obj, upload=upload)
        except stand_import.ImportRefused as error:
            problems, total = error.messages, error.total
        else:
            messages.success(request, stand_import.imported_message(len(stands), hall_obj))
            return redirect("events:organiser_hall", event=event_obj.slug, hall=hall_obj.code)
    return render(request, "events/organiser/stands_import.html", {
        "event": event_obj, "hall": hall_obj, "problems": problems, "more": total - len(problems),
        "shows": list(event_obj.shows.order_by("name_en")), "columns": stand_import.COLUMNS,
    }, status=400 if request.method == "POST" else 200)


@organiser_required
def stands_template(request, event: str, hall: str):
    """A CSV with the header and three example stands, to fill in a spreadsheet."""
    event_obj, hall_obj = _event_and_hall(event, hall)
    response = HttpResponse(stand_import.template_csv(event_obj), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="stands-{hall_obj.code}.csv"'
    return response
