"""A bound tighter than the LP where hall changes bite: a Lagrangian relaxation priced by the LP.

The LP cannot see the hall-change rule: half a stand meeting and half a table meeting in every
slot satisfy every linear row of it. So for a set of *kept* participants (no two in one meeting)
this bound keeps their own rules exactly, the rule included, and prices every other row with the
LP's row prices y >= 0. For any valid schedule x:

    c.x = y.Ax + (c - A'y).x <= y.b + sum over kept p of (c - A'y).x restricted to p's meetings
                                   + sum over the other columns of max(c - A'y, 0)

where y and A here are only the priced rows. The part of x on p's meetings is a walk through the
slots (at most one meeting a slot, a free slot between meetings in different halls), so its
reduced value is at most the best such walk, found by dynamic programming. Every term is an upper
bound for every schedule: the result is proven, and never weaker than the LP with the same y
(for one participant without the rule the walk is the LP's own value: interval rows are totally
unimodular).
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from .instance import Instance

NONE = -1  # no meeting in the slot before (or it does not directly precede)


def _keepers(instance: Instance, halls_of_meeting: list[set[int]]) -> list[int]:
    """Participants whose meetings can be in several halls, the busiest first, no two sharing a
    meeting (so each column has at most one keeper) and none with a pinned meeting."""
    candidates = []
    for person, meetings in enumerate(instance.meetings_of):
        halls = set().union(*(halls_of_meeting[m] for m in meetings)) if meetings else set()
        if len(halls) > 1 and all(instance.pinned[m] is None for m in meetings):
            candidates.append((-len(meetings), person))
    taken: set[int] = set()  # participants sharing a meeting with a keeper
    kept = []
    for _, person in sorted(candidates):
        if person in taken:
            continue
        kept.append(person)
        for meeting in instance.meetings_of[person]:
            taken.update(instance.members[meeting])
    return kept


def best_walk(n_slots: int, chain: list[bool], options: dict[tuple[int, int, int], float]) -> float:
    """The best total of one participant's meetings: `options` maps (first slot, length, hall) to
    the best reduced value starting there; at most one meeting a slot, and a meeting directly
    after one in another hall is not allowed (consecutive slots, `chain`)."""
    starting: dict[int, list[tuple[int, int, float]]] = defaultdict(list)
    for (start, length, hall), value in options.items():
        if value > 0:
            starting[start].append((length, hall, value))
    halls = sorted({hall for (_, _, hall) in options} | {NONE})
    later: list[dict[int, float]] = [dict.fromkeys(halls, 0.0) for _ in range(n_slots + 1)]
    for slot in range(n_slots - 1, -1, -1):
        here = later[slot]
        for before in halls:
            best = later[slot + 1][NONE]
            for length, hall, value in starting.get(slot, ()):
                if before in (NONE, hall):
                    end = slot + length
                    after = hall if end < n_slots and chain[end - 1] else NONE
                    best = max(best, value + later[end][after])
            here[before] = best
    return later[0][NONE]


def lagrangian_bound(instance: Instance, lp, prices: np.ndarray, columns) -> float:
    """The bound above for the time-indexed LP `lp` (its columns described by `columns`, see
    `bound.Columns`) with row prices `prices` (>= 0)."""
    halls_of_meeting: list[set[int]] = [set() for _ in range(instance.n_meetings)]
    for meeting, cls, _slots in columns.meta:
        halls_of_meeting[meeting] |= columns.halls[cls]
    kept = _keepers(instance, halls_of_meeting)
    keeper_of = {}
    priced = prices.copy()
    for person in kept:
        for meeting in instance.meetings_of[person]:
            keeper_of[meeting] = person
        for slot in range(instance.n_slots):
            row = columns.rows.get(("p", person, slot))
            if row is not None:
                priced[row] = 0.0  # kept exactly in the walk, not priced
    matrix = lp.a_matrix_
    starts, indices = np.asarray(matrix.start_), np.asarray(matrix.index_)
    charged = np.add.reduceat(np.asarray(matrix.value_) * priced[indices], starts[:-1])
    reduced = np.asarray(lp.col_cost_) - charged
    lower = np.asarray(lp.col_lower_)
    total = float(priced @ np.asarray(lp.row_upper_))
    walks: dict[int, dict[tuple[int, int, int], float]] = defaultdict(dict)
    for column, (meeting, cls, slots) in enumerate(columns.meta):
        person = keeper_of.get(meeting)
        value = float(reduced[column])
        if person is None:
            total += value if value > 0 else value * lower[column]
            continue
        options = walks[person]
        for hall in columns.halls[cls]:  # a class over several halls may be in any of them
            key = (slots[0], len(slots), hall)
            options[key] = max(options.get(key, 0.0), value)
    return total + sum(best_walk(instance.n_slots, instance.chain, walks[p]) for p in kept)
