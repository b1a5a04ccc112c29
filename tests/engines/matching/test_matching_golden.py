"""The engine's output on a generated show is fixed: made faster, it must not change (see golden.py).

Scores are compared to within 2e-6: they are rounded to six decimals, and a score that falls
next to a rounding edge rounds one way or the other with the CPU's floating-point paths (the stored
file was written on an AMD machine; on an Intel one five of the 4,000-odd scores came out 1e-6
apart, every list, order and reason the same)."""

import gzip
import json
import math

from tests.engines.matching.golden import STORED, golden_run

SCORE_TOLERANCE = 2e-6


def _differences(mine, theirs, where: str = "") -> list[str]:
    if isinstance(mine, dict) and isinstance(theirs, dict):
        if mine.keys() != theirs.keys():
            return [f"{where}: keys {sorted(mine)} != {sorted(theirs)}"]
        found = []
        for key in mine:
            if key == "score" and isinstance(mine[key], float) and isinstance(theirs[key], float):
                if not math.isclose(mine[key], theirs[key], rel_tol=0, abs_tol=SCORE_TOLERANCE):
                    found.append(f"{where}.score: {mine[key]} != {theirs[key]}")
            else:
                found += _differences(mine[key], theirs[key], f"{where}.{key}")
        return found
    if isinstance(mine, list) and isinstance(theirs, list):
        if len(mine) != len(theirs):
            return [f"{where}: {len(mine)} items != {len(theirs)}"]
        return [line for index, (a, b) in enumerate(zip(mine, theirs, strict=True))
                for line in _differences(a, b, f"{where}[{index}]")]
    return [] if mine == theirs else [f"{where}: {mine!r} != {theirs!r}"]


def test_the_recommendations_of_a_generated_show_are_unchanged():
    stored = json.loads(gzip.decompress(STORED.read_bytes()))
    current = golden_run()
    assert len(current) == len(stored) == 300
    assert sum(len(r["products"]) + len(r["exhibitors"]) + len(r["people"]) for r in stored) > 4000
    for mine, theirs in zip(current, stored, strict=True):
        assert _differences(mine, theirs, mine["participant_id"]) == []


def test_the_comparison_sees_a_changed_score_order_or_reason():
    stored = json.loads(gzip.decompress(STORED.read_bytes()))[0]
    changed = json.loads(json.dumps(stored))
    kind = next(k for k in ("products", "exhibitors", "people") if len(changed[k]) >= 2)
    assert _differences(changed, stored) == []
    changed[kind][0]["score"] += 1e-6  # a rounding edge: the same
    assert _differences(changed, stored) == []
    changed[kind][0]["score"] += 1e-4
    assert _differences(changed, stored) != []
    changed = json.loads(json.dumps(stored))
    changed[kind][0], changed[kind][1] = changed[kind][1], changed[kind][0]
    assert _differences(changed, stored) != []
    changed = json.loads(json.dumps(stored))
    changed[kind][0]["reasons"] = {}
    assert _differences(changed, stored) != []
