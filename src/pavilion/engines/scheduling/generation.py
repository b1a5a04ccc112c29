"""The participant blocks' best bound, by column generation (Dantzig-Wolfe over the blocks).

blocks.py prices every row it does not keep with the LP's row prices. Any prices y >= 0 give a
valid bound that way, and the best of them is what the *master* LP converges to: the LP in which
each block participant's columns are replaced by a choice among their whole schedules (each meeting
once, one meeting a slot, their maximum, the hall rule), at most one of them (a convexity row per
block). Each round solves the restricted master (one HiGHS object kept from round to round, new
schedules added as columns, the primal simplex going on from the last basis), prices every
block's best schedule (blocks.priced_blocks) and adds the schedules worth more than their block's
convexity price; the Lagrangian bound of the prices of every round is valid, and the lowest is
kept.

The master starts with the blocks' schedules of a known schedule of the whole show (in the engine,
the one its search starts from), so its value is at least that schedule's from the first round and
its prices say where that schedule could still gain: on the generated small show 8 rounds of
pricing instead of 9, 4.4 s instead of 6.9 s of one core after the LP (see
docs/algorithms/scheduling.md, "Upper bound").
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass

import highspy
import numpy as np

from .blocks import BLOCK_NODES, PricedLp, Schedule, _kept, block_participants, priced_blocks
from .highs import packing_lp, quiet_solver
from .instance import Instance

MORE_NODES = 4  # a round that adds nothing but leaves blocks open prices them again with this many times the LPs
MOST_NODES = 16 * BLOCK_NODES
ROUNDS = 40


class Master:
    """The restricted master LP: the other meetings' columns of the LP and the schedules found so
    far, one HiGHS object kept from round to round."""

    def __init__(self, instance: Instance, lp: PricedLp) -> None:
        self.instance, self.lp = instance, lp
        self.blocks = block_participants(instance)
        members = set(self.blocks)
        owned = {meeting for person in self.blocks for meeting in instance.meetings_of[person]}
        # Rows the master keeps: every row the blocks do not keep exactly, and the other meetings' own rows.
        self.rows = np.array([row for row, key in enumerate(lp.row_keys)
                              if not _kept(key, members) or (key[0] == "m" and key[1] not in owned)], dtype=np.int64)
        self.position = np.full(len(lp.row_keys), -1)
        self.position[self.rows] = np.arange(len(self.rows))
        self.convexity = {person: len(self.rows) + k for k, person in enumerate(self.blocks)}
        self.known: dict[int, set[tuple]] = {person: set() for person in self.blocks}
        self.parts: list[list[int]] = []  # the LP's columns that make up each master column
        starts, indices, values, cost, lower = [0], [], [], [], []
        for column, (meeting, _first, _cls) in enumerate(lp.columns):
            if meeting not in owned:
                self.parts.append([column])
                rows, entries = self._on_master([(column, 1.0)])
                indices.extend(rows)
                values.extend(entries)
                starts.append(len(indices))
                cost.append(lp.cost[column])
                lower.append(0.0)
        upper = np.concatenate([lp.row_upper[self.rows], np.ones(len(self.blocks))])
        self.highs = quiet_solver()
        # New columns leave the last basis feasible: the primal simplex goes on from it.
        self.highs.setOptionValue("simplex_strategy", 4)
        self.highs.passModel(packing_lp(cost, lower, np.ones(len(cost)), upper, starts, indices, values))

    def _on_master(self, schedule: Schedule) -> tuple[list[int], list[float]]:
        """The master rows and coefficients of a sum of the LP's columns (with their values)."""
        found: dict[int, float] = {}
        for column, value in schedule:
            for k in range(self.lp.starts[column], self.lp.starts[column + 1]):
                row = int(self.position[self.lp.indices[k]])
                if row >= 0:
                    found[row] = found.get(row, 0.0) + value * float(self.lp.values[k])
        rows = sorted(found)
        return rows, [found[row] for row in rows]

    def add(self, person: int, schedule: Schedule) -> bool:
        """A schedule of a block participant as a master column, unless known."""
        key = tuple(sorted(schedule))
        if key in self.known[person]:
            return False
        self.known[person].add(key)
        self.parts.append([column for column, _value in key])
        rows, values = self._on_master(schedule)
        rows.append(self.convexity[person])
        values.append(1.0)
        # No upper bound of its own: its block's convexity row holds it, so its price shows there.
        self.highs.addCol(float(sum(self.lp.cost[c] * v for c, v in key)), 0.0, highspy.kHighsInf, len(rows),
                          np.asarray(rows, dtype=np.int32), np.asarray(values, dtype=float))
        return True

    def solve(self) -> tuple[float, np.ndarray, dict[int, float]] | None:
        """The master's value, the LP's rows' prices (>= 0; the blocks' own rows at 0) and each
        block's convexity price, or None when HiGHS did not solve it."""
        self.highs.run()
        if self.highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        duals = np.asarray(self.highs.getSolution().row_dual)
        if (duals < 0).sum() > (duals > 0).sum():  # HiGHS' sign convention for a maximisation, whichever it is
            duals = -duals
        duals = np.maximum(duals, 0.0)
        full = np.zeros(len(self.lp.row_keys))
        full[self.rows] = duals[:len(self.rows)]
        convexity = {person: float(duals[row]) for person, row in self.convexity.items()}
        return self.highs.getInfo().objective_function_value, full, convexity

    def support(self) -> set[tuple[int, int, int]]:
        """The options (meeting, start, location class) of the LP's columns in the last solution's
        columns with a value above zero."""
        values = self.highs.getSolution().col_value
        return {self.lp.columns[column] for k, value in enumerate(values) if value > 1e-6
                for column in self.parts[k]}


