"""Scans: verify a badge token at a gate, decide, record append-only, and keep the entry state.

The engine checks the token (signature, revocation, generation, window, zone); the app adds what
only it knows: the registration's clearance (`not_cleared`), the per-zone windows of the grants
and anti-passback. The entry state of a badge is changed under a row lock on the badge, so one
badge at two gates at the same moment gives one entry. The same nonce twice from one device records
one scan and gets the first answer; nonces are the device's own, so another device's scan with the
same nonce is decided on its own. An exit of a badge that is the event's is never refused.
"""

import contextlib
import datetime
import json
import uuid
import zoneinfo
from dataclasses import dataclass
from functools import lru_cache
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from pavilion.accreditation import gate_rows, labels
from pavilion.accreditation.gate_rows import AtGate, EntryState, GateRow, Holder
from pavilion.accreditation.models import Badge, BadgeKeyRing, Device, Gate, Presence, Scan, Zone
from pavilion.accreditation.prepared import PreparedQuery, server_cursor
from pavilion.accreditation.services import (
    CLOSED_REGISTRATIONS,
    REVOKED_UPLOAD_GRACE,
    device_seen,
    keyring_row,
    verifying_ring,
)
from pavilion.core import clock
from pavilion.core.services import audit_record
from pavilion.engines.badges import KeyRing, KeyRingError, Revocations, decode, verify
from pavilion.programme.admission import DOORS_OPEN, FULL, NOT_ON_LIST, session_admission_check
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
GATE_NONCE_ROOM = Scan._meta.get_field("nonce").max_length - len("#gate")


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
def _ring_of(public_keys: str) -> KeyRing:
    """The verifying ring of an event's public keys (JSON text): parsed once per process for as
    long as the keys stay the same (a rotation or retirement changes the text)."""
    return KeyRing.from_json(json.loads(public_keys))


def _orm(point: Checkpoint, gate) -> tuple[Checkpoint, Gate]:
    """The checkpoint and gate as models, for the paths that hand them to the ORM (read anew)."""
    if not isinstance(point.device, DeviceRow):
        return point, gate
    device = Device.objects.select_related("event__badge_keys", "gate__zone").get(pk=point.device.pk)
    return Checkpoint(device, point.ring, point.time_zone), device.gate


def badge_summary(badge: Badge | None, generation: int | None) -> dict | None:
    """What the gate operator sees: who holds the badge (photo, category), never from the token;
    the generation is the card's that was read."""
    return Holder.of(badge).summary(generation) if badge is not None else None


def _claims(text) -> tuple[int | None, int | None]:
    """(serial, event) a token names when it decodes (the signature is checked by the engine
    afterwards)."""
    try:
        _signed, _signature, claims = decode(text)
    except ValueError:
        return None, None
    return claims.serial, claims.event


def claimed_serial(text, event_id: int) -> int | None:
    """The serial a token names when it decodes and is of this event (its signature not yet checked)."""
    serial, event = _claims(text)
    return serial if event == event_id else None


# The badge with its holder, its row (only) locked until the transaction ends: one query, compiled
# once (see prepared.py); (event, serial) is unique, so no ordering.
LOCKED_BADGE = PreparedQuery(
    lambda event_id, serial: Badge.objects.select_for_update(of=("self",), no_key=True)
    .select_related("registration__person", "registration__category")
    .filter(event_id=event_id, serial=serial).order_by()[:1],
    event_id=2_000_000_001, serial=2_000_000_002)  # placeholders, in range


def _locked_badge(event_id: int, serial: int) -> Badge | None:
    return LOCKED_BADGE.first(event_id=event_id, serial=serial)


def revocations(badge: Holder | None) -> Revocations:
    """What the engine must refuse of this badge: revoked, or its registration closed; older cards."""
    if badge is None:
        return Revocations()
    revoked = [badge.serial] if badge.status == Badge.Status.REVOKED or badge.registration_status in CLOSED_REGISTRATIONS else []
    return Revocations(revoked=revoked, generations={badge.serial: badge.generation})


