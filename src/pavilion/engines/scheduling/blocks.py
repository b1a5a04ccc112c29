"""A bound that sees the hall-change rule: the LP's prices, with some participants' schedules kept
exact (a Lagrangian relaxation by participant blocks).

The LP relaxation cannot see the hall rule (see docs/algorithms/scheduling.md, "Upper bound"): it
mixes "all in hall A" with "all in hall B" and fills every slot. Here a set of *block*
participants is chosen, no two in one meeting (the busiest first: exhibitors at a show). For
each of them the rows that concern only them (each of their meetings once, their slots, their
maximum) and the hall rule are kept exactly; every other row is priced with the LP's row prices
y >= 0. By weak duality for any y >= 0

    schedule <= sum of priced rows' y * b  +  sum over blocks of the best schedule of that one
                participant under the reduced costs  +  for a meeting without a block member,
                its best positive reduced cost,

and a block whose best schedule is not computed (stopped early) may stand in with the dual value
of its own rows at the LP's prices, which is at least its best schedule: so the sum is a valid
bound at any moment, and each block computed lowers it.

One participant's best schedule under the reduced costs is block_model.BlockModel's (arrangements
of their walks between halls and a small branch-and-bound).

1,288 -> 1,284 on the generated small show (as CP-SAT on each block did before, in a quarter of the
time), 9,862 -> 9,800 at the ADEX size in about 2.5 s of one core (CP-SAT: 9,844 with 24 blocks
unproven in 60 s), 65,972 -> 65,760 at the IDEX size in about 16 s (27 s before a node's LP
started from its parent's basis).
"""

from __future__ import annotations

import functools
import math
import threading
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .block_model import BLOCK_NODES, BlockModel, Schedule, Unsolved
from .instance import Instance

HELD = 1e-3  # an LP value below this does not count as held (_halls_held)


@dataclass(frozen=True)
class PricedLp:
    """What the block bound needs of the solved LP: each column's (meeting, first slot, location
    class), each row's key (as bound._columns names them) and limit, the matrix, the prices, and
    each slot's atom (the slot itself for the time-indexed LP)."""

    columns: list[tuple[int, int, int]]
    row_keys: list[tuple]
    row_upper: np.ndarray
    starts: np.ndarray
    indices: np.ndarray
    values: np.ndarray
    cost: np.ndarray
    prices: np.ndarray
    atom_of: list[int]

    @functools.cached_property
    def atom_size(self) -> list[int]:
        return atom_sizes(self.atom_of)


def atom_sizes(atom_of: list[int]) -> list[int]:
    """The number of slots of each atom, from each slot's atom."""
    sizes = [0] * (max(atom_of, default=-1) + 1)
    for atom in atom_of:
        sizes[atom] += 1
    return sizes


def block_participants(instance: Instance) -> list[int]:
    """Participants no two of whom share a meeting, the busiest first (most meetings), among
    those whose meetings can be in more than one hall (elsewhere the LP already is exact enough)."""
    halls: list[set[int]] = [set() for _ in instance.available]
    for meeting in range(instance.n_meetings):
        for group in instance.accepted[meeting]:
            for person in instance.members[meeting]:
                halls[person].add(instance.groups[group].hall)
    taken = [False] * instance.n_meetings
    chosen = []
    for person in sorted(range(len(instance.available)), key=lambda p: (-len(instance.meetings_of[p]), p)):
        mine = instance.meetings_of[person]
        if len(halls[person]) < 2 or any(taken[m] for m in mine):
            continue
        chosen.append(person)
        for meeting in mine:
            taken[meeting] = True
    return chosen


def _kept(key: tuple, blocks: set[int]) -> bool:
    """Rows a block keeps exactly: meetings held once, and a block member's own rows."""
    return key[0] == "m" or (key[0] in ("p", "t", "g") and key[1] in blocks)


