"""The organiser's schedule pages: overview with runs and the no-show rate, slot plan, locations,
run detail with progress polling, publishing, cancellation and move of a meeting."""

import datetime
import zoneinfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from pavilion.core import parameters, roles
from pavilion.events.models import Event
from pavilion.meetings.forms.schedule import (
    CancelForm,
    LocationForm,
    MoveForm,
    RunForm,
    SlotForm,
    SlotPlanForm,
    TablesForm,
)
from pavilion.meetings.models import Meeting, MeetingLocation, ScheduleRun
from pavilion.meetings.selectors import schedule as selectors
from pavilion.meetings.selectors.agendas import may_see_agenda
from pavilion.meetings.selectors.requests import waiting_for_review
from pavilion.meetings.services import locations as location_services
from pavilion.meetings.services import scheduling, slots
from pavilion.meetings.services.moving import meeting_move
from pavilion.meetings.services.scheduling_problem import event_settings, schedulable_requests

STAGES = {
    "queued": gettext_lazy("waiting for a worker"), "loading": gettext_lazy("loading requests"),
    "checking": gettext_lazy("checking the input"), "solving": gettext_lazy("searching for the best schedule"),
    "storing": gettext_lazy("storing the meetings"), "done": gettext_lazy("done"), "failed": gettext_lazy("failed"),
}


def organiser_event(request, slug: str) -> Event:
    if not roles.is_organiser(request.user):
        raise PermissionDenied
    return get_object_or_404(Event, slug=slug)


def show_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
def overview(request, event: str):
    event_obj = organiser_event(request, event)
    days = selectors.slots_by_day(event_obj)
    return render(request, "meetings/schedule_overview.html", {
        "event": event_obj, "days": days, "slot_count": sum(len(day_slots) for _day, day_slots in days),
        "location_count": MeetingLocation.objects.filter(event=event_obj, is_active=True).count(),
        "waiting": schedulable_requests(event_obj).count(),
        "in_review": waiting_for_review(event_obj).count(),
        **Meeting.objects.filter(event=event_obj).aggregate(
            published=Count("pk", filter=Q(status=Meeting.Status.SCHEDULED)),
            cancelled=Count("pk", filter=Q(status=Meeting.Status.CANCELLED))),
        "runs": selectors.runs(event_obj)[:20], "stages": STAGES, "no_show": selectors.no_show_rate(event_obj),
        "form": RunForm(initial={"time_limit": event_settings(event_obj).time_limit_seconds}),
    })


@login_required
def slot_plan(request, event: str):
    event_obj = organiser_event(request, event)
    plan_form = SlotPlanForm(request.POST if request.POST.get("action") == "plan" else None, event=event_obj)
    slot_form = SlotForm(request.POST if request.POST.get("action") == "slot" else None)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "plan" and plan_form.is_valid():
                created = slots.slots_generate(actor=request.user, event=event_obj, plan=plan_form.plan())
                messages.success(request, _("%(count)s slots added.") % {"count": len(created)})
                return redirect("meetings:schedule_slots", event_obj.slug)
            if request.POST.get("action") == "slot" and slot_form.is_valid():
                slots.slots_create(actor=request.user, event=event_obj, times=[_one_slot(event_obj, slot_form)])
                messages.success(request, _("Slot added."))
                return redirect("meetings:schedule_slots", event_obj.slug)
            if request.POST.get("action") == "delete":
                return _delete_slots(request, event_obj)
        except ValidationError as error:
            show_errors(request, error)
    return render(request, "meetings/slot_plan.html", {
        "event": event_obj, "plan_form": plan_form, "slot_form": slot_form, "days": selectors.slots_by_day(event_obj),
    }, status=400 if request.method == "POST" else 200)


def _one_slot(event_obj, form) -> tuple[datetime.datetime, datetime.datetime]:
    zone = zoneinfo.ZoneInfo(event_obj.time_zone)
    data = form.cleaned_data
    if not event_obj.start_date <= data["day"] <= event_obj.end_date:
        raise ValidationError(_("%(day)s is not a day of the event.") % {"day": data["day"].isoformat()})
    return (datetime.datetime.combine(data["day"], data["start"], zone),
            datetime.datetime.combine(data["day"], data["end"], zone))


def _delete_slots(request, event_obj):
    text = request.POST.get("day") or None
    day = parameters.day_or_none(text)
    if text and day is None:
        raise ValidationError(_("Choose a day."))
    deleted, kept = slots.slots_delete(actor=request.user, event=event_obj, day=day)
    messages.success(request, _("%(count)s slots deleted.") % {"count": deleted})
    if kept:
        messages.warning(request, _("%(count)s slots hold meetings or proposals and were kept.") % {"count": kept})
    return redirect("meetings:schedule_slots", event_obj.slug)