def window_spans(spans: list) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """A badge's stored windows of one zone (pairs of ISO texts) as times."""
    return [(datetime.datetime.fromisoformat(a), datetime.datetime.fromisoformat(b)) for a, b in spans]


def _window_reason(badge: Holder, zone: Zone, moment: datetime.datetime, time_zone: zoneinfo.ZoneInfo) -> str | None:
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
    return _window_reason(badge, gate.zone, moment, point.time_zone), badge, generation


def _existing(device_id: int, nonce: str) -> Scan | None:
    return (Scan.objects.filter(device_id=device_id, nonce=nonce)
            .select_related("badge__registration__person", "badge__registration__category").first())


def _same_card(scan: Scan, text) -> bool:
    """Whether `text` names the card a stored scan was of (a device re-sending its scan). A scan
    that found no badge tells nothing about anyone, so any text may get its answer again."""
    if scan.badge is None:
        return True
    try:
        _signed, _signature, claims = decode(text)
    except ValueError:
        return False
    return (claims.event, claims.serial, claims.generation) == (scan.event_id, scan.badge.serial, scan.generation)


def _nonce_used(nonce: str) -> ValidationError:
    return ValidationError({"nonce": _("This device already used nonce %(nonce)s for another badge: every scan "
                                       "needs a nonce of its own.") % {"nonce": nonce}})


def _first_answer(device_id: int, scan: ScanInput, error: IntegrityError) -> Answer:
    """The same nonce again from the same device: nothing was written, the first scan's answer
    stands; the same nonce with another badge's code is refused (it would show that other scan's
    holder). Any other integrity error is raised as it was."""
    existing = _existing(device_id, scan.nonce)
    if existing is None:
        raise error
    if not _same_card(existing, scan.qr):
        raise _nonce_used(scan.nonce) from None
    return Answer(existing.result, existing.reason or None, badge_summary(existing.badge, existing.generation))


def check_batch_nonces(device_id: int, scans: list[ScanInput]) -> None:
    """Refuse a batch, before anything is recorded, that reuses a nonce for another badge (within
    the batch or after an earlier scan of the device)."""
    first: dict[str, ScanInput] = {}
    for scan in scans:
        seen = first.setdefault(scan.nonce, scan)
        if seen is not scan and _claims(seen.qr) != _claims(scan.qr):
            raise _nonce_used(scan.nonce)
    stored = (Scan.objects.filter(device_id=device_id, nonce__in=list(first)).select_related("badge"))
    for scan in stored:
        if not _same_card(scan, first[scan.nonce].qr):
            raise _nonce_used(scan.nonce)


def _answer(reason: str | None, holder, generation: int | None) -> Answer:
    return Answer("denied" if reason else "granted", reason, holder.summary(generation) if holder else None)


def _passback(presence: Presence | EntryState | None, zone: Zone, direction: str, moment, day) -> tuple[str | None, str, bool]:
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


def _move(badge: Badge, zone: Zone, presence: Presence | None, direction: str, moment, day) -> None:
    """One write: the row exists (it was read under the badge's lock) or it is made now."""
    inside = direction == Scan.Direction.IN
    if presence is None:
        Presence.objects.create(badge=badge, zone=zone, inside=inside, day=day, moved_at=moment)
    else:
        Presence.objects.filter(pk=presence.pk).update(inside=inside, day=day, moved_at=moment)


