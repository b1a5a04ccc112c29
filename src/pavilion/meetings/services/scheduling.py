"""Schedule runs: start one (the task does the work), execute it (load, engine, store), publish
it, and cancel a published meeting.

A run's meetings are drafts until the organiser publishes the run; then they are `scheduled` and
the participants see them, except a draft whose request was cancelled (or whose participant left)
meanwhile: that one is dropped and listed with the run's left-out requests. The next run keeps the
published meetings where they are (they are passed pinned) and fills the new requests around them.
Publishing moves every published meeting's occupancy rows into the published run, so that the
constraint (run, slot, location) guards the whole published schedule, and refuses a run that
started before another one was published (it could not keep what that one placed).
"""

import datetime
import logging
import threading
import time

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from pavilion.core import clock, roles
from pavilion.core.services import audit_record
from pavilion.engines.scheduling import InputError, load_problem, solve
from pavilion.events.models import Event
from pavilion.meetings.models import (
    Meeting,
    MeetingLocation,
    MeetingOccupancy,
    MeetingParticipant,
    MeetingRequest,
    MeetingSlot,
    ScheduleRun,
)
from pavilion.meetings.selectors.profiles import agenda_scope, held_back
from pavilion.meetings.services.scheduling_problem import (
    Built,
    build_problem,
    event_settings,
    schedulable_requests,
)
from pavilion.registrations.models import Registration

logger = logging.getLogger(__name__)
ACTIVE = [ScheduleRun.Status.QUEUED, ScheduleRun.Status.RUNNING]
STALE_AFTER = datetime.timedelta(minutes=15)  # a run still "running" after this lost its worker
MAX_TIME_LIMIT = 600
# the adapter's phrase for a draft whose request was cancelled (or blocked) before publication
NO_LONGER_ACCEPTED = "the request was cancelled or is no longer accepted"
LOCATION_OUT_OF_USE = "the meeting's location was taken out of use"


def schedule_run_start(*, actor, event, time_limit: int | None = None, seed: int = 0) -> ScheduleRun:
    """Queue a run; the task `run_schedule` executes it after the commit."""
    from pavilion.meetings.tasks import run_schedule

    limit = time_limit or event_settings(event).time_limit_seconds
    if not 1 <= limit <= MAX_TIME_LIMIT:
        raise ValidationError({"time_limit": _("The time limit must be between 1 and %(max)s seconds.")
                               % {"max": MAX_TIME_LIMIT}})
    with transaction.atomic():
        type(event).objects.select_for_update().filter(pk=event.pk).first()
        now = clock.now()
        ScheduleRun.objects.filter(event=event, status__in=ACTIVE, created_at__lt=now - STALE_AFTER).update(
            status=ScheduleRun.Status.FAILED, error="abandoned: no result within 15 minutes", finished_at=now)
        if ScheduleRun.objects.filter(event=event, status__in=ACTIVE).exists():
            raise ValidationError(_("A run is already in progress: wait for its result."))
        if not MeetingSlot.objects.filter(event=event).exists():
            raise ValidationError(_("Set up the meeting slots first."))
        if not MeetingLocation.objects.filter(event=event, is_active=True).exists():
            raise ValidationError(_("Set up the meeting locations first."))
        if not schedulable_requests(event).exists():
            raise ValidationError(_("There is no accepted request without a meeting: nothing to schedule."))
        run = ScheduleRun.objects.create(event=event, created_by=actor if getattr(actor, "pk", None) else None,
                                         created_at=now, time_limit_seconds=limit, seed=seed, stage="queued")
        audit_record(actor=actor, action="schedule_run.start", obj=run, after={"time_limit": limit, "seed": seed})
        transaction.on_commit(lambda: run_schedule.enqueue(run.pk))
    return run


def _progress(run_id: int, progress: int, stage: str, **fields) -> None:
    ScheduleRun.objects.filter(pk=run_id).update(progress=progress, stage=stage, **fields)


