"""A proven upper bound: the linear-programming relaxation, solved with HiGHS.

Columns are (meeting, first slot, location class) with 0 <= x <= 1 (summed over the slots of an
atom for large instances, see `atoms`); rows are the spec's rules
that stay linear: a meeting is held at most once, a participant is in at most one meeting per
slot and at most `max_meetings` in all, a location class hosts at most as many meetings per slot
as it has locations. Dropping the hall-change rule and merging a kind's halls into one class only
relaxes the problem further, so every schedule's objective stays below the LP value: the bound is
valid, and it is cheap enough for the IDEX size.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass

import highspy
import numpy as np

from .blocks import BlockGate, PricedLp, atom_sizes, block_participants, priced_blocks
from .generation import Generated, generated_bound
from .highs import packing_lp, quiet_solver
from .instance import Instance
from .walks import segment_caps

SLOT_LP_OPTIONS = 40_000  # up to this many (meeting, slot, group) options, the LP is indexed by slot
# Work limits: the LP stops on a count of iterations, not on the clock, so its bound is the same on
# a loaded machine (HiGHS' time limit stays as a safety stop). The generated shows need about 4,200
# simplex iterations (small) and 480 (ADEX) to 600 (IDEX) PDLP iterations; an LP stopped
# early still gives a proven, only weaker, bound (see `_dual_bound`).
SIMPLEX_ITERATIONS = 200_000
PDLP_ITERATIONS = 20_000


@dataclass
class LpGuide:
    """The LP's solution, for the greedy: how much of each meeting the LP holds, and where."""

    held: list[float]  # meeting -> the LP's total value of its columns (0 to 1)
    where: dict[tuple[int, int, int], float]  # (meeting, atom, location class) -> LP value
    atom_of: list[int]  # slot -> atom (the slot itself when the LP is indexed by slot)
    class_of: list[int]  # location group -> location class

    def value(self, meeting: int, start: int, group: int) -> float:
        return self.where.get((meeting, self.atom_of[start], self.class_of[group]), 0.0)


def _guide(instance: Instance, by_slot: bool, columns, values) -> LpGuide:
    atom_of = list(range(instance.n_slots)) if by_slot else atoms(instance)
    class_of, _capacity = class_of_group(instance)
    held = [0.0] * instance.n_meetings
    where: dict[tuple[int, int, int], float] = {}
    for (meeting, first, cls), value in zip(columns, values, strict=True):
        if value > 1e-6:
            key = (meeting, atom_of[first], cls)
            where[key] = where.get(key, 0.0) + value
            held[meeting] += value
    return LpGuide(held, where, atom_of, class_of)


def class_of_group(instance: Instance) -> tuple[list[int], list[int]]:
    """Groups of one kind merge across halls (single-location groups stay alone)."""
    keys: dict[tuple, int] = {}
    classes, capacity = [], []
    for group in instance.groups:
        alone = group.locations[0] if group.capacity == 1 else None
        key = (group.kind, alone)
        if key not in keys:
            keys[key] = len(capacity)
            capacity.append(0)
        classes.append(keys[key])
        capacity[keys[key]] += group.capacity
    return classes, capacity


def atoms(instance: Instance) -> list[int]:
    """The atom of each slot: maximal runs of directly following slots in which every
    participant's availability and every meeting's allowed slots stay the same. Inside an atom the
    slots are interchangeable, so summing the LP's rows over an atom loses (almost) nothing."""
    n = instance.n_slots
    changes = 0
    for mask in instance.available:
        changes |= mask ^ (mask >> 1)
    for meeting in instance.problem.meetings:
        if meeting.slots is not None:
            mask = sum(1 << instance.problem.slot_index[s] for s in meeting.slots)
            changes |= mask ^ (mask >> 1)
    atom_of, atom = [], 0
    for slot in range(n):
        atom_of.append(atom)
        if not instance.chain[slot] or (changes >> slot) & 1:
            atom += 1
    return atom_of


