"""The end of a run: the reported time covers everything, and no LP thread outlives `solve`."""

import threading
import time

from pavilion.engines.scheduling import load_problem, solve, solver
from pavilion.engines.scheduling import state as state_module
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


def test_the_last_fill_does_not_wait_for_the_bound(monkeypatch):
    """The left-out meetings that still fit are placed before the engine waits for the bound, so
    a bound that takes all the time left (the IDEX size's blocks can) changes nothing."""
    data = generate("small", seed=3, meetings=500, participants=100)
    data["rules"]["hall_change_gap"] = False  # the LP alone: a bound that comes quickly
    problem = load_problem(data)
    real_improve = solver.improve

    def search_leaving_room(state, **arguments):  # as a search cut off in the middle of a move
        real_improve(state, **arguments)
        placed = [m for m, chosen in enumerate(state.assign) if chosen is not None and state.instance.pinned[m] is None]
        for meeting in placed[:20]:
            state.remove(meeting)

    monkeypatch.setattr(solver, "improve", search_leaving_room)
    on_time = solve(problem, time_limit=60, seed=1, work=0.1)

    class Clock:
        """The engine's clock, put forward when the bound comes: as if its wait had used up the
        time that was left (without the test waiting that long)."""

        ahead = 0.0

        def __getattr__(self, name):
            return getattr(time, name)

        def monotonic(self) -> float:
            return time.monotonic() + self.ahead

    clock = Clock()
    monkeypatch.setattr(solver, "time", clock)
    monkeypatch.setattr(state_module, "time", clock)
    real_value = solver.BoundJob.value

    def late_value(self, deadline=None):
        value = real_value(self, deadline)
        clock.ahead = 60.0
        return value

    monkeypatch.setattr(solver.BoundJob, "value", late_value)
    late = solve(problem, time_limit=60, seed=1, work=0.1)
    assert late.objective == on_time.objective
    assert {(a.meeting, a.slot, a.location) for a in late.assignments} == {
        (a.meeting, a.slot, a.location) for a in on_time.assignments}