def _record(point: Checkpoint, scan: ScanInput, gate: Gate, moment, serial: int | None, offline) -> Answer:
    """Decide and store the scan in one transaction: the badge row locked first (one badge at two
    gates at the same moment gives one entry), its entry state read after the lock, the scan
    inserted as the first write (a repeated nonce rolls back the whole transaction, nothing
    written, and gets the first answer), then the entry state moved. A scan a scanner decided
    offline is recorded as it was decided there (`_as_at_the_gate`)."""
    point, gate = _orm(point, gate)
    day = moment.astimezone(point.time_zone).date()
    admission = None
    try:
        with transaction.atomic():
            badge = _locked_badge(point.ring.event, serial) if serial is not None else None
            reason, holder, generation = check(point, scan.qr, gate, moment, Holder.of(badge) if badge else None,
                                               scan.direction)
            badge = badge if holder is not None else None
            alert, presence, moves = "", None, False
            if badge is not None and (reason is None or scan.offline_result == "granted"):
                presence = next(iter(Presence.objects.filter(badge=badge, zone=gate.zone).order_by()[:1]), None)
            if reason is None:
                reason, alert, moves = _passback(presence, gate.zone, scan.direction, moment, day)
            if reason is None and scan.offline_result != "denied":
                # the programme's hook: a session behind this gate may refuse the badge
                admission = session_admission_check(gate=gate, badge=badge, direction=scan.direction, moment=moment)
                reason = admission.reason if admission else None
            result, reason, alert, moves = _as_at_the_gate(scan, reason, alert, moves, presence, moment,
                                                           badge is not None)
            stored = Scan.objects.create(
                event_id=point.ring.event, device=point.device, gate=gate, zone=gate.zone, badge=badge,
                generation=generation, direction=scan.direction, result=result,
                reason=reason or "", alert=_flagged(point, alert), scanned_at=moment, received_at=clock.now(),
                nonce=scan.nonce, offline=offline)
            if admission is not None:
                admission.record(stored)
            if result == "granted" and moves:
                _move(badge, gate.zone, presence, scan.direction, moment, day)
    except IntegrityError as error:
        corrected = None
        # A revoked device hands in what it scanned offline; it does not correct what the server already
        # decided online (a stolen device must not take a person off the roll call or put one on it).
        revoked = getattr(point.device, "revoked_at", None) is not None
        if scan.offline_result == "granted" and not revoked:
            corrected = _let_in_after_all(point, scan, gate, moment, day)
        elif scan.offline_result == "denied" and not revoked:
            corrected = _turned_away_after_all(point, scan, gate, moment)
        if corrected is not None:
            return corrected
        return _first_answer(point.device.pk, scan, error)
    return Answer(result, reason, holder.summary(generation) if holder else None)


def _flagged(point: Checkpoint, alert: str) -> str:
    """The alert a scan is recorded with: REVOKED_DEVICE for any scan of a revoked device."""
    return REVOKED_DEVICE if getattr(point.device, "revoked_at", None) is not None else alert


def _let_in_after_all(point: Checkpoint, scan: ScanInput, gate: Gate, moment, day) -> Answer | None:
    """A scan the server denied online whose answer never reached the scanner (its request timed out),
    which then let the person in offline and now uploads it with the same nonce. Scans are append-only:
    the online scan stays as the server decided it, and a second scan says what happened at the gate
    (granted, the server's reason, the `offline_let_in` alert, under the nonce with "#gate" added), the
    person counted inside as `_as_at_the_gate` counts such a scan. Sent again, its answer again. None
    when there is nothing to add (the online scan was granted, or of no badge, or of another card)."""
    existing = _existing(point.device.pk, scan.nonce)
    if existing is None or existing.badge_id is None or existing.result != "denied" or not _same_card(existing, scan.qr):
        return None
    nonce = f"{scan.nonce[:GATE_NONCE_ROOM]}#gate"
    summary = badge_summary(existing.badge, existing.generation)
    try:
        with transaction.atomic():
            badge = _locked_badge(point.ring.event, existing.badge.serial) or existing.badge
            presence = next(iter(Presence.objects.filter(badge=badge, zone=gate.zone).order_by()[:1]), None)
            Scan.objects.create(
                event_id=point.ring.event, device=point.device, gate=gate, zone=gate.zone, badge=badge,
                generation=existing.generation, direction=scan.direction, result="granted", reason=existing.reason,
                alert=_flagged(point, LET_IN_OFFLINE), scanned_at=moment, received_at=clock.now(), nonce=nonce, offline=True)
            if not (presence is not None and moment < presence.moved_at):  # an older scan: the state stays
                _move(badge, gate.zone, presence, scan.direction, moment, day)
    except IntegrityError:  # recorded already: the upload was sent again
        pass
    return Answer("granted", existing.reason or None, summary)


