"""Feasibility Jump on runs of half-days of the show at once, each in a forked process (SplitJob):
where no run on the whole model fits the limit, each part is a model of the options the LP holds,
and the parts share nothing, so their schedules add up to a valid one (docs/algorithms/scheduling.md,
"Algorithm", step 1)."""

from __future__ import annotations

import math
import select
import time
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable

from .bound import LpGuide, silence_banner
from .instance import NO_LIMIT, Instance
from .jump import MAX_RUNS, Model, column_nonzeros, expected_seconds, half_days, run
from .parallel import answer_now, collect, fork_call
from .parallel import available as parallel_available

# Where no run on the whole model fits the limit (the ADEX size at 10 s), the show is cut into
# runs of whole half-days and Feasibility Jump runs on them, two at a time (SplitJob), each on a
# model of the options the LP holds at least SPLIT_FLOOR of: the fewest parts whose runs are
# expected to take at most SPLIT_SHARE of the limit on SPLIT_CORES cores (a constant, not the
# machine's count, so that the schedule does not depend on the machine): two at the ADEX size at
# 10 s (about a third of the whole model's non-zeros each), five at the IDEX size at 60 s (a day each).
SPLIT_PARTS = 2  # at least
SPLIT_FLOOR = 0.1
SPLIT_SHARE = 0.2
SPLIT_CORES = 2
# Feasibility Jump weighs a column's worth against the rows it breaks (each row's weight starts at
# 1): with priorities of 1-5 as they are, on models of 4,000 meetings and more it chased worth into
# broken rows and the best schedule it passed was one of its first (20-600 of a half-day's 8,700
# priority at the IDEX size); with every column worth at most SPLIT_WORTH it keeps its schedules
# whole (8,600-8,700). See docs/algorithms/scheduling.md.
SPLIT_WORTH = 0.5