def _columns(instance: Instance, by_slot: bool):
    """Column costs and their rows. A column is a meeting, a location class and the number of
    slots it takes in each atom; its value is the sum of the time-indexed LP's columns that share
    them, and each row is the sum of the time-indexed rows over an atom, so the LP stays a
    relaxation of the schedule."""
    classes, class_capacity = class_of_group(instance)
    atom_of = list(range(instance.n_slots)) if by_slot else atoms(instance)
    atom_size = atom_sizes(atom_of)
    rows: dict[tuple, int] = {}
    upper: list[float] = []

    def row(key: tuple, limit: float) -> int:
        index = rows.get(key)
        if index is None:
            index = rows[key] = len(upper)
            upper.append(limit)
        return index

    atom_mask = [0] * len(atom_size)
    for slot, atom in enumerate(atom_of):
        atom_mask[atom] |= 1 << slot

    def free_slots(person: int, atom: int) -> int:
        return (instance.available[person] & atom_mask[atom]).bit_count()

    caps = segment_caps(instance)  # the hall-change rule's rows (see walks.py)
    cost, lower, starts, indices, coefficients = [], [], [0], [], []
    columns = []  # (meeting, first slot, class) of each column, for the block bound
    for meeting in range(instance.n_meetings):
        members, length = instance.members[meeting], instance.length[meeting]
        patterns = {tuple(atom_of[s: s + length]) for s in instance.starts[meeting]}
        for cls in sorted({classes[g] for g in instance.accepted[meeting]}):
            for pattern in sorted(patterns):
                entries, values = [row(("m", meeting), 1.0)], [1.0]
                for atom in sorted(set(pattern)):
                    taken = float(pattern.count(atom))
                    entries.append(row(("c", cls, atom), class_capacity[cls] * atom_size[atom]))
                    for person in members:
                        key = ("p", person, atom)
                        entries.append(rows[key] if key in rows else row(key, free_slots(person, atom)))
                    values += [taken] * (1 + len(members))
                first = (atom_mask[pattern[0]] & -atom_mask[pattern[0]]).bit_length() - 1
                for person in members:
                    for segment, cap in caps[person]:
                        if (segment >> first) & 1:
                            entries.append(row(("g", person, segment), cap))
                            values.append(float(length))
                    if instance.limit[person] < len(instance.meetings_of[person]):
                        entries.append(row(("t", person), instance.limit[person]))
                        values.append(1.0)
                indices.extend(entries)
                coefficients.extend(values)
                starts.append(len(indices))
                cost.append(instance.priority[meeting])
                lower.append(1.0 if instance.pinned[meeting] else 0.0)
                columns.append((meeting, first, cls))
    keys = [None] * len(upper)
    for key, index in rows.items():
        keys[index] = key
    return cost, lower, starts, indices, coefficients, upper, columns, keys


_banner_shown = False


def silence_banner() -> None:
    """HiGHS prints a banner on standard output when the first solver object of a process is
    made, before any option can turn it off; `pavilion schedule` writes its JSON there. So the
    first object is made with file descriptor 1 pointed at /dev/null. Call it from the main
    thread, before other threads could be writing."""
    global _banner_shown
    if _banner_shown:
        return
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    _banner_shown = True


def _dual_bound(lp, duals: np.ndarray) -> float:
    """Weak duality with any non-negative row prices y: for every x in the box with Ax <= b,
    c.x = y.Ax + (c - A'y).x <= y.b + sum over columns of the best of (c - A'y) on [lower, 1].
    So an approximate LP solution still yields a proven bound once its prices are made valid."""
    prices = np.maximum(duals, 0.0)
    matrix = lp.a_matrix_
    starts, indices = np.asarray(matrix.start_), np.asarray(matrix.index_)
    charged = np.add.reduceat(np.asarray(matrix.value_) * prices[indices], starts[:-1])
    reduced = np.asarray(lp.col_cost_) - charged
    lower = np.asarray(lp.col_lower_)
    best = np.where(reduced > 0, reduced, reduced * lower)
    return float(prices @ np.asarray(lp.row_upper_) + best.sum())


def valid_prices(lp, duals) -> np.ndarray:
    """Row prices >= 0 from HiGHS' duals. Its sign convention aside, both signs give valid bounds
    (`_dual_bound`): the better prices are kept."""
    duals = np.asarray(duals, dtype=float)
    return min((np.maximum(duals, 0.0), np.maximum(-duals, 0.0)), key=lambda y: _dual_bound(lp, y))