def _turned_away_after_all(point: Checkpoint, scan: ScanInput, gate: Gate, moment) -> Answer | None:
    """The opposite of `_let_in_after_all`: the server granted a scan online (and moved the holder)
    but its answer never reached the scanner, which then turned the person away offline and uploads
    that with the same nonce. The online scan stays; a second scan says what happened at the gate
    (denied, the scanner's reason, the `offline_turned_away` alert, under the nonce with "#gate"
    added) and the holder's entry state goes back to what it was before the online scan, unless
    the holder moved since. Sent again, its answer again. None when there is nothing to add."""
    existing = _existing(point.device.pk, scan.nonce)
    if existing is None or existing.badge_id is None or existing.result != "granted" or not _same_card(existing, scan.qr):
        return None
    nonce = f"{scan.nonce[:GATE_NONCE_ROOM]}#gate"
    reason = scan.offline_reason or "invalid"
    summary = badge_summary(existing.badge, existing.generation)
    try:
        with transaction.atomic():
            badge = _locked_badge(point.ring.event, existing.badge.serial) or existing.badge
            Scan.objects.create(
                event_id=point.ring.event, device=point.device, gate=gate, zone_id=existing.zone_id, badge=badge,
                generation=existing.generation, direction=scan.direction, result="denied", reason=reason,
                alert=_flagged(point, TURNED_AWAY_OFFLINE), scanned_at=moment, received_at=clock.now(), nonce=nonce,
                offline=True)
            _undo_move(badge, existing, point.time_zone)
    except IntegrityError:  # recorded already: the upload was sent again
        pass
    return Answer("denied", reason, summary)


def _undo_move(badge: Badge, granted: Scan, time_zone: zoneinfo.ZoneInfo) -> None:
    """The badge's entry state in the granted scan's zone as it was before that scan (which did not
    happen at the gate), when that scan was its last movement: by the badge's previous granted scan
    there that did happen, or none (nobody moved). The badge's row is locked by the caller."""
    presence = Presence.objects.filter(badge=badge, zone_id=granted.zone_id).first()
    if presence is None or presence.moved_at != granted.scanned_at:
        return  # the scan moved nothing (it arrived late), or the holder moved since: that stands
    before = Q(scanned_at__lt=granted.scanned_at) | Q(scanned_at=granted.scanned_at, pk__lt=granted.pk)
    earlier = (Scan.objects.filter(before, badge=badge, zone_id=granted.zone_id, result="granted")
               .order_by("-scanned_at", "-pk").only("pk", "device_id", "nonce", "direction", "scanned_at")[:20])
    turned_away = set(Scan.objects.filter(badge=badge, zone_id=granted.zone_id, result="denied", offline=True,
                                          nonce__endswith="#gate").values_list("device_id", "nonce"))
    for previous in earlier:
        if (previous.device_id, f"{previous.nonce[:GATE_NONCE_ROOM]}#gate") in turned_away:
            continue  # granted online, but turned away at the gate too
        Presence.objects.filter(pk=presence.pk).update(
            inside=previous.direction == Scan.Direction.IN, moved_at=previous.scanned_at,
            day=previous.scanned_at.astimezone(time_zone).date())
        return
    presence.delete()


def _as_at_the_gate(scan: ScanInput, reason: str | None, alert: str, moves: bool, presence, moment,
                    known: bool) -> tuple[str, str | None, str, bool]:
    """(result, reason, alert, whether the entry state moves) of a scan as recorded. The server's
    decision, unless a scanner decided it offline: then what happened at the gate. A person let in
    is inside (counted, on the roll call) even when the server would have denied the badge (revoked
    after the scanner's last sync, say): the server's reason stays on the scan with the alert
    `offline_let_in` for the officers. A person turned away moved nowhere, whatever the server
    would have said; the scan keeps the scanner's reason."""
    if scan.offline_result == "granted" and reason is not None:
        late = presence is not None and moment < presence.moved_at  # an older scan: the state stays
        return "granted", reason, LET_IN_OFFLINE, known and not late
    if scan.offline_result == "denied" and reason is None:
        return "denied", scan.offline_reason or "invalid", "", False
    return ("denied" if reason else "granted"), reason, alert, moves


