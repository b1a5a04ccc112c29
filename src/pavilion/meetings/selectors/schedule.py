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
