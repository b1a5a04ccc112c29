"""`screen_many`: the same matches as `screen`, in the subjects' order, in worker processes too."""

import gc

from pavilion.engines.screening import build_index, screen, screen_many
from pavilion.engines.screening.batch import available_cores
from tests.engines.screening.screening_data import rows
from tests.engines.screening.test_screening_golden import subject


def batch():
    """Listed persons (who match) between non-listed ones (who mostly do not), so that a worker
    returning its chunk out of place would show."""
    listed = [subject(f"p{number}", row["full_name"], row) for number, row in enumerate(rows("positives-un-sample.csv")[:24])]
    others = [subject(f"n{number}", row["full_name"], row) for number, row in enumerate(rows("negatives-global-sample.csv")[:24])]
    return [person for pair in zip(listed, others, strict=True) for person in pair]


def test_workers_return_what_one_process_finds_in_the_same_order(un_index):
    subjects = batch()
    alone = [screen(person, un_index, 0.6) for person in subjects]
    seen = []
    parallel = screen_many(subjects, un_index, 0.6, workers=2, parallel_from=2,
                           progress=lambda done, total: seen.append((done, total)))
    assert parallel == alone
    assert sum(1 for matches in alone if matches) >= 20  # the comparison is not between empty lists
    assert [done for done, _total in seen] == sorted(done for done, _total in seen)
    assert seen[-1] == (len(subjects), len(subjects))


def test_small_batches_stay_in_this_process(un_index, monkeypatch):
    def no_pool(*args, **kwargs):
        raise AssertionError("a pool was started for a small batch")

    monkeypatch.setattr("pavilion.engines.screening.batch.ProcessPoolExecutor", no_pool)
    subjects = batch()[:6]
    seen = []
    assert screen_many(subjects, un_index, workers=2, progress=lambda done, total: seen.append(done)) == [
        screen(person, un_index) for person in subjects
    ]
    assert seen == [1, 2, 3, 4, 5, 6]
    assert screen_many([], un_index, workers=2, parallel_from=0) == []
    assert available_cores() >= 1


def test_building_an_index_leaves_the_collector_as_it_found_it(un_watchlist):
    entries = un_watchlist.entries[:20]
    assert gc.isenabled()
    assert len(build_index(entries)) == 20 and gc.isenabled()
    gc.disable()
    try:
        build_index(entries)
        assert not gc.isenabled()
    finally:
        gc.enable()
