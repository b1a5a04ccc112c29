"""Screening many subjects at once: in worker processes over the available cores for large
batches, in this process for small ones.

Subjects are independent, so a batch splits into chunks that workers screen on their own. The
index reaches each worker once, through the pool's initializer (inherited on fork, pickled once
per worker otherwise), never once per subject. Results come back in the order of the subjects,
whatever order the workers finish in, so the output of a run does not depend on the machine.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor

from pavilion.engines.screening.index import ScreeningIndex
from pavilion.engines.screening.matcher import screen
from pavilion.engines.screening.model import DEFAULT_THRESHOLD, Match, Subject

# Below this many subjects, starting workers and handing them the index costs more than the
# screening itself (the UN list screens a few thousand subjects a second in one process).
PARALLEL_FROM = 2_000
# Chunks small enough that a slow worker on a shared machine does not hold up the end of the
# run, large enough that sending them costs little next to screening them.
CHUNK_SIZE = 250

_worker_index: ScreeningIndex | None = None
_worker_threshold: float = DEFAULT_THRESHOLD


def available_cores() -> int:
    """Cores this process may run on (the affinity mask, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _start_worker(index: ScreeningIndex, threshold: float) -> None:
    global _worker_index, _worker_threshold
    _worker_index, _worker_threshold = index, threshold


def _screen_chunk(subjects: list[Subject]) -> list[list[Match]]:
    assert _worker_index is not None, "the pool initializer sets the index"
    return [screen(subject, _worker_index, _worker_threshold) for subject in subjects]


def _context():
    # fork hands the index to workers without pickling it; elsewhere the platform default.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def screen_many(subjects: Iterable[Subject], index: ScreeningIndex, threshold: float = DEFAULT_THRESHOLD,
                workers: int | None = None, progress: Callable[[int, int], None] | None = None,
                parallel_from: int = PARALLEL_FROM) -> list[list[Match]]:
    """`screen` for every subject, in the subjects' order: one list of matches per subject.
    `workers` defaults to the available cores; one worker, or fewer than `parallel_from`
    subjects, screens in this process. `progress(done, total)` is called as chunks finish."""
    subjects = list(subjects)
    total = len(subjects)
    workers = available_cores() if workers is None else workers
    if workers <= 1 or total < max(parallel_from, 2):
        results = []
        for done, subject in enumerate(subjects, start=1):
            results.append(screen(subject, index, threshold))
            if progress:
                progress(done, total)
        return results
    size = max(1, min(CHUNK_SIZE, -(-total // (workers * 4))))
    chunks = [subjects[start:start + size] for start in range(0, total, size)]
    results: list[list[Match]] = []
    with ProcessPoolExecutor(max_workers=min(workers, len(chunks)), mp_context=_context(),
                             initializer=_start_worker, initargs=(index, threshold)) as pool:
        for chunk_results in pool.map(_screen_chunk, chunks):  # map yields in submission order
            results.extend(chunk_results)
            if progress:
                progress(len(results), total)
    return results
