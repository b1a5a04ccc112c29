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

**One participant's best schedule** is solved on the LP's own columns (a meeting, a location class
and the slots it takes in each *atom*: the slot itself for the time-indexed LP, a run of
interchangeable slots for the LP summed over atoms). Inside one of the participant's *segments*
(a run of following slots in which they are available) the hall rule only says which halls they
can be in at which slot; so each segment gets a choice among its *arrangements*: how many slots of
each atom each hall gets, over every way of walking the segment with a free slot between two
halls (only the arrangements no other one contains: an empty slot is left only as a walk between
two different halls). The model is then: columns x in [0, 1] (each meeting once, the participant's
maximum), an arrangement z per segment (binary), and for each atom and hall the slots the columns
take at most the slots the chosen arrangement gives there. Any schedule of the participant is such
a choice, so its optimum is at least the participant's best schedule. Its LP relaxation is the LP
again (it mixes arrangements); a small branch-and-bound on the arrangements closes the gap:
branching first on whether a segment uses a hall at all, then on how many slots it gets, then on
single arrangements, best node first, and a node is done as soon as the slots its columns take fit
one arrangement of every segment; where every atom is one slot it also branches on a column taken
in part, so that it closes on a schedule. It stops after BLOCK_NODES LPs (work, not time) with the
largest open node's value, still a valid bound. A location class spread over several halls takes
any slot without a hall of its own, which only relaxes.

