"""A second start: HiGHS' Feasibility Jump heuristic on the exact model of the whole show.

Feasibility Jump (Luteberget and Sartor, 2023; built into HiGHS' MIP solver, which runs it before
its first LP) is a weighted local search over all the 0/1 columns at once: it moves one column
at a time, raising the weights of the rows a move would break whenever it is stuck, and keeps the
best schedule it passes. On these shows it finds in a fraction of a second a schedule that the
greedy and a 10 s neighbourhood search do not reach (generated small show: 1,278 in 0.3 s against
the greedy's 1,263), because it decides every meeting together rather than one after another.

The model is the engine's exact one, indexed by slot and location group: a column per (meeting,
first slot, group), at most one column per meeting, one meeting per participant and slot, a
group's locations per slot, the participants' maximums and the hall-change rule (for a
participant, a slot and a hall: their meetings in that hall in the slot plus those in other
halls in the next slot are at most one). Pinned meetings are columns fixed at 1.

HiGHS runs Feasibility Jump with work limits in its own count (proportional to the model's
non-zeros), never the clock, and with its own `random_seed`: the same model and seed give the
same schedule on any machine. It cannot be stopped from outside while it runs, so it is only
started where its runs fit well inside the time limit (`runs`). HiGHS would go on to
the LP and the branch-and-bound after it; the callback for an improving solution ends the run
there by lowering HiGHS' time limit, so only the heuristic runs.

Where the whole model is too large for a run (the ADEX size), `redo` runs it on one half-day at
a time (`half_days`): the half-day's meetings and the left-out ones that could start there are
decided again, cold, on the exact model of those meetings around the fixed rest
(`Model.around`), its work counted from the model's non-zeros in the search's unit.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Callable
from itertools import chain

import highspy
import numpy as np

from .bound import silence_banner
from .highs import packing_lp, quiet_solver
from .instance import Instance
from .search import meetings_within
from .state import State
from .submodel import free_options
from .walks import by_hall_list, hall_change_rows

# Measured on this machine (2 cores, quiet): a run on the generated small show's model (154,000
# non-zeros) takes 0.45-0.85 s, on the ADEX size's (1.7 million) 11-12 s: about
# 0.5 s * (non-zeros / 154,000) ** 1.3. A third thread beside the LP and the greedy, so runs are
# only started for a small share of the limit: the engine waits for them (solver.JUMP_WAIT).
REFERENCE = (154_000, 0.5, 1.3)
SHARE_OF_LIMIT = 0.15  # all runs together, expected at most this share of the time limit
ONE_RUN_SHARE = 0.3  # except a single run, which may take up to this share (the LP is done by then)
MAX_RUNS = 8  # runs with different seeds; the best schedule of them is taken


class Model:
    """The exact 0/1 model, as HiGHS takes it: of the whole instance (`Model(instance)`), or of
    some freed meetings around a fixed rest of the schedule (`Model.around`)."""

    def __init__(self, instance: Instance, options: dict[int, list[tuple[int, int]]] | None = None,
                 capacity=None, limit=None) -> None:
        """`options`: meeting -> its (start, group) to choose from (by default every meeting's
        every start and group); `capacity(group, slot)` and `limit(person)` what the meetings of
        the model may still use (by default the instance's own)."""
        self.instance = instance
        if options is None:
            options = {m: [(s, g) for s in instance.starts[m] for g in instance.accepted[m]]
                       for m in range(instance.n_meetings)}
        if capacity is None:
            def capacity(group: int, _slot: int) -> int:
                return instance.groups[group].capacity
        if limit is None:
            def limit(person: int) -> int:
                return instance.limit[person]
        columns: list[tuple[int, int, int]] = []
        person_slot: dict[tuple[int, int], list[int]] = defaultdict(list)
        group_slot: dict[tuple[int, int], list[int]] = defaultdict(list)
        person_total: dict[int, list[int]] = defaultdict(list)
        by_hall: dict[tuple[int, int], dict[int, list[int]]] = {}
        gap = instance.problem.hall_change_gap
        hall_of = [group.hall for group in instance.groups]
        rows: list[list[int]] = []
        upper: list[int] = []
        for meeting, found in options.items():
            length, members = instance.length[meeting], instance.members[meeting]
            first = len(columns)
            for start, group in found:
                column = len(columns)
                columns.append((meeting, start, group))
                hall = hall_of[group]
                for slot in range(start, start + length):
                    group_slot[group, slot].append(column)
                    for person in members:
                        person_slot[person, slot].append(column)
                        if gap:
                            by_hall_list(by_hall, person, slot, hall).append(column)
                for person in members:
                    person_total[person].append(column)
            if len(columns) - first > 1:
                rows.append(list(range(first, len(columns))))
                upper.append(1)
        for found in person_slot.values():
            if len(found) > 1:
                rows.append(found)
                upper.append(1)
        for (group, slot), found in group_slot.items():
            room = capacity(group, slot)
            if len(found) > room:
                rows.append(found)
                upper.append(room)
        for person, found in person_total.items():
            room = limit(person)
            if len(found) > room:
                rows.append(found)
                upper.append(room)
        for now, other in hall_change_rows(by_hall, instance):
            rows.append(sorted(set(now) | set(other)))
            upper.append(1)
        self.options = options
        self.columns = columns
        # A column's cost is its priority and a little for every meeting held (all together less
        # than 1, so never traded for priority): a meeting of priority 0 still counts, and so every
        # schedule Feasibility Jump finds scores above the trivial ones HiGHS reports first.
        self.tie = 1.0 / (instance.n_meetings + 1)
        self.rows = rows
        self.upper = upper
        self.nonzeros = sum(map(len, rows))

    def candidates(self) -> list[int]:
        """The meetings the model decides (those with at least one option)."""
        return [meeting for meeting, found in self.options.items() if found]

    @classmethod
    def around(cls, state: State, free: list[int], window: tuple[int, int]) -> Model:
        """The meetings `free` (none of them placed in `state`), each at the starts and groups
        inside the slots window[0] .. window[1]-1 where it fits the rest of the schedule alone
        (participants free and below their maximum, a location free, no hall change next to a
        fixed meeting), with what the rest leaves: each group's free locations per slot and
        each participant's meetings still allowed."""
        instance = state.instance
        return cls(instance, free_options(state, free, window),
                   capacity=lambda group, slot: instance.groups[group].capacity - state.use[group][slot],
                   limit=lambda person: instance.limit[person] - state.count[person])

    def lp(self, fixed: bool = True, worth: float = 1.0) -> highspy.HighsLp:
        """HiGHS' model; `fixed`: pinned meetings' columns at 1 (none are free in `around`);
        `worth`: a factor on every column's cost."""
        instance, count = self.instance, len(self.columns)
        lp = packing_lp([worth * (instance.priority[m] + self.tie) for m, _s, _g in self.columns],
                        [1.0 if fixed and instance.pinned[m] else 0.0 for m, _s, _g in self.columns], np.ones(count),
                        self.upper, np.cumsum([0] + [len(row) for row in self.rows], dtype=np.int64),
                        np.fromiter(chain.from_iterable(self.rows), dtype=np.int32, count=self.nonzeros),
                        np.ones(self.nonzeros), by_rows=True)
        lp.integrality_ = [highspy.HighsVarType.kInteger] * count
        return lp


def column_nonzeros(instance: Instance, meeting: int) -> int:
    """A column's non-zeros, counted roughly: its meeting row, a row per participant and slot and
    per group and slot, and about as many hall-change rows."""
    members = len(instance.members[meeting])
    return 1 + instance.length[meeting] * (1 + 2 * members) + members


def estimated_nonzeros(instance: Instance) -> int:
    """The model's size, counted roughly without building it (`column_nonzeros` for each column)."""
    return sum(column_nonzeros(instance, meeting) * len(instance.starts[meeting]) * len(instance.accepted[meeting])
               for meeting in range(instance.n_meetings))


def expected_seconds(nonzeros: int) -> float:
    """How long one run on a model of that many non-zeros takes on a quiet machine (REFERENCE)."""
    reference, seconds, power = REFERENCE
    return seconds * (max(1, nonzeros) / reference) ** power


def runs(instance: Instance, time_limit: float) -> int:
    """How many runs (seeds) fit in the time limit: none when even one would take too long. It
    depends on the instance and the limit only, never on the machine's load, so the schedule
    stays the same for the same input and seed."""
    one = expected_seconds(estimated_nonzeros(instance))
    if one > ONE_RUN_SHARE * time_limit:
        return 0
    return max(1, min(MAX_RUNS, int(SHARE_OF_LIMIT * time_limit / one)))


def jump(instance: Instance, seed: int, seconds: float) -> dict[int, tuple[int, int]] | None:
    """Feasibility Jump's best schedule (meeting -> (start, group)), or None when it found none
    within its work limits (or HiGHS' safety stop of `seconds`)."""
    model = Model(instance)
    pins = [m for m, pin in enumerate(instance.pinned) if pin is not None]
    return run(model, seed, seconds, sum(instance.priority[m] for m in pins) + model.tie * len(pins))


def run(model: Model, seed: int, seconds: float, trivial: float = 0.0, fixed: bool = True,
        symmetry: bool = True, worth: float = 1.0,
        found: Callable[[dict[int, tuple[int, int]]], None] = lambda schedule: None) -> dict[int, tuple[int, int]] | None:
    """One Feasibility Jump run on `model` from nothing: its first schedule worth more than
    `trivial` (what the pinned columns alone give), or None. `symmetry`: let HiGHS look for the
    model's symmetries first, as its MIP solver does by default (off, the same schedules come
    7-10% sooner on the windows' models). `worth`: a factor on every column's worth (see
    SPLIT_WORTH). `found(schedule)` is called with the schedule as soon as HiGHS reports it, from
    inside HiGHS' run (a forked part answers and ends there: parallel.answer_now)."""
    if not model.columns:
        return None
    silence_banner()
    highs = quiet_solver()
    highs.setOptionValue("presolve", "off")
    highs.setOptionValue("mip_detect_symmetry", symmetry)
    highs.setOptionValue("random_seed", seed % 2_147_483_647)
    highs.setOptionValue("time_limit", max(0.05, seconds))
    for heuristic in ("rins", "rens", "root_reduced_cost"):
        highs.setOptionValue(f"mip_heuristic_run_{heuristic}", False)
    highs.passModel(model.lp(fixed, worth))
    best: list[np.ndarray] = []

    def improved(event) -> None:
        # HiGHS first reports trivial schedules (nothing, or the pinned meetings alone); the next
        # report is Feasibility Jump's, after which only the LP and the tree would follow: stop.
        if event.data_out.objective_function_value > worth * (trivial + model.tie / 2):
            best[:] = [schedule_of(np.asarray(event.data_out.mip_solution))]
            highs.setOptionValue("time_limit", 1e-3)
            found(best[0])

    def schedule_of(values: np.ndarray) -> dict[int, tuple[int, int]]:
        return {model.columns[c][0]: model.columns[c][1:] for c in np.nonzero(values > 0.5)[0]}

    highs.cbMipImprovingSolution.subscribe(improved)
    highs.run()
    return best[0] if best else None


class JumpJob:
    """Feasibility Jump on a thread of its own (HiGHS releases the interpreter lock), started
    while the greedy runs: `count` runs with seeds drawn from `seed`, the best schedule kept (the
    first of equal ones). `result(deadline)` waits for them, not past the deadline: runs that have
    not ended by then are left to end on their own (within their work limits) and not used."""

    def __init__(self, instance: Instance, seed: int, count: int, seconds: float) -> None:
        self._result: dict[int, tuple[int, int]] | None = None
        silence_banner()  # here, in the calling thread
        self._thread = threading.Thread(target=self._run, args=(instance, seed, count, seconds), daemon=True)
        self._thread.start()

    def _run(self, instance: Instance, seed: int, count: int, seconds: float) -> None:
        ends = time.monotonic() + seconds
        best = -1
        for number in range(count):
            found = jump(instance, seed * MAX_RUNS + number, max(0.05, ends - time.monotonic()))
            if found is not None:
                value = sum(instance.priority[m] for m in found)
                if value > best:
                    best, self._result = value, found

    def result(self, deadline: float) -> dict[int, tuple[int, int]] | None:
        self._thread.join(max(0.0, deadline - time.monotonic()))
        return None if self._thread.is_alive() else self._result

    @property
    def thread(self) -> threading.Thread:
        return self._thread


def as_state(instance: Instance, schedule: dict[int, tuple[int, int]]) -> State:
    """The schedule as the engine's State, each placement checked against every rule again
    (pinned meetings first): anything that would break one is left out, never placed."""
    state = State(instance)
    for meeting in sorted(schedule, key=lambda m: (instance.pinned[m] is None, m)):
        start, group = schedule[meeting]
        if state.fits(meeting, start, group):
            state.place(meeting, start, group)
    return state


def half_days(instance: Instance) -> list[tuple[int, int]]:
    """The runs of directly following slots (a lunch break or a night ends one): windows
    (first, end) that no meeting and no hall-change row crosses."""
    windows, first = [], 0
    for slot in range(instance.n_slots):
        if slot + 1 == instance.n_slots or not instance.chain[slot]:
            windows.append((first, slot + 1))
            first = slot + 1
    return windows


# The work of a run on a window, in the search's unit (CP-SAT's deterministic time): Feasibility
# Jump's effort and the Python that builds its model follow the model's non-zeros; choosing the
# window's meetings looks at every meeting. Calibrated at the ADEX size on a quiet machine
# against the search's own unit there (one unit cost 1.45-1.5 s of the search thread's CPU): a
# pass over the six half-days (60,000-80,000 non-zeros each) cost 1.6-1.9 s of CPU.
WORK_PER_NONZERO = 2.9e-6
WORK_PER_MEETING = 2e-7
BUILD_SHARE = 0.3  # the share of the non-zeros' work that building the model alone costs
WAITING: int | None = 500  # left-out meetings taken into a window's model at most (highest priority first)


def redo(state: State, window: tuple[int, int], seed: int, seconds: float,
         most: float | None = None) -> tuple[bool | None, float]:
    """Feasibility Jump on one run of slots (`half_days`), cold: every placed, unpinned meeting
    inside it and every left-out meeting that could start there are decided again together, the
    rest of the schedule fixed. Kept when at least as good (priority, then participants with a
    meeting), else the schedule goes back. Not run when its work would pass `most`. Returns
    (kept and better, or None when not run; the work counted: proportional to the model's
    non-zeros, never time)."""
    instance = state.instance
    before = (state.objective, state.covered())
    snapshot = state.snapshot()
    inside, waiting = meetings_within(state, ((1 << (window[1] - window[0])) - 1) << window[0])
    waiting = [m for m in waiting if instance.accepted[m]]  # the cap below is for meetings that can be held
    if WAITING is not None and len(waiting) > WAITING:
        waiting = sorted(waiting, key=lambda m: (-instance.priority[m], m))[:WAITING]
    for meeting in inside:
        state.remove(meeting)
    model = Model.around(state, inside + waiting, window)
    scan = WORK_PER_MEETING * instance.n_meetings
    work = scan + WORK_PER_NONZERO * model.nonzeros
    if most is not None and work > most:
        state.restore(snapshot)
        return None, scan + BUILD_SHARE * (work - scan)
    found = run(model, seed, seconds, fixed=False, symmetry=False)
    if found is not None:
        for meeting in sorted(found):
            start, group = found[meeting]
            if state.fits(meeting, start, group):  # the model is exact: a safeguard only
                state.place(meeting, start, group)
    # Feasibility Jump stops at a schedule of its own weighting, which need not be maximal: place
    # any candidate that still fits somewhere in the window (highest priority first).
    for meeting in sorted(model.candidates(), key=lambda m: (-instance.priority[m], m)):
        if state.assign[meeting] is None:
            option = next((o for o in model.options[meeting] if state.fits(meeting, *o)), None)
            if option is not None:
                state.place(meeting, *option)
    after = (state.objective, state.covered())
    if after < before:
        state.restore(snapshot)
    return after > before, work
