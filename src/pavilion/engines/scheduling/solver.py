"""solve(problem) -> Solution: construct, solve exactly when small, improve by LNS, prove a bound."""

from __future__ import annotations

import random
import threading
import time

from .bound import lp_bound, simple_bound
from .finish import finish
from .instance import Instance, build_instance
from .model import Problem, Solution
from .repair import eject
from .search import improve
from .state import construct, fill
from .submodel import resolve

NEIGHBOURHOOD = 400  # meetings re-decided at once by the large-neighbourhood search
EXACT_OPTIONS = 8_000  # up to this many options CP-SAT takes the whole problem at once


class BoundJob:
    """The LP bound, computed on a second thread while the search runs (HiGHS releases the
    interpreter lock). `value()` waits for it, so decisions taken on it do not depend on timing."""

    def __init__(self, instance: Instance, seconds: float) -> None:
        self._fallback = simple_bound(instance)
        self._result: int | None = None
        self._highs = None
        self._thread = threading.Thread(target=self._run, args=(instance, seconds), daemon=True)
        self._thread.start()

    def _run(self, instance: Instance, seconds: float) -> None:
        self._result = lp_bound(instance, seconds, started=self._remember)

    def _remember(self, highs) -> None:
        self._highs = highs

    def cancel(self) -> None:
        if self._highs is not None:
            self._highs.cancelSolve()

    def tighten(self, value: int) -> None:
        self._fallback = min(self._fallback, value)

    def value(self, deadline: float | None = None) -> int:
        """Waits for the LP (so that decisions taken on it do not depend on timing), but never
        past `deadline`: then the bound of last resort stands in."""
        self._thread.join(None if deadline is None else max(0.0, deadline - time.monotonic()))
        return self._fallback if self._result is None else min(self._result, self._fallback)


def _pinned_priority(instance: Instance) -> int:
    return sum(p for p, pin in zip(instance.priority, instance.pinned, strict=True) if pin is not None)


def solve(problem: Problem, time_limit: float = 60.0, seed: int = 0) -> Solution:
    """The best schedule found within `time_limit` seconds; the same input and seed give the same
    schedule whenever the search ends before the time limit (it stops on a proof or a stall)."""
    started = time.monotonic()
    # Room at the end for handing out locations and writing reasons (grows with the meetings).
    deadline = started + max(0.1, time_limit) * 0.92 - 0.05 - 5e-5 * len(problem.meetings)
    instance = build_instance(problem)
    state = construct(instance)
    if state.objective == simple_bound(instance):  # everything that can be placed is placed
        return finish(state, state.objective, time.monotonic() - started)
    job = BoundJob(instance, seconds=max(1.0, 0.8 * (deadline - time.monotonic())))
    eject(state, random.Random(seed), rounds=2, deadline=started + 0.25 * (deadline - started))
    proven = None
    free = [m for m in range(instance.n_meetings) if instance.pinned[m] is None]
    if proven is None and instance.option_count() <= EXACT_OPTIONS:
        outcome = resolve(state, free, window=None, effort=max(1.0, 0.4 * time_limit),
                          seconds=max(0.05, 0.6 * (deadline - time.monotonic())), seed=seed)
        if outcome.proven:
            proven = state.objective
            job.cancel()
        elif outcome.priority_bound is not None:
            job.tighten(_pinned_priority(instance) + outcome.priority_bound)
    bound = proven
    if bound is None:
        improve(state, seed=seed, deadline=deadline, bound=lambda: job.value(deadline), stall_limit=40,
                neighbourhood=NEIGHBOURHOOD, effort=0.5)
        bound = job.value(deadline)
    fill(state)
    return finish(state, bound, time.monotonic() - started)
