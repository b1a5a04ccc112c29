"""The large-neighbourhood search on both cores: a second search in a forked process, merged round
by round.

Each round, the engine forks; the child searches from the same schedule with a seed of its own
and the same work budget as the parent, and sends back every try that changed its schedule, as a
*move*: the meetings it changed, with their placement before and after. The parent runs its own
round meanwhile, recording its moves the same way. Then the better of the two schedules
(priority, then participants with a meeting) is the base, and the other search's moves are
replayed on it in their order. A move is replayed only when every meeting it changed is still
where that search found it, and only when all of its placements still fit and it does not lower
the objective; otherwise it is skipped whole. So the merged schedule is valid, at least as good
as either search's own, and depends on the input, the seed and the work budgets only, as the
single search does (the wall clock is a safety stop: a child that has not answered by the
deadline is ended and its moves are lost).

Why: at the IDEX size the search still gains about 50 priority points per CPU second when its
budget runs out, and after the LP the second core stands idle (docs/algorithms/scheduling.md).
Threads would not do: the search's Python side (choosing neighbourhoods, building CP-SAT's models)
holds the interpreter lock for more than half of its time. Where fork is not available the
search runs alone.

`fork_call` and `collect` (a function's result from a forked process, ended when late) also run
Feasibility Jump on runs of half-days of the show (split.SplitJob).
"""

from __future__ import annotations

import math
import os
import pickle
import select
import signal
import time
from collections.abc import Callable

from .search import improve
from .state import State
from .submodel import undo

ROUND_WORK = 1.0  # work units of each process per round (the IDEX size at 60 s: 20 rounds)
# Seconds an answer that has begun to come by the deadline gets to come whole (collect): a large one
# (a round's moves or a half-day part's schedule at the IDEX size) fills the pipe's buffer many times
# over, and one cut at the deadline was lost with all its work.
ANSWER_GRACE = 1.0
NEVER = 1 << 62  # the child's bound: only the parent stops on the bound
_answering: int | None = None  # in a process of fork_call: the pipe its answer goes into (answer_now)

Placement = tuple[int, int] | None
Move = list[tuple[int, Placement, Placement]]  # (meeting, before, after)


def available() -> bool:
    return hasattr(os, "fork")


def net_change(state: State, journal: list[tuple[int, Placement]]) -> Move:
    """What the places and removes in `journal` changed, meeting by meeting."""
    before: dict[int, Placement] = {}
    for meeting, placement in journal:
        before.setdefault(meeting, placement)
    return [(meeting, old, state.assign[meeting]) for meeting, old in before.items() if state.assign[meeting] != old]


def replay(state: State, moves: list[Move]) -> int:
    """Apply the moves that still fit (see the module's text); the number applied."""
    applied = 0
    for move in moves:
        if any(state.assign[meeting] != before for meeting, before, _after in move):
            continue  # the base's own search moved one of these meetings
        level = (state.objective, state.covered())
        for meeting, before, _after in move:
            if before is not None:
                state.remove(meeting)
        placed = []
        for meeting, _before, after in move:
            if after is None:
                continue
            if not state.fits(meeting, *after):
                break
            state.place(meeting, *after)
            placed.append(meeting)
        else:
            if (state.objective, state.covered()) >= level:
                applied += 1
                continue
        # The move no longer fits, or it would lose here: back to before it.
        undo(state, placed, {meeting: before for meeting, before, _after in move if before is not None})
    return applied


class _Recorder:
    """Collects, try by try, what a search changed (its moves), through the state's journal."""

    def __init__(self, state: State) -> None:
        self.state = state
        self.journal: list[tuple[int, Placement]] = []
        self.moves: list[Move] = []
        state.journal = self.journal

    def tried(self) -> None:
        if self.journal:
            move = net_change(self.state, self.journal)
            self.journal.clear()
            if move:
                self.moves.append(move)

    def close(self) -> list[Move]:
        self.tried()
        self.state.journal = None
        return self.moves


