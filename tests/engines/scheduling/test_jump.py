"""Feasibility Jump as a start: its schedules keep every rule, do not depend on anything but the
seed, keep pinned meetings, and the engine never ends below the start it took from it."""

from pavilion.engines.scheduling import load_problem, solution_to_json, solve, validate
from pavilion.engines.scheduling.finish import finish
from pavilion.engines.scheduling.generator import generate
from pavilion.engines.scheduling.instance import build_instance
from pavilion.engines.scheduling.jump import Model, as_state, jump, runs
from tests.engines.scheduling.instances import broken_rules


def _show(seed: int = 3, meetings: int = 300) -> dict:
    return generate("small", seed=seed, meetings=meetings, participants=80, locations=12)


def test_its_schedule_keeps_every_rule_of_the_spec():
    problem = load_problem(_show())
    instance = build_instance(problem)
    schedule = jump(instance, seed=1, seconds=30)
    assert schedule
    state = as_state(instance, schedule)
    # Nothing had to be dropped on the way into the engine's state, and the validator agrees.
    assert len([m for m in state.assign if m is not None]) == len(schedule)
    assert broken_rules(problem, state) == []


def test_the_same_seed_gives_the_same_schedule_and_another_seed_may_not():
    instance = build_instance(load_problem(_show()))
    first = jump(instance, seed=5, seconds=30)
    assert jump(instance, seed=5, seconds=30) == first
    others = [jump(instance, seed=s, seconds=30) for s in (6, 7)]
    assert any(other != first for other in others)


def test_pinned_meetings_stay_where_they_are_pinned():
    data = _show(seed=4)
    problem = load_problem(data)
    instance = build_instance(problem)
    before = jump(instance, seed=1, seconds=30)
    placed = finish(as_state(instance, before), 10**9, 0.0)
    by_id = {m["id"]: m for m in data["meetings"]}
    kept = solution_to_json(placed)["assignments"][::4]
    for item in kept:
        by_id[item["meeting"]]["pinned"] = {"slot": item["slot"], "location": item["location"]}
    problem = load_problem(data)
    instance = build_instance(problem)
    after = jump(instance, seed=9, seconds=30)
    index = {meeting.id: number for number, meeting in enumerate(problem.meetings)}
    for item in kept:
        meeting = index[item["meeting"]]
        assert after[meeting] == instance.pinned[meeting]
    assert broken_rules(problem, as_state(instance, after)) == []


def test_the_hall_change_rule_is_in_the_model():
    slots = [{"id": s, "start": f"2024-09-24T10:{m:02d}:00+04:00", "end": f"2024-09-24T10:{m + 10:02d}:00+04:00"}
             for s, m in (("a", 0), ("b", 10))]
    data = {"slots": slots,
            "locations": [{"id": "T1", "kind": "table", "hall": "H1"}, {"id": "S1", "kind": "stand", "hall": "H2"}],
            "participants": [{"id": "x"}, {"id": "v1"}, {"id": "v2"}],
            "meetings": [{"id": "m1", "participants": ["x", "v1"], "priority": 3, "location": "T1"},
                         {"id": "m2", "participants": ["x", "v2"], "priority": 2, "location": "S1"}],
            "rules": {"hall_change_gap": True}}
    problem = load_problem(data)
    instance = build_instance(problem)
    # Both meetings fit in two slots, but not in two halls one after the other: the best is the
    # one of priority 3 alone.
    assert Model(instance).nonzeros > 0
    assert sorted(jump(instance, seed=0, seconds=30)) == [0]
    data["rules"]["hall_change_gap"] = False
    assert sorted(jump(build_instance(load_problem(data)), seed=0, seconds=30)) == [0, 1]


def test_meetings_of_priority_zero_are_still_placed():
    data = _show(seed=2, meetings=60)
    for meeting in data["meetings"]:
        meeting["priority"] = 0
    problem = load_problem(data)
    instance = build_instance(problem)
    # Without the small reward per meeting held, HiGHS would see nothing above its trivial empty
    # schedule and go on to its LP and tree until the time limit, and return nothing.
    schedule = jump(instance, seed=1, seconds=30)
    assert schedule and len(schedule) > 10
    assert broken_rules(problem, as_state(instance, schedule)) == []


def test_a_placement_that_breaks_a_rule_is_never_taken_over():
    problem = load_problem(_show())
    instance = build_instance(problem)
    person = max(range(len(instance.meetings_of)), key=lambda p: len(instance.meetings_of[p]))
    first, second = instance.meetings_of[person][:2]
    common = sorted(set(instance.starts[first]) & set(instance.starts[second]))
    assert common
    clash = {first: (common[0], instance.accepted[first][0]), second: (common[0], instance.accepted[second][0])}
    state = as_state(instance, clash)
    assert state.assign[first] == clash[first] and state.assign[second] is None


def test_runs_depend_on_the_size_of_the_model_and_the_time_limit():
    small = build_instance(load_problem(_show()))
    large = build_instance(load_problem(generate("adex", seed=1)))
    assert runs(small, 10) >= 1
    assert runs(small, 0.01) == 0
    assert runs(large, 10) == 0  # one run would take longer than the limit allows
    assert runs(small, 10) == runs(small, 10)


def test_the_engine_never_ends_below_its_feasibility_jump_start(monkeypatch):
    """Whatever Feasibility Jump's schedule the engine took (its runs are cut by the clock on a slow or
    busy machine, so the start itself may differ from run to run), the schedule it ends with is no worse."""
    from pavilion.engines.scheduling import solver

    problem = load_problem(_show(seed=6))
    assert runs(build_instance(problem), 10) >= 1
    starts = []

    def recorded(instance, schedule):
        state = as_state(instance, schedule)
        starts.append(state.objective)
        return state

    monkeypatch.setattr(solver, "as_state", recorded)
    solution = solve(problem, time_limit=10, seed=2)
    assert validate(problem, solution_to_json(solution)) == []
    assert starts and solution.objective >= max(starts)
