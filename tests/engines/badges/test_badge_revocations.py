"""Revoked serials and current generations, as the app keeps them and scanners sync them."""

import json

import pytest

from pavilion.engines.badges import Revocations, RevocationsError


def test_status():
    revocations = Revocations(revoked=[10], generations={20: 3})
    assert revocations.status(10, 1) == "revoked"
    assert revocations.status(20, 2) == "superseded"
    assert revocations.status(20, 3) is None
    assert revocations.status(20, 4) is None  # a reprint the scanner has not synced yet
    assert revocations.status(30, 0) is None


def test_generations_never_go_back():
    revocations = Revocations()
    revocations.supersede(5, 4)
    revocations.supersede(5, 2)  # an older change replayed by a late sync
    assert revocations.generations == {5: 4}


def test_json_round_trip():
    revocations = Revocations(revoked=[3, 1], generations={7: 2, 100000: 9})
    copy = Revocations.from_json(json.loads(json.dumps(revocations.to_json())))
    assert copy.revoked == {1, 3} and copy.generations == {7: 2, 100000: 9}
    assert len(copy) == 4


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"revoked": [-1]}, "serial"),
        ({"revoked": ["7"]}, "serial"),
        ({"generations": {"7": 70000}}, "generation"),
        ({"generations": {"seven": 1}}, "not a revocation list"),
        ({"revoked": 5}, "not a revocation list"),
        ([1, 2], "not a revocation list"),
    ],
)
def test_bad_input_is_refused_with_a_message(data, message):
    with pytest.raises(RevocationsError, match=message):
        Revocations.from_json(data)