@login_required
def location_list(request, event: str):
    event_obj = organiser_event(request, event)
    action = request.POST.get("action")
    tables_form = TablesForm(request.POST if action == "tables" else None, event=event_obj)
    location_form = LocationForm(request.POST if action == "location" else None, event=event_obj)
    if request.method == "POST":
        try:
            if action == "tables" and tables_form.is_valid():
                created = location_services.locations_add_tables(actor=request.user, event=event_obj,
                                                                 **tables_form.cleaned_data)
                messages.success(request, _("%(count)s tables added.") % {"count": len(created)})
                return redirect("meetings:schedule_locations", event_obj.slug)
            if action == "location" and location_form.is_valid():
                location_services.location_create(actor=request.user, event=event_obj, **location_form.cleaned_data)
                messages.success(request, _("Location added."))
                return redirect("meetings:schedule_locations", event_obj.slug)
            if action == "stands":
                created = location_services.locations_add_stands(actor=request.user, event=event_obj)
                messages.success(request, _("%(count)s stands added as meeting locations.") % {"count": len(created)})
                return redirect("meetings:schedule_locations", event_obj.slug)
        except ValidationError as error:
            show_errors(request, error)
    return render(request, "meetings/location_list.html", {
        "event": event_obj, "tables_form": tables_form, "location_form": location_form,
        "locations": selectors.locations(event_obj),
    }, status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def location_toggle(request, event: str, pk: int):
    event_obj = organiser_event(request, event)
    location = get_object_or_404(MeetingLocation, pk=pk, event=event_obj)
    try:
        location_services.location_set_active(actor=request.user, location=location, active=not location.is_active)
    except ValidationError as error:  # published meetings still to be held there: said, nothing changed
        show_errors(request, error)
    return redirect("meetings:schedule_locations", event_obj.slug)


@login_required
@require_POST
def run_start(request, event: str):
    event_obj = organiser_event(request, event)
    form = RunForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a time limit between 1 and 600 seconds."))
        return redirect("meetings:schedule", event_obj.slug)
    try:
        run = scheduling.schedule_run_start(actor=request.user, event=event_obj, time_limit=form.cleaned_data["time_limit"],
                                            seed=form.cleaned_data.get("seed") or 0)
    except ValidationError as error:
        show_errors(request, error)
        return redirect("meetings:schedule", event_obj.slug)
    return redirect("meetings:schedule_run", event_obj.slug, run.pk)


def _run(event_obj, pk: int) -> ScheduleRun:
    return get_object_or_404(ScheduleRun.objects.select_related("event", "created_by"), pk=pk, event=event_obj)


@login_required
def run_detail(request, event: str, pk: int):
    event_obj = organiser_event(request, event)
    run = _run(event_obj, pk)
    return render(request, "meetings/run_detail.html", {
        "event": event_obj, "run": run, "stages": STAGES, "counts": selectors.run_counts(run),
        "unscheduled": selectors.unscheduled(run) if run.status in (ScheduleRun.Status.DONE,
                                                                     ScheduleRun.Status.PUBLISHED) else [],
        "ratio": (100 * run.objective / run.upper_bound) if run.upper_bound else None,
    })


@login_required
def run_progress(request, event: str, pk: int):
    """The htmx fragment polled while the run works; when it is over the whole page reloads."""
    event_obj = organiser_event(request, event)
    run = _run(event_obj, pk)
    response = render(request, "meetings/run_progress.html", {"event": event_obj, "run": run, "stages": STAGES})
    if run.status not in scheduling.ACTIVE and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def run_publish(request, event: str, pk: int):
    event_obj = organiser_event(request, event)
    run = _run(event_obj, pk)
    try:
        scheduling.schedule_run_publish(actor=request.user, run=run)
        messages.success(request, _("Published: the participants see their meetings now."))
    except ValidationError as error:
        show_errors(request, error)
    return redirect("meetings:schedule_run", event_obj.slug, run.pk)


@login_required
@require_POST
def meeting_cancel(request, event: str, pk: int):
    """The organiser or a participant cancels a published meeting; its slot and location are free."""
    event_obj = get_object_or_404(Event, slug=event)
    meeting = get_object_or_404(Meeting.objects.prefetch_related("attendance__registration__person"),
                                pk=pk, event=event_obj)
    if not (roles.is_organiser(request.user)
            or any(may_see_agenda(request.user, row.registration) for row in meeting.attendance.all())):
        raise PermissionDenied
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for the cancellation."))
    else:
        try:
            scheduling.meeting_cancel(actor=request.user, meeting=meeting, reason=form.cleaned_data["reason"])
            messages.success(request, _("Meeting cancelled: its slot and location are free again."))
        except ValidationError as error:
            show_errors(request, error)
    target = parameters.local_address_or_none(request, request.POST.get("next"))
    if target is None:
        return redirect("meetings:schedule" if roles.is_organiser(request.user) else "meetings:agenda_mine",
                        event_obj.slug)
    return redirect(target)


@login_required
@require_POST
def meeting_move_view(request, event: str, pk: int):
    """The organiser moves a published meeting (from a participant's agenda); refused with every reason
    the engine's rules give, nothing changed."""
    event_obj = organiser_event(request, event)
    meeting = get_object_or_404(Meeting, pk=pk, event=event_obj)
    form = MoveForm(request.POST, event=event_obj)
    if not form.is_valid():
        for field, errors in form.errors.items():
            for message in errors:
                messages.error(request, f"{form.fields[field].label}: {message}" if field in form.fields else message)
    else:
        try:
            meeting_move(actor=request.user, meeting=meeting, slot=form.cleaned_data["slot"],
                         location=form.cleaned_data["location"], reason=form.cleaned_data["reason"])
            messages.success(request, _("Meeting moved: its participants are told by e-mail."))
        except ValidationError as error:
            show_errors(request, error)
    target = parameters.local_address_or_none(request, request.POST.get("next"))
    return redirect(target) if target is not None else redirect("meetings:schedule", event_obj.slug)