def _search(state: State, search: dict) -> tuple[tuple[int, int], list[Move]]:
    """In the forked process: search, then its schedule's level and its moves."""
    recorder = _Recorder(state)
    improve(state, bound=lambda: NEVER, ready=lambda: True, tried=recorder.tried, **search)
    return (state.objective, state.covered()), recorder.close()


def fork_call(function: Callable, *args) -> tuple[int, int] | None:
    """`function(*args)` in a forked process, its result sent back pickled through a pipe (see
    `collect`); None where the process could not be made."""
    reader, writer = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(reader)
        os.close(writer)
        return None
    if pid == 0:  # the child: never returns
        code = 1
        try:
            os.close(reader)
            global _answering
            _answering = writer
            result = function(*args)
            _send(writer, result)
            code = 0
        finally:
            os._exit(code)  # no atexit handlers, no flushing of the parent's buffers
    os.close(writer)
    return pid, reader


def _send(writer: int, result) -> None:
    with os.fdopen(writer, "wb") as pipe:
        pipe.write(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))


def answer_now(result) -> None:
    """In a process of `fork_call`: send `result` as its function's answer and end the process at
    once, from wherever the function is (a callback inside a library, say: Feasibility Jump's
    schedule is known 0.6 s at the IDEX size before HiGHS notices the time limit lowered for it and
    returns). Anywhere else it does nothing and returns."""
    if _answering is None:
        return
    code = 1
    try:
        _send(_answering, result)
        code = 0
    finally:
        os._exit(code)


def collect(child: tuple[int, int], deadline: float, grace: float = ANSWER_GRACE):
    """What the forked process's function returned, or None when it failed or did not answer by
    the deadline (it is then ended). What waits in the pipe at the deadline is still read, and an
    answer that has begun to come by then gets `grace` seconds more to come whole (0 where the
    process is only being ended)."""
    pid, reader = child
    chunks, complete = [], False
    try:
        while True:
            wait = max(0.0, min(deadline - time.monotonic(), 86_400.0))
            if not select.select([reader], [], [], wait)[0]:
                break
            chunk = os.read(reader, 1 << 20)
            if not chunk:
                complete = True
                break
            if not chunks:
                deadline = max(deadline, time.monotonic() + grace)
            chunks.append(chunk)
    finally:
        os.close(reader)
        if not complete:
            os.kill(pid, signal.SIGKILL)
        _pid, status = os.waitpid(pid, 0)
    if not complete or not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
        return None
    return pickle.loads(b"".join(chunks))


def improve_in_parallel(state: State, *, seed: int, deadline: float, bound: Callable[[], int],
                        work: float, ready: Callable[[], bool] = lambda: True, **search) -> int:
    """`search.improve` with a second process (see the module's text); the rounds it ran."""
    rounds = max(1, math.ceil(work / ROUND_WORK))
    for number in range(rounds):
        common = {"deadline": deadline, "work": work / rounds, **search}
        start = state.snapshot()
        child = fork_call(_search, state, {"seed": seed * 1_000 + 2 * number + 1, **common})
        recorder = _Recorder(state)
        try:
            improve(state, seed=seed * 1_000 + 2 * number, bound=bound, ready=ready, tried=recorder.tried, **common)
        except BaseException:
            recorder.close()
            if child is not None:
                collect(child, 0.0, grace=0.0)  # ends it
            raise
        own = recorder.close()
        found = collect(child, deadline) if child is not None else None
        met = ready() and state.objective >= bound()
        if found is not None and not met:
            level, moves = found
            if level > (state.objective, state.covered()):
                # The child did better: its schedule is the base, and the parent's moves are replayed on it.
                state.restore(start)
                replay(state, moves)
                replay(state, own)
            else:
                replay(state, moves)
        if met or time.monotonic() >= deadline:
            return number + 1
    return rounds
