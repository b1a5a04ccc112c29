"""The end of a run: the reported time covers everything, and no LP thread outlives `solve`."""

import threading
import time

from pavilion.engines.scheduling import load_problem, solve, solver
from pavilion.engines.scheduling.generator import generate


def test_solve_seconds_counts_the_locations_and_reasons_too(monkeypatch):
    real_finish = solver.finish

    def slow_finish(*args):  # closing work as slow as on a loaded machine
        result = real_finish(*args)
        time.sleep(0.5)
        return result

    monkeypatch.setattr(solver, "finish", slow_finish)
    problem = load_problem(generate("small", seed=4, participants=80, meetings=400, days=1, slots_per_day=12,
                                    locations=10))
    started = time.monotonic()
    solution = solve(problem, time_limit=60, seed=2, work=0.05)
    elapsed = time.monotonic() - started
    assert solution.unscheduled
    assert elapsed - 0.25 <= solution.solve_seconds <= elapsed


def test_no_solver_thread_outlives_solve():
    # Small enough for CP-SAT to prove the optimum at once, while the LP thread may still run.
    problem = load_problem(generate("small", seed=2, participants=60, meetings=220, days=1, slots_per_day=10,
                                    locations=8))
    before = set(threading.enumerate())
    solve(problem, time_limit=60, seed=1)
    assert [t for t in threading.enumerate() if t not in before and t.is_alive()] == []
