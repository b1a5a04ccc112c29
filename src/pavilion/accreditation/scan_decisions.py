"""What a scan at a gate is and what the rules decide of it, before anything is written: the
token (signature, revocation, generation, window, zone: the engine), the registration's clearance
(`not_cleared`), the grants' per-zone windows and anti-passback; what the device sent
(`ScanInput`), what it is answered (`Answer`) and what one request needs of its event
(`Checkpoint`). scanning.py records the scans decided here."""

import datetime
import json
import zoneinfo
from dataclasses import dataclass
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from pavilion.accreditation.gate_rows import EntryState, GateRow, Holder
from pavilion.accreditation.models import Badge, BadgeKeyRing, Device, Gate, Presence, Scan, Zone
from pavilion.accreditation.services import CLOSED_REGISTRATIONS, keyring_row, verifying_ring
from pavilion.engines.badges import KeyRing, Revocations, decode, verify
from pavilion.programme.admission import FULL, NOT_ON_LIST
from pavilion.registrations.models import Registration

# The programme's reasons at a session's door (programme/admission.py): not in the API's list.
DOOR_REASONS = {NOT_ON_LIST, FULL}


@dataclass(frozen=True)
class ScanInput:
    qr: str
    gate: str
    direction: str
    scanned_at: datetime.datetime
    nonce: str
    # What a scanner decided offline (a batch's item): what happened at the gate. None: the server decides.
    offline_result: str | None = None
    offline_reason: str | None = None


# The alert of a scan let in offline that the server would have denied (its reason is kept with it).
LET_IN_OFFLINE = "offline_let_in"
# The alert of a scan the server granted online whose answer the scanner never got, and which then
# turned the person away offline (the scanner's reason is kept with it).
TURNED_AWAY_OFFLINE = "offline_turned_away"
# The alert of every scan a revoked device uploaded (taken before its revocation): for the officers
# to review. It takes the place of any other alert; the server's or scanner's reason stays.
REVOKED_DEVICE = "revoked_device"
# A batch item of a revoked device taken at or after its revocation: not recorded (`Answer.refused`).
AFTER_REVOCATION = "device_revoked"

@dataclass(frozen=True)
class Answer:
    result: str
    reason: str | None
    badge: dict | None
    # Set (AFTER_REVOCATION) for a batch item that was not recorded: a revoked device's scan taken
    # after its revocation.
    refused: str | None = None

    def as_json(self) -> dict:
        """The API's answer: `reason` is one of specs/api.md's fixed list; a programme door's own
        reason (kept as it is on the scan) is `zone_not_granted` there, with the door's reason as
        the extra field `detail`; a batch item refused unrecorded has the extra field `refused`."""
        if self.reason in DOOR_REASONS:
            return {"result": self.result, "reason": "zone_not_granted", "badge": self.badge, "detail": self.reason}
        if self.refused:
            return {"result": self.result, "reason": self.reason, "badge": self.badge, "refused": self.refused}
        return {"result": self.result, "reason": self.reason, "badge": self.badge}


@dataclass
class Checkpoint:
    """What one request needs of the device's event, loaded once (a batch shares it). The device
    arrives with its event, gate, zone and the event's public keys joined (`device_for_token`),
    so a scan at the device's own gate costs no query here."""

    device: "Device | DeviceRow"
    ring: KeyRing
    time_zone: zoneinfo.ZoneInfo

    @classmethod
    def load(cls, device: Device) -> "Checkpoint":
        event = device.event
        try:
            row = event.badge_keys
        except BadgeKeyRing.DoesNotExist:
            row = keyring_row(event)
        return cls(device, verifying_ring(row), zoneinfo.ZoneInfo(event.time_zone))

    def gate(self, code: str) -> Gate:
        gate = self.device.gate
        if code == gate.code:
            return gate
        if not Gate.objects.filter(event_id=self.device.event_id, code=code).exists():
            raise ValidationError({"gate": _("%(code)r is not a gate of this event.") % {"code": code}})
        raise ValidationError({"gate": _("This device is enrolled at gate %(code)s.") % {"code": gate.code}})


@dataclass(frozen=True, slots=True)
class DeviceRow:
    """The device of a scan read by plain SQL (gate_rows.AT_GATE): its id, event and gate."""

    pk: int
    event_id: int
    gate: GateRow