@dataclass
class Generated:
    """The best bound the rounds found, and how many rounds ran."""

    bound: float
    rounds: int
    # The options of the last master's solution (meeting, start, location class), when its value
    # came within a point of the bound: the schedules the prices favour, where a schedule at the
    # bound is most likely to be found (solver.solve searches them exactly at long limits).
    support: set[tuple[int, int, int]] | None = None
    # The LP at the prices of the round that gave `bound`, and the block participants' best
    # schedules at those prices (those whose branch-and-bound closed), with their worth: the bound
    # is the sum of these worths and of terms every schedule of the show meets, so a schedule below
    # it is short in the blocks where its part is worth less (gap.py).
    lp: PricedLp | None = None
    found: dict[int, tuple[float, Schedule]] = dataclasses.field(default_factory=dict)


def generated_bound(instance: Instance, lp: PricedLp, first: dict[int, tuple[float, Schedule]], best: float,
                    hall_of_class: dict[int, int | None], known: dict[int, Schedule] | None = None,
                    stop: Callable[[], bool] = lambda: False,
                    progress: Callable[[float], None] = lambda value: None,
                    share: Callable[[Callable[[], None]], None] = lambda work: None,
                    rounds: int = ROUNDS, log: Callable[[str], None] = lambda line: None) -> Generated:
    """Column generation from `best` (the blocks' bound at `lp.prices`), the schedules `first`
    found there and `known` (block participant -> their part of a schedule of the whole show)."""
    master = Master(instance, lp)
    for person, schedule in (known or {}).items():
        master.add(person, schedule)
    for person, (_worth, schedule) in first.items():
        master.add(person, schedule)
    result = Generated(best, 0, lp=lp, found=dict(first))
    nodes = BLOCK_NODES
    for number in range(rounds):
        if stop():
            break
        solved = master.solve()
        if solved is None:
            break
        value, prices, convexity = solved
        result.rounds = number + 1
        if math.floor(result.bound + 1e-6) <= math.floor(value + 1e-6):
            result.support = master.support()
            break  # the master's value is below the best bound: no round can lower it a whole point
        at_prices = dataclasses.replace(lp, prices=prices)
        bound, found = priced_blocks(instance, at_prices, hall_of_class, nodes, stop,
                                     share=share)
        if stop():
            break  # (a stopped pricing's bound is valid too, but only as good as the stand-ins)
        if bound < result.bound:
            result.bound = bound
            result.lp, result.found = at_prices, found
            progress(bound)
        added = sum(master.add(person, schedule) for person, (worth, schedule) in found.items()
                    if worth > convexity[person] + 1e-6)
        log(f"round {number}: master {value:.3f}, Lagrangian bound {bound:.3f}, best {result.bound:.3f}, "
            f"{added} schedules added, {nodes} LPs a block")
        if not added:
            if nodes >= MOST_NODES:
                break
            nodes *= MORE_NODES  # nothing new, but some blocks were not closed: more work a block
    return result

