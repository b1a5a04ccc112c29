"""The search on two processes (parallel.py): the child's moves replayed only where they still
fit, the same schedule from the same seed, and a child that fails or hangs costs only its moves."""


import pytest

from pavilion.engines.scheduling import load_problem, parallel, solution_to_json, solve, solver, validate
from pavilion.engines.scheduling.generator import generate
from pavilion.engines.scheduling.instance import build_instance
from pavilion.engines.scheduling.state import construct
from tests.engines.scheduling.instances import assert_reaped, broken_rules, recording_forks

pytestmark = pytest.mark.skipif(not parallel.available(), reason="needs os.fork")

SEARCH = {"stall_limit": 1000, "neighbourhood": 120, "effort": 0.05}


def show():
    return load_problem(generate("small", seed=3, meetings=500, participants=100))


def constructed(problem=None):
    """The greedy's schedule with one meeting taken out again, so that one left-out meeting fits."""
    state = construct(build_instance(problem or show()))
    state.remove(next(m for m, chosen in enumerate(state.assign) if chosen is not None and state.instance.pinned[m] is None))
    return state


def a_free_place(state, meeting):
    instance = state.instance
    return next(((start, group) for start in instance.starts[meeting] for group in instance.accepted[meeting]
                 if state.fits(meeting, start, group)), None)


def test_the_journal_gives_each_meeting_its_placement_before_and_after():
    state = constructed()
    placed = next(m for m, chosen in enumerate(state.assign) if chosen is not None)
    left = next(m for m, chosen in enumerate(state.assign) if chosen is None and a_free_place(state, m))
    before = state.assign[placed]
    state.journal = []
    state.remove(placed)
    state.place(placed, *before)  # back where it was: no change
    place = a_free_place(state, left)
    state.place(left, *place)
    assert parallel.net_change(state, state.journal) == [(left, None, place)]


def a_place_that_does_not_fit(state):
    instance = state.instance
    return next((meeting, (start, group)) for meeting, chosen in enumerate(state.assign) if chosen is None
                for start in instance.starts[meeting] for group in instance.accepted[meeting]
                if not state.fits(meeting, start, group))


def test_a_replayed_move_applies_only_where_its_meetings_still_are_and_its_places_still_fit():
    problem = show()
    state = constructed(problem)
    first = next(m for m, chosen in enumerate(state.assign) if chosen is None and a_free_place(state, m))
    place = a_free_place(state, first)
    start = state.snapshot()
    placed = [(m, chosen) for m, chosen in enumerate(start) if chosen is not None]
    blocked, nowhere = a_place_that_does_not_fit(state)
    skipped = [
        [(first, (0, 0), place)],  # the meeting is not where the move found it
        [(placed[0][0], placed[0][1], None), (placed[1][0], placed[1][1], None)],  # it would lose priority
        [(first, None, place), (blocked, None, nowhere)],  # its second part does not fit: undone whole
    ]
    assert parallel.replay(state, skipped) == 0
    assert state.snapshot() == start and state.objective == held(state)
    assert parallel.replay(state, [[(first, None, place)], [(first, None, place)]]) == 1  # the second: placed already
    assert state.assign[first] == place and state.objective == held(state)
    assert broken_rules(problem, state) == []


def held(state):
    return sum(state.instance.priority[m] for m, chosen in enumerate(state.assign) if chosen is not None)


def test_two_processes_give_the_same_valid_schedule_twice_and_replay_the_childs_moves(monkeypatch):
    problem = show()
    replayed = []
    real = parallel.replay

    def counting(state, moves):
        replayed.append(real(state, moves))
        return replayed[-1]

    monkeypatch.setattr(solver, "PARALLEL_MEETINGS", 0)
    monkeypatch.setattr(parallel, "ROUND_WORK", 0.1)
    monkeypatch.setattr(parallel, "replay", counting)
    # The gap step (test_gap.py) off: it took 5 s of each run's 13, after the search that is tested here.
    monkeypatch.setattr(solver, "gap_neighbourhood", lambda *arguments: [])
    first = solution_to_json(solve(problem, time_limit=solver.MASTER_LIMIT - 1, seed=5, work=0.3))
    assert len(replayed) >= 2 and sum(replayed) > 0  # rounds of 0.1 (the half-day pass takes some); the child found something
    second = solution_to_json(solve(problem, time_limit=solver.MASTER_LIMIT - 1, seed=5, work=0.3))
    assert not validate(problem, first)
    first.pop("solve_seconds"), second.pop("solve_seconds")
    assert first == second


