"""What a scanner knows about badges beyond their signature: revoked serials, and the current
generation of each reprinted serial (a card of an older generation is superseded).

The app keeps this for each event and sends the changes to scanners at each sync. Both facts
only ever grow: a revocation is never lifted (cancelling never makes a new valid code) and a
generation never goes back, so applying the same or older changes again is harmless.
"""

from .payload import MAX_U16, MAX_U32

REVOKED = "revoked"
SUPERSEDED = "superseded"


class RevocationsError(ValueError):
    """A revocation entry that does not fit (the message names the serial or field)."""


def _check(name: str, value, limit: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= limit:
        raise RevocationsError(f"{name} must be a whole number from 0 to {limit}, not {value!r}")
    return value


class Revocations:
    def __init__(self, revoked=(), generations=None):
        self.revoked: set[int] = set()
        self.generations: dict[int, int] = {}
        for serial in revoked:
            self.revoke(serial)
        for serial, generation in (generations or {}).items():
            self.supersede(serial, generation)

    def revoke(self, serial: int) -> None:
        self.revoked.add(_check("serial", serial, MAX_U32))

    def supersede(self, serial: int, generation: int) -> None:
        """Record that `generation` is the serial's current card; older cards are refused."""
        _check("serial", serial, MAX_U32)
        _check("generation", generation, MAX_U16)
        if generation > self.generations.get(serial, 0):
            self.generations[serial] = generation

    def status(self, serial: int, generation: int) -> str | None:
        """`revoked`, `superseded` or None. A generation newer than the one known here is accepted:
        its signature proves it was issued, and the scanner may not have synced the reprint yet."""
        if serial in self.revoked:
            return REVOKED
        if generation < self.generations.get(serial, 0):
            return SUPERSEDED
        return None

    def __len__(self) -> int:
        return len(self.revoked | self.generations.keys())

    def to_json(self) -> dict:
        generations = {str(serial): generation for serial, generation in sorted(self.generations.items())}
        return {"revoked": sorted(self.revoked), "generations": generations}

    @classmethod
    def from_json(cls, data) -> "Revocations":
        """Rebuild from to_json(); JSON object keys are strings, so serials are read back as numbers."""
        try:
            generations = {int(serial): generation for serial, generation in data.get("generations", {}).items()}
            return cls(data.get("revoked", []), generations)
        except RevocationsError:
            raise
        except (TypeError, ValueError, AttributeError) as error:
            raise RevocationsError(f"not a revocation list: {error}") from None