1,288 -> 1,284 on the generated small show (as CP-SAT on each block did before, in a quarter of the
time), 9,862 -> 9,800 at the ADEX size in about 2.5 s of one core (CP-SAT: 9,844 with 24 blocks
unproven in 60 s), 65,972 -> 65,760 at the IDEX size in about 16 s (27 s before a node's LP started from its parent's
basis).
"""

from __future__ import annotations

import functools
import heapq
import math
import threading
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import highspy
import numpy as np

from .highs import packing_lp, quiet_solver
from .instance import Instance
from .walks import segments

WILD = -1  # the "hall" of a location class spread over several halls: no part in the hall rule
BLOCK_NODES = 200  # LPs solved per block at most (its branch-and-bound's work)
ARRANGEMENTS = 3_000  # a segment with more ways of walking it makes its participant no block
_TOLERANCE = 1e-6

Schedule = list[tuple[int, float]]  # a block participant's schedule: (column of the LP, its value)


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


@functools.lru_cache(maxsize=256)
def arrangements(sizes: tuple[int, ...], halls: int, wild: bool) -> np.ndarray | None:
    """The arrangements of a segment whose atoms have `sizes` slots, in order, with `halls` halls
    (and a class of no hall when `wild`): one row each, the slots of atom k in hall h at column
    k * (halls + wild) + h (the class of no hall last). Only the walks no other one contains: a
    slot is left empty only between two different halls, and an arrangement below another is
    dropped. None when there are more than ARRANGEMENTS."""
    width = halls + wild
    start, free = -1, -2  # the last slot's state besides a hall: nothing yet / no hall rule to keep
    # A state: (the last slot's hall, or the hall before a walk as -3 - hall; the counts so far).
    states: dict[tuple[int, tuple[int, ...]], None] = {(start, (0,) * (len(sizes) * width)): None}
    for atom, size in enumerate(sizes):
        for _ in range(size):
            following: dict[tuple[int, tuple[int, ...]], None] = {}
            for last, counts in states:
                walking = last <= -3
                for hall in range(width):
                    is_wild = wild and hall == halls
                    if walking and (is_wild or hall == -3 - last):
                        continue  # the free slot could have been filled: a smaller arrangement
                    if not is_wild and last >= 0 and last != hall:
                        continue  # the hall rule
                    taken = list(counts)
                    taken[atom * width + hall] += 1
                    following[(free if is_wild else hall, tuple(taken))] = None
                if last >= 0:
                    following[(-3 - last, counts)] = None  # a free slot, to walk to another hall
            states = following
            if len(states) > ARRANGEMENTS:
                return None
    found = np.array(sorted({counts for last, counts in states if last > -3}), dtype=float)
    if len(found) <= 1 or len(found) > ARRANGEMENTS // 3:
        return found  # (without the pairwise test below, only larger)
    below = (found[None, :, :] >= found[:, None, :]).all(axis=2) & (found[None, :, :] > found[:, None, :]).any(axis=2)
    return found[~below.any(axis=1)]


def _with(bounds: np.ndarray, where, value: float) -> np.ndarray:
    changed = bounds.copy()
    changed[where] = value
    return changed


class _Unsolved(Exception):
    """HiGHS did not solve a node's LP (not expected: every node's LP is bounded and x = 0 fits)."""


@dataclass
class _Segment:
    rows: np.ndarray  # the model's capacity rows of this segment, in arrangement column order
    capacity: np.ndarray  # arrangement x capacity row
    slots: dict[int, np.ndarray]  # hall -> the slots each arrangement gives it
    first: int  # the model's column of its first arrangement


class BlockModel:
    """One block participant's best schedule under reduced costs (see the module's docstring)."""

    def __init__(self, instance: Instance, lp: PricedLp, person: int, columns: np.ndarray, reduced: np.ndarray,
                 hall_of_class: dict[int, int | None], atom_of_row: dict[int, int]) -> None:
        """`columns` are the participant's columns of `lp` worth anything, `reduced` their worth,
        `atom_of_row` the atom of each of the participant's own slot rows of `lp`."""
        self.columns = columns
        self.whole_slots = max(lp.atom_size, default=1) == 1
        hall_of = [WILD if hall_of_class[lp.columns[c][2]] is None else hall_of_class[lp.columns[c][2]] for c in columns]
        uses = []  # per column: [(atom, slots taken)]
        for c in columns.tolist():
            entries = range(lp.starts[c], lp.starts[c + 1])
            uses.append([(atom_of_row[row], slots) for row, slots in zip(lp.indices[entries].tolist(),
                                                                        lp.values[entries].tolist(), strict=True)
                         if row in atom_of_row])
        # The participant's segments as runs of atoms, with the halls their columns use there.
        segment_of: dict[int, int] = {}
        atoms_of_segment = []
        for number, mask in enumerate(segments(instance, person)):
            found = sorted({lp.atom_of[slot] for slot in range(instance.n_slots) if (mask >> slot) & 1})
            atoms_of_segment.append(found)
            for atom in found:
                segment_of[atom] = number
        self.feasible = all(atom in segment_of for taken in uses for atom, _ in taken)
        if not self.feasible:  # (not expected: a column only takes slots its members are available in)
            return
        halls_in: dict[int, set[int]] = defaultdict(set)
        for hall, taken in zip(hall_of, uses, strict=True):
            for atom, _ in taken:
                halls_in[segment_of[atom]].add(hall)
        rows: dict[tuple, int] = {}  # (atom, hall) or (atom,) -> capacity row
        upper: list[float] = []
        z_entries: list[list[tuple[int, float]]] = []  # the arrangements' columns
        self.segments: list[_Segment] = []
        for number, atoms in enumerate(atoms_of_segment):
            halls = sorted(h for h in halls_in.get(number, ()) if h != WILD)
            wild = WILD in halls_in.get(number, ())
            if len(halls) < 2:  # no walk to keep: the atom's slots, whatever the halls
                for atom in atoms:
                    rows[(atom,)] = len(upper)
                    upper.append(float(lp.atom_size[atom]))
                continue
            table = arrangements(tuple(lp.atom_size[a] for a in atoms), len(halls), wild)
            if table is None:
                self.feasible = False
                return
            order = halls + ([WILD] if wild else [])
            keys = [(atom, hall) for atom in atoms for hall in order]
            for key in keys:
                rows[key] = len(upper)
                upper.append(0.0)
            convexity = len(upper)
            upper.append(1.0)
            positions = np.array([rows[key] for key in keys])
            first = len(z_entries)
            for arrangement in table:
                entries = [(int(positions[k]), -value) for k, value in enumerate(arrangement) if value]
                z_entries.append([*entries, (convexity, 1.0)])
            self.segments.append(_Segment(positions, table, {h: table[:, i::len(order)].sum(axis=1)
                                                             for i, h in enumerate(order)}, first))
        meeting_rows: dict[int, int] = {}
        for c in columns:
            meeting = lp.columns[c][0]
            if meeting not in meeting_rows:
                meeting_rows[meeting] = len(upper)
                upper.append(1.0)
        limit = instance.limit[person]
        limit_row = None
        if limit < len(instance.meetings_of[person]):
            limit_row = len(upper)
            upper.append(float(limit))
        starts, indices, values = [0], [], []
        use_rows, use_columns, use_slots = [], [], []  # the slots each column takes of each capacity row
        for k, (c, hall, taken) in enumerate(zip(columns, hall_of, uses, strict=True)):
            entries: dict[int, float] = {meeting_rows[lp.columns[c][0]]: 1.0}
            for atom, slots in taken:
                row = rows[(atom, hall)] if (atom, hall) in rows else rows[(atom,)]
                entries[row] = entries.get(row, 0.0) + slots
                use_rows.append(row)
                use_columns.append(k)
                use_slots.append(slots)
            if limit_row is not None:
                entries[limit_row] = 1.0
            for row in sorted(entries):
                indices.append(row)
                values.append(entries[row])
            starts.append(len(indices))
        for entries in z_entries:
            for row, value in sorted(entries):
                indices.append(row)
                values.append(value)
            starts.append(len(indices))
        self.n_x, self.n_z, self.n_rows = len(columns), len(z_entries), len(upper)
        self.use = (np.asarray(use_rows, dtype=np.int64), np.asarray(use_columns, dtype=np.int64),
                    np.asarray(use_slots, dtype=float))
        model = packing_lp(np.concatenate([reduced, np.zeros(self.n_z)]), np.zeros(self.n_x + self.n_z),
                           np.ones(self.n_x + self.n_z), upper, starts, indices, values)
        self.model = model

    def solve(self, nodes: int = BLOCK_NODES) -> tuple[float, Schedule | None]:
        """The bound on the participant's best schedule, and the columns of the node it closed on
        with their values, or None when it did not close. Where every atom is one slot
        (`whole_slots`) the search also branches on columns taken in part (a two-slot meeting or
        the maximum can leave x fractional), so that it closes on a schedule (every value 1);
        summed over atoms it closes as soon as the arrangements are whole, and a column may be
        taken in part (a point of the block's relaxation, which column generation can use as
        well, generation.py)."""
        highs = quiet_solver()
        highs.passModel(self.model)
        count = self.n_x + self.n_z
        current = [np.zeros(count), np.ones(count)]  # the bounds HiGHS holds
        # Summed over atoms (the ADEX and IDEX sizes, where the blocks take seconds to tens of
        # seconds) a node's LP starts from its parent's basis: best node first jumps across the
        # tree, and from the last node's basis the LPs took 5 times the simplex iterations (IDEX
        # size: the blocks 27 -> 16 s of CPU). Indexed by slot the blocks take a fraction of a
        # second, and their schedules feed column generation: with the parents' bases its master
        # ended on other schedules among equals, whose options held a schedule at the bound less
        # often (generated small shows at 60 s: 2 of 5 runs proven optimal instead of 4 of 5).
        warm = not self.whole_slots

        def relax(lower: np.ndarray, upper: np.ndarray, basis=None) -> tuple[float, np.ndarray, object]:
            """The node's LP (from `basis` when given). Only the bounds that differ from the last
            node's are passed."""
            changed = np.flatnonzero((lower != current[0]) | (upper != current[1])).astype(np.int32)
            if changed.size:
                highs.changeColsBounds(changed.size, changed, lower[changed], upper[changed])
            current[:] = lower, upper
            if basis is not None:
                highs.setBasis(basis)
            highs.run()
            if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
                raise _Unsolved
            return (highs.getInfo().objective_function_value, np.asarray(highs.getSolution().col_value),
                    highs.getBasis() if warm else None)

        lower, upper = current
        value, x, basis = relax(lower, upper)
        # Best node first. A child waits with its parent's value (at least its own) and basis, and
        # its LP is solved only when it comes first: children that never come first cost nothing.
        heap: list[tuple[float, int, np.ndarray, np.ndarray, np.ndarray | None, object]] = [
            (-value, 0, lower, upper, x, basis)]
        made = solved = 1
        while solved < nodes:
            negative, order, lower, upper, x, basis = heapq.heappop(heap)
            if x is None:
                value, x, basis = relax(lower, upper, basis)
                solved += 1
                if heap and -heap[0][0] > value + _TOLERANCE:
                    heapq.heappush(heap, (-value, order, lower, upper, x, basis))
                    continue
                negative = -value
            chosen = x[:self.n_x]
            split = self._branch(x)
            if split is None:
                part = np.flatnonzero((chosen > _TOLERANCE) & (chosen < 1 - _TOLERANCE))
                if not part.size:
                    return -negative, [(int(self.columns[k]), 1.0) for k in np.flatnonzero(chosen > 0.5)]
                if not self.whole_slots:
                    return -negative, [(int(self.columns[k]), float(chosen[k])) for k in np.flatnonzero(chosen > _TOLERANCE)]
                column = int(part[np.argmin(np.abs(chosen[part] - 0.5))])
                children = [(lower, _with(upper, column, 0.0)), (_with(lower, column, 1.0), upper)]
            else:
                children = [(lower, _with(upper, shut, 0.0)) for shut in split]
            for child_lower, child_upper in children:
                heapq.heappush(heap, (negative, made, child_lower, child_upper, None, basis))
                made += 1
        return -heap[0][0], None

    def _branch(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
        """The arrangements to shut in each of two children, or None when the slots the columns
        take fit one arrangement of every segment (the node's value is then a schedule's)."""
        rows, columns, slots = self.use
        taken = np.bincount(rows, slots * x[columns], minlength=self.n_rows)
        best, split = -1.0, None
        for segment in self.segments:
            z = x[self.n_x + segment.first: self.n_x + segment.first + len(segment.capacity)]
            if z.max() > 1 - _TOLERANCE:
                continue
            if (segment.capacity >= taken[segment.rows] - _TOLERANCE).all(axis=1).any():
                continue
            indices = np.arange(self.n_x + segment.first, self.n_x + segment.first + len(z))
            mass = z.sum()
            for slots_of_hall in segment.slots.values():
                # Whether the segment uses the hall at all first (scored above 2), then how many
                # slots it gets (split at the mean, scored above 1), then single arrangements.
                used = slots_of_hall > 0
                share = min(z[used].sum(), z[~used].sum()) / mass
                if share > _TOLERANCE and 2 + share > best:
                    best, split = 2 + share, (indices[used], indices[~used])
                if best >= 2:
                    continue
                more = slots_of_hall > np.floor(z @ slots_of_hall / mass + _TOLERANCE)
                share = min(z[more].sum(), z[~more].sum()) / mass
                if share > _TOLERANCE and 1 + share > best:
                    best, split = 1 + share, (indices[more], indices[~more])
            if best < 1 and 1 - z.max() > best:  # the halls' slots alike: where in the segment they are
                top = int(z.argmax())
                best, split = 1 - z.max(), (indices[[top]], np.delete(indices, top))
        return split


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
                  ) -> tuple[float, dict[int, tuple[float, Schedule]]]:
    """The Lagrangian bound of `lp.prices` (math.inf when there are no blocks), and for each
    block participant whose best schedule under the reduced costs was found (its branch-and-bound
    closed): its worth and its columns of `lp` with their values (for column generation,
    generation.py). `share` receives the blocks' work as a function that more threads may run too
    (HiGHS solves without the interpreter lock); the bound is the same whoever computes which
    block. A block is taken only while `gate` is open (when given)."""
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
        except _Unsolved:
            return stand_in[person], None

    # The smaller blocks first: at the ADEX and IDEX sizes they lower the bound the most per second
    # (the busiest exhibitors' blocks are slow to close), which counts when the blocks are stopped.
    order = sorted(blocks, key=lambda person: (len(per_block.get(person, ())), person))
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