@lru_cache(maxsize=64)
def ring_of(public_keys: str) -> KeyRing:
    """The verifying ring of an event's public keys (JSON text): parsed once per process for as
    long as the keys stay the same (a rotation or retirement changes the text)."""
    return KeyRing.from_json(json.loads(public_keys))


def badge_summary(badge: Badge | None, generation: int | None) -> dict | None:
    """What the gate operator sees: who holds the badge (photo, category), never from the token;
    the generation is the card's that was read."""
    return Holder.of(badge).summary(generation) if badge is not None else None


def token_claims(text) -> tuple[int | None, int | None]:
    """(serial, event) a token names when it decodes (the signature is checked by the engine
    afterwards)."""
    try:
        _signed, _signature, claims = decode(text)
    except ValueError:
        return None, None
    return claims.serial, claims.event


def claimed_serial(text, event_id: int) -> int | None:
    """The serial a token names when it decodes and is of this event (its signature not yet checked)."""
    serial, event = token_claims(text)
    return serial if event == event_id else None


def revocations(badge: Holder | None) -> Revocations:
    """What the engine must refuse of this badge: revoked, or its registration closed; older cards."""
    if badge is None:
        return Revocations()
    revoked = [badge.serial] if badge.status == Badge.Status.REVOKED or badge.registration_status in CLOSED_REGISTRATIONS else []
    return Revocations(revoked=revoked, generations={badge.serial: badge.generation})


def window_spans(spans: list) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """A badge's stored windows of one zone (pairs of ISO texts) as times."""
    return [(datetime.datetime.fromisoformat(a), datetime.datetime.fromisoformat(b)) for a, b in spans]


def window_reason(badge: Holder, zone: Zone, moment: datetime.datetime, time_zone: zoneinfo.ZoneInfo) -> str | None:
    """The grant's own windows for this zone (narrower than the badge's window, e.g. one day). Between
    windows the honest reason: `not_yet_valid` when a window of the zone opens later the same local day
    or none of its windows has begun yet, `expired` when the last one that began has ended and the next
    (if any) opens another day."""
    spans = window_spans(badge.windows.get(str(zone.number), []))
    if not spans:
        return "zone_not_granted"
    if any(start <= moment <= end for start, end in spans):
        return None
    day = moment.astimezone(time_zone).date()
    later_today = any(moment < start and start.astimezone(time_zone).date() == day for start, _end in spans)
    begun = any(start <= moment for start, _end in spans)
    return "not_yet_valid" if later_today or not begun else "expired"


def check(point: Checkpoint, text, gate: Gate, moment: datetime.datetime,
          badge: Holder | None, direction: str = "in") -> tuple[str | None, Holder | None, int | None]:
    """(denial reason or None, the badge and the card's generation when its signature is good);
    `badge` is the row the token names, or None. An exit of a badge that is genuinely ours (its
    signature good, its serial known) is never refused: revoked, superseded, out of its window or
    not granted this zone, the person is leaving and must be counted out."""
    result = verify(text, point.ring, event=point.ring.event, now=moment, zone=gate.zone.number,
                    revocations=revocations(badge))
    if result.claims is None:
        return str(result.reason), None, None
    if badge is None:  # signed by our key but no such badge: treat as a forgery
        return "invalid", None, None
    generation = result.claims.generation
    if direction == Scan.Direction.OUT:
        return None, badge, generation
    if not result.granted:
        return str(result.reason), badge, generation
    if badge.registration_status != Registration.Status.APPROVED:
        return "not_cleared", badge, generation
    return window_reason(badge, gate.zone, moment, point.time_zone), badge, generation


def answer_of(reason: str | None, holder, generation: int | None) -> Answer:
    return Answer("denied" if reason else "granted", reason, holder.summary(generation) if holder else None)


def passback(presence: Presence | EntryState | None, zone: Zone, direction: str, moment, day) -> tuple[str | None, str, bool]:
    """(denial reason, alert, whether the entry state moves) for a badge whose row is locked."""
    if presence is not None and moment < presence.moved_at:
        return None, "", False  # an older offline scan arriving late: recorded, the state stays
    inside = presence is not None and presence.inside and presence.day == day  # resets each local day
    if direction == Scan.Direction.IN and inside:
        if zone.passback == Zone.Passback.HARD:
            return "passback", "", False
        if zone.passback == Zone.Passback.SOFT:
            return None, "passback", True
    return None, "", True