def _solve_with_progress(run: ScheduleRun, problem):
    """The engine on a thread of its own (it touches no database) while this one reports progress."""
    outcome = {}

    def work():
        try:
            outcome["solution"] = solve(problem, time_limit=run.time_limit_seconds, seed=run.seed)
        except Exception as error:  # handed to the caller's thread
            outcome["error"] = error

    worker = threading.Thread(target=work, name=f"schedule-run-{run.pk}", daemon=True)
    started = time.monotonic()
    worker.start()
    while worker.is_alive():
        worker.join(1.0)
        if worker.is_alive():
            share = min(1.0, (time.monotonic() - started) / max(1, run.time_limit_seconds))
            _progress(run.pk, 20 + int(65 * share), "solving")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["solution"]


def schedule_run_execute(*, run_id: int) -> ScheduleRun | None:
    """Load, solve, store. Idempotent: only a queued run is executed."""
    claimed = ScheduleRun.objects.filter(pk=run_id, status=ScheduleRun.Status.QUEUED).update(
        status=ScheduleRun.Status.RUNNING, stage="loading", progress=5)
    if not claimed:
        return None
    run = ScheduleRun.objects.select_related("event").get(pk=run_id)
    stages = {}
    try:
        started = time.perf_counter()
        built = build_problem(run.event)
        _progress(run_id, 15, "checking", requests=built.new_requests + len(built.skipped))
        problem = load_problem(built.spec)
        stages["load"] = time.perf_counter() - started
        solution = _solve_with_progress(run, problem)
        stages["engine"] = time.perf_counter() - started - stages["load"]
        _progress(run_id, 88, "storing")
        _store(run, built, solution)
        stages["store"] = time.perf_counter() - started - stages["load"] - stages["engine"]
        # Counts and seconds only: nothing about the people in it.
        logger.info("schedule run %s: %s meetings, loaded in %.2f s, engine %.2f s, stored in %.2f s", run_id,
                    len(solution.assignments), stages["load"], stages["engine"], stages["store"],
                    extra={"schedule_stages": stages})
    except InputError as error:
        _fail(run_id, str(error))
    except Exception as error:
        logger.exception("schedule run %s failed", run_id)
        _fail(run_id, _("the run stopped on an internal error (%(kind)s)") % {"kind": type(error).__name__})
    run.refresh_from_db()
    return run


def _fail(run_id: int, message: str) -> None:
    ScheduleRun.objects.filter(pk=run_id).update(status=ScheduleRun.Status.FAILED, stage="failed",
                                                 error=message[:2000], finished_at=clock.now())


def _store(run: ScheduleRun, built: Built, solution) -> None:
    """The new meetings as drafts of the run, with their participants and occupancy, in bulk."""
    position = {identifier: index for index, identifier in enumerate(built.slot_order)}
    new = [(assignment, built.planned[assignment.meeting]) for assignment in solution.assignments
           if built.planned[assignment.meeting].meeting_id is None]
    with transaction.atomic():
        meetings = []
        for assignment, planned in new:
            first = position[assignment.slot]
            held = built.slot_order[first:first + planned.length]
            meetings.append(Meeting(
                event_id=run.event_id, request_id=planned.request_id, run=run, status=Meeting.Status.DRAFT,
                slot=built.slots[assignment.slot], length=planned.length, location=built.locations[assignment.location],
                starts_at=built.slots[held[0]].starts_at, ends_at=built.slots[held[-1]].ends_at))
        Meeting.objects.bulk_create(meetings, batch_size=2000)
        participants, occupancy = [], []
        for meeting, (assignment, planned) in zip(meetings, new, strict=True):
            first = position[assignment.slot]
            participants += [MeetingParticipant(meeting_id=meeting.pk, registration_id=person)
                             for person in planned.participants]
            occupancy += [MeetingOccupancy(meeting_id=meeting.pk, run=run, slot=built.slots[identifier],
                                           location=meeting.location)
                          for identifier in built.slot_order[first:first + planned.length]]
        MeetingParticipant.objects.bulk_create(participants, batch_size=5000)
        MeetingOccupancy.objects.bulk_create(occupancy, batch_size=5000)
        unscheduled = built.skipped + [{"request": built.planned[item.meeting].request_id, "reason": item.reason}
                                       for item in solution.unscheduled]
        ScheduleRun.objects.filter(pk=run.pk).update(
            status=ScheduleRun.Status.DONE, stage="done", progress=100, scheduled=len(solution.assignments),
            requests=built.new_requests + len(built.skipped), objective=solution.objective,
            upper_bound=solution.upper_bound, solver_status=solution.status,
            solve_seconds=round(solution.solve_seconds, 3), unscheduled=unscheduled, finished_at=clock.now())


