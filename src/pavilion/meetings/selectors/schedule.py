"""Reads of the organiser's schedule pages and the API: slots by day, locations, runs, meetings,
unscheduled requests with names, the grid's cells and the no-show rate."""

import zoneinfo
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q

from pavilion.meetings.models import (
    Meeting,
    MeetingLocation,
    MeetingOccupancy,
    MeetingParticipant,
    MeetingRequest,
    MeetingSlot,
    ScheduleRun,
)
from pavilion.meetings.schedule_reasons import PARTICIPANT_ID, reason_text
from pavilion.meetings.selectors.agendas import display_name, participant_rows
from pavilion.registrations.models import Registration


def slots_by_day(event) -> list[tuple]:
    """[(day, [slot, ...])] in the event's time zone, each slot with `local_start`/`local_end`."""
    zone = zoneinfo.ZoneInfo(event.time_zone)
    days = defaultdict(list)
    for slot in MeetingSlot.objects.filter(event=event).annotate(meeting_count=Count("meetings", filter=Q(
            meetings__status=Meeting.Status.SCHEDULED))).order_by("starts_at"):
        slot.local_start, slot.local_end = slot.starts_at.astimezone(zone), slot.ends_at.astimezone(zone)
        days[slot.local_start.date()].append(slot)
    return sorted(days.items())


def runs_of_slots(slots: list[MeetingSlot], length: int) -> dict[int, MeetingSlot]:
    """For each slot (in time order) that starts `length` back-to-back slots (each one's end the
    next one's start, as the engine places a longer meeting), the last of them: {first slot id: last}."""
    result = {}
    for index, slot in enumerate(slots):
        held = slots[index:index + length]
        if len(held) == length and all(a.ends_at == b.starts_at for a, b in zip(held, held[1:], strict=False)):
            result[slot.pk] = held[-1]
    return result


def slots_held(slot: MeetingSlot, length: int) -> list[MeetingSlot] | None:
    """The `length` back-to-back slots a meeting starting at `slot` would hold, or None when the
    slots after it are too few or a break falls between them."""
    held = list(MeetingSlot.objects.filter(event_id=slot.event_id, starts_at__gte=slot.starts_at)
                .order_by("starts_at")[:length])
    last = runs_of_slots(held, length).get(slot.pk)
    return held if last is not None else None


def busy_between(registrations, starts_at, ends_at) -> bool:
    """Whether any of these participants has a published meeting overlapping this time."""
    return Meeting.objects.filter(status=Meeting.Status.SCHEDULED, attendance__registration__in=registrations,
                                  starts_at__lt=ends_at, ends_at__gt=starts_at).exists()


def locations(event):
    return (MeetingLocation.objects.filter(event=event).select_related("hall", "stand")
            .annotate(meeting_count=Count("meetings", filter=Q(meetings__status=Meeting.Status.SCHEDULED)))
            .order_by("hall__code", "kind", "code"))


def runs(event):
    return ScheduleRun.objects.filter(event=event).select_related("created_by").order_by("-created_at")


def meetings(event, *, status: str | None = None, run: ScheduleRun | None = None):
    """Meetings with location and participants (two queries for any number of meetings)."""
    queryset = Meeting.objects.filter(event=event)
    if status:
        queryset = queryset.filter(status=status)
    if run is not None:
        queryset = queryset.filter(run=run)
    return (queryset.select_related("location__hall")
            .prefetch_related(Prefetch("attendance", queryset=MeetingParticipant.objects.order_by("pk")))
            .order_by("starts_at", "location__code", "pk"))


def names(registration_ids) -> dict[int, str]:
    rows = Registration.objects.filter(pk__in=list(registration_ids)).select_related("person", "exhibitor__company")
    return {row.pk: display_name(row) for row in rows}


@dataclass
class UnscheduledRow:
    request: MeetingRequest | None
    request_id: int
    reason: str


