"""The participant blocks' exact part (blocks.py): the ways of walking a segment, and one
participant's best schedule against an independent exact model."""

import random

import numpy as np
import pytest

from pavilion.engines.scheduling import load_problem
from pavilion.engines.scheduling.block_model import arrangements
from pavilion.engines.scheduling.blocks import block_participants, priced_blocks
from pavilion.engines.scheduling.bound import _model, _priced, hall_of_class
from pavilion.engines.scheduling.instance import build_instance
from tests.engines.scheduling.instances import _slots, exact_optimum


def rows(table) -> set[tuple[int, ...]]:
    return {tuple(int(v) for v in row) for row in table}


def test_one_atom_of_three_slots_and_two_halls():
    """AAA, BBB, or one of each with the walk between them (A_B and B_A give the same counts)."""
    assert rows(arrangements((3,), 2, False)) == {(3, 0), (0, 3), (1, 1)}


def test_slots_of_their_own_keep_the_order():
    """Three atoms of one slot: where the walk is matters, and an empty slot is only a walk."""
    assert rows(arrangements((1, 1, 1), 2, False)) == {
        (1, 0, 1, 0, 1, 0), (0, 1, 0, 1, 0, 1), (1, 0, 0, 0, 0, 1), (0, 1, 0, 0, 1, 0)}


def test_a_class_of_no_hall_goes_next_to_any_hall():
    """Columns: A, B, no hall. Two slots: never A beside B, and no empty slot is needed."""
    assert rows(arrangements((2,), 2, True)) == {(2, 0, 0), (0, 2, 0), (1, 0, 1), (0, 1, 1), (0, 0, 2)}


def test_arrangements_contained_in_others_are_dropped():
    """Four slots, two halls: AAAA, BBBB, AA_B, A_BB, B_AA, BB_A; never AA_A (it is within AAAA)."""
    assert rows(arrangements((4,), 2, False)) == {(4, 0), (0, 4), (2, 1), (1, 2)}


