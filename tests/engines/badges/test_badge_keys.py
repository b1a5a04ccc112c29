"""The event's key ring: generation, rotation, retirement, and the public and private JSON forms."""

import json

import pytest

from pavilion.engines.badges import ACTIVE, RETIRED, VERIFYING, BadgeKey, KeyRing, KeyRingError


def states(ring: KeyRing) -> dict[int, str]:
    return {key_id: key.state for key_id, key in ring.keys.items()}


def test_generate_gives_one_active_key():
    ring = KeyRing.generate(7)
    assert states(ring) == {1: ACTIVE}
    assert len(ring.active_key.public_key) == 32 and len(ring.active_key.private_key) == 32
    assert KeyRing.generate(7).active_key.public_key != ring.active_key.public_key


def test_rotate_and_retire():
    ring = KeyRing.generate(7).rotate().rotate()
    assert states(ring) == {1: VERIFYING, 2: VERIFYING, 3: ACTIVE}
    retired = ring.retire(1)
    assert states(retired) == {1: RETIRED, 2: VERIFYING, 3: ACTIVE}
    assert states(ring)[1] == VERIFYING  # rings are values: the old one is unchanged
    assert states(retired.rotate()) == {1: RETIRED, 2: VERIFYING, 3: VERIFYING, 4: ACTIVE}


def test_key_ids_are_never_reused_after_retirement():
    ring = KeyRing.generate(7).rotate().retire(1)
    assert max(ring.rotate().keys) == 3


def test_the_active_key_cannot_be_retired_and_unknown_keys_are_named():
    ring = KeyRing.generate(7)
    with pytest.raises(KeyRingError, match="key 1 is the active key"):
        ring.retire(1)
    with pytest.raises(KeyRingError, match="no key 5"):
        ring.retire(5)


def test_public_json_leaves_out_private_and_retired_keys():
    ring = KeyRing.generate(7).rotate().rotate().retire(1)
    public = ring.public_json()
    text = json.dumps(public)
    assert public["event"] == 7 and public["algorithm"] == "Ed25519"
    assert [key["key_id"] for key in public["keys"]] == [2, 3]
    for key in ring.keys.values():
        assert key.private_key.hex() not in text
    scanner = KeyRing.from_json(json.loads(text))
    assert all(key.private_key is None for key in scanner.keys.values())
    assert scanner.verifies(1, bytes(64), b"") is None


def test_private_json_round_trip_keeps_signing_keys():
    ring = KeyRing.generate(7).rotate().retire(1)
    copy = KeyRing.from_json(json.loads(json.dumps(ring.private_json())))
    assert copy.keys == ring.keys
    message = b"badge"
    assert copy.verifies(2, ring.active_key.sign(message), message) is True


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"event": 7, "algorithm": "RSA", "keys": []}, "algorithm"),
        ({"event": -1, "keys": []}, "event"),
        ({"keys": []}, "not a key ring"),
        ({"event": 7}, "not a key ring"),
        ({"event": 7, "keys": [{"key_id": 1, "public_key": "zz"}]}, "hexadecimal"),
        ({"event": 7, "keys": [{"key_id": 1, "public_key": "00" * 31}]}, "32 bytes"),
        ({"event": 7, "keys": [{"key_id": 0, "public_key": "00" * 32}]}, "key_id"),
        ({"event": 7, "keys": [{"key_id": 1, "public_key": "00" * 32, "state": "lost"}]}, "state"),
        ({"event": 7, "keys": [{"public_key": "00" * 32}]}, "not a key ring"),
        ("not json", "not a key ring"),
    ],
)
def test_bad_key_ring_json_is_refused_with_a_message(data, message):
    with pytest.raises(KeyRingError, match=message):
        KeyRing.from_json(data)


def test_a_private_key_must_match_its_public_key():
    one, other = BadgeKey.generate(1), BadgeKey.generate(1)
    with pytest.raises(KeyRingError, match="does not match"):
        KeyRing(7, [BadgeKey(1, other.public_key, ACTIVE, one.private_key)])


def test_two_keys_with_one_id_or_two_active_keys_are_refused():
    one, other = BadgeKey.generate(1), BadgeKey.generate(2)
    with pytest.raises(KeyRingError, match="twice"):
        KeyRing(7, [one, BadgeKey.generate(1)])
    with pytest.raises(KeyRingError, match="more than one active"):
        KeyRing(7, [one, other])