class _SessionOn(Exception):
    """A session is on behind the gate: the programme's admission hook decides (the ORM path)."""


def _record_sql(point: Checkpoint, scan: ScanInput, gate: Gate, moment, serial: int | None, offline) -> Answer:
    """`_record` on PostgreSQL in three plain statements under the badge's lock (gate_rows.py): the
    same lock, order of reads and writes and decisions, without building querysets or model
    instances. What `_record_seen` falls back to when the badge changed since its read."""
    day = moment.astimezone(point.time_zone).date()
    try:
        with transaction.atomic(), server_cursor(connection) as cursor:
            holder = gate_rows.lock_holder(cursor, point.ring.event, serial) if serial is not None else None
            reason, holder, generation = check(point, scan.qr, gate, moment, holder, scan.direction)
            alert, moves = "", False
            if reason is None:
                presence, session_on = gate_rows.entry_state(cursor, holder=holder, gate=gate, direction=scan.direction,
                                                             moment=moment, doors_open=DOORS_OPEN)
                if session_on:
                    raise _SessionOn  # nothing written yet: the lock goes with the rollback
                reason, alert, moves = _passback(presence, gate.zone, scan.direction, moment, day)
            gate_rows.store(cursor, event_id=point.ring.event, device_id=point.device.pk, gate=gate, holder=holder,
                            generation=generation, direction=scan.direction, reason=reason, alert=alert,
                            scanned_at=moment, received_at=clock.now(), nonce=scan.nonce, offline=offline,
                            move_day=day if reason is None and moves else None, moment=moment)
    except _SessionOn:
        return _record(point, scan, gate, moment, serial, offline)
    except IntegrityError as error:
        return _first_answer(point.device.pk, scan, error)
    return _answer(reason, holder, generation)


def _own_statement():
    """A write that is a transaction of its own in autocommit mode (no BEGIN or COMMIT sent);
    inside a caller's transaction, a savepoint, so that a refused write leaves it usable."""
    return contextlib.nullcontext() if connection.get_autocommit() else transaction.atomic()


def _record_seen(cursor, point: Checkpoint, scan: ScanInput, gate, moment, serial: int | None, offline,
                 seen: AtGate) -> Answer:
    """`_record` on PostgreSQL from what one statement read (gate_rows.AT_GATE), nothing locked:
    the same decisions; a granted entry or exit is written only if the entry state, the badge and
    its registration are still as read, and decided again under the badge's lock otherwise (another
    gate let the badge in meanwhile, or it was revoked)."""
    day = moment.astimezone(point.time_zone).date()
    reason, holder, generation = check(point, scan.qr, gate, moment, seen.holder, scan.direction)
    alert, moves = "", False
    if reason is None:
        if seen.session_on:  # the programme's hook decides, under its own locks
            return _record(point, scan, gate, moment, serial, offline)
        reason, alert, moves = _passback(seen.entry, gate.zone, scan.direction, moment, day)
    try:
        with _own_statement():
            if reason is None and moves:
                stored = gate_rows.store_if_unchanged(
                    cursor, event_id=point.ring.event, device_id=point.device.pk, gate=gate, seen=seen,
                    generation=generation, direction=scan.direction, alert=alert, scanned_at=moment,
                    received_at=clock.now(), nonce=scan.nonce, offline=offline, move_day=day, moment=moment)
            else:
                gate_rows.store(cursor, event_id=point.ring.event, device_id=point.device.pk, gate=gate, holder=holder,
                                generation=generation, direction=scan.direction, reason=reason, alert=alert,
                                scanned_at=moment, received_at=clock.now(), nonce=scan.nonce,
                                offline=offline, move_day=None, moment=moment)
                stored = True
    except IntegrityError as error:
        return _first_answer(point.device.pk, scan, error)
    if not stored:
        return _record_sql(point, scan, gate, moment, serial, offline)
    return _answer(reason, holder, generation)


