"""The badge token's bytes: the signed claims, then the Ed25519 signature (docs/badge-token.md).

All integers are big-endian and unsigned. The claims hold no personal data: who the holder is,
their photo and category come from the event's own records, found by the serial.

    offset  size  field
    0       1     version (1)
    1       4     event id
    5       2     key id
    7       4     badge serial
    11      2     generation
    13      4     not before, seconds since 1970-01-01T00:00:00Z
    17      4     not after, seconds since 1970-01-01T00:00:00Z
    21      1     zone bitmap length N (0..16)
    22      N     zone bitmap: zone z is bit (z % 8) of byte (z // 8), least significant bit first
    22+N    64    Ed25519 signature over bytes 0 .. 22+N-1
"""

import datetime
import struct
from typing import NamedTuple

VERSION = 1
PREFIX = "PV1:"
HEADER = struct.Struct(">BIHIHIIB")
SIGNATURE_SIZE = 64
MAX_BITMAP_BYTES = 16
MAX_ZONE = MAX_BITMAP_BYTES * 8 - 1
MAX_U16 = 0xFFFF
MAX_U32 = 0xFFFFFFFF
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


class PayloadError(ValueError):
    """The bytes are not a well-formed badge token (the message says which part is wrong)."""


class BadgeClaims(NamedTuple):
    """What a badge token asserts. Times are whole seconds since the Unix epoch, both inclusive.
    A named tuple rather than a frozen dataclass: built on every scan, and three times cheaper."""

    event: int
    key_id: int
    serial: int
    generation: int
    not_before: int
    not_after: int
    zone_bitmap: int = 0
    version: int = VERSION

    @property
    def zones(self) -> frozenset[int]:
        bitmap = self.zone_bitmap
        return frozenset(zone for zone in range(bitmap.bit_length()) if bitmap >> zone & 1)

    def grants_zone(self, zone: int) -> bool:
        return 0 <= zone <= MAX_ZONE and bool(self.zone_bitmap >> zone & 1)

    @property
    def valid_from(self) -> datetime.datetime:
        return EPOCH + datetime.timedelta(seconds=self.not_before)

    @property
    def valid_until(self) -> datetime.datetime:
        return EPOCH + datetime.timedelta(seconds=self.not_after)


def zone_bitmap(zones) -> int:
    bitmap = 0
    for zone in zones:
        if isinstance(zone, bool) or not isinstance(zone, int) or not 0 <= zone <= MAX_ZONE:
            raise PayloadError(f"zone {zone!r} is not a zone number from 0 to {MAX_ZONE}")
        bitmap |= 1 << zone
    return bitmap


def check_claims(claims: BadgeClaims) -> None:
    """Raise PayloadError naming the first field that does not fit its bytes."""
    limits = (
        ("version", 0xFF), ("event", MAX_U32), ("key_id", MAX_U16), ("serial", MAX_U32),
        ("generation", MAX_U16), ("not_before", MAX_U32), ("not_after", MAX_U32),
    )
    for field, limit in limits:
        value = getattr(claims, field)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= limit:
            raise PayloadError(f"{field} must be a whole number from 0 to {limit}, not {value!r}")
    if claims.not_before > claims.not_after:
        raise PayloadError("not_before is after not_after")
    if not 0 <= claims.zone_bitmap < 1 << (MAX_ZONE + 1):
        raise PayloadError(f"zones must be numbered from 0 to {MAX_ZONE}")


def pack_claims(claims: BadgeClaims) -> bytes:
    """The signed part of the token (everything but the signature), in its one canonical form."""
    check_claims(claims)
    bitmap = claims.zone_bitmap.to_bytes((claims.zone_bitmap.bit_length() + 7) // 8, "little")
    header = HEADER.pack(
        claims.version, claims.event, claims.key_id, claims.serial, claims.generation,
        claims.not_before, claims.not_after, len(bitmap),
    )
    return header + bitmap


def unpack(data: bytes) -> tuple[bytes, bytes, BadgeClaims]:
    """Split a token's bytes into (signed part, signature, claims), or raise PayloadError."""
    if len(data) < HEADER.size + SIGNATURE_SIZE:
        raise PayloadError(f"too short: {len(data)} bytes")
    version, event, key_id, serial, generation, not_before, not_after, size = HEADER.unpack_from(data)
    if version != VERSION:
        raise PayloadError(f"unknown version {version}")
    if size > MAX_BITMAP_BYTES:
        raise PayloadError(f"zone bitmap of {size} bytes, at most {MAX_BITMAP_BYTES}")
    signed_size = HEADER.size + size
    if len(data) != signed_size + SIGNATURE_SIZE:
        raise PayloadError(f"{len(data)} bytes where the layout says {signed_size + SIGNATURE_SIZE}")
    if not_before > not_after:
        raise PayloadError("not_before is after not_after")
    bitmap = int.from_bytes(data[HEADER.size:signed_size], "little")
    claims = BadgeClaims(event, key_id, serial, generation, not_before, not_after, bitmap, version)
    return data[:signed_size], data[signed_size:], claims


def to_seconds(moment: datetime.datetime, *, round_up: bool) -> tuple[int, int]:
    """(whole seconds since the epoch, leftover microseconds) of an aware datetime, exactly.

    With round_up the seconds are rounded up when there are leftover microseconds."""
    if not isinstance(moment, datetime.datetime) or moment.utcoffset() is None:
        raise ValueError(f"expected an aware datetime (with a time zone), got {moment!r}")
    delta = moment - EPOCH
    seconds = delta.days * 86400 + delta.seconds
    if round_up and delta.microseconds:
        return seconds + 1, 0
    return seconds, delta.microseconds
