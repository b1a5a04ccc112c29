"""Where a schedule falls short of column generation's bound (gap.py): the blocks' shortfalls are
part of the distance to the bound, and CP-SAT on the meetings they name gains."""

import pytest

from pavilion.engines.scheduling import solution_to_json, solve, validate
from pavilion.engines.scheduling.gap import gap_neighbourhood, shortfalls
from pavilion.engines.scheduling.solver import _groups_of
from pavilion.engines.scheduling.state import construct
from pavilion.engines.scheduling.submodel import resolve
from tests.engines.scheduling.test_generation import generated_from_the_greedy, one_day_show


@pytest.fixture(scope="module")
def converged():
    """The one-day show and column generation started from its greedy schedule (converged, 269)."""
    instance, _columns, _greedy, result = generated_from_the_greedy()
    assert result.support is not None and int(result.bound + 1e-6) == 269
    return instance, result


def test_the_shortfalls_are_part_of_the_distance_to_the_bound(converged):
    instance, result = converged
    greedy = construct(instance)
    short = shortfalls(instance, result, greedy.assign)
    assert short, "the greedy is below the bound, so some block falls short"
    assert all(amount > 0 for amount, _person, _differ in short)
    assert [amount for amount, _p, _d in short] == sorted((amount for amount, _p, _d in short), reverse=True)
    assert sum(amount for amount, _p, _d in short) <= result.bound - greedy.objective + 1e-6
    for _amount, person, differ in short:
        assert differ and all(person in instance.members[meeting] for meeting in differ)


def test_a_schedule_at_the_bound_falls_short_nowhere_by_a_point(converged):
    instance, result = converged
    state = construct(instance)
    resolve(state, list(range(instance.n_meetings)), window=None, effort=30, seconds=60, seed=1,
            allowed=_groups_of(instance, result.support), enough=269)
    assert state.objective == 269
    assert sum(amount for amount, _p, _d in shortfalls(instance, result, state.assign)) < 1


def test_re_deciding_the_short_blocks_gains_with_part_of_the_show(converged):
    instance, result = converged
    greedy = construct(instance)
    before = greedy.objective
    first = gap_neighbourhood(instance, result, greedy.assign, limit=1)  # the first block, whatever the limit
    assert 0 < len(first) < instance.n_meetings
    assert set(first) <= set(gap_neighbourhood(instance, result, greedy.assign, limit=instance.n_meetings))
    resolve(greedy, first, window=None, effort=30, seconds=60, seed=1, enough=269)
    assert greedy.objective > before


def test_the_engine_re_decides_the_short_blocks_after_the_generation(monkeypatch):
    """With the search and the other exact steps off, the step alone lifts the greedy's schedule."""
    from pavilion.engines.scheduling import solver

    monkeypatch.setattr(solver, "EXACT_OPTIONS", 0)
    monkeypatch.setattr(solver, "runs", lambda instance, limit: [])
    monkeypatch.setattr(solver, "improve", lambda state, **options: None)
    monkeypatch.setattr(solver, "MASTER_LIMIT", float("inf"))
    problem = one_day_show()
    with_step = solve(problem, time_limit=30, seed=1, work=0.0)
    monkeypatch.setattr(solver, "gap_neighbourhood", lambda *arguments: [])
    without = solve(problem, time_limit=30, seed=1, work=0.0)
    for solution in (with_step, without):
        assert validate(problem, solution_to_json(solution)) == []
        assert solution.upper_bound == 269
    assert with_step.objective > without.objective