def one_exhibitor(seed: int, *, spread_tables: bool = False) -> dict:
    """An exhibitor and visitors who each have one meeting with them, locations enough for every
    meeting: nothing binds but the exhibitor's own slots, maximum and hall changes, so the best
    schedule of the exhibitor's block is the instance's optimum."""
    rng = random.Random(seed)
    count = rng.randint(6, 9)
    slots = _slots(count, rng.choice([None, count // 2]))
    slot_ids = [slot["id"] for slot in slots]
    meetings_count = rng.randint(5, 12)
    locations = [{"id": "stand", "kind": "stand", "hall": "H1"}]
    locations += [{"id": f"T{i}", "kind": "table", "hall": "H3" if spread_tables and i % 2 else "H2"}
                  for i in range(meetings_count)]
    locations += [{"id": f"R{i}", "kind": "secure-room", "hall": "H4"} for i in range(meetings_count)]
    exhibitor = {"id": "x"}
    if rng.random() < 0.4:
        exhibitor["max_meetings"] = rng.randint(2, 6)
    participants, meetings = [exhibitor], []
    for i in range(meetings_count):
        first = rng.randrange(count)
        available = slot_ids[first: first + rng.randint(2, count)]
        participants.append({"id": f"v{i}", "available": available})
        meeting = {"id": f"m{i}", "participants": [f"v{i}", "x"], "priority": rng.randint(1, 5)}
        roll = rng.random()
        if roll < 0.3:
            meeting["location"] = "stand"
        elif roll < 0.45:
            meeting.update(location_kinds=["secure-room"], length=2)
        meetings.append(meeting)
    return {"name": f"exhibitor-{seed}", "slots": slots, "locations": locations, "participants": participants,
            "meetings": meetings, "rules": {"hall_change_gap": True}}


def block_value(data: dict, by_slot: bool) -> tuple[float, dict]:
    """The block bound with every price at zero: the exhibitor's best schedule (priority as worth)."""
    instance = build_instance(load_problem(data))
    assert block_participants(instance) == [0]
    lp, columns, keys = _model(instance, by_slot)
    priced = _priced(instance, lp, columns, keys, np.zeros(lp.num_row_), by_slot)
    total, found = priced_blocks(instance, priced, hall_of_class(instance))
    return total, {"columns": columns, "found": found, "instance": instance}


def assert_a_schedule(instance, columns, schedule: list[tuple[int, float]]) -> None:
    """A block's schedule: whole columns that keep each meeting once, a slot once and the hall rule."""
    assert all(value == 1.0 for _c, value in schedule)
    chosen = [c for c, _value in schedule]
    by_slot = {}
    meetings = [columns[c][0] for c in chosen]
    assert len(meetings) == len(set(meetings))
    for c in chosen:
        meeting, first, _cls = columns[c]
        for slot in range(first, first + instance.length[meeting]):
            assert slot not in by_slot
            by_slot[slot] = c
    halls = hall_of_class(instance)
    for slot, c in by_slot.items():
        after = by_slot.get(slot + 1)
        if after is not None and instance.chain[slot]:
            assert halls[columns[c][2]] == halls[columns[after][2]]


@pytest.mark.parametrize("seed", range(24))  # (seed 20: x fractional once the arrangements are whole)
def test_the_block_is_the_exhibitors_optimum(seed):
    """Indexed by slot the block's value is the exact optimum (its branch-and-bound closes on a
    schedule, two-slot meetings included) and the schedule it returns is a valid one worth that;
    summed over atoms it is at least the optimum, and exact with one-slot meetings only."""
    data = one_exhibitor(seed)
    best = exact_optimum(data)
    short = all(meeting.get("length", 1) == 1 for meeting in data["meetings"])
    value, seen = block_value(data, by_slot=True)
    assert abs(value - best) < 1e-6
    [(worth, chosen)] = seen["found"].values()
    assert_a_schedule(seen["instance"], seen["columns"], chosen)
    assert abs(worth - best) < 1e-6
    value, _seen = block_value(data, by_slot=False)
    assert value >= best - 1e-6
    if short:
        assert abs(value - best) < 1e-6


@pytest.mark.parametrize("seed", range(8))
def test_tables_in_two_halls_only_relax(seed):
    """Tables in two halls make a class of no hall of its own: the block stays above the optimum."""
    data = one_exhibitor(seed, spread_tables=True)
    best = exact_optimum(data)
    for by_slot in (True, False):
        assert block_value(data, by_slot)[0] >= best - 1e-6


def test_each_block_only_lowers_the_dual_bound():
    """At the LP's own prices the block bound is reported first as the LP's dual bound, then lower
    after each block that sees the hall rule, never higher, ending at lp_bound's value."""
    from pavilion.engines.scheduling.bound import lp_bound
    from pavilion.engines.scheduling.generator import generate

    instance = build_instance(load_problem(generate("small", seed=2, meetings=300, participants=60, days=1)))
    seen = []
    sharper = lp_bound(instance, 60, by_slot=False, found=seen.append)
    assert seen[0] == lp_bound(instance, 60, by_slot=False, blocks=False)
    assert all(later <= earlier for earlier, later in zip(seen, seen[1:], strict=False))
    assert seen[-1] == sharper < seen[0]


def test_more_threads_give_the_same_bound():
    """Blocks shared with two more threads (as the engine does once its search is done) end at the
    same bound as one thread computing them all."""
    import threading

    from pavilion.engines.scheduling.bound import lp_bound
    from pavilion.engines.scheduling.generator import generate

    instance = build_instance(load_problem(generate("small", seed=3, meetings=400, participants=80, days=1)))
    helpers: list[threading.Thread] = []

    def share(work):
        for _ in range(2):
            helpers.append(threading.Thread(target=work))
            helpers[-1].start()

    alone = lp_bound(instance, 60, by_slot=False)
    shared = lp_bound(instance, 60, by_slot=False, share=share)
    for thread in helpers:
        thread.join()
    assert len(helpers) == 2 and shared == alone < lp_bound(instance, 60, by_slot=False, blocks=False)


def test_a_closed_gate_holds_the_blocks_between_two_and_the_bound_is_the_same():
    """The engine pauses the blocks while its search runs in two processes (solver.BoundJob): close()
    returns only once no block is being solved, no block is taken while the gate is closed, and the
    blocks computed in two stretches end at the bound of one."""
    import threading
    import time

    from pavilion.engines.scheduling.blocks import BlockGate
    from pavilion.engines.scheduling.bound import lp_bound
    from pavilion.engines.scheduling.generator import generate

    instance = build_instance(load_problem(generate("small", seed=3, meetings=400, participants=80, days=1)))
    alone = lp_bound(instance, 60, by_slot=False)
    gate = BlockGate(is_open=True)
    seen: list[int] = []
    closing = threading.Thread(target=gate.close)

    def found(value: int) -> None:
        seen.append(value)
        if len(seen) == 3:  # the LP's bound and two blocks, the second still being reported
            closing.start()
            closing.join(0.2)
            assert closing.is_alive()  # close() waits for this block to be done

    result: list[int] = []
    thread = threading.Thread(target=lambda: result.append(
        lp_bound(instance, 60, by_slot=False, found=found, gate=gate)))
    thread.start()
    closing_started = time.monotonic()
    while not closing.is_alive() and time.monotonic() < closing_started + 30:
        time.sleep(0.01)
    closing.join(30)
    time.sleep(0.3)
    assert len(seen) == 3 and not result  # held at the gate
    gate.open()
    thread.join(60)
    assert result == [alone] and len(seen) > 3


def test_the_blocks_the_lp_holds_in_more_halls_come_first(monkeypatch):
    """A block lowers the bound only where the LP holds the participant's meetings in two halls or
    more, so those are computed first, the most halls first (a bound stopped early has more of
    what the blocks give); the bound they end at is the same in any order."""
    from pavilion.engines.scheduling import blocks
    from pavilion.engines.scheduling.bound import lp_bound
    from pavilion.engines.scheduling.generator import generate

    instance = build_instance(load_problem(generate("small", seed=3, meetings=400, participants=80, days=1)))
    lp, columns, keys = _model(instance, False)
    priced = _priced(instance, lp, columns, keys, np.zeros(lp.num_row_), False)
    halls = hall_of_class(instance)
    people = block_participants(instance)
    # A solution holding the first block's meetings in every hall they can be in, the second's in
    # one, nobody else's.
    solution = np.zeros(len(columns))
    spread = {}
    for person, most in zip(people[:2], (None, 1), strict=True):
        seen = set()
        for c, (meeting, _first, cls) in enumerate(columns):
            hall = ("class", cls) if halls[cls] is None else halls[cls]
            if person in instance.members[meeting] and (hall in seen or most is None or len(seen) < most):
                seen.add(hall)
                solution[c] = 0.5
        spread[person] = len(seen)
    owner = {meeting: person for person in people for meeting in instance.meetings_of[person]}
    held = blocks._halls_held(priced, halls, owner, people, solution)
    assert held == {person: spread.get(person, 0) for person in people}
    assert spread[people[0]] >= 2 and spread[people[1]] == 1
    assert blocks._halls_held(priced, halls, owner, people, None) == dict.fromkeys(people, 0)

    order: list[int] = []
    real = blocks._SharedWork.__init__

    def recording(self, left, solve, *args):
        def solving(person):
            order.append(person)
            return solve(person)
        real(self, left, solving, *args)

    monkeypatch.setattr(blocks._SharedWork, "__init__", recording)
    guides = []
    ordered = lp_bound(instance, 60, by_slot=False, guide=guides.append)
    by_halls = blocks._halls_held(priced, halls, owner, people, _columns_held(guides[0], columns))
    assert [by_halls[person] for person in order] == sorted((by_halls[person] for person in order), reverse=True)
    assert max(by_halls.values()) >= 2
    monkeypatch.setattr(blocks, "_halls_held", lambda _lp, _h, _o, people, _s: dict.fromkeys(people, 0))
    assert lp_bound(instance, 60, by_slot=False) == ordered


def _columns_held(guide, columns) -> np.ndarray:
    """The LP's solution by column, as far as the guide tells it: the guide sums the columns of a
    meeting that start in the same atom and class, so each of them gets that sum (which holds them
    in the same hall: only the halls count here)."""
    return np.array([guide.where.get((meeting, guide.atom_of[first], cls), 0.0)
                     for meeting, first, cls in columns])
