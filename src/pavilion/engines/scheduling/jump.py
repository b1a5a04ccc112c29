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

import math
import threading
import time
from collections import defaultdict
from itertools import chain

import highspy
import numpy as np

from .bound import LpGuide, silence_banner
from .highs import packing_lp, quiet_solver
from .instance import NO_LIMIT, Instance
from .parallel import available as parallel_available
from .parallel import collect, fork_call
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

    def lp(self, fixed: bool = True) -> highspy.HighsLp:
        """HiGHS' model; `fixed`: pinned meetings' columns at 1 (none are free in `around`)."""
        instance, count = self.instance, len(self.columns)
        lp = packing_lp([instance.priority[m] + self.tie for m, _s, _g in self.columns],
                        [1.0 if fixed and instance.pinned[m] else 0.0 for m, _s, _g in self.columns], np.ones(count),
                        self.upper, np.cumsum([0] + [len(row) for row in self.rows], dtype=np.int64),
                        np.fromiter(chain.from_iterable(self.rows), dtype=np.int32, count=self.nonzeros),
                        np.ones(self.nonzeros), by_rows=True)
        lp.integrality_ = [highspy.HighsVarType.kInteger] * count
        return lp


def estimated_nonzeros(instance: Instance) -> int:
    """The model's size, counted roughly without building it: a column has its meeting row, a
    row per participant and slot and per group and slot, and about as many hall-change rows."""
    estimate = 0
    for meeting in range(instance.n_meetings):
        members = len(instance.members[meeting])
        per_column = 1 + instance.length[meeting] * (1 + 2 * members) + members
        estimate += per_column * len(instance.starts[meeting]) * len(instance.accepted[meeting])
    return estimate


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
        symmetry: bool = True) -> dict[int, tuple[int, int]] | None:
    """One Feasibility Jump run on `model` from nothing: its first schedule worth more than
    `trivial` (what the pinned columns alone give), or None. `symmetry`: let HiGHS look for the
    model's symmetries first, as its MIP solver does by default (off, the same schedules come
    7-10% sooner on the windows' models)."""
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
    highs.passModel(model.lp(fixed))
    best: list[np.ndarray] = []

    def improved(event) -> None:
        # HiGHS first reports trivial schedules (nothing, or the pinned meetings alone); the next
        # report is Feasibility Jump's, after which only the LP and the tree would follow: stop.
        if event.data_out.objective_function_value > trivial + model.tie / 2:
            best[:] = [np.asarray(event.data_out.mip_solution)]
            highs.setOptionValue("time_limit", 1e-3)

    highs.cbMipImprovingSolution.subscribe(improved)
    highs.run()
    if not best:
        return None
    chosen = np.nonzero(best[0] > 0.5)[0]
    return {model.columns[c][0]: model.columns[c][1:] for c in chosen}


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


# Where no run on the whole model fits the limit (the ADEX size at 10 s), the show is cut in two
# runs of half-days and Feasibility Jump runs on both at once (SplitJob), each on a model of the
# options the LP holds at least SPLIT_FLOOR of: about a third of the whole model's non-zeros each.
SPLIT_PARTS = 2
SPLIT_FLOOR = 0.1
SPLIT_SHARE = 0.2  # the parts' runs are started only when each is expected to take at most this share of the limit


