"""Feasibility Jump on one run of slots (jump.redo): the schedule stays valid, pinned meetings
stay put, it never gets worse, and the same state and seed give the same schedule."""

import pytest

from pavilion.engines.scheduling import load_problem
from pavilion.engines.scheduling.generator import generate
from pavilion.engines.scheduling.instance import build_instance
from pavilion.engines.scheduling.jump import Model, half_days, redo, run
from pavilion.engines.scheduling.state import construct
from tests.engines.scheduling.instances import broken_rules, pin_where_the_greedy_puts


def show(pins: bool = False):
    data = generate("small", seed=3, meetings=500, participants=100)
    if pins:  # every fifth meeting of a first greedy schedule pinned where it is
        pin_where_the_greedy_puts(data)
    problem = load_problem(data)
    return problem, construct(build_instance(problem))


def cut(windows: list[tuple[int, int]], width: int) -> list[tuple[int, int]]:
    """Each window cut into pieces of about `width` slots: windows that meetings and hall
    changes cross, which `redo` must handle too (what lies across a cut stays fixed)."""
    pieces = []
    for first, end in windows:
        count = max(1, round((end - first) / width))
        bounds = [first + (end - first) * piece // count for piece in range(count + 1)]
        pieces.extend(zip(bounds, bounds[1:], strict=False))
    return pieces


def test_the_windows_are_the_runs_of_following_slots():
    _problem, state = show()
    instance = state.instance
    windows = half_days(instance)
    assert windows[0][0] == 0 and windows[-1][1] == instance.n_slots
    assert all(a[1] == b[0] for a, b in zip(windows, windows[1:], strict=False))
    for first, end in windows:
        assert all(instance.chain[slot] for slot in range(first, end - 1))  # no break inside
    assert all(not instance.chain[end - 1] for _first, end in windows[:-1])
    assert len(windows) > 1


@pytest.mark.parametrize("pins", [False, True])
def test_a_window_redone_keeps_the_schedule_valid_and_never_worse(pins):
    problem, state = show(pins)
    instance = state.instance
    pinned = {m: state.assign[m] for m in range(instance.n_meetings) if instance.pinned[m] is not None}
    assert pinned or not pins
    gained = False
    for number, window in enumerate(half_days(instance) + cut(half_days(instance), 3)):
        before = (state.objective, state.covered())
        better, work = redo(state, window, seed=number, seconds=30.0)
        assert work > 0
        assert (state.objective, state.covered()) >= before
        assert better == ((state.objective, state.covered()) > before)
        gained |= better
        assert all(state.assign[m] == chosen for m, chosen in pinned.items())
        assert broken_rules(problem, state) == []
    assert gained  # the greedy leaves room on this show


def test_the_model_of_a_window_is_exact():
    """Every placement Feasibility Jump picks in a window's model fits the rest of the schedule."""
    _problem, state = show()
    instance = state.instance
    window = half_days(instance)[1]
    inside = [m for m, chosen in enumerate(state.assign)
              if chosen is not None and window[0] <= chosen[0] < window[1]]
    waiting = [m for m, chosen in enumerate(state.assign) if chosen is None and instance.starts_within(m, window)]
    for meeting in inside:
        state.remove(meeting)
    model = Model.around(state, inside + waiting, window)
    found = run(model, seed=1, seconds=30.0, fixed=False)
    assert found
    for meeting, (start, group) in sorted(found.items()):
        assert window[0] <= start and start + instance.length[meeting] <= window[1]
        assert state.fits(meeting, start, group)
        state.place(meeting, start, group)


def test_the_same_state_and_seed_give_the_same_schedule():
    results = []
    for _ in range(2):
        _problem, state = show()
        for number, window in enumerate(half_days(state.instance)):
            redo(state, window, seed=7 + number, seconds=30.0)
        results.append(state.snapshot())
    assert results[0] == results[1]
