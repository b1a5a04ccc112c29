"""Feasibility Jump on runs of half-days of a show at once (split.Split, split.split_models,
split.SplitJob): two parts where they fit the limit, more where two would take too long; the parts
share no slot, no meeting and no part of a participant's maximum, so their schedules add up to a
valid one; and the same guide and seed give the same schedule."""

import os
import time

import pytest

from pavilion.engines.scheduling import load_problem, solution_to_json, solver, split, validate
from pavilion.engines.scheduling.bound import lp_bound
from pavilion.engines.scheduling.generator import generate
from pavilion.engines.scheduling.instance import NO_LIMIT, build_instance
from pavilion.engines.scheduling.jump import as_state, expected_seconds, half_days, run
from pavilion.engines.scheduling.split import Split, SplitJob, split_models
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


def walls(parts_of: Split) -> dict[int, float]:
    """parts -> the expected seconds of all their runs at once on the split's cores."""
    found = {}
    for parts in range(split.SPLIT_PARTS, len(parts_of.windows) + 1):
        seconds = [expected_seconds(size) for size in parts_of.estimated_nonzeros(parts)]
        found[parts] = max(max(seconds), sum(seconds) / split.SPLIT_CORES)
    return found


def test_more_parts_where_two_would_take_too_long():
    _problem, instance, guide = show()
    parts_of = Split(instance, guide)
    expected = walls(parts_of)
    assert len(expected) >= 3 and min(expected.values()) < expected[2]
    assert parts_of.count(60.0) == (2, parts_of.estimated_nonzeros(2))
    limit = 0.99 * expected[2] / split.SPLIT_SHARE  # two parts just do not fit
    planned = parts_of.count(limit)
    assert planned is not None
    parts, sizes = planned
    assert parts > 2 and sizes == parts_of.estimated_nonzeros(parts)
    assert expected[parts] <= split.SPLIT_SHARE * limit
    assert all(expected[fewer] > split.SPLIT_SHARE * limit for fewer in range(2, parts))
    assert parts_of.count(0.5 * min(expected.values()) / split.SPLIT_SHARE) is None


def test_every_run_of_half_days_is_a_part_of_its_own_with_its_share_of_each_maximum():
    _problem, instance, guide = show()
    windows = half_days(instance)
    parts = Split(instance, guide).parts(len(windows))
    seen: set[int] = set()
    for (first, end), (options, _limits) in zip(windows, parts, strict=True):
        assert not seen & set(options)
        seen |= set(options)
        assert all(first <= start and start + instance.length[m] <= end
                   for m, found in options.items() for start, _group in found)
    limited = [person for person, limit in enumerate(instance.limit) if limit < NO_LIMIT]
    assert limited
    for person in limited:
        assert sum(limits[person] for _options, limits in parts) == instance.limit[person]


def test_the_parts_schedule_is_valid_and_the_same_for_a_seed_with_more_parts():
    problem, instance, guide = show(pins=True)
    limit = 0.99 * walls(Split(instance, guide))[2] / split.SPLIT_SHARE
    schedules = []
    for _ in range(2):
        job = SplitJob(instance, guide, seed=3, seconds=60.0, time_limit=limit)
        assert job.started and job.parts > 2
        free: list[int] = []  # the number of parts running whenever a core was said to be free

        def idle(job=job, free=free):
            free.append(len(job._children))

        schedules.append(job.result(time.monotonic() + 60.0, idle=idle))
        # Only once none is left to start and one part runs alone, and again when it has ended.
        assert free and set(free) <= {0, split.SPLIT_CORES - 1} and free[-1] == 0
    assert schedules[0] == schedules[1] and schedules[0]
    state = as_state(instance, schedules[0])
    assert len(state.assign) - state.assign.count(None) == len(schedules[0])
    assert broken_rules(problem, state) == []


def test_a_run_on_worths_scaled_down_still_ends_on_its_schedule_not_on_the_pins_alone():
    """The parts' columns are worth a fraction of their priority (split.SPLIT_WORTH): the schedule
    Feasibility Jump reports must still be told from the pinned meetings alone HiGHS reports first."""
    _problem, instance, guide = show(pins=True)
    model = split_models(instance, guide)[0]
    pinned = [m for m in model.options if instance.pinned[m] is not None]
    assert pinned
    trivial = sum(instance.priority[m] for m in pinned) + model.tie * len(pinned)
    found = run(model, 5, 60.0, trivial, worth=split.split_worth(instance))
    assert found is not None and set(pinned) < set(found)
    assert sum(instance.priority[m] for m in found) > 2 * trivial