def solved_lp(instance: Instance, by_slot: bool) -> tuple[highspy.HighsLp, list, PricedLp]:
    """The LP solved by simplex without limits, its columns, and the LP with its valid prices (for
    measurements and tests; `lp_bound` is the engine's, with work limits and PDLP at the large
    sizes)."""
    lp, columns, keys = _model(instance, by_slot)
    highs = quiet_solver()
    highs.passModel(lp)
    highs.run()
    prices = valid_prices(lp, highs.getSolution().row_dual)
    return lp, columns, _priced(instance, lp, columns, keys, prices, by_slot)


def _model(instance: Instance, by_slot: bool):
    cost, lower, starts, indices, coefficients, upper, columns, keys = _columns(instance, by_slot)
    lp = packing_lp(cost, lower, np.ones(len(cost)), upper, starts, indices, coefficients)
    return lp, columns, keys


def lp_bound(instance: Instance, seconds: float, by_slot: bool | None = None, started=None,
             blocks: bool = True, stop=lambda: False, guide: Callable[[LpGuide], None] | None = None,
             found: Callable[[int], None] | None = None,
             share: Callable[[Callable[[], None]], None] = lambda work: None, gate: BlockGate | None = None,
             known: Callable[[], list[tuple[int, int] | None] | None] | None = None,
             converged: Callable[[Generated], None] = lambda generated: None) -> int | None:
    """The LP bound rounded down (priorities are whole numbers), or None when HiGHS found no
    usable prices in time. Per slot for small instances (tighter with two-slot meetings), per atom
    for large ones (much smaller, the same value when availability comes in half-days). With the
    hall-change rule the block bound (blocks.py) on the same prices is taken when lower, unless
    `blocks` is off; `stop()` ends the blocks early (what they lowered by then stays).
    `guide`, when given, receives the LP's solution (see LpGuide) as soon as the LP is solved, and
    `found` the LP's bound before the blocks and again after each block (they take seconds at the
    larger sizes); when `gate` is given the blocks start once it is open and take each block only
    while it is, and `share` gets their work for more threads (blocks.priced_blocks). Indexed by
    slot, when `known` is given, column generation over the blocks (generation.py) follows them,
    its master started from the schedule `known()` gives (meeting -> (start, group) or None; None
    for no schedule: then it does not run); `converged` gets its result when it converged
    (generation.Generated: its last master's options, the prices of its best bound and the blocks'
    best schedules at them)."""
    if by_slot is None:
        by_slot = instance.option_count() <= SLOT_LP_OPTIONS
    lp, columns, keys = _model(instance, by_slot)
    if lp.num_col_ == 0:
        return 0
    silence_banner()
    highs = quiet_solver()
    highs.setOptionValue("time_limit", max(1.0, seconds))
    highs.setOptionValue("random_seed", 0)
    highs.setOptionValue("simplex_iteration_limit", SIMPLEX_ITERATIONS)
    highs.setOptionValue("pdlp_iteration_limit", PDLP_ITERATIONS)
    if not by_slot:
        # The first-order PDLP method with a loose gap: on the IDEX size it is several times faster
        # than interior point or simplex, and the prices it gives are made valid below.
        highs.setOptionValue("solver", "pdlp")
        highs.setOptionValue("pdlp_relative_gap_tolerance", 1e-3)
    highs.passModel(lp)
    if started is not None:
        started(highs)  # lets the caller cancel a bound it no longer needs
    highs.run()
    solution = highs.getSolution()
    if guide is not None and solution.value_valid:
        guide(_guide(instance, by_slot, columns, solution.col_value))
    if not solution.dual_valid:
        return None
    prices = valid_prices(lp, solution.row_dual)
    value = _dual_bound(lp, prices)
    if blocks and instance.problem.hall_change_gap:
        report = found or (lambda bound: None)
        report(_rounded(value))
        if gate is not None:
            gate.wait_open()
        plain = value
        priced = _priced(instance, lp, columns, keys, prices, by_slot)
        halls = hall_of_class(instance)

        def progress(sharper: float) -> None:
            report(_rounded(min(plain, sharper)))

        blocked, first = priced_blocks(instance, priced, halls, stop=stop, progress=progress, share=share, gate=gate,
                                       solution=np.asarray(solution.col_value) if solution.value_valid else None)
        value = min(value, blocked)
        if by_slot and known is not None and not stop() and first:
            schedule = known()
            if schedule is not None and _rounded(value) > sum(
                    instance.priority[m] for m, chosen in enumerate(schedule) if chosen is not None):
                generated = generated_bound(instance, priced, first, value, halls,
                                            known=block_columns(instance, columns, schedule), stop=stop,
                                            progress=progress, share=share)
                value = min(value, generated.bound)
                if generated.support is not None:
                    converged(generated)
    return _rounded(value)


