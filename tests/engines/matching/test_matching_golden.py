"""The engine's output on a generated show is fixed: made faster, it must not change (see golden.py)."""

import gzip
import json

from tests.engines.matching.golden import STORED, golden_run


def test_the_recommendations_of_a_generated_show_are_unchanged():
    stored = json.loads(gzip.decompress(STORED.read_bytes()))
    current = golden_run()
    assert len(current) == len(stored) == 300
    assert sum(len(r["products"]) + len(r["exhibitors"]) + len(r["people"]) for r in stored) > 4000
    for mine, theirs in zip(current, stored, strict=True):
        assert mine == theirs, mine["participant_id"]