def test_no_split_where_a_part_would_take_too_long_or_there_is_one_run_of_slots():
    _problem, instance, guide = show()
    assert not SplitJob(instance, guide, seed=1, seconds=1.0, time_limit=0.01).started
    assert SplitJob(instance, guide, seed=1, seconds=1.0, time_limit=0.01).result(time.monotonic() + 1) is None


def test_a_part_that_does_not_answer_is_ended_and_nothing_is_taken(monkeypatch):
    _problem, instance, guide = show()
    children = recording_forks(monkeypatch, split)

    def hanging(*_args):
        time.sleep(60)

    monkeypatch.setattr(split, "_part", hanging)
    job = SplitJob(instance, guide, seed=1, seconds=60.0, time_limit=60.0)
    assert job.started and len(children) == 2
    began = time.monotonic()
    assert job.result(time.monotonic() + 0.2) is None
    assert time.monotonic() - began < 5
    assert_reaped(children)


def late_second_part(monkeypatch):
    """Every part's run as it is, but the second never answers."""
    real = split._part

    def part(instance, options, limits, seed, seconds):
        if seed % split.MAX_RUNS == 1:
            time.sleep(60)
        return real(instance, options, limits, seed, seconds)

    monkeypatch.setattr(split, "_part", part)


def test_a_late_part_is_ended_and_the_others_schedules_are_kept(monkeypatch):
    _problem, instance, guide = show()
    children = recording_forks(monkeypatch, split)
    late_second_part(monkeypatch)
    job = SplitJob(instance, guide, seed=1, seconds=60.0, time_limit=60.0)
    assert job.started and len(children) == 2
    time.sleep(3)  # the first part's run ends well within this on the test's show
    began = time.monotonic()
    schedule = job.result(time.monotonic() + 0.2)
    assert time.monotonic() - began < 5
    assert_reaped(children)
    assert not job.complete and schedule
    first = split_models(instance, guide)[0]
    assert set(schedule) <= set(first.options)  # the first part's meetings only


def test_a_part_that_finds_nothing_leaves_the_job_incomplete(monkeypatch):
    """A part whose run finds no schedule (nothing beyond its pins) answers, but its half-days are
    empty: the engine must treat the parts' schedule as incomplete (pins and the greedy go in)."""
    _problem, instance, guide = show()
    real = split._part

    def part(instance, options, limits, seed, seconds):
        return (None,) if seed % split.MAX_RUNS == 1 else real(instance, options, limits, seed, seconds)

    monkeypatch.setattr(split, "_part", part)
    job = SplitJob(instance, guide, seed=1, seconds=60.0, time_limit=60.0)
    schedule = job.result(time.monotonic() + 60.0)
    assert schedule and not job.complete
    monkeypatch.setattr(split, "_part", real)
    complete = SplitJob(instance, guide, seed=1, seconds=60.0, time_limit=60.0)
    assert complete.result(time.monotonic() + 60.0) and complete.complete


def test_the_parts_are_ended_when_the_engine_fails_while_they_run(monkeypatch):
    """What the engine does while the parts run (here: the participant blocks let in on the core
    the first part to end leaves free, while the other part still runs) fails: no part is left
    running."""
    problem, _instance, _guide = show()
    children = recording_forks(monkeypatch, split)
    monkeypatch.setattr(solver, "runs", lambda _instance, _limit: 0)
    late_second_part(monkeypatch)  # (so that the first part ends first, whatever the machine)
    running = []

    def release_blocks(job):
        running.append(sum(_alive(pid) for pid in children))
        raise RuntimeError("the blocks failed")

    monkeypatch.setattr(solver.BoundJob, "release_blocks", release_blocks)
    # A long limit: the engine waits for the LP's guide up to GUIDE_WAIT of it, and on a loaded
    # machine 4 s (of a 10 s limit) were once too few for the parts to start.
    with pytest.raises(RuntimeError):
        solver.solve(problem, time_limit=60, seed=4, work=0.2)
    assert len(children) == 2 and running == [1]
    assert_reaped(children)


