"""Large-neighbourhood search: free part of the schedule, let CP-SAT re-place it, keep it if the
result is at least as good (priority, then participants with a meeting)."""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from .state import State
from .submodel import resolve

CHECK_EVERY = 8  # iterations between looks at the bound (the look waits for it: deterministic)


def _window(state: State, rng: random.Random, limit: int) -> tuple[list[int], tuple[int, int]]:
    """A few consecutive slots: the meetings inside them and the left-out ones that fit there."""
    instance = state.instance
    width = rng.randint(2, 4)
    first = rng.randrange(max(1, instance.n_slots - width + 1))
    window = (first, first + width)
    inside, waiting = [], []
    for meeting, chosen in enumerate(state.assign):
        if instance.pinned[meeting] is not None:
            continue
        length = instance.length[meeting]
        if chosen is not None:
            if window[0] <= chosen[0] and chosen[0] + length <= window[1]:
                inside.append(meeting)
        elif any(window[0] <= s and s + length <= window[1] for s in instance.starts[meeting]):
            waiting.append(meeting)
    return _sample(inside, waiting, limit, rng), window


def _sample(inside: list[int], waiting: list[int], limit: int, rng: random.Random) -> list[int]:
    chosen = inside + waiting
    if len(chosen) > limit:
        chosen = rng.sample(chosen, limit)
    return sorted(chosen)


def _people(state: State, rng: random.Random, limit: int) -> list[int]:
    """Left-out meetings, their participants' other meetings and one more ring of those."""
    instance = state.instance
    waiting = [m for m, chosen in enumerate(state.assign) if chosen is None and instance.starts[m]
               and instance.accepted[m]]
    if not waiting:
        return []
    free: set[int] = set()
    seeds = rng.sample(waiting, min(len(waiting), max(1, limit // 40)))
    for seed_meeting in seeds:
        for person in instance.members[seed_meeting]:
            for meeting in instance.meetings_of[person]:
                if instance.pinned[meeting] is None:
                    free.add(meeting)
        if len(free) >= limit:
            break
    return sorted(free)[:limit] if len(free) <= limit else sorted(rng.sample(sorted(free), limit))


def improve(state: State, *, seed: int, deadline: float, bound: Callable[[], int],
            stall_limit: int, neighbourhood: int, effort: float, work: float) -> int:
    """Run until the bound is met, `stall_limit` tries in a row bring nothing, or CP-SAT's
    deterministic time over all tries reaches `work`: every one of these stops depends only on the
    input and the seed, so the result does too. `deadline` (wall clock) is only a safety stop for a
    machine so loaded that the work does not fit in the time limit."""
    rng = random.Random(seed)
    stall = iteration = 0
    spent = 0.0
    while spent < work and stall < stall_limit and time.monotonic() < deadline:
        if iteration and iteration % CHECK_EVERY == 0 and state.objective >= bound():
            break
        iteration += 1
        if iteration % 2:
            free, window = _window(state, rng, neighbourhood)
        else:  # over the whole horizon: fewer meetings, or CP-SAT cannot finish them
            free, window = _people(state, rng, max(60, neighbourhood // 3)), None
        if not free:
            stall += 1
            continue
        outcome = resolve(state, free, window=window, effort=min(effort, max(0.01, work - spent)),
                          seconds=deadline - time.monotonic(), seed=rng.randrange(1 << 30))
        spent += outcome.work
        stall = 0 if outcome.improved else stall + 1
    return iteration
