"""The upper bounds are proven: never below CP-SAT's optimum of an independent model on small
random instances, and equal to it where only one resource is short."""

from hypothesis import HealthCheck, given, settings

from pavilion.engines.scheduling import load_problem, solver
from pavilion.engines.scheduling.bound import capacity_bound, fallback_bound, lp_bound, simple_bound
from pavilion.engines.scheduling.instance import build_instance
from tests.engines.scheduling.instances import _slots, exact_optimum, problems


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_every_bound_is_at_least_the_optimum(data):
    instance = build_instance(load_problem(data))
    best = exact_optimum(data)
    for by_slot in (True, False):  # the time-indexed LP and the LP summed over atoms
        assert lp_bound(instance, 30, by_slot=by_slot) >= best
    assert capacity_bound(instance) >= best
    assert simple_bound(instance) >= best and fallback_bound(instance) >= best


def only_tables_short() -> dict:
    """Ten pairs who never share a person, two tables, three slots: six meetings fit, the ones of
    highest priority, and nothing else is in the way."""
    slots = _slots(3, None)
    people = [{"id": f"p{i}"} for i in range(20)]
    meetings = [{"id": f"m{i}", "participants": [f"p{2 * i}", f"p{2 * i + 1}"], "priority": i + 1}
                for i in range(10)]
    locations = [{"id": "T1", "kind": "table", "hall": "H"}, {"id": "T2", "kind": "table", "hall": "H"}]
    return {"name": "tables", "slots": slots, "locations": locations, "participants": people,
            "meetings": meetings, "rules": {"hall_change_gap": False}}


def test_the_lp_hands_its_solution_to_the_greedy():
    """Only the tables are short: the LP holds exactly the six meetings of highest priority, in
    both forms of the LP, and its solution's value is the bound."""
    instance = build_instance(load_problem(only_tables_short()))
    for by_slot in (True, False):
        kept = []
        value = lp_bound(instance, 30, by_slot=by_slot, guide=kept.append)
        [guide] = kept
        assert [round(held, 6) for held in guide.held] == [0.0] * 4 + [1.0] * 6
        assert abs(sum(p * held for p, held in zip(instance.priority, guide.held, strict=True)) - value) < 1e-6
        for meeting in range(10):
            placed = sum(guide.value(meeting, start, 0) for start in range(0, 3, 1 if by_slot else 3))
            assert abs(placed - guide.held[meeting]) < 1e-6


def test_the_bounds_are_exact_when_only_the_tables_are_short():
    data = only_tables_short()
    instance = build_instance(load_problem(data))
    best = exact_optimum(data)
    assert best == sum(range(5, 11))
    assert capacity_bound(instance) == best
    assert lp_bound(instance, 30) == best
    assert fallback_bound(instance) == best < simple_bound(instance) == sum(range(1, 11))


def test_the_block_bound_sees_the_hall_rule_on_a_generated_show(monkeypatch):
    """On the generated small show the LP mixes halls without a free slot between them; keeping the
    exhibitors' own schedules exact (blocks.py) lowers the bound, the engine reports it (or lower
    still, by column generation: test_generation.py), and its schedule stays below it."""
    from pavilion.engines.scheduling import solve
    from pavilion.engines.scheduling.blocks import block_participants
    from pavilion.engines.scheduling.generator import generate

    problem = load_problem(generate("small", seed=1, meetings=400, participants=80, days=1))
    instance = build_instance(problem)
    blocks = block_participants(instance)
    assert blocks and all(problem.participants[p].id.startswith("x-") for p in blocks[:5])
    assert not any(set(instance.members[m]) & set(blocks) - {b} for b in blocks for m in instance.meetings_of[b])
    plain, sharper = lp_bound(instance, 60, blocks=False), lp_bound(instance, 60)
    assert sharper < plain
    # The gap step (test_gap.py) off: it took 7 s of the run's 12 and the bound is what is tested here.
    monkeypatch.setattr(solver, "gap_neighbourhood", lambda *arguments: [])
    solution = solve(problem, time_limit=30, seed=0, work=0.5)
    assert solution.objective <= solution.upper_bound <= sharper