def test_the_guided_greedy_waits_for_the_parts(monkeypatch):
    """While the parts run, no guided greedy shares the cores with them: where every part answers
    with a schedule better than the first greedy's, none is built at all; where a part falls short,
    it is built after them, and its placements fill in."""
    problem, _instance, _guide = show()
    monkeypatch.setattr(solver, "runs", lambda _instance, _limit: 0)
    guided, jobs, real, real_job = [], [], solver.construct, solver.SplitJob

    def construct(instance, guide=None, demand=None):
        if guide is not None:
            guided.append(sum(_alive(pid) for job in jobs for pid, _reader in job._children))
        return real(instance, guide, demand)

    def split_job(*args, **kwargs):
        jobs.append(real_job(*args, **kwargs))
        return jobs[-1]

    monkeypatch.setattr(solver, "construct", construct)
    monkeypatch.setattr(solver, "SplitJob", split_job)
    # Only the start counts here: no search, and no wait for the participant blocks.
    monkeypatch.setattr(solver, "improve", lambda state, **search: None)
    monkeypatch.setattr(solver.BoundJob, "value", lambda job, deadline=None: job.lp_value(deadline))
    monkeypatch.setattr(solver, "SLOW_GREEDY", 1.0)  # whatever this machine's speed: a quick one
    solver.solve(problem, time_limit=60, seed=4, work=0.2)
    assert jobs[0].complete and guided == []
    real_part = split._part

    def part(instance, options, limits, seed, seconds):  # the second part finds nothing
        return (None,) if seed % split.MAX_RUNS == 1 else real_part(instance, options, limits, seed, seconds)

    monkeypatch.setattr(split, "_part", part)
    solver.solve(problem, time_limit=60, seed=4, work=0.2)
    assert not jobs[1].complete and guided == [0]
    # On a slow machine (the first greedy slower than SLOW_GREEDY a meeting) it is built at once,
    # beside the parts, as before.
    monkeypatch.setattr(solver, "SLOW_GREEDY", 0.0)
    monkeypatch.setattr(split, "_part", real_part)
    solver.solve(problem, time_limit=60, seed=4, work=0.2)
    assert jobs[2].complete and len(guided) == 2 and guided[1] >= 1


def _alive(pid: int) -> bool:
    """Whether the process still runs (one that ended is left for the engine to wait for)."""
    try:
        return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None
    except ChildProcessError:  # ended, and waited for already
        return False


def test_the_engine_goes_on_from_the_parts_that_answered(monkeypatch):
    """A late part (the safety stop) is ended; the engine keeps what the others found, puts the
    pins in, then the guided greedy's placements where they still fit, and fills the rest: its
    schedule keeps every rule and every pin."""
    problem, instance, guide = show(pins=True)
    monkeypatch.setattr(solver, "runs", lambda _instance, _limit: 0)
    monkeypatch.setattr(solver, "SPLIT_WAIT", 0.3)
    late_second_part(monkeypatch)
    starts, filled = [], []
    real_as_state, real_fill = solver.as_state, solver.fill

    def as_state(inst, schedule):
        starts.append(dict(schedule))
        return real_as_state(inst, schedule)

    def fill(state, deadline=None):
        filled.append(list(state.assign))
        return real_fill(state, deadline)

    monkeypatch.setattr(solver, "as_state", as_state)
    monkeypatch.setattr(solver, "fill", fill)
    output = solution_to_json(solver.solve(problem, time_limit=10, seed=4, work=0.2))
    assert not validate(problem, output)
    assert len(starts) == 1
    pins = {m: pin for m, pin in enumerate(instance.pinned) if pin is not None}
    first = split_models(instance, guide)[0]
    assert pins.items() <= starts[0].items()
    assert {m for m in starts[0] if m not in pins} <= set(first.options)
    assert any(m not in pins for m in starts[0])  # the first part's schedule is in it
    cut = half_days(instance)[len(half_days(instance)) // 2][0]
    before_fill = filled[0]  # the merged start, before its fill
    assert any(placed is not None and placed[0] >= cut and m not in pins for m, placed in enumerate(before_fill))
    placed = {item["meeting"]: item for item in output["assignments"]}
    for meeting in problem.meetings:
        if meeting.pinned is not None:
            assert placed[meeting.id]["slot"] == meeting.pinned.slot


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
    # The gap step (test_gap.py) off: at this limit it took 9.5 s of each run's 16, and it is not what is tested.
    monkeypatch.setattr(solver, "gap_neighbourhood", lambda *arguments: [])
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

    def nothing_found(self, deadline, idle=lambda: None):
        asked.append(self.started)
        real(self, deadline, idle)  # the parts end and are reaped; what they found is dropped
        return {}

    monkeypatch.setattr(SplitJob, "result", nothing_found)
    output = solution_to_json(solver.solve(problem, time_limit=10, seed=4, work=0.2))
    assert asked == [True]  # the halves ran and their (empty) schedule was offered
    assert not validate(problem, output)
    placed = {item["meeting"]: item for item in output["assignments"]}
    for meeting in problem.meetings:
        if meeting.pinned is not None:
            assert placed[meeting.id]["slot"] == meeting.pinned.slot
