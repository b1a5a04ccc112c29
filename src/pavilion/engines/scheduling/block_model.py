"""One block participant's best schedule under the LP's reduced costs, for the block bound of
blocks.py (see its docstring and docs/algorithms/scheduling.md, "Upper bound").

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
"""

from __future__ import annotations

import functools
import heapq
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

import highspy
import numpy as np

from .highs import packing_lp, quiet_solver
from .instance import Instance
from .walks import segments

if TYPE_CHECKING:
    from .blocks import PricedLp

WILD = -1  # the "hall" of a location class spread over several halls: no part in the hall rule
BLOCK_NODES = 200  # LPs solved per block at most (its branch-and-bound's work)
ARRANGEMENTS = 3_000  # a segment with more ways of walking it makes its participant no block
_TOLERANCE = 1e-6

Schedule = list[tuple[int, float]]  # a block participant's schedule: (column of the LP, its value)


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


class Unsolved(Exception):
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
                raise Unsolved
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