def _moment(scan: ScanInput, offline: bool) -> datetime.datetime:
    """When the scan happened, as decided and recorded: online, the server's clock (a phone's own
    clock may be wrong by minutes or, under a rehearsal's PAVILION_CLOCK, by years); offline (a
    batch), the time the scanner read the badge (its clock corrected by the server's at each sync),
    never later than now."""
    now = clock.now()
    return min(scan.scanned_at, now) if offline else now


def scan_record(*, point: Checkpoint, scan: ScanInput, offline: bool = False) -> Answer:
    """One scan by a device whose checkpoint is loaded."""
    gate = point.gate(scan.gate)
    # A repeated nonce is caught by the unique constraint when the scan is stored, and answered
    # with the first scan's answer; no read is spent on it beforehand.
    moment = _moment(scan, offline)
    serial = claimed_serial(scan.qr, point.ring.event)
    if (connection.vendor != "postgresql" or scan.offline_result is not None  # a batch's: not the hot path
            or getattr(point.device, "revoked_at", None) is not None):  # flagged (`_flagged`) by the ORM path

        return _record(point, scan, gate, moment, serial, offline)
    with server_cursor(connection) as cursor:
        seen = gate_rows.at_gate(cursor, device=point.device.pk, serial=serial, claimed_event=point.ring.event,
                                 direction=scan.direction, moment=moment, doors_open=DOORS_OPEN)
        if seen is not None:
            return _record_seen(cursor, point, scan, gate, moment, serial, offline, seen)
    return _record_sql(point, scan, gate, moment, serial, offline)  # revoked since it was authenticated


def scan_at_gate(*, digest: str, scan: ScanInput) -> Answer | None:
    """One online scan on PostgreSQL by the device whose token has this digest, its device read
    with the badge in one statement (the fast path, accreditation/scan_wsgi.py). None, with
    nothing written, when the token is no active device's, the scan names another gate than the
    device's or the event has no usable key ring yet: Django's endpoint answers those."""
    moment = _moment(scan, offline=False)
    serial, claimed_event = _claims(scan.qr)
    with server_cursor(connection) as cursor:
        seen = gate_rows.at_gate(cursor, digest=digest, serial=serial, claimed_event=claimed_event,
                                 direction=scan.direction, moment=moment, doors_open=DOORS_OPEN)
        if seen is None or seen.gate.code != scan.gate or seen.public_keys is None:
            return None
        try:
            ring = _ring_of(seen.public_keys)
        except (KeyRingError, ValueError):
            return None
        point = Checkpoint(DeviceRow(seen.device_id, seen.gate.event_id, seen.gate), ring,
                           zoneinfo.ZoneInfo(seen.time_zone))
        serial = serial if claimed_event == seen.gate.event_id else None
        answer = _record_seen(cursor, point, scan, seen.gate, moment, serial, False, seen)
    # The device's last contact, read with it above: written at most once a minute, as the sync's.
    device_seen(device=SimpleNamespace(pk=seen.device_id, last_seen_at=seen.device_seen_at), at=clock.now())
    return answer


def taken_before_revocation(device: Device, scan: ScanInput) -> bool:
    """Whether a revoked device may still hand in this scan: taken (by its own clock, which may lie)
    before its revocation and not more than REVOKED_UPLOAD_GRACE before it. The device reaches this
    only within REVOKED_UPLOAD_GRACE of the revocation by the server's clock
    (services.device_for_upload), so what a thief holding it can send is bounded both ways."""
    return device.revoked_at - REVOKED_UPLOAD_GRACE <= scan.scanned_at < device.revoked_at


