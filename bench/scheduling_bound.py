"""How far the engine's bound is from the best its exhibitor blocks can give: Dantzig-Wolfe column
generation over the blocks' exact schedules (blocks.py) on a generated show, with the prices
optimised instead of taken from the LP. Slow (minutes): a measurement, not part of the engine.

The master LP is the time-indexed LP (bound._columns) in which each block participant's columns
are replaced by a choice of whole schedules of theirs (each meeting once, one meeting a slot, their
maximum, the hall rule), at most one: a convexity row per block. Each round solves the master,
prices every block's best schedule under the master's row prices (blocks.priced_blocks: a small
branch-and-bound over each segment's ways of walking it), adds the schedules worth more than their block's convexity price,
and computes the Lagrangian bound of those prices (valid at every round, as in blocks.py). It ends
when no schedule is added: then the master's value is the best bound the blocks can give.

    .venv/bin/python bench/scheduling_bound.py --size small --seed 1
"""

import argparse
import math
import sys
import time
from collections import defaultdict
from pathlib import Path

import highspy
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # also runnable as `python bench/scheduling_bound.py`

from pavilion.engines.scheduling import load_problem  # noqa: E402
from pavilion.engines.scheduling.blocks import PricedLp, _kept, block_participants, priced_blocks  # noqa: E402
from pavilion.engines.scheduling.bound import _columns, hall_of_class, lp_bound, silence_banner  # noqa: E402
from pavilion.engines.scheduling.generator import SIZES, generate  # noqa: E402
from pavilion.engines.scheduling.highs import packing_lp, quiet_solver  # noqa: E402
from pavilion.engines.scheduling.instance import build_instance  # noqa: E402

PRICING_NODES = 400  # LPs of each block's branch-and-bound per round


class Master:
    """The restricted master LP: the non-block meetings' columns and the schedules found so far."""

    def __init__(self, instance) -> None:
        cost, lower, starts, indices, values, upper, columns, keys = _columns(instance, by_slot=True)
        self.instance, self.columns, self.keys = instance, columns, keys
        self.cost, self.upper = np.asarray(cost, dtype=float), np.asarray(upper, dtype=float)
        self.starts, self.indices, self.values = np.asarray(starts), np.asarray(indices), np.asarray(values, dtype=float)
        self.blocks = block_participants(instance)
        self.owner = {meeting: person for person in self.blocks for meeting in instance.meetings_of[person]}
        members = set(self.blocks)
        # Rows the master keeps: every row the blocks do not keep exactly, and the other meetings' own rows.
        self.rows = [r for r, key in enumerate(keys)
                     if not _kept(key, members) or (key[0] == "m" and key[1] not in self.owner)]
        self.position = {row: k for k, row in enumerate(self.rows)}
        self.convexity = {person: len(self.rows) + k for k, person in enumerate(self.blocks)}
        # (cost, rows, lower, upper): a schedule's column has no upper bound of its own (its block's
        # convexity row holds it), so that its price shows on that row.
        self.master_columns: list[tuple[float, dict[int, float], float, float]] = []
        self.known: dict[int, set[tuple[int, ...]]] = defaultdict(set)
        for c, (meeting, _first, _cls) in enumerate(columns):
            if meeting not in self.owner:
                self.master_columns.append((self.cost[c], self._on_master(c), float(lower[c]), 1.0))
        self.hall_of_class = hall_of_class(instance)

    def _on_master(self, column: int) -> dict[int, float]:
        found: dict[int, float] = {}
        rows = slice(self.starts[column], self.starts[column + 1])
        for row, value in zip(self.indices[rows].tolist(), self.values[rows].tolist(), strict=True):
            if row in self.position:
                found[self.position[row]] = found.get(self.position[row], 0.0) + value
        return found

    def add(self, person: int, schedule: list[int]) -> bool:
        key = tuple(sorted(schedule))
        if key in self.known[person]:
            return False
        self.known[person].add(key)
        rows = {self.convexity[person]: 1.0}
        for column in key:
            for row, value in self._on_master(column).items():
                rows[row] = rows.get(row, 0.0) + value
        self.master_columns.append((float(sum(self.cost[c] for c in key)), rows, 0.0, highspy.kHighsInf))
        return True

    def solve(self) -> tuple[float, np.ndarray]:
        """The master's value and its row prices (>= 0)."""
        starts, indices, values = [0], [], []
        for _cost, rows, _lower, _upper in self.master_columns:
            for row in sorted(rows):
                indices.append(row)
                values.append(rows[row])
            starts.append(len(indices))
        lp = packing_lp([column[0] for column in self.master_columns], [column[2] for column in self.master_columns],
                        [column[3] for column in self.master_columns],
                        np.concatenate([self.upper[self.rows], np.ones(len(self.blocks))]), starts, indices, values)
        highs = quiet_solver()
        highs.passModel(lp)
        highs.run()
        duals = np.asarray(highs.getSolution().row_dual)
        if (duals < 0).sum() > (duals > 0).sum():  # HiGHS' sign convention for a maximisation, whichever it is
            duals = -duals
        return highs.getInfo().objective_function_value, np.maximum(duals, 0.0)

    def price(self, prices: np.ndarray, nodes: int = PRICING_NODES) -> tuple[float, dict[int, tuple[float, list[int]]]]:
        """The Lagrangian bound of the master's row prices, and each block's best schedule (its
        worth under the reduced costs, its columns)."""
        full = np.zeros(len(self.keys))  # the rows the blocks keep stay unpriced (blocks.priced_blocks)
        for row, k in self.position.items():
            full[row] = prices[k]
        lp = PricedLp(columns=self.columns, row_keys=self.keys, row_upper=self.upper, starts=self.starts,
                      indices=self.indices, values=self.values, cost=self.cost, prices=full,
                      atom_of=list(range(self.instance.n_slots)))
        return priced_blocks(self.instance, lp, self.hall_of_class, nodes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="small", choices=list(SIZES))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=60)
    arguments = parser.parse_args()
    instance = build_instance(load_problem(generate(arguments.size, seed=arguments.seed)))
    silence_banner()
    print(f"engine's bound (LP with blocks at the LP's prices): {lp_bound(instance, seconds=600)}", flush=True)
    master = Master(instance)
    best, started, nodes = math.inf, time.perf_counter(), PRICING_NODES
    for number in range(arguments.rounds):
        value, prices = master.solve()
        bound, found = master.price(prices, nodes)
        best = min(best, bound)
        convexity = {person: prices[row] for person, row in master.convexity.items()}
        added = sum(master.add(person, schedule) for person, (worth, schedule) in found.items()
                    if worth > convexity[person] + 1e-6)
        print(f"round {number}: master {value:.3f}, Lagrangian bound {bound:.3f}, best {best:.3f}, "
              f"{added} schedules added, {nodes} LPs a block, {time.perf_counter() - started:.0f} s", flush=True)
        if best <= value + 1e-6:
            break  # proven: the master's value is the blocks' bound
        if not added:
            if nodes >= 16 * PRICING_NODES:
                break
            nodes *= 4  # no new schedule worth adding, but some blocks not closed: more work a block
    print(f"Dantzig-Wolfe bound over the exhibitor blocks: master {value:.3f}, proven {math.floor(best + 1e-6)}")


if __name__ == "__main__":
    main()