def split_models(instance: Instance, guide: LpGuide) -> list[Model]:
    """The show in SPLIT_PARTS runs of whole half-days. Each meeting goes to the part where the LP
    holds most of it, with its options there in the half-days and location classes where the LP
    holds at least SPLIT_FLOOR of it (a meeting without any is in no part). Each participant's
    maximum is shared between the parts in proportion to how much of their meetings the LP holds
    in each (largest remainders). So the parts share no slot, no meeting and no part of a
    maximum, and their schedules simply add up to a valid one."""
    windows = half_days(instance)
    cuts = [windows[len(windows) * k // SPLIT_PARTS][0] for k in range(SPLIT_PARTS)] + [instance.n_slots]
    part_of = [0] * instance.n_slots
    for part in range(SPLIT_PARTS):
        for slot in range(cuts[part], cuts[part + 1]):
            part_of[slot] = part
    half_day_of = [0] * instance.n_slots
    for number, (first, end) in enumerate(windows):
        for slot in range(first, end):
            half_day_of[slot] = number
    options: list[dict[int, list[tuple[int, int]]]] = [{} for _ in range(SPLIT_PARTS)]
    held: list[dict[int, float]] = [defaultdict(float) for _ in range(SPLIT_PARTS)]  # person -> LP's use
    for meeting in range(instance.n_meetings):
        # How much of the meeting the LP holds in each half-day and location class (its values are
        # by atom or by slot, and each atom lies in one half-day: each (atom, class) counted once).
        cells = {(guide.atom_of[start], guide.class_of[group]): (half_day_of[start], guide.class_of[group])
                 for start in instance.starts[meeting] for group in instance.accepted[meeting]}
        mass_in: dict[tuple[int, int], float] = defaultdict(float)
        for (atom, cls), where in cells.items():
            mass_in[where] += guide.where.get((meeting, atom, cls), 0.0)
        found: dict[int, list[tuple[int, int]]] = defaultdict(list)
        mass: dict[int, float] = defaultdict(float)
        for start in instance.starts[meeting]:
            for group in instance.accepted[meeting]:
                if mass_in[half_day_of[start], guide.class_of[group]] >= SPLIT_FLOOR:
                    found[part_of[start]].append((start, group))
        for (half_day, _cls), value in mass_in.items():
            mass[part_of[windows[half_day][0]]] += value
        if found:
            part = max(found, key=lambda k: (mass[k], -k))
            options[part][meeting] = found[part]
            for person in instance.members[meeting]:
                held[part][person] += guide.held[meeting]
    limits = [dict.fromkeys(range(len(instance.limit)), 0) for _ in range(SPLIT_PARTS)]
    for person, limit in enumerate(instance.limit):
        total = sum(part_use[person] for part_use in held)
        if limit >= NO_LIMIT or total <= 0:
            for part_limits in limits:
                part_limits[person] = limit
            continue
        shares = [limit * part_use[person] / total for part_use in held]
        for part, share in enumerate(shares):
            limits[part][person] = math.floor(share)
        left = limit - sum(math.floor(share) for share in shares)
        for part in sorted(range(SPLIT_PARTS), key=lambda k: (-(shares[k] - math.floor(shares[k])), k))[:left]:
            limits[part][person] += 1
    return [Model(instance, options[part], limit=limits[part].__getitem__) for part in range(SPLIT_PARTS)]


def _part(model: Model, seed: int, seconds: float, trivial: float) -> tuple[dict[int, tuple[int, int]] | None]:
    """One part's run, in its own process (a tuple, so that a run without a schedule is not taken
    for a process that failed)."""
    return (run(model, seed, seconds, trivial),)


class SplitJob:
    """Feasibility Jump on the parts of `split_models` at once, each in a forked process of its
    own, so that they run on both cores while the caller goes on and, unlike a HiGHS thread,
    can be ended when they are late. Each part has its own seed drawn from `seed`. Not started
    (`started` false) where processes cannot be forked, the show has fewer half-days than parts
    or a part's run is expected to take more than SPLIT_SHARE of `time_limit` (decided from the
    models' sizes, never the clock). `result(deadline)` is the parts' schedules together, or None
    when a part failed or had not ended by the deadline (the parts still running are then ended)."""

    def __init__(self, instance: Instance, guide: LpGuide, seed: int, seconds: float, time_limit: float) -> None:
        self._children: list[tuple[int, int]] = []
        if not parallel_available() or len(half_days(instance)) < SPLIT_PARTS:
            return
        models = split_models(instance, guide)
        if max(expected_seconds(model.nonzeros) for model in models) > SPLIT_SHARE * time_limit:
            return
        silence_banner()  # before forking, so that no child prints HiGHS' banner
        pins = instance.pinned
        for part, model in enumerate(models):
            fixed = [meeting for meeting in model.options if pins[meeting] is not None]
            trivial = sum(instance.priority[meeting] for meeting in fixed) + model.tie * len(fixed)
            child = fork_call(_part, model, seed * MAX_RUNS + part, seconds, trivial)
            if child is None:  # no process to be had: end the ones started
                self.result(0.0)
                return
            self._children.append(child)

    @property
    def started(self) -> bool:
        return bool(self._children)

    def result(self, deadline: float) -> dict[int, tuple[int, int]] | None:
        children, self._children = self._children, []
        answers = [collect(child, deadline) for child in children]
        if not answers or any(answer is None for answer in answers):
            return None
        schedule: dict[int, tuple[int, int]] = {}
        for (found,) in answers:
            schedule.update(found or {})
        return schedule


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
