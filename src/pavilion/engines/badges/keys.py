"""An event's signing keys: one active key signs new badges, older keys keep verifying the badges
they signed until they are retired, and a retired key verifies nothing.

Key ids are numbered from 1 within an event and never reused, so a retired id cannot come back
as a different key. The public set given to scanners holds only the keys that verify; retired
keys are left out of it, so a scanner refuses them as `unknown_key` without knowing more.
"""

from dataclasses import dataclass, replace
from types import MappingProxyType

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from .payload import MAX_U16, MAX_U32

ACTIVE = "active"  # signs new badges and verifies
VERIFYING = "verifying"  # verifies badges it signed before a rotation; signs nothing new
RETIRED = "retired"  # refused: badges it signed are no longer valid anywhere
STATES = (ACTIVE, VERIFYING, RETIRED)
ALGORITHM = "Ed25519"


class KeyRingError(ValueError):
    """A key ring that cannot be built or changed as asked (the message names the key or field)."""


@dataclass(frozen=True)
class BadgeKey:
    key_id: int
    public_key: bytes  # 32 raw bytes (RFC 8032)
    state: str = ACTIVE
    private_key: bytes | None = None  # the 32-byte seed; None in a scanner's verify-only ring

    @classmethod
    def generate(cls, key_id: int) -> "BadgeKey":
        private = Ed25519PrivateKey.generate()
        return cls.from_private_bytes(key_id, private.private_bytes_raw())

    @classmethod
    def from_private_bytes(cls, key_id: int, seed: bytes, state: str = ACTIVE) -> "BadgeKey":
        private = Ed25519PrivateKey.from_private_bytes(seed)
        return cls(key_id, private.public_key().public_bytes_raw(), state, bytes(seed))

    def sign(self, message: bytes) -> bytes:
        if self.private_key is None:
            raise KeyRingError(f"key {self.key_id} has no private key in this ring")
        return Ed25519PrivateKey.from_private_bytes(self.private_key).sign(message)