def test_a_child_that_fails_or_does_not_answer_costs_only_its_moves(monkeypatch):
    problem = show()
    state = constructed(problem)
    alone = constructed(problem)
    from pavilion.engines.scheduling.search import improve

    improve(alone, seed=7_000, deadline=float("inf"), bound=lambda: 10**9, work=0.2, **SEARCH)

    def failing(state, search):
        raise RuntimeError("the child fails")

    monkeypatch.setattr(parallel, "_search", failing)
    rounds = parallel.improve_in_parallel(state, seed=7, deadline=float("inf"), bound=lambda: 10**9,
                                          work=0.2, **SEARCH)
    assert rounds == 1 and state.snapshot() == alone.snapshot()

    def hanging(state, search):
        import time

        time.sleep(60)

    child = parallel.fork_call(hanging, state, {})
    assert parallel.collect(child, deadline=0) is None  # ended at once, not waited for
    assert_reaped([child[0]])


def test_two_processes_keep_the_time_limit(monkeypatch):
    """With far more work than the limit allows, the wall-clock safety stop ends both processes'
    rounds in time, and the child of the round cut short is ended, not waited for."""
    problem = show()
    children = recording_forks(monkeypatch, parallel)
    monkeypatch.setattr(solver, "PARALLEL_MEETINGS", 0)
    monkeypatch.setattr(parallel, "ROUND_WORK", 5.0)
    solution = solve(problem, time_limit=3, seed=2, work=100.0)
    assert solution.solve_seconds <= 3.0
    assert not validate(problem, solution_to_json(solution))
    assert children
    assert_reaped(children)


def test_the_merge_is_at_least_as_good_as_either_search_alone(monkeypatch):
    """The parent's round is kept short here, so the child does better: the merge must start from
    the child's schedule, not just add to the parent's what of the child's still fits."""
    from pavilion.engines.scheduling.search import improve

    problem = show()

    def level(state):
        return state.objective, state.covered()

    def parent_short(state, *, seed, work, **rest):
        return improve(state, seed=seed, work=work if seed % 2 else work / 10, **rest)

    levels = []
    for seed, work in ((7_000, 0.02), (7_001, 0.2)):  # the parent's and the child's seeds of round 1
        alone = constructed(problem)
        improve(alone, seed=seed, deadline=float("inf"), bound=lambda: 10**9, work=work, **SEARCH)
        levels.append(level(alone))
    assert levels[1] > levels[0] > level(constructed(problem))
    monkeypatch.setattr(parallel, "improve", parent_short)
    state = constructed(problem)
    parallel.improve_in_parallel(state, seed=7, deadline=float("inf"), bound=lambda: 10**9, work=0.2, **SEARCH)
    assert level(state) >= levels[1] and state.journal is None and broken_rules(problem, state) == []


def _child_sending_in_two_parts(answer, pause: float) -> tuple[int, int]:
    """A child as fork_call makes one (its pid and the pipe's reading end) that sends the start of
    its pickled `answer`, waits `pause` seconds, then sends the rest."""
    import os
    import pickle
    import time

    data = pickle.dumps(answer)
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(reader)
        os.write(writer, data[:1_000])
        time.sleep(pause)
        view = memoryview(data)[1_000:]
        while view:
            view = view[os.write(writer, view):]
        os._exit(0)
    os.close(writer)
    return pid, reader


def test_an_answer_begun_by_the_deadline_gets_a_grace_to_come_whole():
    """A large answer (a round's moves, a part's schedule at the IDEX size) takes a while to send:
    one begun by the deadline is waited for, up to parallel.ANSWER_GRACE, not cut and lost; one
    still unfinished after that is given up and its process ended; a process only being ended
    gets no grace."""
    import time

    answer = list(range(200_000))
    child = _child_sending_in_two_parts(answer, pause=0.3)
    time.sleep(0.1)  # the start is in the pipe, the rest is not
    assert parallel.collect(child, deadline=time.monotonic()) == answer
    assert_reaped([child[0]])

    child = _child_sending_in_two_parts(answer, pause=60)
    time.sleep(0.1)
    started = time.monotonic()
    assert parallel.collect(child, deadline=started) is None
    assert time.monotonic() - started < 30  # the grace, not the child's minute
    assert_reaped([child[0]])

    child = _child_sending_in_two_parts(answer, pause=0.3)
    time.sleep(0.1)
    assert parallel.collect(child, deadline=0.0, grace=0.0) is None
    assert_reaped([child[0]])


def _answers_early(answer):
    parallel.answer_now(answer)
    raise AssertionError("answer_now returned in a forked process")


def test_a_forked_function_can_answer_before_it_returns():
    """`answer_now` sends the answer and ends the process at once (a part's schedule, from inside
    HiGHS' callback); outside a forked process it does nothing; an answer that cannot be pickled
    is a failed process, not a half answer."""
    import time

    child = parallel.fork_call(_answers_early, {"schedule": [1, 2, 3]})
    assert parallel.collect(child, deadline=time.monotonic() + 30) == {"schedule": [1, 2, 3]}
    assert_reaped([child[0]])
    assert parallel.answer_now("not in a child") is None
    child = parallel.fork_call(_answers_early, lambda: None)  # (a lambda cannot be pickled)
    assert parallel.collect(child, deadline=time.monotonic() + 30) is None
    assert_reaped([child[0]])
