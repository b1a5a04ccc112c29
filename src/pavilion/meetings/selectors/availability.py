"""When a participant can meet, as the scheduling run reads it: within one of the periods of their
meeting profile (no periods given: at any time) and, for a member of an official delegation that
gave its arrival or departure, within the delegation's stay.

The run's input (services.scheduling_problem) and the check of a time proposed by hand
(services.requests, forms.requests) both read it here, so that a time one side proposes and the
other accepts is one the run can keep.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from pavilion.meetings.models import Availability, MeetingSlot
from pavilion.registrations.models import Registration


def local_times(slot: MeetingSlot, zone) -> tuple[datetime.date, datetime.time, datetime.time]:
    """The slot's day, start and end at the venue (a slot that runs past midnight ends at the day's end)."""
    start, end = slot.starts_at.astimezone(zone), slot.ends_at.astimezone(zone)
    return start.date(), start.time(), end.time() if end.date() == start.date() else datetime.time.max


def within_periods(periods, day: datetime.date, start: datetime.time, end: datetime.time) -> bool:
    return any(day == p_day and p_start <= start and end <= p_end for p_day, p_start, p_end in periods)


def periods_of(registrations: Iterable[int]) -> dict[int, list[tuple]]:
    """The periods of each registration's meeting profile, (day, start, end), by registration id."""
    periods = defaultdict(list)
    for owner, day, start, end in (Availability.objects.filter(profile__registration__in=list(registrations))
                                   .values_list("profile__registration_id", "day", "start", "end")):
        periods[owner].append((day, start, end))
    return periods


def stays_of(registrations: Iterable[int]) -> dict[int, tuple]:
    """(arrival, departure), either possibly None, of each official delegation member among these whose
    delegation gave at least one of them."""
    return {person: (arrival, departure) for person, arrival, departure in (
        Registration.objects.filter(pk__in=list(registrations), delegation__isnull=False)
        .exclude(delegation__arrival=None, delegation__departure=None)
        .values_list("pk", "delegation__arrival", "delegation__departure"))}


def within_stay(stay: tuple, slot: MeetingSlot) -> bool:
    arrival, departure = stay
    return (arrival is None or slot.starts_at >= arrival) and (departure is None or slot.ends_at <= departure)


def slots_all_can_meet(registrations: Iterable[int], slots: Iterable[MeetingSlot], zone) -> set[int]:
    """The ids of those `slots` in which every one of these participants can meet."""
    people = list(registrations)
    periods, stays = periods_of(people), stays_of(people)
    result = set()
    for slot in slots:
        day, start, end = local_times(slot, zone)
        if all((person not in periods or within_periods(periods[person], day, start, end))
               and (person not in stays or within_stay(stays[person], slot)) for person in people):
            result.add(slot.pk)
    return result
