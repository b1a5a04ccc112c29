"""Why a meeting was left out, in words a person understands."""

from __future__ import annotations

from collections import Counter

from .instance import Instance
from .state import State


def _names(ids: list[str]) -> str:
    return ids[0] if len(ids) == 1 else ", ".join(ids[:-1]) + " and " + ids[-1]


def _place_words(instance: Instance, meeting: int) -> str:
    spec = instance.problem.meetings[meeting]
    if spec.location is not None:
        return f"location {spec.location} is not free"
    return f"no {' or '.join(spec.location_kinds)} is free"


def _no_start(instance: Instance, meeting: int) -> str:
    spec = instance.problem.meetings[meeting]
    allowed = spec.slots
    for person in spec.participants:
        available = instance.problem.participant_by_id[person].available
        usable = (allowed if allowed is not None else set(instance.problem.slot_index)) & (
            available if available is not None else set(instance.problem.slot_index))
        if not usable:
            where = "in the meeting's slots" if allowed is not None else "in any slot"
            return f"participant {person} is not available {where}"
    if spec.length > 1:
        return f"participants {_names(list(spec.participants))} have no {spec.length} consecutive slots free in common"
    return f"participants {_names(list(spec.participants))} have no common free slot"


def _blockers(state: State, meeting: int) -> tuple[Counter, int, int]:
    """Over every possible start: who was busy, how often no location was free, how often only
    the walk between halls stood in the way."""
    instance = state.instance
    busy_people: Counter = Counter()
    no_location = hall_change = 0
    length = instance.length[meeting]
    for start in instance.starts[meeting]:
        mask = ((1 << length) - 1) << start
        busy = [p for p in instance.members[meeting] if state.busy[p] & mask]
        if busy:
            busy_people.update(busy)
            continue
        free_groups = [
            g for g in instance.accepted[meeting]
            if all(state.use[g][t] < instance.groups[g].capacity for t in range(start, start + length))
        ]
        if not free_groups:
            no_location += 1
        else:
            hall_change += 1
    return busy_people, no_location, hall_change


def reason(state: State, meeting: int) -> str:
    instance = state.instance
    spec = instance.problem.meetings[meeting]
    if not instance.accepted[meeting]:
        return f"there is no location of kind {' or '.join(spec.location_kinds)}"
    if not instance.starts[meeting]:
        return _no_start(instance, meeting)
    for person in instance.members[meeting]:
        if state.count[person] >= instance.limit[person]:
            participant = instance.problem.participants[person]
            return f"participant {participant.id} reached their maximum of {participant.max_meetings} meetings"
    busy_people, no_location, hall_change = _blockers(state, meeting)
    ids = [instance.problem.participants[p].id for p, _n in busy_people.most_common(3)]
    starts = len(instance.starts[meeting])
    if not no_location and not hall_change:
        if len(ids) == 1:
            return f"participant {ids[0]} has other meetings in every slot the meeting could take"
        return f"participants {_names(ids)} have other meetings in every slot the meeting could take"
    if no_location == starts:
        return f"{_place_words(instance, meeting)} in any slot when all participants are"
    if hall_change == starts:
        return "every common free slot would make a participant change halls without a free slot between"
    parts = []
    if busy_people:
        parts.append(f"{_names(ids)} {'has' if len(ids) == 1 else 'have'} other meetings")
    if no_location:
        parts.append(_place_words(instance, meeting))
    if hall_change:
        parts.append("a participant would change halls without a free slot between")
    return "every common free slot is taken: " + "; ".join(parts)
