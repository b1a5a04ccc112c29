"""Demo meeting schedule: 48 half-hour slots over the three days (09:00-18:00 Baku time, lunch
13:00-14:00), 36 tables in the B2B area of Hall 1 and 4 secure rooms in Hall 2, one published run
of whatever accepted requests the meetings step created (a few of them agreed for the first
morning's 09:00 and 09:30 slots), those first morning meetings reported held or no-show by their
participants (the demo clock is 2024-09-24 10:00) and one cancellation.
A second run of the demo finds everything there and creates nothing."""

import datetime
import zoneinfo

from django.contrib.auth import get_user_model
from django.db.models import Min

from pavilion.core import clock
from pavilion.core.demo import EVENT_SLUG, Demo
from pavilion.events.models import Event, Hall
from pavilion.meetings.models import (
    Availability,
    Meeting,
    MeetingLocation,
    MeetingRequest,
    MeetingSlot,
    ScheduleRun,
)
from pavilion.meetings.services import attendance, locations, scheduling, slots
from pavilion.meetings.services.scheduling_problem import schedulable_requests

TABLE_HALL, SECURE_HALL = "1", "2"
TABLES, SECURE_ROOMS = 36, 4
TIME_LIMIT = 5  # seconds: the demo's few hundred requests need less
FIRST_MORNING = 8  # requests agreed for the first two slots (four each), so that meetings are over by 10:00


def create_schedule(demo: Demo) -> None:
    event = Event.objects.filter(slug=EVENT_SLUG).first()
    organiser = get_user_model().objects.filter(username="organiser").first()
    if event is None or organiser is None:
        return
    _slots(demo, event, organiser)
    _locations(demo, event, organiser)
    if ScheduleRun.objects.filter(event=event).exclude(status=ScheduleRun.Status.FAILED).exists():
        return
    if not schedulable_requests(event).exists():
        return
    _first_morning(event)
    run = scheduling.schedule_run_start(actor=organiser, event=event, time_limit=TIME_LIMIT, seed=demo.seed)
    run = scheduling.schedule_run_execute(run_id=run.pk)  # now, inside the demo's transaction
    if run is None or run.status != ScheduleRun.Status.DONE \
            or not Meeting.objects.filter(run=run, status=Meeting.Status.DRAFT).exists():
        return
    scheduling.schedule_run_publish(actor=organiser, run=run)
    demo.count("schedule runs", 1)
    demo.count("meetings", run.scheduled)
    _reports(demo, event, organiser)
    _cancel_one(demo, event, organiser)


def _slots(demo: Demo, event, organiser) -> None:
    if MeetingSlot.objects.filter(event=event).exists():
        return
    plan = slots.SlotPlan(days=[event.start_date + datetime.timedelta(days=n)
                                for n in range((event.end_date - event.start_date).days + 1)],
                          day_start=datetime.time(9), day_end=datetime.time(18), minutes=30,
                          breaks=[(datetime.time(13), datetime.time(14))])
    demo.count("meeting slots", len(slots.slots_generate(actor=organiser, event=event, plan=plan)))


def _locations(demo: Demo, event, organiser) -> None:
    if MeetingLocation.objects.filter(event=event).exists():
        return
    halls = {hall.code: hall for hall in Hall.objects.filter(venue=event.venue_id, code__in=[TABLE_HALL, SECURE_HALL])}
    tables = locations.locations_add_tables(actor=organiser, event=event, hall=halls.get(TABLE_HALL), count=TABLES,
                                            prefix="B2B")
    rooms = [locations.location_create(actor=organiser, event=event, kind=MeetingLocation.Kind.SECURE_ROOM,
                                       code=f"secure-{number}", name_en=f"Secure meeting room {number}",
                                       name_az=f"Məxfi görüş otağı {number}",
                                       name_ru=f"Защищённая переговорная {number}",
                                       hall=halls.get(SECURE_HALL), capacity=8)
             for number in range(1, SECURE_ROOMS + 1)]
    demo.count("meeting locations", len(tables) + len(rooms))


def _first_morning(event) -> None:
    """A few accepted requests whose two sides are free from 09:00 on the first day keep the time
    they agreed: the first morning's two slots (an agreed time is the only one the engine may use)."""
    zone = zoneinfo.ZoneInfo(event.time_zone)
    morning = [slot for slot in MeetingSlot.objects.filter(event=event).order_by("starts_at")
               if slot.starts_at.astimezone(zone).date() == event.start_date][:2]
    if not morning:
        return
    free = set(Availability.objects.filter(profile__registration__event=event, day=event.start_date,
                                           start__lte=morning[0].starts_at.astimezone(zone).time())
               .values_list("profile__registration_id", flat=True))
    candidates = (schedulable_requests(event).filter(proposed_slot__isnull=True, length=1, team__isnull=True,
                                                     requester__status="approved", counterpart__status="approved")
                  .order_by("pk").values_list("pk", "requester_id", "counterpart_id"))
    busy, chosen = set(), []
    for pk, requester, counterpart in candidates:
        if {requester, counterpart} <= free and not {requester, counterpart} & busy:
            busy |= {requester, counterpart}
            chosen.append(pk)
            if len(chosen) == FIRST_MORNING:
                break
    # Taken in turns, at most four a slot: as many as there are secure rooms, in case all need one.
    for index, pk in enumerate(chosen):
        MeetingRequest.objects.filter(pk=pk).update(proposed_slot=morning[index % len(morning)])


def _reports(demo: Demo, event, organiser) -> None:
    """The meetings of the first morning hour that have started by now: most held (both sides say
    so), one in three a no-show (the side that came says so; a "held" from the other would make it held)."""
    first = Meeting.objects.filter(event=event, status=Meeting.Status.SCHEDULED).aggregate(first=Min("starts_at"))["first"]
    if first is None:
        return
    early = (Meeting.objects.filter(event=event, status=Meeting.Status.SCHEDULED,
                                    starts_at__lte=min(clock.now(), first + datetime.timedelta(hours=1)))
             .prefetch_related("attendance").order_by("starts_at", "pk"))
    marked = 0
    for number, meeting in enumerate(early):
        no_show = number % 3 == 1
        rows = list(meeting.attendance.all())
        for row in rows[:1] if no_show else rows[:2]:
            attendance.attendance_mark(actor=organiser, meeting=meeting, registration_id=row.registration_id,
                                       attendance="no-show" if no_show else "held")
            marked += 1
    demo.count("attendance reports", marked)


def _cancel_one(demo: Demo, event, organiser) -> None:
    meeting = (Meeting.objects.filter(event=event, status=Meeting.Status.SCHEDULED,
                                      starts_at__date=event.start_date + datetime.timedelta(days=1))
               .order_by("starts_at", "pk").first())
    if meeting is not None:
        scheduling.meeting_cancel(actor=organiser, meeting=meeting, reason="The visitor's flight was changed.")
        demo.count("cancelled meetings", 1)