def block_pricing(lp: PricedLp, blocks: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Which rows the blocks of `blocks` keep, the prices of the others (the kept ones at 0), each
    entry's column, and each column's reduced cost: its cost less the prices of the rows it is in
    that no block keeps."""
    members = set(blocks)
    kept = np.array([_kept(key, members) for key in lp.row_keys], dtype=bool)
    priced = np.where(kept, 0.0, lp.prices)
    columns_of = np.repeat(np.arange(len(lp.columns)), np.diff(lp.starts))
    reduced = lp.cost - np.bincount(columns_of, lp.values * priced[lp.indices], minlength=len(lp.columns))
    return kept, priced, columns_of, reduced


def priced_blocks(instance: Instance, lp: PricedLp, hall_of_class: dict[int, int | None], nodes: int = BLOCK_NODES,
                  stop: Callable[[], bool] = lambda: False, progress: Callable[[float], None] = lambda value: None,
                  share: Callable[[Callable[[], None]], None] = lambda work: None, gate: BlockGate | None = None,
                  solution: np.ndarray | None = None) -> tuple[float, dict[int, tuple[float, Schedule]]]:
    """The Lagrangian bound of `lp.prices` (math.inf when there are no blocks), and for each
    block participant whose best schedule under the reduced costs was found (its branch-and-bound
    closed): its worth and its columns of `lp` with their values (for column generation,
    generation.py). `share` receives the blocks' work as a function that more threads may run too
    (HiGHS solves without the interpreter lock); the bound is the same whoever computes which
    block. A block is taken only while `gate` is open (when given). `solution`, the LP's value of
    each column of `lp`, orders the blocks (see below); the bound they reach in the end does not
    depend on it."""
    blocks = block_participants(instance)
    if not blocks:
        return math.inf, {}
    kept, priced, columns_of, reduced = block_pricing(lp, blocks)
    # Each block's stand-in, the dual value of its own rows: y * b of them plus each of its
    # columns' reduced cost less their prices, where positive.
    owner_of_row = np.full(len(lp.row_keys), -1)
    owner = {}
    for person in blocks:
        for meeting in instance.meetings_of[person]:
            owner[meeting] = person
    atom_rows: dict[int, dict[int, int]] = defaultdict(dict)  # block -> its slot rows -> their atom
    for row, key in enumerate(lp.row_keys):
        if key[0] == "m" and key[1] in owner:
            owner_of_row[row] = owner[key[1]]
        elif kept[row] and key[0] != "m":
            owner_of_row[row] = key[1]
            if key[0] == "p":
                atom_rows[key[1]][row] = key[2]
    own_prices = np.where(owner_of_row >= 0, lp.prices, 0.0)
    full_reduced = reduced - np.bincount(columns_of, lp.values * own_prices[lp.indices], minlength=len(lp.columns))
    stand_in: dict[int, float] = dict.fromkeys(blocks, 0.0)
    for row in np.flatnonzero(own_prices > 0):
        stand_in[int(owner_of_row[row])] += float(own_prices[row] * lp.row_upper[row])
    per_block: dict[int, list[int]] = defaultdict(list)
    loose: dict[int, float] = defaultdict(float)  # meetings without a block member: best column
    for column in np.flatnonzero(reduced > 0):
        meeting = lp.columns[column][0]
        if meeting in owner:
            per_block[owner[meeting]].append(int(column))
            stand_in[owner[meeting]] += max(0.0, float(full_reduced[column]))
        else:
            loose[meeting] = max(loose[meeting], float(reduced[column]))
    base = float(priced @ lp.row_upper) + sum(loose.values())

    def solve(person: int) -> tuple[float, Schedule | None]:
        """The block's best schedule's bound (its stand-in when not computed) and its columns."""
        mine = per_block.get(person)
        if not mine:  # no column worth anything: the best schedule is the empty one
            return 0.0, []
        block = BlockModel(instance, lp, person, np.asarray(mine), reduced[mine], hall_of_class, atom_rows[person])
        try:
            return (block.solve(nodes) if block.feasible else (stand_in[person], None))
        except Unsolved:
            return stand_in[person], None

    # Which blocks lower the bound most per second counts when they are stopped. A block can only
    # lower it where the LP breaks the hall rule for that participant, which it can only do where it
    # holds their meetings in two halls or more: at the IDEX size (seed 1) the 594 blocks held in one
    # hall gave nothing, the 432 in two 28 in 4.3 s of CPU, the 153 in three 183 in 8.7 s. So the
    # blocks held in the most halls first, and within those the smaller first (the busiest
    # exhibitors' blocks are slow to close).
    spread = _halls_held(lp, hall_of_class, owner, blocks, solution)
    order = sorted(blocks, key=lambda person: (-spread[person], len(per_block.get(person, ())), person))
    bound = base + sum(stand_in.values())  # every block by its stand-in

    def report(person: int, value: float) -> None:  # (called under the shared work's lock)
        nonlocal bound
        bound -= stand_in[person] - min(value, stand_in[person])
        progress(bound)

    shared = _SharedWork(order, solve, stop, report, BlockGate() if gate is None else gate)
    share(shared.work)
    shared.work()
    shared.wait()
    total = base + sum(min(shared.values.get(person, math.inf), stand_in[person]) for person in blocks)
    # By participant, not in the order the threads finished: column generation adds them to its
    # master in this order, and the master's solution must not depend on timing.
    found = {person: (float(sum(reduced[c] * value for c, value in schedule)), schedule)
             for person, schedule in sorted(shared.schedules.items()) if schedule}
    return total, found


def _halls_held(lp: PricedLp, hall_of_class: dict[int, int | None], owner: dict[int, int], blocks: list[int],
                solution: np.ndarray | None) -> dict[int, int]:
    """For each block participant (`owner`: each of their meetings' participant), the halls (a
    class spread over several counting as one more) where the LP's `solution` holds any of their
    meetings; 0 for all without a solution."""
    if solution is None:
        return dict.fromkeys(blocks, 0)
    held: dict[int, set] = {person: set() for person in blocks}
    for column in np.flatnonzero(solution > HELD):
        meeting, _first, cls = lp.columns[column]
        if meeting in owner:
            hall = hall_of_class[cls]
            held[owner[meeting]].add(("class", cls) if hall is None else hall)
    return {person: len(halls) for person, halls in held.items()}


class BlockGate:
    """Whether the blocks' threads may take a block: while closed they wait before the next one, and
    `close()` returns once no block is being solved (HiGHS then runs in no thread of the process, and
    the caller may fork: the search's processes)."""

    def __init__(self, is_open: bool = True) -> None:
        self._changed = threading.Condition()
        self._open = is_open
        self._inside = 0

    def open(self) -> None:
        with self._changed:
            self._open = True
            self._changed.notify_all()

    def close(self) -> None:
        with self._changed:
            self._open = False
            self._changed.wait_for(lambda: self._inside == 0)

    def wait_open(self) -> None:
        with self._changed:
            self._changed.wait_for(lambda: self._open)

    def enter(self) -> None:
        with self._changed:
            self._changed.wait_for(lambda: self._open)
            self._inside += 1

    def leave(self) -> None:
        with self._changed:
            self._inside -= 1
            self._changed.notify_all()


class _SharedWork:
    """The blocks, taken one at a time by every thread that runs `work` until none is left, each
    block only while `gate` is open."""

    def __init__(self, blocks: list[int], solve: Callable[[int], tuple[float, Schedule | None]],
                 stop: Callable[[], bool], report: Callable[[int, float], None], gate: BlockGate) -> None:
        self.left = iter(blocks)
        self.solve, self.stop, self.report, self.gate = solve, stop, report, gate
        self.values: dict[int, float] = {}
        self.schedules: dict[int, Schedule] = {}
        self.running = 0
        self.changed = threading.Condition()

    def work(self) -> None:
        with self.changed:
            self.running += 1
        try:
            while not self.stop():
                self.gate.enter()
                try:
                    if self.stop():
                        break
                    with self.changed:
                        person = next(self.left, None)
                    if person is None:
                        break
                    value, schedule = self.solve(person)
                    with self.changed:
                        self.values[person] = value
                        if schedule is not None:
                            self.schedules[person] = schedule
                        self.report(person, value)
                finally:
                    self.gate.leave()
        finally:
            with self.changed:
                self.running -= 1
                self.changed.notify_all()

    def wait(self) -> None:
        """Until every thread that took a block has finished it."""
        with self.changed:
            self.changed.wait_for(lambda: self.running == 0)