class Split:
    """How the LP holds each meeting, by half-day, once: for every meeting, each half-day's share
    of the LP's value of it and its options there in the location classes where the LP holds at
    least SPLIT_FLOOR of it in that half-day. `parts(k)` then cuts the show into k runs of whole
    half-days cheaply, and `estimated_nonzeros(k)` says how large each part's model would be."""

    def __init__(self, instance: Instance, guide: LpGuide) -> None:
        self.instance, self.guide = instance, guide
        self.windows = half_days(instance)
        half_day_of = [0] * instance.n_slots
        for number, (first, end) in enumerate(self.windows):
            for slot in range(first, end):
                half_day_of[slot] = number
        # How much of each meeting the LP holds in each half-day and location class, from the LP's
        # values alone (far fewer than the options: each is by atom or by slot, each atom lies in
        # one half-day, and the LP has a column only where the meeting has an option).
        half_day_of_atom = {guide.atom_of[slot]: half_day for slot, half_day in enumerate(half_day_of)}
        mass_in: list[dict[tuple[int, int], float]] = [{} for _ in range(instance.n_meetings)]
        for (meeting, atom, cls), value in guide.where.items():
            cell = (half_day_of_atom[atom], cls)
            mass_in[meeting][cell] = mass_in[meeting].get(cell, 0.0) + value
        self.mass: list[dict[int, float]] = []  # meeting -> half-day -> the LP's value of it there
        self.found: list[dict[int, list[tuple[int, int]]]] = []  # meeting -> half-day -> its options there
        class_of = guide.class_of
        for meeting in range(instance.n_meetings):
            cells = mass_in[meeting]
            mass: dict[int, float] = defaultdict(float)
            for (half_day, _cls), value in cells.items():
                mass[half_day] += value
            kept = {cell for cell, value in cells.items() if value >= SPLIT_FLOOR}
            found: dict[int, list[tuple[int, int]]] = {}
            if kept:
                starts = instance.starts[meeting]  # (in order)
                groups = [(group, class_of[group]) for group in instance.accepted[meeting]]
                for half_day in sorted({half_day for half_day, _cls in kept}):
                    first, end = self.windows[half_day]
                    in_half_day = starts[bisect_left(starts, first):bisect_left(starts, end)]
                    options = [(start, group) for start in in_half_day for group, cls in groups if (half_day, cls) in kept]
                    if options:
                        found[half_day] = options
            self.mass.append(mass)
            self.found.append(found)

    def _part_of(self, parts: int) -> list[int]:
        """half-day -> its part, for `parts` runs of whole half-days."""
        windows = len(self.windows)
        cuts = [windows * k // parts for k in range(parts)] + [windows]
        return [part for part in range(parts) for _ in range(cuts[part], cuts[part + 1])]

    def _chosen(self, parts: int):
        """meeting -> (its part, its options there), for the meetings with options in some part:
        each goes to the part where the LP holds most of it."""
        part_of = self._part_of(parts)
        for meeting, (mass, found) in enumerate(zip(self.mass, self.found, strict=True)):
            if not found:
                continue
            if len(found) == 1:  # (most meetings: the part is that half-day's)
                (half_day, options), = found.items()
                yield meeting, part_of[half_day], options
                continue
            in_part: dict[int, float] = defaultdict(float)
            for half_day, value in mass.items():
                in_part[part_of[half_day]] += value
            part = max({part_of[half_day] for half_day in found}, key=lambda k: (in_part[k], -k))
            yield meeting, part, [option for half_day in sorted(found) if part_of[half_day] == part
                                  for option in found[half_day]]

    def estimated_nonzeros(self, parts: int) -> list[int]:
        """Each part's model's non-zeros, counted roughly (jump.column_nonzeros)."""
        sizes = [0] * parts
        for meeting, part, options in self._chosen(parts):
            sizes[part] += column_nonzeros(self.instance, meeting) * len(options)
        return sizes

    def parts(self, parts: int) -> list[tuple[dict[int, list[tuple[int, int]]], list[int]]]:
        """The show in `parts` runs of whole half-days: each part's options (meeting -> its starts
        and groups) and each participant's maximum there, shared between the parts in proportion
        to how much of their meetings the LP holds in each (largest remainders). So the parts share
        no slot, no meeting and no part of a maximum, and their schedules simply add up to a valid
        one."""
        instance, guide = self.instance, self.guide
        options: list[dict[int, list[tuple[int, int]]]] = [{} for _ in range(parts)]
        held: list[dict[int, float]] = [defaultdict(float) for _ in range(parts)]  # person -> LP's use
        for meeting, part, found in self._chosen(parts):
            options[part][meeting] = found
            for person in instance.members[meeting]:
                held[part][person] += guide.held[meeting]
        limits = [[0] * len(instance.limit) for _ in range(parts)]
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
            for part in sorted(range(parts), key=lambda k: (-(shares[k] - math.floor(shares[k])), k))[:left]:
                limits[part][person] += 1
        return [(options[part], limits[part]) for part in range(parts)]

    def count(self, time_limit: float) -> tuple[int, list[int]] | None:
        """The fewest parts (SPLIT_PARTS at least, one per half-day at most) whose runs, all at once
        on SPLIT_CORES cores, are expected to take at most SPLIT_SHARE of the limit on a quiet
        machine, with each part's estimated non-zeros; None when no number of parts does (or the
        show has fewer half-days than SPLIT_PARTS)."""
        for parts in range(SPLIT_PARTS, len(self.windows) + 1):
            sizes = self.estimated_nonzeros(parts)
            seconds = [expected_seconds(size) for size in sizes]
            if max(max(seconds), sum(seconds) / SPLIT_CORES) <= SPLIT_SHARE * time_limit:
                return parts, sizes
        return None


def split_models(instance: Instance, guide: LpGuide, parts: int = SPLIT_PARTS) -> list[Model]:
    """The show in `parts` runs of whole half-days, each part's exact model (see Split.parts)."""
    return [Model(instance, options, limit=limits.__getitem__) for options, limits in Split(instance, guide).parts(parts)]


def _part(instance: Instance, options: dict[int, list[tuple[int, int]]], limits: list[int], seed: int,
          seconds: float) -> tuple[dict[int, tuple[int, int]] | None]:
    """One part's run, in its own process, its model built there too (a tuple, so that a run
    without a schedule is not taken for a process that failed). The process answers as soon as
    HiGHS reports the schedule, not when HiGHS returns (parallel.answer_now)."""
    model = Model(instance, options, limit=limits.__getitem__)
    pins = instance.pinned
    fixed = [meeting for meeting in model.options if pins[meeting] is not None]
    trivial = sum(instance.priority[meeting] for meeting in fixed) + model.tie * len(fixed)
    return (run(model, seed, seconds, trivial, worth=split_worth(instance),
                found=lambda schedule: answer_now((schedule,))),)


def split_worth(instance: Instance) -> float:
    """The factor on the parts' column worths: the largest about SPLIT_WORTH (see there)."""
    return SPLIT_WORTH / max(1, max(instance.priority, default=1))


class SplitJob:
    """Feasibility Jump on the parts of `Split`, each in a forked process of its own (which builds
    the part's model too), SPLIT_CORES at a time, the largest first: the first ones start at once
    and run while the caller goes on, the others as those end once the caller waits in `result`,
    so that a part late at the deadline is the last one rather than all of them; unlike a HiGHS
    thread, a process can be ended when it is late. Each part has its own seed drawn from `seed`.
    Not started (`started` false) where processes cannot be forked, the show has
    fewer half-days than SPLIT_PARTS or no number of parts is expected to fit SPLIT_SHARE of
    `time_limit` (decided from the models' sizes, never the clock). `result(deadline)` is the
    parts' schedules together; a part that failed, found no schedule, had not ended by the deadline
    (it is then ended) or had not started is missing from it (`complete` is then false)."""

    def __init__(self, instance: Instance, guide: LpGuide, seed: int, seconds: float, time_limit: float) -> None:
        self._children: list[tuple[int, int]] = []  # the parts running
        self._waiting: list[tuple] = []  # the parts to start, each as _part's arguments
        self._ends = time.monotonic() + seconds
        self._failed = False
        self.parts = 0
        self.complete = False  # whether every part answered (see result)
        if not parallel_available() or len(half_days(instance)) < SPLIT_PARTS:
            return
        split = Split(instance, guide)
        planned = split.count(time_limit)
        if planned is None:
            return
        count, sizes = planned
        self.parts = count
        parts = split.parts(count)
        self._waiting = [(instance, *parts[part], seed * MAX_RUNS + part)
                         for part in sorted(range(count), key=lambda k: (-sizes[k], k))]
        silence_banner()  # before forking, so that no child prints HiGHS' banner
        for _ in range(SPLIT_CORES):
            self._start_next()
        if self._failed:  # no process to be had: end the ones started
            self.result(0.0)

    def _start_next(self) -> None:
        if not self._waiting or self._failed:
            return
        child = fork_call(_part, *self._waiting.pop(0), max(0.1, self._ends - time.monotonic()))
        if child is None:
            self._failed = True
        else:
            self._children.append(child)

    def _end(self) -> None:
        """End the parts still running; none is started any more."""
        for child in self._children:
            collect(child, 0.0, grace=0.0)
        self._children, self._waiting = [], []

    @property
    def started(self) -> bool:
        return bool(self._children)

    def result(self, deadline: float, idle: Callable[[], None] = lambda: None) -> dict[int, tuple[int, int]] | None:
        """The schedules of the parts that answered by `deadline`, together (`complete` says
        whether every part answered with a schedule: the others failed, found none, were late and
        were ended, or never started); None when none answered. Each part that ends before the
        deadline starts the next one; once none is left to start and fewer than SPLIT_CORES run,
        `idle()` is called (a core is free). A part whose answer has begun to come by the deadline
        gets parallel.ANSWER_GRACE seconds more to send the rest (collect)."""
        answers = []
        try:
            while self._children:
                readers = {child[1]: child for child in self._children}
                ready = select.select(list(readers), [], [], max(0.0, deadline - time.monotonic()))[0]
                if not ready:
                    break
                for reader in ready:
                    child = readers[reader]
                    self._children.remove(child)
                    answers.append(collect(child, deadline))
                    if time.monotonic() < deadline:
                        self._start_next()
                if not self._waiting and len(self._children) < SPLIT_CORES:
                    idle()
        except BaseException:  # (idle's own failure, an interrupt): no part is left running
            self._end()
            raise
        late = len(self._children) + len(self._waiting)
        self._end()
        self.complete = (bool(answers) and not late and not self._failed
                         and all(answer is not None and answer[0] is not None for answer in answers))
        if not any(answer is not None for answer in answers):
            return None
        schedule: dict[int, tuple[int, int]] = {}
        for answer in answers:
            if answer is not None:
                schedule.update(answer[0] or {})
        return schedule
