"""Where a schedule falls short of column generation's bound, block by block, and the meetings
to re-decide there.

At the prices y of column generation's best round the bound is the sum of terms (blocks.py):
y · b of the rows no block keeps, each meeting without a block member at its best reduced cost,
and each block participant's best schedule under the reduced costs. A schedule of the show meets
the first two terms' share or stays below them by its slack rows' prices and its loose meetings;
in each block its part is worth at most that participant's best. So the schedule's distance to
the bound splits into non-negative parts, and on the generated small shows all of it sits in one
or two exhibitors' blocks (docs/algorithms/scheduling.md, "Upper bound"). Those exhibitors'
meetings, and every meeting of the partners whose meetings the best block schedule holds
elsewhere, are the neighbourhood in which CP-SAT can reach the bound (solver.solve).
"""

from __future__ import annotations

from .blocks import block_participants, block_pricing
from .bound import block_columns
from .generation import Generated
from .instance import Instance

_TOLERANCE = 1e-6


def shortfalls(instance: Instance, generated: Generated, schedule: list[tuple[int, int] | None],
               ) -> list[tuple[float, int, list[int]]]:
    """Each block participant whose part of `schedule` (meeting -> (start, group) or None) is worth
    less at the best round's prices than their best schedule there: (how much less, the
    participant, the meetings the two place differently), the largest shortfall first."""
    lp = generated.lp
    if lp is None or not generated.found:
        return []
    _kept, _priced, _columns_of, reduced = block_pricing(lp, block_participants(instance))
    parts = block_columns(instance, lp.columns, schedule)
    short = []
    for person, (worth, best) in generated.found.items():
        part = parts.get(person)
        if part is None:
            continue
        held = float(sum(reduced[column] * value for column, value in part))
        if worth - held <= _TOLERANCE:
            continue
        here = {lp.columns[column][0]: lp.columns[column][1:] for column, _value in part}
        there = {lp.columns[column][0]: lp.columns[column][1:] for column, value in best if value > 0.5}
        differ = sorted(m for m in here.keys() | there.keys() if here.get(m) != there.get(m))
        short.append((worth - held, person, differ))
    short.sort(key=lambda item: (-item[0], item[1]))
    return short


def gap_neighbourhood(instance: Instance, generated: Generated, schedule: list[tuple[int, int] | None],
                      limit: int) -> list[int]:
    """The meetings to re-decide so that the blocks short of their best can reach it: each such
    participant's meetings and all meetings of the other participants of the meetings their best
    schedule places differently, the largest shortfall first, while they stay within `limit`
    (the first always taken). Pinned meetings stay out."""
    chosen: set[int] = set()
    for _short, person, differ in shortfalls(instance, generated, schedule):
        around = set(instance.meetings_of[person])
        for meeting in differ:
            for other in instance.members[meeting]:
                around.update(instance.meetings_of[other])
        if chosen and len(chosen | around) > limit:
            break
        chosen |= around
    return sorted(m for m in chosen if instance.pinned[m] is None)
