"""The organiser's slot plan: days, day start and end, slot length and breaks become MeetingSlot rows.

Slots are generated in the event's time zone and stored in UTC. A plan whose slots would overlap
each other or the slots already there, or that has no length, is refused as a whole: nothing is
written and the message says which slot or setting is at fault.
"""

import datetime
import zoneinfo
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pavilion.core.services import audit_record
from pavilion.meetings.models import Meeting, MeetingOccupancy, MeetingSlot

MAX_SLOTS_PER_DAY = 96  # 24 hours of 15-minute slots: more is a typing mistake


@dataclass(frozen=True)
class SlotPlan:
    days: list[datetime.date]
    day_start: datetime.time
    day_end: datetime.time
    minutes: int
    breaks: list[tuple[datetime.time, datetime.time]] = field(default_factory=list)


def _check_plan(event, plan: SlotPlan) -> None:
    errors = []
    if plan.minutes <= 0:
        errors.append(_("A slot must last at least one minute: %(minutes)s minutes is no slot at all.")
                      % {"minutes": plan.minutes})
    if plan.day_end <= plan.day_start:
        errors.append(_("The day must end after it starts (%(start)s to %(end)s).")
                      % {"start": plan.day_start.strftime("%H:%M"), "end": plan.day_end.strftime("%H:%M")})
    if not plan.days:
        errors.append(_("Choose at least one day."))
    for day in plan.days:
        if not event.start_date <= day <= event.end_date:
            errors.append(_("%(day)s is not a day of the event (%(start)s to %(end)s).")
                          % {"day": day.isoformat(), "start": event.start_date.isoformat(),
                             "end": event.end_date.isoformat()})
    errors += _break_errors(plan)
    if errors:
        raise ValidationError(errors)


def _break_errors(plan: SlotPlan) -> list[str]:
    """A break lies inside the day's hours, overlaps no other break and leaves some of the day: one
    outside the day (20:00–21:00 on a 10:00–12:00 day) was taken silently and is a typing mistake."""
    errors = []
    hours = {"day_start": plan.day_start.strftime("%H:%M"), "day_end": plan.day_end.strftime("%H:%M")}
    valid = []
    for start, end in plan.breaks:
        values = {"start": start.strftime("%H:%M"), "end": end.strftime("%H:%M"), **hours}
        if end <= start:
            errors.append(_("The break %(start)s–%(end)s must end after it starts.") % values)
        elif plan.day_start < plan.day_end and not (plan.day_start <= start and end <= plan.day_end):
            errors.append(_("The break %(start)s–%(end)s is outside the day's hours (%(day_start)s to "
                            "%(day_end)s): give a break within them.") % values)
        elif (start, end) == (plan.day_start, plan.day_end):
            errors.append(_("The break %(start)s–%(end)s lasts the whole day (%(day_start)s to %(day_end)s): "
                            "leave the day out instead.") % values)
        else:
            valid.append((start, end))
    ordered = sorted(valid)
    for (start_a, end_a), (start_b, end_b) in zip(ordered, ordered[1:], strict=False):
        if start_b < end_a:
            errors.append(_("The breaks %(first)s and %(second)s overlap: give each time once.") % {
                "first": f"{start_a:%H:%M}–{end_a:%H:%M}", "second": f"{start_b:%H:%M}–{end_b:%H:%M}"})
    return errors


def plan_times(event, plan: SlotPlan) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """The (start, end) of every slot of the plan, aware in the event's time zone."""
    _check_plan(event, plan)
    zone = zoneinfo.ZoneInfo(event.time_zone)
    length = datetime.timedelta(minutes=plan.minutes)
    times = []
    for day in sorted(set(plan.days)):
        moment = datetime.datetime.combine(day, plan.day_start, zone)
        day_end = datetime.datetime.combine(day, plan.day_end, zone)
        breaks = sorted((datetime.datetime.combine(day, start, zone), datetime.datetime.combine(day, end, zone))
                        for start, end in plan.breaks)
        count = 0
        while moment + length <= day_end:
            clash = next((end for start, end in breaks if start < moment + length and moment < end), None)
            if clash is not None:
                moment = clash  # the break pushes the next slot to its end
                continue
            times.append((moment, moment + length))
            moment += length
            count += 1
            if count > MAX_SLOTS_PER_DAY:
                raise ValidationError(_("The plan makes more than %(count)s slots a day: check the slot length.")
                                      % {"count": MAX_SLOTS_PER_DAY})
    if not times:
        raise ValidationError(_("The plan makes no slot: the day is shorter than one slot once the breaks are out."))
    return times


