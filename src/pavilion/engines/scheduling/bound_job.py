"""The bound job: the LP bound on a thread of its own while the search runs, then the participant
blocks and, where the LP is indexed by slot, column generation (see BoundJob)."""

from __future__ import annotations

import atexit
import threading
import time

from .blocks import BlockGate
from .bound import LpGuide, fallback_bound, lp_bound, silence_banner
from .generation import Generated
from .instance import Instance

left_over: set[threading.Thread] = set()  # threads to join at exit (see _join_left_over)


@atexit.register
def _join_left_over() -> None:
    """A HiGHS thread still inside the solver when the interpreter finalises aborts the process
    ("terminate called without an active exception"): wait for the cancelled ones (and for
    Feasibility Jump runs, which end on their own work limits) to end."""
    for thread in list(left_over):
        thread.join(timeout=60.0)


class BoundJob:
    """The LP bound, computed on a second thread while the search runs (HiGHS releases the
    interpreter lock), then lowered by the participant blocks (blocks.py) once `release_blocks()`
    lets them start, and where the LP is indexed by slot by column generation over the blocks
    (generation.py) from the schedule `start_from()` hands over. `lp_value()` waits for the LP and
    `value()` for the rest too, so decisions taken on them do not depend on timing."""

    def __init__(self, instance: Instance, seconds: float) -> None:
        self._fallback = fallback_bound(instance)
        self._result: int | None = None  # the best bound so far
        self._plain: int | None = None  # the LP's, without the blocks
        self._highs = None
        self._cancelled = False
        self._guide: LpGuide | None = None
        self._solved = threading.Event()  # the LP itself is done (the blocks may still run)
        self._handed_over = threading.Event()  # HiGHS has the model (building it held the interpreter lock)
        self._blocks_gate = BlockGate(is_open=False)  # the participant blocks may run (see release_blocks)
        self._lp_known = threading.Event()  # _plain is set (or the LP gave nothing)
        self._helping = threading.Lock()  # guards the two below
        self._blocks_work = None  # the blocks' shared work, once they run (blocks.priced_blocks)
        self._helpers_wanted = 0
        self._schedule: list[tuple[int, int] | None] | None = None  # for column generation
        self._generated: Generated | None = None  # column generation's result, once it converged
        self._schedule_given = threading.Event()
        silence_banner()  # here, in the calling thread
        self._thread = threading.Thread(target=self._run, args=(instance, seconds), daemon=True)
        self._thread.start()

    def _run(self, instance: Instance, seconds: float) -> None:
        try:
            self._result = lp_bound(instance, seconds, started=self._remember, stop=lambda: self._cancelled,
                                    guide=self._keep_guide, found=self._keep_lp, share=self._share,
                                    gate=self._blocks_gate, known=self._known, converged=self._keep_generated)
        finally:
            if self._plain is None:
                self._plain = self._result
            self._handed_over.set()
            self._solved.set()
            self._lp_known.set()

    def _keep_lp(self, value: int) -> None:
        """The LP's bound (first), then lowered block by block: what `value()` gives if the blocks
        are still running at its deadline."""
        if self._plain is None:
            self._plain = value
        self._result = value
        self._lp_known.set()

    def _keep_generated(self, generated: Generated) -> None:
        self._generated = generated

    def generated(self) -> Generated | None:
        """Column generation's result once it converged (its last master's options, the prices of
        its best bound and the blocks' best schedules there), else None (generation.Generated)."""
        return self._generated

    def _keep_guide(self, guide: LpGuide) -> None:
        self._guide = guide
        self._solved.set()

    def guide(self, deadline: float) -> LpGuide | None:
        """The LP's solution, waiting for it (the greedy follows it, so it must not depend on
        timing), but not past `deadline`."""
        self._solved.wait(max(0.0, deadline - time.monotonic()))
        return self._guide

    def handed_over(self, deadline: float) -> None:
        """Wait until HiGHS has the model, but not past `deadline`. Building the model is Python
        work, so a greedy running meanwhile only shares the interpreter lock with it and both
        take twice as long; after it, HiGHS solves without the lock."""
        self._handed_over.wait(max(0.0, deadline - time.monotonic()))

    def _remember(self, highs) -> None:
        self._highs = highs
        self._handed_over.set()
        if self._cancelled:
            highs.setOptionValue("time_limit", 0.001)

    def _share(self, work) -> None:
        with self._helping:
            self._blocks_work = work
            for _ in range(self._helpers_wanted):
                threading.Thread(target=work, daemon=True).start()

    def add_helper(self) -> None:
        """One more thread for the participant blocks, now or as soon as they start (the caller has
        a core free: it only waits for the bound from now on)."""
        with self._helping:
            self._helpers_wanted += 1
            if self._blocks_work is not None:
                threading.Thread(target=self._blocks_work, daemon=True).start()

    def _known(self) -> list[tuple[int, int] | None] | None:
        self._schedule_given.wait()
        return self._schedule

    def start_from(self, schedule: list[tuple[int, int] | None]) -> None:
        """The schedule column generation starts its master from (State.assign; the one the search
        starts from, so that it runs beside the search and does not depend on timing)."""
        self._schedule = list(schedule)
        self._schedule_given.set()

    def release_blocks(self) -> None:
        """Let the participant blocks run once the LP is done (they wait, so that they do not take
        a core from work that runs in other processes meanwhile)."""
        self._blocks_gate.open()

    def pause_blocks(self) -> None:
        """Stop the participant blocks before their next block, and wait until none is being solved
        (the search is about to take both cores, forking a process each round)."""
        self._blocks_gate.close()

    def cancel(self) -> None:
        self._cancelled = True
        self._blocks_gate.open()
        self._schedule_given.set()
        if self._highs is not None:
            self._highs.cancelSolve()

    def tighten(self, value: int) -> None:
        self._fallback = min(self._fallback, value)

    def stop(self, deadline: float) -> None:
        """Cancel the LP if it still runs and wait for its thread, but not past `deadline`. One
        still running then is joined when the interpreter exits (see _joinleft_over)."""
        self.cancel()
        self._thread.join(timeout=max(0.0, deadline - time.monotonic()))
        if self._thread.is_alive():
            left_over.add(self._thread)

    def lp_known(self) -> bool:
        """Whether the LP is done (an `lp_value()` now would not wait)."""
        return self._lp_known.is_set()

    def lp_value(self, deadline: float) -> int:
        """The LP's bound without the blocks, waiting for it (the search stops on it, so that must
        not depend on timing), but never past `deadline`: then the bound of last resort stands in."""
        self._lp_known.wait(max(0.0, deadline - time.monotonic()))
        return self._fallback if self._plain is None else min(self._plain, self._fallback)

    def value(self, deadline: float | None = None) -> int:
        """The bound with the blocks, waiting for them, but never past `deadline`: then what they
        reached stands (or the bound of last resort, without the LP)."""
        self._thread.join(None if deadline is None else max(0.0, deadline - time.monotonic()))
        return self._fallback if self._result is None else min(self._result, self._fallback)
