"""Feasibility Jump on the two halves of a show at once (jump.split_models, jump.SplitJob): the
parts share no slot, no meeting and no part of a participant's maximum, so their schedules add
up to a valid one; and the same guide and seed give the same schedule."""

import time

import pytest

from pavilion.engines.scheduling import jump, load_problem, solution_to_json, solver, validate
from pavilion.engines.scheduling.bound import lp_bound
from pavilion.engines.scheduling.generator import generate
from pavilion.engines.scheduling.instance import build_instance
from pavilion.engines.scheduling.jump import SplitJob, as_state, half_days, split_models
from tests.engines.scheduling.instances import (
    assert_reaped,
    broken_rules,
    pin_where_the_greedy_puts,
    recording_forks,
)


def show(pins: bool = False):
    data = generate("small", seed=4, meetings=600, participants=120)
    if pins:  # every fifth meeting of a first greedy schedule pinned where it is
        pin_where_the_greedy_puts(data)
    problem = load_problem(data)
    instance = build_instance(problem)
    guides = []
    lp_bound(instance, 60.0, guide=guides.append, blocks=False)
    return problem, instance, guides[0]


def test_the_parts_share_no_slot_and_no_meeting():
    _problem, instance, guide = show()
    models = split_models(instance, guide)
    assert len(models) == 2 and all(model.columns for model in models)
    cut = half_days(instance)[len(half_days(instance)) // 2][0]
    first, second = (set(model.options) for model in models)
    assert not first & second
    for part, model in enumerate(models):
        for meeting, options in model.options.items():
            assert set(options) <= {(s, g) for s in instance.starts[meeting] for g in instance.accepted[meeting]}
            assert all((start < cut) == (part == 0) for start, _group in options)
    assert len(first | second) > instance.n_meetings // 2  # the LP holds most meetings somewhere


@pytest.mark.parametrize("pins", [False, True])
def test_the_halves_schedule_is_valid_and_the_same_for_a_seed(pins):
    problem, instance, guide = show(pins)
    schedules = []
    for _ in range(2):
        job = SplitJob(instance, guide, seed=3, seconds=60.0, time_limit=60.0)
        assert job.started
        schedules.append(job.result(time.monotonic() + 60.0))
    assert schedules[0] == schedules[1] and schedules[0]
    state = as_state(instance, schedules[0])
    assert {m: state.assign[m] for m in range(instance.n_meetings) if state.assign[m] is not None} == schedules[0]
    assert broken_rules(problem, state) == []
    for meeting, pin in enumerate(instance.pinned):
        if pin is not None:
            assert state.assign[meeting] == pin


def test_no_split_where_a_part_would_take_too_long_or_there_is_one_run_of_slots():
    _problem, instance, guide = show()
    assert not SplitJob(instance, guide, seed=1, seconds=1.0, time_limit=0.01).started
    assert SplitJob(instance, guide, seed=1, seconds=1.0, time_limit=0.01).result(time.monotonic() + 1) is None


def test_a_part_that_does_not_answer_is_ended_and_nothing_is_taken(monkeypatch):
    _problem, instance, guide = show()
    children = recording_forks(monkeypatch, jump)

    def hanging(*_args):
        time.sleep(60)

    monkeypatch.setattr(jump, "_part", hanging)
    job = SplitJob(instance, guide, seed=1, seconds=60.0, time_limit=60.0)
    assert job.started and len(children) == 2
    began = time.monotonic()
    assert job.result(time.monotonic() + 0.2) is None
    assert time.monotonic() - began < 5
    assert_reaped(children)


def test_the_engine_runs_the_halves_where_no_whole_run_fits(monkeypatch):
    """With no whole-model run (as at the ADEX size at 10 s) the engine runs the halves; its
    schedule is valid, and the same output twice."""
    problem, _instance, _guide = show()
    taken = []
    real = solver.SplitJob

    def recording(*args, **kwargs):
        job = real(*args, **kwargs)
        taken.append(job.started)
        return job

    monkeypatch.setattr(solver, "runs", lambda _instance, _limit: 0)
    monkeypatch.setattr(solver, "SplitJob", recording)
    outputs = [solution_to_json(solver.solve(problem, time_limit=30, seed=4, work=0.2)) for _ in range(2)]
    assert taken == [True, True]
    assert not validate(problem, outputs[0])
    for output in outputs:
        output.pop("solve_seconds")
    assert outputs[0] == outputs[1]


def test_halves_that_leave_a_pin_out_are_not_taken(monkeypatch):
    """A part that found no schedule leaves its pinned meetings out of the halves' schedule: the
    engine must then go on from its own start and keep every pin."""
    problem, _instance, _guide = show(pins=True)
    monkeypatch.setattr(solver, "runs", lambda _instance, _limit: 0)
    real = SplitJob.result
    asked = []

    def nothing_found(self, deadline):
        asked.append(self.started)
        real(self, deadline)  # the parts end and are reaped; what they found is dropped
        return {}

    monkeypatch.setattr(SplitJob, "result", nothing_found)
    output = solution_to_json(solver.solve(problem, time_limit=10, seed=4, work=0.2))
    assert asked == [True]  # the halves ran and their (empty) schedule was offered
    assert not validate(problem, output)
    placed = {item["meeting"]: item for item in output["assignments"]}
    for meeting in problem.meetings:
        if meeting.pinned is not None:
            assert placed[meeting.id]["slot"] == meeting.pinned.slot