class KeyRing:
    """The keys of one event. Immutable: rotate() and retire() return a new ring."""

    def __init__(self, event: int, keys=()):
        if isinstance(event, bool) or not isinstance(event, int) or not 0 <= event <= MAX_U32:
            raise KeyRingError(f"event must be a whole number from 0 to {MAX_U32}, not {event!r}")
        self.event = event
        self._keys: dict[int, BadgeKey] = {}
        for key in keys:
            self._add(key)
        self.keys = MappingProxyType(self._keys)
        if sum(key.state == ACTIVE for key in self._keys.values()) > 1:
            raise KeyRingError(f"event {event} has more than one active key")
        # Parsed once, not on every scan: a scanner verifies thousands of tokens with a few keys.
        self._verifiers = {key.key_id: _verifier(key) for key in self.keys.values() if key.state != RETIRED}

    def _add(self, key: BadgeKey) -> None:
        if isinstance(key.key_id, bool) or not isinstance(key.key_id, int) or not 1 <= key.key_id <= MAX_U16:
            raise KeyRingError(f"key_id must be a whole number from 1 to {MAX_U16}, not {key.key_id!r}")
        if key.key_id in self._keys:
            raise KeyRingError(f"key {key.key_id} appears twice")
        if key.state not in STATES:
            raise KeyRingError(f"key {key.key_id}: state must be one of {', '.join(STATES)}, not {key.state!r}")
        if not isinstance(key.public_key, bytes) or len(key.public_key) != 32:
            raise KeyRingError(f"key {key.key_id}: public_key must be 32 bytes")
        if key.private_key is not None and BadgeKey.from_private_bytes(1, key.private_key).public_key != key.public_key:
            raise KeyRingError(f"key {key.key_id}: private_key does not match public_key")
        self._keys[key.key_id] = key

    @classmethod
    def generate(cls, event: int) -> "KeyRing":
        return cls(event, [BadgeKey.generate(1)])

    @property
    def active_key(self) -> BadgeKey:
        for key in self.keys.values():
            if key.state == ACTIVE:
                return key
        raise KeyRingError(f"event {self.event} has no active key: rotate to make one")

    def rotate(self) -> "KeyRing":
        """A new active key; the old active key keeps verifying the badges it signed."""
        next_id = max(self.keys, default=0) + 1
        if next_id > MAX_U16:
            raise KeyRingError(f"event {self.event} has used all {MAX_U16} key ids")
        kept = [replace(key, state=VERIFYING) if key.state == ACTIVE else key for key in self.keys.values()]
        return KeyRing(self.event, [*kept, BadgeKey.generate(next_id)])

    def retire(self, key_id: int) -> "KeyRing":
        """Refuse every badge the key signed. The active key must be rotated away first."""
        key = self.keys.get(key_id)
        if key is None:
            raise KeyRingError(f"event {self.event} has no key {key_id!r}")
        if key.state == ACTIVE:
            raise KeyRingError(f"key {key_id} is the active key: rotate before retiring it")
        return KeyRing(self.event, [replace(k, state=RETIRED) if k.key_id == key_id else k for k in self.keys.values()])

    def verifies(self, key_id: int, signature: bytes, message: bytes) -> bool | None:
        """True or False for a good or bad signature, None when the key is unknown or retired."""
        verifier = self._verifiers.get(key_id)
        if verifier is None:
            return None
        try:
            verifier.verify(signature, message)
        except InvalidSignature:
            return False
        return True

    def describe_refusal(self, key_id: int) -> str:
        key = self.keys.get(key_id)
        return f"key {key_id} is retired" if key is not None else f"key {key_id} is not a key of event {self.event}"

    def public_json(self) -> dict:
        """The public keys a scanner needs (sync endpoint): retired keys are left out."""
        keys = [
            {"key_id": key.key_id, "state": key.state, "public_key": key.public_key.hex()}
            for key in sorted(self.keys.values(), key=lambda k: k.key_id) if key.state != RETIRED
        ]
        return {"event": self.event, "algorithm": ALGORITHM, "keys": keys}

    def private_json(self) -> dict:
        """Every key with its private seed, for the app to store encrypted. Never send this out."""
        keys = []
        for key in sorted(self.keys.values(), key=lambda k: k.key_id):
            entry = {"key_id": key.key_id, "state": key.state, "public_key": key.public_key.hex()}
            entry["private_key"] = key.private_key.hex() if key.private_key is not None else None
            keys.append(entry)
        return {"event": self.event, "algorithm": ALGORITHM, "keys": keys}

    @classmethod
    def from_json(cls, data) -> "KeyRing":
        """Rebuild a ring from public_json() (verify-only) or private_json() (can sign)."""
        try:
            if data.get("algorithm", ALGORITHM) != ALGORITHM:
                raise KeyRingError(f"algorithm must be {ALGORITHM}")
            keys = [_key_from_json(entry) for entry in data["keys"]]
            return cls(data["event"], keys)
        except KeyRingError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise KeyRingError(f"not a key ring: {type(error).__name__} {error}") from None


def _verifier(key: BadgeKey) -> Ed25519PublicKey:
    try:
        return Ed25519PublicKey.from_public_bytes(key.public_key)
    except ValueError:
        raise KeyRingError(f"key {key.key_id}: public_key is not an Ed25519 public key") from None


def _key_from_json(entry: dict) -> BadgeKey:
    key_id = entry["key_id"]
    try:
        public = bytes.fromhex(entry["public_key"])
        private = entry.get("private_key")
        private = bytes.fromhex(private) if private is not None else None
    except (TypeError, ValueError):
        raise KeyRingError(f"key {key_id!r}: keys must be hexadecimal") from None
    if private is not None and len(private) != 32:
        raise KeyRingError(f"key {key_id!r}: private_key must be 32 bytes")
    return BadgeKey(key_id, public, entry.get("state", ACTIVE), private)
