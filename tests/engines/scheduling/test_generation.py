"""Column generation over the participant blocks (generation.py): a valid bound, never above the
blocks' own, lower where the LP's prices were not the best, and anytime."""

from hypothesis import HealthCheck, given, settings

from pavilion.engines.scheduling import load_problem, solution_to_json, solve, validate
from pavilion.engines.scheduling.blocks import priced_blocks
from pavilion.engines.scheduling.bound import (
    block_columns,
    hall_of_class,
    lp_bound,
    solved_lp,
)
from pavilion.engines.scheduling.generation import ROUNDS, generated_bound
from pavilion.engines.scheduling.generator import generate
from pavilion.engines.scheduling.instance import build_instance
from pavilion.engines.scheduling.solver import _groups_of
from pavilion.engines.scheduling.state import construct
from pavilion.engines.scheduling.submodel import resolve
from tests.engines.scheduling.instances import exact_optimum, problems


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_the_generated_bound_is_at_least_the_optimum(data):
    instance = build_instance(load_problem(data))
    greedy = construct(instance)
    assert lp_bound(instance, 30, by_slot=True, known=lambda: greedy.assign) >= exact_optimum(data)


def one_day_show():
    """A generated one-day show where the LP's prices are not the blocks' best: 272 with the
    blocks at the LP's prices, 269 (the optimum) once the prices are generated."""
    return load_problem(generate("small", seed=2, meetings=200, participants=40, days=1))


def test_generation_lowers_the_bound_to_the_optimum_the_engine_finds():
    problem = one_day_show()
    instance = build_instance(problem)
    blocks_alone = lp_bound(instance, 60)
    greedy = construct(instance)
    generated = lp_bound(instance, 60, known=lambda: greedy.assign)
    assert (blocks_alone, generated) == (272, 269)
    # The engine starts the master from the schedule its search starts from, beside the search,
    # and so proves its schedule optimal (a time limit long enough that the rounds are not cut).
    solution = solve(problem, time_limit=60, seed=1, work=1.5)
    assert validate(problem, solution_to_json(solution)) == []
    assert solution.objective == solution.upper_bound == 269
    assert solution.status == "optimal"


def test_the_master_starts_from_the_known_schedule_and_stops_when_asked():
    """Every round's master is worth at least the schedule it started from; stopped before the
    first round the bound is the blocks' own at the LP's prices."""
    instance = build_instance(one_day_show())
    _lp, columns, priced = solved_lp(instance, by_slot=True)
    halls = hall_of_class(instance)
    first, found = priced_blocks(instance, priced, halls)
    greedy = construct(instance)
    known = block_columns(instance, columns, greedy.assign)
    assert generated_bound(instance, priced, found, first, halls, known=known, stop=lambda: True).bound == first
    masters = []
    result = generated_bound(instance, priced, found, first, halls, known=known,
                             log=lambda line: masters.append(float(line.split("master ")[1].split(",")[0])))
    assert masters and min(masters) >= greedy.objective - 1e-6
    assert result.bound < first and result.rounds >= 1


def generated_from_the_greedy(rounds: int = ROUNDS):
    """The one-day show, the LP's columns, the greedy's schedule and the column generation
    started from it."""
    instance = build_instance(one_day_show())
    _lp, columns, priced = solved_lp(instance, by_slot=True)
    halls = hall_of_class(instance)
    first, found = priced_blocks(instance, priced, halls)
    greedy = construct(instance)
    result = generated_bound(instance, priced, found, first, halls,
                             known=block_columns(instance, columns, greedy.assign), rounds=rounds)
    return instance, columns, greedy, result


def test_the_converged_master_holds_a_schedule_at_the_bound():
    """Column generation that converged gives its last master's options; CP-SAT restricted to
    them (and to the greedy's own places) finds a schedule at the bound, which the greedy is not."""
    instance, columns, greedy, result = generated_from_the_greedy()
    assert result.support and result.support <= set(columns)
    assert int(result.bound + 1e-6) == 269 > greedy.objective
    allowed = _groups_of(instance, result.support)
    before = list(greedy.assign)
    free = list(range(instance.n_meetings))
    outcome = resolve(greedy, free, window=None, effort=30, seconds=60, seed=1, allowed=allowed, enough=269)
    assert greedy.objective == 269 and outcome.improved
    moved = [(m, *place) for m, place in enumerate(greedy.assign) if place is not None and place != before[m]]
    assert moved and all(option in allowed for option in moved)


def test_a_master_stopped_before_it_converged_gives_no_support():
    assert generated_from_the_greedy(rounds=1)[3].support is None


def test_at_long_limits_the_engine_searches_the_converged_master(monkeypatch):
    """With the search and the other exact steps off, only the greedy and the master's options
    decide: searching them exactly gains over the greedy (the step is on from solver.MASTER_LIMIT)."""
    from pavilion.engines.scheduling import solver

    monkeypatch.setattr(solver, "EXACT_OPTIONS", 0)
    monkeypatch.setattr(solver, "runs", lambda instance, limit: [])
    monkeypatch.setattr(solver, "improve", lambda state, **options: None)
    # (the gap step too, test_gap.py: it took 12.6 s of each run's 14)
    monkeypatch.setattr(solver, "gap_neighbourhood", lambda *arguments: [])
    problem = one_day_show()
    searched = solve(problem, time_limit=60, seed=1, work=0.0)
    monkeypatch.setattr(solver, "MASTER_LIMIT", float("inf"))
    greedy = solve(problem, time_limit=60, seed=1, work=0.0)
    for solution in (searched, greedy):
        assert validate(problem, solution_to_json(solution)) == []
        assert solution.upper_bound == 269
    assert searched.objective > greedy.objective
