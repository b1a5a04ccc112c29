"""How far the engine's bound is from the best its exhibitor blocks can give: Dantzig-Wolfe column
generation over the blocks' exact schedules (blocks.py) on a generated show, with the prices
optimised instead of taken from the LP. A measurement, not part of the engine: on the generated
small show it takes 8-14 rounds, 11-15 s on one core, more than the engine's 10 s leave it.

blocks.py prices every row it does not keep with the LP's row prices. Any prices y >= 0 give a
valid bound that way, and the best of them is what the *master* LP converges to: the time-indexed
LP in which each block participant's columns are replaced by a choice of their whole schedules
(each meeting once, one meeting a slot, their maximum, the hall rule), at most one of them (a
convexity row per block). Each round solves the restricted master (HiGHS, kept between rounds,
new schedules added as columns, the primal simplex going on from the last basis), prices every
block's best schedule under the master's row prices (blocks.priced_blocks, which closes on a
schedule where every atom is one slot), adds the schedules worth more than their block's
convexity price, and keeps the Lagrangian bound of those prices when it is lower. It ends when
the master's value is within the same whole number as the best bound (no round can lower it a
point), after --rounds rounds, or when a round adds nothing with 16 times the LPs a block.

    .venv/bin/python bench/scheduling_bound.py --size small --seed 1
"""

import argparse
import dataclasses
import math
import sys
import time
from collections.abc import Callable
from pathlib import Path

import highspy
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # also runnable as `python bench/scheduling_bound.py`

from pavilion.engines.scheduling import load_problem  # noqa: E402
from pavilion.engines.scheduling.blocks import BLOCK_NODES, PricedLp, _kept, block_participants, priced_blocks  # noqa: E402
from pavilion.engines.scheduling.bound import _dual_bound, _model, _priced, hall_of_class, silence_banner  # noqa: E402
from pavilion.engines.scheduling.generator import SIZES, generate  # noqa: E402
from pavilion.engines.scheduling.highs import packing_lp, quiet_solver  # noqa: E402
from pavilion.engines.scheduling.instance import Instance, build_instance  # noqa: E402

MORE_NODES = 4  # a round that adds nothing but leaves blocks open prices them again with this many times the LPs
MOST_NODES = 16 * BLOCK_NODES


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
        self.known: dict[int, set[tuple[int, ...]]] = {person: set() for person in self.blocks}
        starts, indices, values, cost, lower = [0], [], [], [], []
        for column, (meeting, _first, _cls) in enumerate(lp.columns):
            if meeting not in owned:
                rows, entries = self._on_master([column])
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

    def _on_master(self, columns: list[int]) -> tuple[list[int], list[float]]:
        """The master rows and coefficients of the sum of some of the LP's columns."""
        found: dict[int, float] = {}
        for column in columns:
            for k in range(self.lp.starts[column], self.lp.starts[column + 1]):
                row = int(self.position[self.lp.indices[k]])
                if row >= 0:
                    found[row] = found.get(row, 0.0) + float(self.lp.values[k])
        rows = sorted(found)
        return rows, [found[row] for row in rows]

    def add(self, person: int, schedule: list[int]) -> bool:
        """A schedule of a block participant (columns of the LP) as a master column, unless known."""
        key = tuple(sorted(schedule))
        if key in self.known[person]:
            return False
        self.known[person].add(key)
        rows, values = self._on_master(list(key))
        rows.append(self.convexity[person])
        values.append(1.0)
        # No upper bound of its own: its block's convexity row holds it, so its price shows there.
        self.highs.addCol(float(sum(self.lp.cost[c] for c in key)), 0.0, highspy.kHighsInf, len(rows),
                          np.asarray(rows, dtype=np.int32), np.asarray(values, dtype=float))
        return True

    def solve(self) -> tuple[float, np.ndarray] | None:
        """The master's value and its row prices (>= 0), or None when HiGHS did not solve it."""
        self.highs.run()
        if self.highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        duals = np.asarray(self.highs.getSolution().row_dual)
        if (duals < 0).sum() > (duals > 0).sum():  # HiGHS' sign convention for a maximisation, whichever it is
            duals = -duals
        return self.highs.getInfo().objective_function_value, np.maximum(duals, 0.0)

    def priced(self, prices: np.ndarray) -> PricedLp:
        """The LP with the master's prices on its rows (the blocks' own rows unpriced)."""
        full = np.zeros(len(self.lp.row_keys))
        full[self.rows] = prices[:len(self.rows)]
        return dataclasses.replace(self.lp, prices=full)


def generated_bound(instance: Instance, lp: PricedLp, first: dict[int, tuple[float, list[int]]], best: float,
                    hall_of_class: dict[int, int | None], stop: Callable[[], bool] = lambda: False,
                    progress: Callable[[float], None] = lambda value: None,
                    share: Callable[[Callable[[], None]], None] = lambda work: None,
                    rounds: int = 40, log: Callable[[str], None] = lambda line: None) -> float:
    """The best Lagrangian bound of the rounds (see the module's text), starting from `best` (the
    blocks' bound at the LP's prices) and the schedules `first` found there."""
    master = Master(instance, lp)
    for person, (_worth, schedule) in first.items():
        master.add(person, schedule)
    nodes = BLOCK_NODES
    for number in range(rounds):
        if stop():
            break
        solved = master.solve()
        if solved is None:
            break
        value, prices = solved
        bound, found = priced_blocks(instance, master.priced(prices), hall_of_class, nodes, stop, share=share)
        if stop():
            break  # (a stopped pricing's bound is valid too, but only as good as the stand-ins)
        if bound < best:
            best = bound
            progress(best)
        convexity = {person: prices[row] for person, row in master.convexity.items()}
        added = sum(master.add(person, schedule) for person, (worth, schedule) in found.items()
                    if worth > convexity[person] + 1e-6)
        log(f"round {number}: master {value:.3f}, Lagrangian bound {bound:.3f}, best {best:.3f}, "
            f"{added} schedules added, {nodes} LPs a block")
        if math.floor(best + 1e-6) <= math.floor(value + 1e-6):
            break  # the master's value is below the blocks' best bound: no round can lower it a whole point
        if not added:
            if nodes >= MOST_NODES:
                break
            nodes *= MORE_NODES  # nothing new, but some blocks were not closed: more work a block
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="small", choices=list(SIZES))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=40)
    arguments = parser.parse_args()
    instance = build_instance(load_problem(generate(arguments.size, seed=arguments.seed)))
    silence_banner()
    started = time.perf_counter()
    lp, columns, keys = _model(instance, by_slot=True)
    highs = quiet_solver()
    highs.passModel(lp)
    highs.run()
    duals = np.asarray(highs.getSolution().row_dual)
    prices = min((np.maximum(duals, 0.0), np.maximum(-duals, 0.0)), key=lambda y: _dual_bound(lp, y))
    priced = _priced(instance, lp, columns, keys, prices, by_slot=True)
    halls = hall_of_class(instance)
    first, found = priced_blocks(instance, priced, halls)
    print(f"LP {_dual_bound(lp, prices):.3f}, blocks at the LP's prices {first:.3f} "
          f"(the engine's bound), {time.perf_counter() - started:.1f} s", flush=True)
    best = generated_bound(instance, priced, found, first, halls, rounds=arguments.rounds,
                           log=lambda line: print(f"{line}, {time.perf_counter() - started:.1f} s", flush=True))
    print(f"Dantzig-Wolfe bound over the exhibitor blocks: {best:.3f}, proven {math.floor(best + 1e-6)}")


if __name__ == "__main__":
    main()