def block_columns(instance: Instance, columns, schedule: list[tuple[int, int] | None]) -> dict[int, list]:
    """Each block participant's part of a schedule (meeting -> (start, group) or None) as columns
    of the LP indexed by slot."""
    classes, _capacity = class_of_group(instance)
    index = {column: k for k, column in enumerate(columns)}
    parts = {}
    for person in block_participants(instance):
        part = [index.get((m, schedule[m][0], classes[schedule[m][1]]))
                for m in instance.meetings_of[person] if schedule[m] is not None]
        if None not in part:  # (every placement of a schedule has its column)
            parts[person] = [(column, 1.0) for column in part]
    return parts


def _rounded(value: float) -> int:
    """Round down, with a small allowance so that a value a hair under a whole number is not cut."""
    return math.floor(value + 1e-6 * max(1.0, abs(value)) + 1e-6)


def _priced(instance: Instance, lp, columns, keys, prices: np.ndarray, by_slot: bool) -> PricedLp:
    matrix = lp.a_matrix_
    return PricedLp(columns=columns, row_keys=keys, row_upper=np.asarray(lp.row_upper_),
                    starts=np.asarray(matrix.start_), indices=np.asarray(matrix.index_),
                    values=np.asarray(matrix.value_), cost=np.asarray(lp.col_cost_), prices=prices,
                    atom_of=list(range(instance.n_slots)) if by_slot else atoms(instance))


def hall_of_class(instance: Instance) -> dict[int, int | None]:
    """Each location class's hall, or None for a class spread over several halls."""
    classes, _capacity = class_of_group(instance)
    halls: dict[int, set[int]] = {}
    for group, cls in enumerate(classes):
        halls.setdefault(cls, set()).add(instance.groups[group].hall)
    return {cls: next(iter(found)) if len(found) == 1 else None for cls, found in halls.items()}


def _knapsack(items: list[tuple[int, int]], room: int) -> float:
    """The fractional knapsack: (priority, slots taken) items into `room` location-slots."""
    total = 0.0
    for priority, size in sorted(items, key=lambda item: -item[0] / item[1]):
        if room <= 0:
            break
        share = min(1.0, room / size)
        total, room = total + share * priority, room - size
    return total


def capacity_bound(instance: Instance) -> int:
    """Locations alone: the meetings that can use a set of location groups (groups linked by a
    meeting that accepts both are merged) take at most their location-slots, so the best
    fractional knapsack of priority into them bounds every schedule. Cheap, and with capacity
    short (more requests than table-slots) below `simple_bound`."""
    parent = list(range(len(instance.groups)))

    def root(group: int) -> int:
        while parent[group] != group:
            parent[group] = parent[parent[group]]
            group = parent[group]
        return group

    for accepted in instance.accepted:
        for group in accepted[1:]:
            parent[root(group)] = root(accepted[0])
    items: dict[int, list[tuple[int, int]]] = {}
    for meeting, (starts, accepted) in enumerate(zip(instance.starts, instance.accepted, strict=True)):
        if starts and accepted:
            items.setdefault(root(accepted[0]), []).append((instance.priority[meeting], instance.length[meeting]))
    room: dict[int, int] = {}
    for group, location_group in enumerate(instance.groups):
        room[root(group)] = room.get(root(group), 0) + location_group.capacity * instance.n_slots
    value = sum(_knapsack(entries, room[key]) for key, entries in items.items())
    return math.floor(value + 1e-6)


def simple_bound(instance: Instance) -> int:
    """The priorities of the meetings that have any possible place: when the schedule holds them
    all there is nothing to search (not even the fairness tie-break)."""
    return sum(p for p, s, a in zip(instance.priority, instance.starts, instance.accepted, strict=True) if s and a)


def fallback_bound(instance: Instance) -> int:
    """The bound of last resort, while the LP is not done: the smaller of the two above."""
    return min(simple_bound(instance), capacity_bound(instance))
