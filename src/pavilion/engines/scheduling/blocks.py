"""A bound that sees the hall-change rule: the LP's prices, with some participants' schedules kept
exact (a Lagrangian relaxation by participant blocks).

The LP relaxation cannot see the hall rule (see docs/algorithms/scheduling.md, "Upper bound"): it
mixes "all in hall A" with "all in hall B" and fills every slot. Here a set of *block*
participants is chosen, no two in one meeting (the busiest first: exhibitors at a show). For
each of them the rows that concern only them (each of their meetings once, one meeting a slot,
their maximum) and the hall rule are kept exactly; every other row is priced with the LP's row
prices y >= 0. By weak duality for any y >= 0

    schedule <= sum of priced rows' y * b  +  sum over blocks of the best schedule of that one
                participant under the reduced costs  +  for a meeting without a block member,
                its best positive reduced cost,

and each block's best schedule, a small assignment with the hall rule, is solved by CP-SAT; its
proven bound is used, so a block that does not finish still counts soundly. With the LP's own
prices this is at most the LP value (the blocks are relaxed less), and below it where the LP
leaned on walking between halls without a free slot: 1,288 -> 1,284 on the generated small show.
A column of a location class spread over several halls takes no part in the block's hall rule
(it could be in any of them), which only relaxes.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from .instance import Instance
from .walks import by_hall_list, hall_change_rows

SCALE = 1_000_000  # reduced costs as whole numbers for CP-SAT, rounded up so the bound stays valid
BLOCK_WORK = 0.5  # CP-SAT deterministic time per block at most


@dataclass(frozen=True)
class PricedLp:
    """What the block bound needs of the solved LP: each column's (meeting, first slot, location
    class), each row's key (as bound._columns names them) and limit, the matrix and the prices."""

    columns: list[tuple[int, int, int]]
    row_keys: list[tuple]
    row_upper: np.ndarray
    starts: np.ndarray
    indices: np.ndarray
    values: np.ndarray
    cost: np.ndarray
    prices: np.ndarray


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


def best_block_schedule(instance: Instance, person: int, columns: list[tuple[int, int, int, float]],
                        hall_of_class: dict[int, int | None], seed: int, work: float) -> tuple[float, list[int]]:
    """One participant's best schedule under reduced costs, hall rule kept: CP-SAT's proven bound
    on it (math.inf when nothing was proven within `work`) and the positions in `columns` of the
    best schedule found."""
    model = cp_model.CpModel()
    by_meeting, by_slot = defaultdict(list), defaultdict(list)
    by_hall: dict[tuple[int, int], dict[int, list]] = {}
    objective, chosen = [], []
    for meeting, first, cls, reduced in columns:
        x = model.NewBoolVar("")
        chosen.append(x)
        by_meeting[meeting].append(x)
        hall = hall_of_class[cls]
        for slot in range(first, first + instance.length[meeting]):
            by_slot[slot].append(x)
            if hall is not None:
                by_hall_list(by_hall, person, slot, hall).append(x)
        objective.append(math.ceil(reduced * SCALE) * x)
    for xs in (*by_meeting.values(), *by_slot.values()):
        if len(xs) > 1:
            model.AddAtMostOne(xs)
    if instance.limit[person] < len(instance.meetings_of[person]):
        model.Add(sum(x for xs in by_meeting.values() for x in xs) <= instance.limit[person])
    for now, other in hall_change_rows(by_hall, instance):
        model.Add(sum(now) + sum(other) <= 1)
    model.Maximize(sum(objective))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    solver.parameters.max_deterministic_time = work
    status = solver.Solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return math.inf, []  # nothing proven: the caller keeps the LP value
    return solver.BestObjectiveBound() / SCALE, [k for k, x in enumerate(chosen) if solver.Value(x)]


def block_bound(instance: Instance, lp: PricedLp, hall_of_class: dict[int, int | None],
                stop: Callable[[], bool] = lambda: False) -> float:
    """The Lagrangian bound above (math.inf when there is nothing to gain or it was stopped)."""
    return priced_blocks(instance, lp, hall_of_class, BLOCK_WORK, stop)[0]


def priced_blocks(instance: Instance, lp: PricedLp, hall_of_class: dict[int, int | None], work: float,
                  stop: Callable[[], bool] = lambda: False) -> tuple[float, dict[int, tuple[float, list[int]]]]:
    """The Lagrangian bound of `lp.prices` (math.inf when there is nothing to gain or it was
    stopped), and for each block participant the best schedule found under the reduced costs:
    its worth and its columns of `lp` (for column generation, bench/scheduling_bound.py)."""
    blocks = block_participants(instance)
    if not blocks:
        return math.inf, {}
    members = set(blocks)
    kept = np.array([_kept(key, members) for key in lp.row_keys], dtype=bool)
    prices = np.where(kept, 0.0, lp.prices)
    charged = np.add.reduceat(lp.values * prices[lp.indices], lp.starts[:-1])
    reduced = lp.cost - charged
    owner = {}
    for person in blocks:
        for meeting in instance.meetings_of[person]:
            owner[meeting] = person
    per_block: dict[int, list[int]] = defaultdict(list)
    loose: dict[int, float] = defaultdict(float)  # meetings without a block member: best column
    for column, (meeting, _first, _cls) in enumerate(lp.columns):
        value = float(reduced[column])
        if value <= 0:
            continue
        if meeting in owner:
            per_block[owner[meeting]].append(column)
        else:
            loose[meeting] = max(loose[meeting], value)
    total = float(prices @ lp.row_upper) + sum(loose.values())
    found = {}
    for number, person in enumerate(blocks):
        if stop():
            return math.inf, {}
        mine = per_block[person]
        if mine:
            entries = [(*lp.columns[column], float(reduced[column])) for column in mine]
            value, chosen = best_block_schedule(instance, person, entries, hall_of_class, number, work)
            total += value
            found[person] = (sum(entries[k][3] for k in chosen), [mine[k] for k in chosen])
    return total, found
