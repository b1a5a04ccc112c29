"""Issuing and verifying badge tokens: `PV1:` + Base45(claims + Ed25519 signature).

verify() never raises for any text: whatever a camera or a keyboard-wedge scanner delivers gets
a result with one reason from the API's list (specs/api.md, Accreditation). Passback and
clearance are the app's decisions, made only after this engine grants.
"""

import datetime
import re
from dataclasses import dataclass
from enum import StrEnum

from . import base45
from .keys import KeyRing
from .payload import PREFIX, BadgeClaims, PayloadError, pack_claims, to_seconds, unpack, zone_bitmap
from .revocations import Revocations

# A real token is at most 157 characters; anything much longer is refused before any work.
MAX_TOKEN_CHARS = 160
MAX_INPUT_CHARS = 512
# Whitespace that is not in the Base45 alphabet: line breaks, tabs, no-break spaces... The plain
# space is a Base45 character, so only leading and trailing spaces can be dropped.
_FOREIGN_WHITESPACE = re.compile(r"[^\S ]+")
# What a camera usually delivers: already canonical, so the costlier clean-up can be skipped.
_CANONICAL = re.compile(r"PV1:[0-9A-Z $%*+\-./:]{0,155}[0-9A-W]")


class Reason(StrEnum):
    INVALID = "invalid"
    UNKNOWN_KEY = "unknown_key"
    WRONG_EVENT = "wrong_event"
    REVOKED = "revoked"
    SUPERSEDED = "superseded"
    NOT_YET_VALID = "not_yet_valid"
    EXPIRED = "expired"
    ZONE_NOT_GRANTED = "zone_not_granted"


@dataclass(frozen=True, slots=True)
class Verification:
    """The engine's answer. `claims` is set only when the signature was checked and good, so a
    forged or foreign token never names a badge. `detail` is for logs: it holds no personal data."""

    granted: bool
    reason: Reason | None = None
    claims: BadgeClaims | None = None
    detail: str = ""

    @property
    def result(self) -> str:
        return "granted" if self.granted else "denied"


def issue_token(
    keyring: KeyRing,
    *,
    serial: int,
    generation: int,
    zones,
    not_before: datetime.datetime,
    not_after: datetime.datetime,
) -> str:
    """Sign a badge token with the event's active key. The window is rounded inwards to whole
    seconds; aware datetimes only. Raises PayloadError or ValueError naming the bad field."""
    key = keyring.active_key
    claims = BadgeClaims(
        event=keyring.event,
        key_id=key.key_id,
        serial=serial,
        generation=generation,
        not_before=to_seconds(not_before, round_up=True)[0],
        not_after=to_seconds(not_after, round_up=False)[0],
        zone_bitmap=zone_bitmap(zones),
    )
    return encode_claims(claims, key.sign)


def encode_claims(claims: BadgeClaims, sign) -> str:
    """The token text of claims signed by `sign(message) -> 64-byte signature`."""
    message = pack_claims(claims)
    return PREFIX + base45.encode(message + sign(message))


def normalise(text) -> str | None:
    """The canonical token text, or None when the input cannot be one. QR alphanumeric is
    upper-case, so case is folded; line breaks and tabs (a wedge scanner's Enter, a wrapped paste)
    are dropped anywhere. No Base45 text ends in a space (its last character is at most 'W'), and
    every token starts with the prefix, so leading and trailing spaces are dropped too."""
    if not isinstance(text, str) or len(text) > MAX_INPUT_CHARS:
        return None
    if _CANONICAL.fullmatch(text):
        return text
    text = _FOREIGN_WHITESPACE.sub("", text).strip(" ").upper()
    if not text.startswith(PREFIX) or len(text) > MAX_TOKEN_CHARS:
        return None
    return text


def decode(text) -> tuple[bytes, bytes, BadgeClaims]:
    """(signed part, signature, unverified claims) of a token text; raises ValueError if malformed."""
    canonical = normalise(text)
    if canonical is None:
        raise PayloadError(f"not a badge token: it must start with {PREFIX} and be at most {MAX_TOKEN_CHARS} characters")
    return unpack(base45.decode(canonical[len(PREFIX):]))


def verify(
    text,
    keyring: KeyRing,
    *,
    event: int,
    now: datetime.datetime,
    zone: int | None,
    revocations: Revocations,
) -> Verification:
    """Check a scanned text for `zone` of `event` at `now` (aware). zone=None checks everything but
    the zone. Revocations are required, so forgetting them cannot skip the check: pass an empty
    Revocations() when there are none. The order of the checks is part of docs/badge-token.md."""
    if keyring.event != event:
        raise ValueError(f"the key ring is event {keyring.event}'s, not event {event}'s")
    if not isinstance(revocations, Revocations):
        raise TypeError(f"revocations must be a Revocations, not {type(revocations).__name__}")
    seconds, microseconds = to_seconds(now, round_up=False)
    try:
        signed, signature, claims = decode(text)
    except ValueError as error:  # PayloadError and Base45Error
        return Verification(False, Reason.INVALID, detail=str(error))
    if claims.event != event:
        return Verification(False, Reason.WRONG_EVENT, detail=f"a badge of event {claims.event}")
    good = keyring.verifies(claims.key_id, signature, signed)
    if good is None:
        return Verification(False, Reason.UNKNOWN_KEY, detail=keyring.describe_refusal(claims.key_id))
    if not good:
        return Verification(False, Reason.INVALID, detail="the signature does not match")
    return _check_claims(claims, seconds, microseconds, zone, revocations)


def _check_claims(claims: BadgeClaims, seconds: int, microseconds: int, zone, revocations) -> Verification:
    status = revocations.status(claims.serial, claims.generation)
    if status is not None:
        return Verification(False, Reason(status), claims, f"serial {claims.serial} generation {claims.generation}")
    if seconds < claims.not_before:
        return Verification(False, Reason.NOT_YET_VALID, claims, f"valid from {claims.valid_from.isoformat()}")
    if seconds > claims.not_after or (seconds == claims.not_after and microseconds):
        return Verification(False, Reason.EXPIRED, claims, f"valid until {claims.valid_until.isoformat()}")
    if zone is not None and not claims.grants_zone(zone):
        return Verification(False, Reason.ZONE_NOT_GRANTED, claims, f"zone {zone} is not granted")
    return Verification(True, None, claims)
