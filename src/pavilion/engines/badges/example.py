"""The worked example of docs/badge-token.md, computed from the code so it cannot drift from it
(a test compares the document with render()). Ed25519 signatures are deterministic (RFC 8032),
so a fixed example key gives the same token on every run and in every conforming implementation.
The example key is public and must never sign a real badge."""

import datetime
from zoneinfo import ZoneInfo

from . import base45
from .keys import BadgeKey, KeyRing
from .payload import HEADER, PREFIX
from .revocations import Revocations
from .tokens import decode, issue_token, verify

BAKU = ZoneInfo("Asia/Baku")
EXAMPLE_SEED = bytes(range(32))  # 00 01 02 ... 1f: a published key, for this example only
EVENT = 2024
SERIAL = 100042
GENERATION = 2
ZONES = (1, 2, 5, 9)
NOT_BEFORE = datetime.datetime(2024, 9, 24, 9, 0, tzinfo=BAKU)
NOT_AFTER = datetime.datetime(2024, 9, 27, 18, 0, tzinfo=BAKU)

FIELDS = (
    (0, 1, "version"), (1, 4, "event id"), (5, 2, "key id"), (7, 4, "badge serial"),
    (11, 2, "generation"), (13, 4, "not before"), (17, 4, "not after"), (21, 1, "zone bitmap length N"),
)


def example_ring() -> KeyRing:
    return KeyRing(EVENT, [BadgeKey.from_private_bytes(1, EXAMPLE_SEED)])


def example_token() -> str:
    return issue_token(
        example_ring(), serial=SERIAL, generation=GENERATION, zones=ZONES,
        not_before=NOT_BEFORE, not_after=NOT_AFTER,
    )


def _field_rows(signed: bytes) -> list[str]:
    values = HEADER.unpack_from(signed)
    rows = [f"| {offset} | {size} | {name} | `{signed[offset:offset + size].hex()}` | {value} |"
            for (offset, size, name), value in zip(FIELDS, values, strict=True)]
    size = values[-1]
    rows.append(f"| 22 | {size} | zone bitmap | `{signed[22:22 + size].hex()}` | zones {', '.join(map(str, ZONES))} |")
    rows.append(f"| {22 + size} | 64 | Ed25519 signature | (below) | over bytes 0 to {21 + size} |")
    return rows


def _checks(token: str) -> list[str]:
    ring = KeyRing.from_json(example_ring().public_json())
    cases = (
        ("2024-09-24T09:00:00+04:00, zone 5", NOT_BEFORE, 5, Revocations()),
        ("2024-09-24T08:59:59+04:00, zone 5", NOT_BEFORE - datetime.timedelta(seconds=1), 5, Revocations()),
        ("2024-09-27T18:00:01+04:00, zone 5", NOT_AFTER + datetime.timedelta(seconds=1), 5, Revocations()),
        ("2024-09-25T12:00:00+04:00, zone 3", datetime.datetime(2024, 9, 25, 12, tzinfo=BAKU), 3, Revocations()),
        ("2024-09-25T12:00:00+04:00, zone 5, generation 3 known",
         datetime.datetime(2024, 9, 25, 12, tzinfo=BAKU), 5, Revocations(generations={SERIAL: 3})),
    )
    rows = []
    for label, now, zone, revocations in cases:
        result = verify(token, ring, event=EVENT, now=now, zone=zone, revocations=revocations)
        rows.append(f"| {label} | {result.result} | {result.reason or ''} |")
    return rows


def render() -> str:
    """The example as Markdown, exactly as it stands in docs/badge-token.md."""
    token = example_token()
    signed, signature, _claims = decode(token)
    ring = example_ring()
    lines = [
        f"Example key (key id 1 of event {EVENT}; its seed is public, never use it): private seed "
        f"`{EXAMPLE_SEED.hex()}`, public key `{ring.active_key.public_key.hex()}`.",
        "",
        f"Badge serial {SERIAL}, generation {GENERATION}, zones {', '.join(map(str, ZONES))}, valid from "
        f"{NOT_BEFORE.isoformat()} to {NOT_AFTER.isoformat()} (Asia/Baku).",
        "",
        "| offset | size | field | bytes (hex) | value |",
        "| --- | --- | --- | --- | --- |",
        *_field_rows(signed),
        "",
        f"Signed bytes ({len(signed)}):",
        "",
        f"    {signed.hex()}",
        "",
        "Signature (64 bytes):",
        "",
        f"    {signature.hex()}",
        "",
        f"Token bytes ({len(signed) + len(signature)}), Base45-encoded ({len(base45.encode(signed + signature))} "
        f"characters) after the prefix `{PREFIX}`: the QR text ({len(token)} characters) is",
        "",
        f"    {token}",
        "",
        "Verified with the public key above for event " + str(EVENT) + ":",
        "",
        "| scanned at, in zone | result | reason |",
        "| --- | --- | --- |",
        *_checks(token),
    ]
    return "\n".join(lines) + "\n"