def _describe(start: datetime.datetime, end: datetime.datetime, zone) -> str:
    start, end = start.astimezone(zone), end.astimezone(zone)
    return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"


def check_overlaps(event, times: list[tuple[datetime.datetime, datetime.datetime]]) -> None:
    """Refuse new slots that have no length or overlap one another or a slot already there."""
    zone = zoneinfo.ZoneInfo(event.time_zone)
    errors = []
    for start, end in times:
        if end <= start:
            errors.append(_("The slot %(slot)s has no length: it must end after it starts.")
                          % {"slot": _describe(start, end, zone)})
    ordered = sorted(times)
    for (start_a, end_a), (start_b, end_b) in zip(ordered, ordered[1:], strict=False):
        if start_b < end_a:
            errors.append(_("The slots %(first)s and %(second)s overlap.")
                          % {"first": _describe(start_a, end_a, zone), "second": _describe(start_b, end_b, zone)})
    if times:
        existing = MeetingSlot.objects.filter(event=event, starts_at__lt=max(end for _s, end in times),
                                              ends_at__gt=min(start for start, _e in times))
        for slot in existing:
            for start, end in times:
                if start < slot.ends_at and slot.starts_at < end:
                    errors.append(_("The slot %(new)s overlaps the existing slot %(old)s.")
                                  % {"new": _describe(start, end, zone),
                                     "old": _describe(slot.starts_at, slot.ends_at, zone)})
    if errors:
        raise ValidationError(errors[:10] + ([_("… and %(count)s more.") % {"count": len(errors) - 10}]
                                             if len(errors) > 10 else []))


def slots_create(*, actor, event, times: list[tuple[datetime.datetime, datetime.datetime]]) -> list[MeetingSlot]:
    """Add slots; all or nothing."""
    with transaction.atomic():
        # Serialise slot changes of one event: two organisers adding plans at once cannot overlap.
        type(event).objects.select_for_update().filter(pk=event.pk).first()
        check_overlaps(event, times)
        slots = MeetingSlot.objects.bulk_create(
            [MeetingSlot(event=event, starts_at=start, ends_at=end) for start, end in sorted(times)]
        )
        audit_record(actor=actor, action="meeting_slots.create", obj=event,
                     after={"slots": len(slots), "first": sorted(times)[0][0].isoformat(),
                            "last": sorted(times)[-1][1].isoformat()})
    return slots


def slots_generate(*, actor, event, plan: SlotPlan) -> list[MeetingSlot]:
    return slots_create(actor=actor, event=event, times=plan_times(event, plan))


def slots_delete(*, actor, event, day: datetime.date | None = None) -> tuple[int, int]:
    """Delete the event's slots (of one day, or all) that no meeting or proposal holds; the others
    stay. Returns (deleted, kept)."""
    zone = zoneinfo.ZoneInfo(event.time_zone)
    with transaction.atomic():
        type(event).objects.select_for_update().filter(pk=event.pk).first()
        slots = MeetingSlot.objects.filter(event=event)
        if day is not None:
            first = datetime.datetime.combine(day, datetime.time(0), zone)
            slots = slots.filter(starts_at__gte=first, starts_at__lt=first + datetime.timedelta(days=1))
        held = set(Meeting.objects.filter(event=event).values_list("slot_id", flat=True))
        held |= set(MeetingOccupancy.objects.filter(slot__event=event).values_list("slot_id", flat=True))
        held |= set(event.meeting_requests.filter(proposed_slot__isnull=False).values_list("proposed_slot_id", flat=True))
        kept = slots.filter(pk__in=held).count()
        _total, rows = slots.exclude(pk__in=held).delete()
        deleted = rows.get(MeetingSlot._meta.label, 0)
        audit_record(actor=actor, action="meeting_slots.delete", obj=event,
                     after={"deleted": deleted, "kept": kept, "day": day.isoformat() if day else None})
    return deleted, kept
