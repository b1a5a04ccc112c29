"""Issue and verify round trip (Hypothesis), the sizes the format allows, and bad claims at issue."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pavilion.engines.badges import (
    MAX_TOKEN_CHARS,
    MAX_ZONE,
    VERIFYING,
    BadgeClaims,
    BadgeKey,
    KeyRing,
    PayloadError,
    Reason,
    Revocations,
    decode,
    encode_claims,
    issue_token,
    verify,
)
from pavilion.engines.badges.payload import EPOCH
from tests.engines.badges.moments import BAKU, CLOSES, OPENS

RING = KeyRing.generate(4_000_000_000).rotate().rotate()  # active key id 3, two older keys verifying
QR_ALPHANUMERIC = set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")
U32 = 2**32 - 1


@st.composite
def badges(draw):
    start, end = sorted(draw(st.lists(st.integers(0, U32), min_size=2, max_size=2)))
    return {
        "serial": draw(st.integers(0, U32)),
        "generation": draw(st.integers(0, 65535)),
        "zones": draw(st.frozensets(st.integers(0, MAX_ZONE), max_size=MAX_ZONE + 1)),
        "not_before": EPOCH + datetime.timedelta(seconds=start),
        "not_after": EPOCH + datetime.timedelta(seconds=end),
    }


@settings(max_examples=150, deadline=None)
@given(badges(), st.data())
def test_round_trip(badge, data):
    token = issue_token(RING, **badge)
    assert len(token) <= MAX_TOKEN_CHARS and set(token) <= QR_ALPHANUMERIC and token.startswith("PV1:")
    claims = decode(token)[2]
    assert (claims.event, claims.key_id, claims.serial, claims.generation) == (
        4_000_000_000, 3, badge["serial"], badge["generation"])
    assert claims.zones == badge["zones"]
    assert (claims.valid_from, claims.valid_until) == (badge["not_before"], badge["not_after"])
    now = data.draw(st.sampled_from([badge["not_before"], badge["not_after"]]))
    revocations = Revocations(generations={badge["serial"]: badge["generation"]})
    for zone in sorted(badge["zones"])[:3]:
        result = verify(token, RING, event=4_000_000_000, now=now, zone=zone, revocations=revocations)
        assert result.granted and result.claims == claims
    outside = next(zone for zone in range(MAX_ZONE + 2) if zone not in badge["zones"])
    result = verify(token.lower(), RING, event=4_000_000_000, now=now, zone=outside, revocations=revocations)
    assert result.reason == Reason.ZONE_NOT_GRANTED


def test_maximum_sizes_fit_160_characters():
    largest = BadgeClaims(event=U32, key_id=65535, serial=U32, generation=65535, not_before=U32, not_after=U32,
                          zone_bitmap=2 ** (MAX_ZONE + 1) - 1)
    ring = KeyRing.generate(1)
    token = encode_claims(largest, ring.active_key.sign)
    assert len(token) == 157 <= MAX_TOKEN_CHARS
    assert decode(token)[2] == largest


@pytest.mark.parametrize(("zones", "length"), [(set(), 133), ({0, 7}, 135), (range(16), 136), ({2, 23}, 138)])
def test_lengths_stated_in_the_docs(ring, zones, length):
    token = issue_token(ring, serial=123_456, generation=3, zones=zones, not_before=OPENS, not_after=CLOSES)
    assert len(token) == length


def test_key_rotation_signs_with_the_new_key():
    ring = KeyRing.generate(7)
    old = issue_token(ring, serial=1, generation=1, zones=[1], not_before=OPENS, not_after=CLOSES)
    rotated = ring.rotate()
    new = issue_token(rotated, serial=1, generation=1, zones=[1], not_before=OPENS, not_after=CLOSES)
    assert (decode(old)[2].key_id, decode(new)[2].key_id) == (1, 2)
    during = datetime.datetime(2024, 9, 25, 10, tzinfo=BAKU)
    assert verify(old, rotated, event=7, now=during, zone=1, revocations=Revocations()).granted
    assert verify(new, ring, event=7, now=during, zone=1, revocations=Revocations()).reason == Reason.UNKNOWN_KEY


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"serial": -1}, "serial"),
        ({"serial": 2**32}, "serial"),
        ({"serial": "12"}, "serial"),
        ({"generation": 65536}, "generation"),
        ({"generation": True}, "generation"),
        ({"zones": [128]}, "zone 128"),
        ({"zones": [-1]}, "zone -1"),
        ({"zones": ["hall 1"]}, "zone 'hall 1'"),
        ({"not_before": CLOSES, "not_after": OPENS}, "not_before is after not_after"),
        ({"not_before": datetime.datetime(1969, 12, 31, tzinfo=datetime.UTC)}, "not_before"),
        ({"not_after": datetime.datetime(2106, 2, 8, tzinfo=datetime.UTC)}, "not_after"),
    ],
)
def test_bad_claims_are_refused_at_issue_naming_the_field(ring, changes, field):
    values = {"serial": 1, "generation": 1, "zones": [0], "not_before": OPENS, "not_after": CLOSES, **changes}
    with pytest.raises(PayloadError, match=field):
        issue_token(ring, **values)


def test_naive_datetimes_are_refused(ring):
    with pytest.raises(ValueError, match="aware"):
        issue_token(ring, serial=1, generation=1, zones=[0], not_before=datetime.datetime(2024, 9, 24),
                    not_after=CLOSES)
    token = issue_token(ring, serial=1, generation=1, zones=[0], not_before=OPENS, not_after=CLOSES)
    with pytest.raises(ValueError, match="aware"):
        verify(token, ring, event=7, now=datetime.datetime(2024, 9, 25), zone=0, revocations=Revocations())


def test_verify_refuses_a_key_ring_of_another_event(ring):
    with pytest.raises(ValueError, match="event 7"):
        verify("PV1:", ring, event=8, now=OPENS, zone=0, revocations=Revocations())


def test_revocations_cannot_be_left_out(ring):
    with pytest.raises(TypeError, match="revocations"):
        verify("PV1:", ring, event=7, now=OPENS, zone=0, revocations=None)


def test_a_scanners_verify_only_ring_cannot_issue():
    public_only = KeyRing.from_json(KeyRing.generate(7).public_json())
    with pytest.raises(ValueError, match="no private key"):
        issue_token(public_only, serial=1, generation=1, zones=[0], not_before=OPENS, not_after=CLOSES)


def test_a_ring_without_an_active_key_cannot_issue():
    key = KeyRing.generate(7).active_key
    no_active = KeyRing(7, [BadgeKey(1, key.public_key, VERIFYING, key.private_key)])
    with pytest.raises(ValueError, match="no active key"):
        issue_token(no_active, serial=1, generation=1, zones=[0], not_before=OPENS, not_after=CLOSES)
