"""Turning the engine's state into the spec's Solution: real locations, reasons, fairness."""

from __future__ import annotations

from .instance import Instance
from .model import Assignment, Solution, Unscheduled
from .reasons import reason
from .state import State


def _locations(state: State) -> dict[int, str]:
    """First-fit in start order inside each group; pinned meetings keep their location. Counts per
    slot never exceed a group's size, so this always succeeds (see instance.py). A location free
    at a meeting's first slot is free in its later slots too unless a pin holds it there: any
    meeting placed earlier that reaches a later slot started earlier and so holds the first one."""
    instance = state.instance
    free = [[dict.fromkeys(group.locations) for _ in range(instance.n_slots)] for group in instance.groups]
    pinned_at: set[tuple[str, int]] = set()
    where: dict[int, str] = {}
    placed = [m for m, chosen in enumerate(state.assign) if chosen is not None]
    for meeting in placed:
        pin = instance.problem.meetings[meeting].pinned
        if pin is not None:
            start, group = state.assign[meeting]
            where[meeting] = pin.location
            for slot in range(start, start + instance.length[meeting]):
                free[group][slot].pop(pin.location, None)
                pinned_at.add((pin.location, slot))
    for meeting in sorted((m for m in placed if m not in where), key=lambda m: (state.assign[m][0], m)):
        start, group = state.assign[meeting]
        later = range(start + 1, start + instance.length[meeting])
        location = next((loc for loc in free[group][start] if all((loc, t) not in pinned_at for t in later)), None)
        if location is None:
            raise RuntimeError(f"meeting {instance.problem.meetings[meeting].id}: no free location in its group")
        where[meeting] = location
        for slot in range(start, start + instance.length[meeting]):
            del free[group][slot][location]
    return where


def fairness(state: State) -> dict:
    """Participants who could meet (some meeting of theirs has a possible place) and how many of
    them got at least one meeting."""
    instance = state.instance
    could = {p for m in range(instance.n_meetings) if instance.starts[m] and instance.accepted[m]
             for p in instance.members[m]}
    met = {p for p in could if state.count[p] > 0}
    return {"could_meet": len(could), "met": len(met), "left_without": len(could) - len(met)}


def finish(state: State, upper_bound: int, seconds: float) -> Solution:
    instance: Instance = state.instance
    where = _locations(state)
    slots = instance.problem.slots
    assignments, unscheduled = [], []
    for meeting, spec in enumerate(instance.problem.meetings):
        chosen = state.assign[meeting]
        if chosen is None:
            unscheduled.append(Unscheduled(spec.id, reason(state, meeting)))
        else:
            assignments.append(Assignment(spec.id, slots[chosen[0]].id, where[meeting]))
    return Solution(assignments, unscheduled, state.objective, upper_bound, seconds, fairness(state))
