"""Base45 (RFC 9285): bytes as text in the 45 characters of the QR code's alphanumeric mode.

Written for the badge token: the QR alphanumeric mode stores 5.5 bits a character, so a Base45
text takes fewer modules than Base64 in byte mode. Two bytes `a, b` give `n = a*256 + b` and the
three characters `c d e` with `n = c + d*45 + e*45*45`; a last single byte gives two characters.
Decoding is done with C-level bytes operations (translate, slices, struct) because a gate scanner
decodes every read and the token verification rate is budgeted (see bench/badges.py).
"""

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"

_INVALID = 0xFF
# Maps each ASCII byte to its Base45 value, or 0xFF when the byte is not a Base45 character.
_VALUES = bytes(ALPHABET.index(chr(byte)) if chr(byte) in ALPHABET else _INVALID for byte in range(256))


class Base45Error(ValueError):
    """The text is not valid Base45: a foreign character, a dangling character or a value overflow."""


def encode(data: bytes) -> str:
    characters = []
    for offset in range(0, len(data) - 1, 2):
        value = data[offset] * 256 + data[offset + 1]
        value, c = divmod(value, 45)
        e, d = divmod(value, 45)
        characters += (ALPHABET[c], ALPHABET[d], ALPHABET[e])
    if len(data) % 2:
        e, c = divmod(data[-1], 45)
        characters += (ALPHABET[c], ALPHABET[e])
    return "".join(characters)


def decode(text: str) -> bytes:
    try:
        values = text.encode("ascii").translate(_VALUES)
    except UnicodeEncodeError:
        raise Base45Error("not a Base45 character") from None
    if _INVALID in values:
        raise Base45Error("not a Base45 character")
    full, rest = divmod(len(values), 3)
    if rest == 1:
        raise Base45Error("a Base45 text cannot have 3k+1 characters")
    data = _decode_triples(values, full)
    if rest == 2:
        last = values[-2] + values[-1] * 45
        if last > 0xFF:
            raise Base45Error("the last Base45 pair is above 255")
        data += bytes((last,))
    return bytes(data)


def _decode_triples(values: bytes, full: int) -> bytearray:
    """All triples at once: each character column is spread into 3-byte lanes of one big integer,
    so `c + 45*d + 2025*e` is three big-integer operations instead of a Python loop. A lane holds at
    most 44 + 44*45 + 44*2025 < 2**24, so no carry crosses lanes; a triple above 65535 shows as a
    non-zero top byte in its lane."""
    size = 3 * full
    lanes = bytearray(size)
    lanes[2::3] = values[0:size:3]
    c = int.from_bytes(lanes, "big")
    lanes[2::3] = values[1:size:3]
    d = int.from_bytes(lanes, "big")
    lanes[2::3] = values[2:size:3]
    e = int.from_bytes(lanes, "big")
    summed = (c + 45 * d + 2025 * e).to_bytes(size, "big")
    if summed[0::3].count(0) != full:
        raise Base45Error("a Base45 triple is above 65535")
    data = bytearray(2 * full)
    data[0::2] = summed[1::3]
    data[1::2] = summed[2::3]
    return data