def _left_behind(run: ScheduleRun) -> list[tuple[int, int, str]]:
    """The run's drafts that may no longer be published, as (meeting, request, reason): their request
    was cancelled (or otherwise left `accepted`) while the run waited, their location was taken out of use,
    or one side is no longer a participant the run would take (registration no longer approved, exhibitor
    withdrawn). The reasons
    are the adapter's phrases (schedule_reasons says them in the reader's language)."""
    Request = MeetingRequest
    rows = Meeting.objects.filter(run=run, status=Meeting.Status.DRAFT).values_list(
        "pk", "request_id", "request__status", "request__compliance", "request__review",
        "request__requester__status", "request__requester__category__code", "request__requester__exhibitor__status",
        "request__counterpart__status", "request__counterpart__category__code",
        "request__counterpart__exhibitor__status", "location__is_active")
    left = []
    for (meeting_id, request_id, status, compliance, review, *sides, location_in_use) in rows:
        reason = ""
        if (status != Request.Status.ACCEPTED or compliance == Request.Compliance.BLOCKED
                or review in (Request.Review.WAITING, Request.Review.REFUSED)):
            reason = NO_LONGER_ACCEPTED
        elif not location_in_use:  # taken out of use while the run waited to be published
            reason = LOCATION_OUT_OF_USE
        for role, (registration_status, code, exhibitor_status) in (("requester", sides[:3]),
                                                                      ("counterpart", sides[3:])):
            if reason:
                break
            if registration_status != Registration.Status.APPROVED:
                reason = f"the {role}'s registration is not approved"
            elif held_back(code, exhibitor_status):
                reason = f"the {role}'s exhibitor is not approved at the show"
        if reason:
            left.append((meeting_id, request_id, reason))
    return left


def schedule_run_publish(*, actor, run: ScheduleRun) -> ScheduleRun:
    """Make the run's drafts the published schedule; the previous one is kept in it (pinned). A draft
    whose request was cancelled, or whose participant left, while the run waited is not published: it
    is deleted and listed among the run's left-out requests with its reason."""
    with transaction.atomic():
        # The event first, as a move and a location's closing take it: a meeting moved meanwhile keeps the
        # occupancy of the run it is published in.
        Event.objects.select_for_update().filter(pk=run.event_id).first()
        run = ScheduleRun.objects.select_for_update().get(pk=run.pk)
        if run.status == ScheduleRun.Status.SUPERSEDED:
            raise ValidationError(_("Another run was published after this one: start a new run, it keeps the "
                                    "published meetings."))
        if run.status != ScheduleRun.Status.DONE:
            raise ValidationError(_("Only a finished run can be published (this one is %(status)s).")
                                  % {"status": run.get_status_display()})
        # The requests are locked as the request services lock them: a cancellation waits, or is seen.
        list(MeetingRequest.objects.select_for_update().filter(
            pk__in=Meeting.objects.filter(run=run).values("request_id")).order_by("pk").values_list("pk"))
        left = _left_behind(run)
        if left:
            Meeting.objects.filter(pk__in=[meeting_id for meeting_id, _request, _reason in left]).delete()
            run.unscheduled = [*run.unscheduled, *({"request": request_id, "reason": reason}
                                                   for _meeting, request_id, reason in left)]
            run.scheduled = max(0, run.scheduled - len(left))
        if not Meeting.objects.filter(run=run, status=Meeting.Status.DRAFT).exists():
            raise ValidationError(_("Nothing to publish: this run adds no meeting to the published schedule."))
        _check_against_published(run)
        published = Meeting.objects.filter(run=run, status=Meeting.Status.DRAFT).update(status=Meeting.Status.SCHEDULED)
        now = clock.now()
        stale = ScheduleRun.objects.filter(event_id=run.event_id, status__in=[
            ScheduleRun.Status.PUBLISHED, ScheduleRun.Status.DONE]).exclude(pk=run.pk)
        Meeting.objects.filter(run__in=stale, status=Meeting.Status.DRAFT).delete()
        stale.update(status=ScheduleRun.Status.SUPERSEDED)
        run.status, run.published_at = ScheduleRun.Status.PUBLISHED, now
        run.save(update_fields=["status", "published_at", "unscheduled", "scheduled"])
        audit_record(actor=actor, action="schedule_run.publish", obj=run,
                     after={"meetings": published, "left_out": sorted(request for _m, request, _r in left)})
        from pavilion.meetings.tasks import mail_on_commit  # the tasks import this module

        mail_on_commit("schedule_published", run.pk)
    return run


