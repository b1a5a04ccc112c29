"""Ejection moves: put a left-out meeting in, moving the meetings in its way elsewhere, or
dropping them when they weigh less. Cheap, so it runs over every left-out meeting many times."""

from __future__ import annotations

import random
import time

from .state import State


def _in_the_way(state: State, meeting: int, start: int, group: int, rng: random.Random) -> set[int] | None:
    """Meetings that block (start, group) for `meeting`; None when no eviction can free it
    (a participant at their maximum, a pinned meeting in the way)."""
    instance = state.instance
    length = instance.length[meeting]
    blockers: set[int] = set()
    for person in instance.members[meeting]:
        for slot in range(start, start + length):
            other = state.at[person].get(slot)
            if other is not None:
                blockers.add(other)
        if state.count[person] >= instance.limit[person]:
            return None
    capacity = instance.groups[group].capacity
    for slot in range(start, start + length):
        hosted = state.hosted.get((group, slot), set())
        if len(hosted - blockers) >= capacity:
            candidates = sorted(hosted - blockers)
            blockers.add(candidates[rng.randrange(len(candidates))])
    if any(instance.pinned[b] is not None for b in blockers):
        return None
    return blockers


def _relocate(state: State, meeting: int, rng: random.Random) -> bool:
    instance = state.instance
    options = [(s, g) for s in instance.starts[meeting] for g in instance.accepted[meeting]]
    rng.shuffle(options)
    for start, group in options:
        if state.fits(meeting, start, group):
            state.place(meeting, start, group)
            return True
    return False


def try_insert(state: State, meeting: int, rng: random.Random) -> bool:
    """One ejection move for `meeting`; keeps it only if the priority goes up, or stays equal
    while more participants get a meeting."""
    instance = state.instance
    options = [(s, g) for s in instance.starts[meeting] for g in instance.accepted[meeting]]
    rng.shuffle(options)
    for start, group in options[:12]:
        blockers = _in_the_way(state, meeting, start, group, rng)
        if blockers is None or sum(instance.priority[b] for b in blockers) > instance.priority[meeting] + 8:
            continue
        before = (state.objective, state.covered())
        old = {b: state.assign[b] for b in blockers}
        for b in blockers:
            state.remove(b)
        if not state.fits(meeting, start, group):
            for b, chosen in old.items():
                state.place(b, *chosen)
            continue
        state.place(meeting, start, group)
        moved = [b for b in sorted(old, key=lambda b: -instance.priority[b]) if _relocate(state, b, rng)]
        if (state.objective, state.covered()) > before:
            return True
        for b in moved + [meeting]:
            state.remove(b)
        for b, chosen in old.items():
            state.place(b, *chosen)
    return False


def eject(state: State, rng: random.Random, rounds: int, deadline: float) -> None:
    instance = state.instance
    for _ in range(rounds):
        waiting = [m for m, chosen in enumerate(state.assign) if chosen is None and instance.starts[m]
                   and instance.accepted[m]]
        waiting.sort(key=lambda m: (-instance.priority[m], rng.random()))
        changed = False
        for meeting in waiting:
            if time.monotonic() > deadline:
                return
            if state.assign[meeting] is None and try_insert(state, meeting, rng):
                changed = True
        if not changed:
            break
