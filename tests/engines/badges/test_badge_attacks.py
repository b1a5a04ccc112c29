"""Every attack and every bad input of issue 6 at engine level: each one is denied with the
reason of specs/api.md, and none raises."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pavilion.engines.badges import (
    BadgeClaims,
    BadgeKey,
    KeyRing,
    Reason,
    Revocations,
    base45,
    decode,
    encode_claims,
    issue_token,
    verify,
)
from pavilion.engines.badges.payload import pack_claims
from tests.engines.badges.moments import BAKU, CLOSES, DURING, OPENS


def bytes_of(token: str) -> bytes:
    return base45.decode(token[4:])


def text_of(data: bytes) -> str:
    return "PV1:" + base45.encode(data)


def test_a_sample_token_is_granted(make_token, check):
    result = check(make_token())
    assert result.granted and result.result == "granted" and result.reason is None
    assert result.claims.serial == 1001


def test_forged_signature_by_another_key_with_the_same_key_id(make_token, check):
    forger = KeyRing.generate(7)  # the forger's own key, numbered 1 like the event's
    result = check(make_token(keyring=forger))
    assert result.reason == Reason.INVALID and result.claims is None


def test_random_signature(make_token, check):
    data = bytes_of(make_token())
    assert check(text_of(data[:-64] + bytes(range(64)))).reason == Reason.INVALID


def expected_reason_for_flip(offset: int) -> set[Reason]:
    if 1 <= offset <= 4:
        return {Reason.WRONG_EVENT}  # decided before the signature: denied either way
    if offset in (5, 6):
        return {Reason.UNKNOWN_KEY}  # key 1 flipped to a key id the ring does not have
    return {Reason.INVALID}


def test_every_single_bit_flip_is_denied(make_token, check):
    data = bytes_of(make_token())
    for bit in range(len(data) * 8):
        flipped = bytearray(data)
        flipped[bit // 8] ^= 1 << (bit % 8)
        result = check(text_of(bytes(flipped)))
        assert not result.granted, f"bit {bit} flipped was granted"
        assert result.reason in expected_reason_for_flip(bit // 8), (bit, result)
        assert result.claims is None


@pytest.mark.parametrize("keep", [0, 3, 4, 5, 30, 60, 100, -3, -2, -1])
def test_truncated_text(make_token, check, keep):
    token = make_token()
    assert check(token[:keep]).reason == Reason.INVALID


def test_truncated_bytes(make_token, check):
    data = bytes_of(make_token())
    for size in range(len(data)):
        assert check(text_of(data[:size])).reason == Reason.INVALID, size


@pytest.mark.parametrize("extra", [b"\x00", b"\x00\x00", b"\xff\x01\x02", bytes(64)])
def test_trailing_bytes(make_token, check, extra):
    assert check(text_of(bytes_of(make_token()) + extra)).reason == Reason.INVALID


@pytest.mark.parametrize("extra", ["0", "00", "000", "W"])
def test_trailing_characters(make_token, check, extra):
    assert check(make_token() + extra).reason == Reason.INVALID


@pytest.mark.parametrize("version", [0, 2, 255])
def test_wrong_version_byte_even_when_properly_signed(ring, check, version):
    claims = BadgeClaims(event=7, key_id=1, serial=5, generation=1, not_before=0, not_after=2**32 - 1,
                         zone_bitmap=0b1000, version=version)
    result = check(encode_claims(claims, ring.active_key.sign))
    assert result.reason == Reason.INVALID and "version" in result.detail


def test_unknown_key_id(ring, check):
    stranger = BadgeKey.generate(9)
    claims = BadgeClaims(event=7, key_id=9, serial=5, generation=1, not_before=0, not_after=2**32 - 1,
                         zone_bitmap=0b1000)
    result = check(encode_claims(claims, stranger.sign))
    assert result.reason == Reason.UNKNOWN_KEY and result.claims is None


def test_retired_key_is_refused_and_its_successor_works(make_token, check):
    first = KeyRing.generate(7)
    old_token = make_token(keyring=first)
    rotated = first.rotate()
    new_token = make_token(keyring=rotated)
    assert check(old_token, keyring=rotated).granted  # badges signed before a rotation still open doors
    retired = rotated.retire(1)
    for scanner_ring in (retired, KeyRing.from_json(retired.public_json())):
        result = check(old_token, keyring=scanner_ring)
        assert result.reason == Reason.UNKNOWN_KEY and result.detail
        assert check(new_token, keyring=scanner_ring).granted


def test_another_events_badge(make_token, check):
    other_event = KeyRing.generate(8)
    result = check(make_token(keyring=other_event))
    assert result.reason == Reason.WRONG_EVENT and result.claims is None


def test_revoked_serial(make_token, check):
    revoked = Revocations(revoked=[1001])
    result = check(make_token(), revoked=revoked)
    assert result.reason == Reason.REVOKED and result.claims.serial == 1001
    assert check(make_token(serial=1002), revoked=revoked).granted


def test_revoked_wins_over_superseded_and_over_the_window(make_token, check):
    revoked = Revocations(revoked=[1001], generations={1001: 5})
    assert check(make_token(generation=1), revoked=revoked, now=CLOSES + datetime.timedelta(days=1)).reason == "revoked"


@pytest.mark.parametrize(("card", "current", "reason"), [(1, 2, "superseded"), (2, 2, None), (3, 2, None)])
def test_generations(make_token, check, card, current, reason):
    result = check(make_token(generation=card), revoked=Revocations(generations={1001: current}))
    assert result.reason == reason and result.granted is (reason is None)


@pytest.mark.parametrize(
    ("now", "reason"),
    [
        (OPENS - datetime.timedelta(microseconds=1), Reason.NOT_YET_VALID),
        (OPENS, None),
        (OPENS.astimezone(datetime.UTC), None),  # the same instant in UTC: 05:00Z
        (datetime.datetime(2024, 9, 24, 8, 59, 59, tzinfo=BAKU), Reason.NOT_YET_VALID),
        (DURING, None),
        (CLOSES, None),  # not_after is inclusive
        (CLOSES + datetime.timedelta(microseconds=1), Reason.EXPIRED),
        (datetime.datetime(2024, 9, 27, 14, 0, 0, 1, tzinfo=datetime.UTC), Reason.EXPIRED),
        (datetime.datetime(2024, 9, 27, 18, 0, 1, tzinfo=BAKU), Reason.EXPIRED),
    ],
)
def test_window_edges_in_baku(make_token, check, now, reason):
    result = check(make_token(), now=now)
    assert result.reason == reason
    if reason is not None:
        assert result.claims.serial == 1001


def test_window_is_rounded_inwards_to_whole_seconds(make_token, check):
    token = make_token(not_before=OPENS + datetime.timedelta(milliseconds=400),
                       not_after=CLOSES + datetime.timedelta(milliseconds=900))
    claims = decode(token)[2]
    assert claims.valid_from == OPENS + datetime.timedelta(seconds=1)
    assert claims.valid_until == CLOSES
    assert check(token, now=OPENS + datetime.timedelta(milliseconds=500)).reason == Reason.NOT_YET_VALID


def test_zone_not_granted(make_token, check):
    token = make_token(zones={0, 5})
    assert check(token, zone=3).reason == Reason.ZONE_NOT_GRANTED
    assert check(token, zone=5).granted
    assert check(token, zone=127).reason == Reason.ZONE_NOT_GRANTED
    assert check(token, zone=10_000).reason == Reason.ZONE_NOT_GRANTED
    assert check(token, zone=None).granted  # no zone asked: everything else checked
    assert check(make_token(zones=set()), zone=0).reason == Reason.ZONE_NOT_GRANTED


@pytest.mark.parametrize(
    "mangle",
    [
        str.lower,
        lambda t: t + "\r\n",
        lambda t: t + "\n",
        lambda t: "  " + t + "   ",
        lambda t: "\t" + t.lower() + "\r",
        lambda t: t[:40] + "\n" + t[40:80] + "\r\n" + t[80:],  # a wrapped paste
        lambda t: "\u00a0" + t + "\u2003",  # no-break and em spaces from a word processor
        lambda t: t.swapcase(),
    ],
)
def test_lower_case_and_whitespace_are_normalised(make_token, check, mangle):
    token = make_token()
    assert check(mangle(token)).granted


@pytest.mark.parametrize(
    "text",
    ["", " ", "\n", "PV1:", "pv1:", "PV2:" + "0" * 120, "HC1:NCFOXN%TS3DH", "https://example.org/badge/1001",
     None, b"PV1:ABC", 1001, "PV1:" + "\x00" * 40, "PV1:\u0130" * 20],
)
def test_garbage_is_invalid(check, text):
    result = check(text)
    assert result.reason == Reason.INVALID and not result.granted


def test_space_inside_a_token_is_not_dropped(make_token, check):
    token = make_token()
    assert check(token[:50] + " " + token[50:]).reason == Reason.INVALID


@pytest.mark.parametrize("text_factory", [
    lambda t: "A" * 2048,
    lambda t: t + "0" * (2048 - len(t)),
    lambda t: "PV1:" + "Ж" * 2044,
    lambda t: ((t + " ") * 16)[:2048],
    lambda t: t + " " * 2000,
])
def test_a_2_kb_string_is_invalid(make_token, check, text_factory):
    text = text_factory(make_token())
    assert len(text) >= 2000
    assert check(text).reason == Reason.INVALID


SOME_RING = KeyRing(7, [BadgeKey.from_private_bytes(1, bytes(32))])


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gives_a_result_never_an_exception(text):
    result = verify(text, SOME_RING, event=7, now=DURING, zone=3, revocations=Revocations())
    assert not result.granted and result.reason in set(Reason)


def test_signed_part_is_exactly_what_is_signed(ring, make_token):
    signed, signature, claims = decode(make_token())
    assert signed == pack_claims(claims)
    assert ring.verifies(1, signature, signed) is True
    assert ring.verifies(1, signature, signed + b"\x00") is False


SOME_TOKEN = issue_token(SOME_RING, serial=77, generation=1, zones={3}, not_before=OPENS, not_after=CLOSES)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, len(SOME_TOKEN)), st.sampled_from(["\n", "\r\n", "\t", "\u00a0", "\u2028"])),
             max_size=6),
    st.lists(st.booleans(), min_size=len(SOME_TOKEN), max_size=len(SOME_TOKEN)),
    st.text(alphabet=" \t\r\n", max_size=4),
    st.text(alphabet=" \t\r\n", max_size=4),
)
def test_any_case_and_foreign_whitespace_still_grants(insertions, lower, before, after):
    text = "".join(ch.lower() if low else ch for ch, low in zip(SOME_TOKEN, lower, strict=True))
    for position, whitespace in sorted(insertions, reverse=True):
        text = text[:position] + whitespace + text[position:]
    result = verify(before + text + after, SOME_RING, event=7, now=DURING, zone=3, revocations=Revocations())
    assert result.granted, repr(before + text + after)