def unscheduled(run: ScheduleRun, limit: int = 200) -> list[UnscheduledRow]:
    """The run's unscheduled requests with their reasons in the current language, participant ids
    replaced by names."""
    items = run.unscheduled[:limit]
    request_ids = [item.get("request") for item in items]
    requests = MeetingRequest.objects.filter(pk__in=request_ids).select_related(
        "requester__person", "requester__exhibitor__company", "counterpart__person", "counterpart__exhibitor__company")
    by_id = {request.pk: request for request in requests}
    mentioned = {int(number) for item in items for number in PARTICIPANT_ID.findall(item.get("reason", ""))}
    named = names(mentioned) if mentioned else {}

    def name(participant: str) -> str:
        return named.get(int(participant.removeprefix("reg-")), participant)

    return [UnscheduledRow(by_id.get(item.get("request")), item.get("request"), reason_text(item.get("reason", ""), name))
            for item in items]


def unscheduled_reason(run: ScheduleRun, request_id: int) -> str:
    """Why this run left this request out, in the current language ("" if it did not)."""
    item = next((item for item in run.unscheduled if item.get("request") == request_id), None)
    if item is None:
        return ""
    reason = item.get("reason", "")
    mentioned = {int(number) for number in PARTICIPANT_ID.findall(reason)}
    named = names(mentioned) if mentioned else {}
    return reason_text(reason, lambda participant: named.get(int(participant.removeprefix("reg-")), participant))


def run_counts(run: ScheduleRun) -> dict:
    counts = dict(Meeting.objects.filter(run=run).values_list("status").annotate(n=Count("pk")).order_by())
    return {"draft": counts.get(Meeting.Status.DRAFT, 0), "scheduled": counts.get(Meeting.Status.SCHEDULED, 0),
            "kept": max(0, run.scheduled - sum(counts.values())) if run.scheduled else 0}


def no_show_rate(event) -> dict:
    """Of the scheduled meetings someone reported on: how many were no-shows."""
    reports = defaultdict(set)
    for meeting_id, attendance in (MeetingParticipant.objects
                                   .filter(meeting__event=event, meeting__status=Meeting.Status.SCHEDULED)
                                   .exclude(attendance="").values_list("meeting_id", "attendance")):
        reports[meeting_id].add(attendance)
    # The reports' rule too: held when anyone marked it held, a no-show when someone marked a
    # no-show and nobody marked it held.
    no_show = sum(1 for marks in reports.values()
                  if MeetingParticipant.Attendance.NO_SHOW in marks and MeetingParticipant.Attendance.HELD not in marks)
    reported = len(reports)
    return {"reported": reported, "no_show": no_show, "held": reported - no_show,
            "rate": (no_show / reported) if reported else None}


@dataclass
class GridData:
    slots: list
    locations: list
    cells: dict  # (slot pk, location pk) -> (meeting, state)


def grid(event, *, day, hall_id: int | None, run: ScheduleRun | None = None) -> GridData:
    """Slots of one day × locations of one hall (None: locations without a hall), with what holds
    each cell: the published meetings and, for an unpublished run, its drafts."""
    zone = zoneinfo.ZoneInfo(event.time_zone)
    slots = [slot for slot in MeetingSlot.objects.filter(event=event).order_by("starts_at")
             if slot.starts_at.astimezone(zone).date() == day]
    for slot in slots:
        slot.local_start = slot.starts_at.astimezone(zone)
    places = list(MeetingLocation.objects.filter(event=event, hall_id=hall_id).order_by("kind", "code"))
    occupancy = MeetingOccupancy.objects.filter(slot__in=[slot.pk for slot in slots], location__in=places)
    visible = Q(meeting__status=Meeting.Status.SCHEDULED)
    if run is not None and run.status == ScheduleRun.Status.DONE:
        visible |= Q(meeting__run=run, meeting__status=Meeting.Status.DRAFT)
    rows = (occupancy.filter(visible).select_related("meeting")
            .prefetch_related(Prefetch("meeting__attendance", queryset=participant_rows())))
    cells = {}
    for row in rows:
        marks = {participant.attendance for participant in row.meeting.attendance.all()}
        if row.meeting.status == Meeting.Status.DRAFT:
            state = "draft"
        elif MeetingParticipant.Attendance.NO_SHOW in marks:
            state = "no-show"
        elif MeetingParticipant.Attendance.HELD in marks:
            state = "held"
        else:
            state = "scheduled"
        cells[(row.slot_id, row.location_id)] = (row.meeting, state)
    return GridData(slots, places, cells)
