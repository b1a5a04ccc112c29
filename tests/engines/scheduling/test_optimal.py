"""On small random instances the engine's objective equals CP-SAT's proven optimum of an
independent model, and every output passes the validator."""

from hypothesis import HealthCheck, given, settings

from pavilion.engines.scheduling import load_problem, solution_to_json, solve, validate
from tests.engines.scheduling.instances import exact_optimum, problems


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_objective_is_the_proven_optimum(data):
    problem = load_problem(data)
    solution = solve(problem, time_limit=20, seed=1)
    output = solution_to_json(solution)
    assert validate(problem, output) == []
    assert solution.objective == exact_optimum(data)
    assert solution.upper_bound >= solution.objective