def _check_against_published(run: ScheduleRun) -> None:
    """A run normally keeps the published meetings (they were pinned when it loaded), but one that
    was solving while another run was published did not see them: its drafts must not put a
    person or a location twice into one slot."""
    published = Q(meeting__event_id=run.event_id, meeting__status=Meeting.Status.SCHEDULED)
    drafts = Q(meeting__run=run, meeting__status=Meeting.Status.DRAFT)
    people = "meeting__attendance__registration_id"
    busy = set(MeetingOccupancy.objects.filter(published).values_list(people, "slot_id"))
    if any(pair in busy for pair in MeetingOccupancy.objects.filter(drafts).values_list(people, "slot_id")):
        raise ValidationError(_("Another run was published while this one was working: some of its meetings "
                                "collide with published ones. Start a new run: it keeps the published meetings."))
    try:
        with transaction.atomic():
            # Every published meeting's occupancy joins this run: the constraint then guards it all.
            MeetingOccupancy.objects.filter(published).update(run=run)
    except IntegrityError:
        raise ValidationError(_("Another run was published while this one was working: some of its meetings "
                                "take a location that is no longer free. Start a new run.")) from None


def _acted_for(actor, meeting: Meeting) -> list[int]:
    """The meeting's participants the actor cancels for (none for the organiser or the system, who
    cancel for everyone; a delegation's liaison cancels for its members, profiles.agenda_scope): the
    first names the canceller in the e-mail, and none of them is sent it."""
    if actor is None or roles.is_organiser(actor):
        return []
    return list(Registration.objects.filter(pk__in=meeting.attendance.values("registration_id")).filter(
        agenda_scope(actor)).order_by("pk").values_list("pk", flat=True).distinct())


def meeting_cancel(*, actor, meeting: Meeting, reason: str) -> Meeting:
    """Cancel a published meeting: its slot and location are free again (occupancy deleted), its request
    is cancelled (either side may send a new one) and the other participants are told why; when the
    organiser cancels, every participant is. A meeting that has begun is the organiser's to cancel:
    what the participants reported on it (held, no-show) stays, whoever cancels."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the cancellation.")})
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.status != Meeting.Status.SCHEDULED:
            raise ValidationError(_("Only a scheduled meeting can be cancelled (this one is %(status)s).")
                                  % {"status": meeting.get_status_display()})
        organiser = actor is None or roles.is_organiser(actor)
        if meeting.starts_at <= clock.now() and not organiser:
            raise ValidationError(_("This meeting has already begun: it can no longer be cancelled."))
        request = MeetingRequest.objects.select_for_update().get(pk=meeting.request_id)
        meeting.status, meeting.cancelled_at, meeting.cancel_reason = Meeting.Status.CANCELLED, clock.now(), reason[:300]
        meeting.save(update_fields=["status", "cancelled_at", "cancel_reason"])
        freed = MeetingOccupancy.objects.filter(meeting=meeting).delete()[0]
        request_before = request.status
        if request.status == MeetingRequest.Status.ACCEPTED:
            request.status, request.responded_at = MeetingRequest.Status.CANCELLED, clock.now()
            request.save(update_fields=["status", "responded_at"])
        audit_record(actor=actor, action="meeting.cancel", obj=meeting,
                     before={"status": "scheduled", "slot": meeting.slot_id, "location": meeting.location_id,
                             "request": request_before},
                     after={"status": "cancelled", "freed": freed, "reason": reason[:300], "request": request.status})
        acted = _acted_for(actor, meeting)
        recipients = [str(registration_id) for registration_id in
                      meeting.attendance.order_by("pk").values_list("registration_id", flat=True)
                      if registration_id not in acted]
        from pavilion.meetings.tasks import mail_on_commit  # the tasks import this module

        if recipients:
            mail_on_commit("meeting_cancelled", meeting.pk, str(acted[0]) if acted else "", *recipients)
    return meeting
