"""Base45 against the examples of RFC 9285 (sections 4.3 and 4.4) and its decoding rules."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pavilion.engines.badges import base45

QR_ALPHANUMERIC = set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")


@pytest.mark.parametrize(
    ("data", "text"),
    [(b"AB", "BB8"), (b"Hello!!", "%69 VD92EX0"), (b"base-45", "UJCLQE7W581"), (b"ietf!", "QED8WEX0"), (b"", "")],
)
def test_rfc_9285_examples(data, text):
    assert base45.encode(data) == text
    assert base45.decode(text) == data


def test_extreme_values():
    assert base45.encode(b"\xff\xff") == "FGW"
    assert base45.decode("FGW") == b"\xff\xff"
    assert base45.encode(b"\x00") == "00"
    assert base45.encode(b"\xff") == "U5"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("GGW", "above 65535"),  # 65536: the smallest triple that does not fit two bytes
        ("ZZZ", "above 65535"),
        ("BB8GGW", "above 65535"),
        ("V6", "above 255"),  # 31 + 6*45 = 301
        ("A", r"3k\+1"),
        ("BB8A", r"3k\+1"),
        ("bb8", "not a Base45 character"),
        ("BB_", "not a Base45 character"),
        ("BB\u0130", "not a Base45 character"),
    ],
)
def test_invalid_text_is_refused(text, message):
    with pytest.raises(base45.Base45Error, match=message):
        base45.decode(text)


@given(st.binary(max_size=200))
def test_round_trip(data):
    text = base45.encode(data)
    assert set(text) <= QR_ALPHANUMERIC
    assert len(text) == 3 * (len(data) // 2) + 2 * (len(data) % 2)
    assert base45.decode(text) == data


@given(st.binary(min_size=1, max_size=200))
def test_no_text_ends_in_a_space(data):
    # verify() strips trailing spaces; this is what makes that safe.
    assert base45.encode(data)[-1] in "0123456789ABCDEFGHIJKLMNOPQRSTUVW"


@given(st.text(alphabet=sorted(QR_ALPHANUMERIC), max_size=60))
def test_any_alphanumeric_text_decodes_or_raises_base45_error(text):
    try:
        data = base45.decode(text)
    except base45.Base45Error:
        return
    assert base45.encode(data) == text
