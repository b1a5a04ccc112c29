"""The badge token engine: compact Ed25519-signed badge tokens in Base45 for QR codes, the event's
key ring with rotation, and offline verification against revocations. No Django here; the byte
layout and the verification order are specified in docs/badge-token.md."""

from .keys import ACTIVE, RETIRED, VERIFYING, BadgeKey, KeyRing, KeyRingError
from .payload import MAX_ZONE, PREFIX, VERSION, BadgeClaims, PayloadError
from .revocations import Revocations, RevocationsError
from .tokens import (
    MAX_TOKEN_CHARS,
    Reason,
    Verification,
    decode,
    encode_claims,
    issue_token,
    normalise,
    verify,
)

__all__ = [
    "ACTIVE", "MAX_TOKEN_CHARS", "MAX_ZONE", "PREFIX", "RETIRED", "VERIFYING", "VERSION",
    "BadgeClaims", "BadgeKey", "KeyRing", "KeyRingError", "PayloadError", "Reason", "Revocations",
    "RevocationsError", "Verification", "decode", "encode_claims", "issue_token", "normalise", "verify",
]