def scan_batch(*, point: Checkpoint, scans: list[ScanInput]) -> list[Answer]:
    """Scans taken offline: checked and recorded in the order they happened (passback needs it),
    answered in the order sent; a nonce seen before (in the batch or earlier) answers as first.
    A revoked device's batch: the scans it took before its revocation are recorded (and count) with
    the REVOKED_DEVICE alert, each one after it is refused on its own (`Answer.refused`, nothing
    recorded); no answer names a holder, and the upload is audited."""
    for scan in scans:
        point.gate(scan.gate)  # bad input changes nothing: refuse the batch before recording any
    check_batch_nonces(point.device.pk, scans)
    revoked = getattr(point.device, "revoked_at", None) is not None
    order = sorted(range(len(scans)), key=lambda index: (scans[index].scanned_at, index))
    answers: list[Answer | None] = [None] * len(scans)
    for index in order:
        if revoked and not taken_before_revocation(point.device, scans[index]):
            answers[index] = Answer("denied", "revoked", None, refused=AFTER_REVOCATION)
        else:
            answers[index] = scan_record(point=point, scan=scans[index], offline=True)
    if revoked:
        answers = [Answer(answer.result, answer.reason, None, answer.refused) for answer in answers]
        refused = sum(1 for answer in answers if answer.refused)
        audit_record(actor=None, action="device.upload_after_revoke", obj=point.device,
                     after={"gate": point.device.gate.code, "recorded": len(answers) - refused, "refused": refused})
    return answers


def _override_refusal(reason: str) -> ValidationError:
    label = labels.scan_reason(reason)
    return ValidationError({"badge": _("A scan of this badge at this gate now would be denied (%(reason)s), not "
                                       "for anti-passback: an override lifts only a passback denial.")
                            % {"reason": label}})


def scan_override(*, actor, badge: Badge, gate: Gate, direction: str, reason: str) -> Scan:
    """A supervisor lets a badge through a passback denial; the reason is kept and audited. The
    badge is checked as a scan of its current card at this gate and moment would be: any other
    denial (revoked, not cleared, out of its window, zone not granted, not on a session's list)
    refuses the override and records nothing."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the override.")})
    if gate.event_id != badge.event_id:
        raise ValidationError({"gate": _("This gate belongs to another event.")})
    if direction not in Scan.Direction.values:
        raise ValidationError({"direction": _("Choose entry or exit.")})
    moment = clock.now()
    point = Checkpoint(None, verifying_ring(keyring_row(badge.event)), zoneinfo.ZoneInfo(badge.event.time_zone))
    day = moment.astimezone(point.time_zone).date()
    gate = Gate.objects.select_related("zone").get(pk=gate.pk)
    with transaction.atomic():
        locked = _locked_badge(badge.event_id, badge.serial)
        denial, _holder, _generation = check(point, locked.token, gate, moment, Holder.of(locked), direction)
        presence = None
        if denial is None:
            presence = Presence.objects.filter(badge=locked, zone=gate.zone).first()
            denial, _alert, _moves = _passback(presence, gate.zone, direction, moment, day)
        if denial not in (None, "passback"):
            raise _override_refusal(denial)
        admission = session_admission_check(gate=gate, badge=locked, direction=direction, moment=moment)
        if admission is not None and admission.reason:
            raise _override_refusal(admission.reason)
        scan = Scan.objects.create(
            event_id=locked.event_id, gate=gate, zone=gate.zone, badge=locked, generation=locked.generation,
            direction=direction,
            result="granted", alert="override", scanned_at=moment, received_at=moment,
            nonce=f"override-{uuid.uuid4()}", override_reason=reason[:300],
            supervisor=actor if getattr(actor, "pk", None) else None)
        if admission is not None:
            admission.record(scan)
        _move(locked, gate.zone, presence, direction, moment, day)
        audit_record(actor=actor, action="scan.override", obj=scan,
                     after={"serial": locked.serial, "gate": gate.code, "reason": reason[:300]})
    return scan
