"""Scans: record append-only what scan_decisions.py decides of a badge token at a gate, and keep the
entry state (scan_writes.py holds the rows read and written under the badge's lock).

The entry state of a badge is changed under a row lock on the badge, so one badge at two gates at
the same moment gives one entry. The same nonce twice from one device records one scan and gets the
first answer; nonces are the device's own, so another device's scan with the same nonce is decided
on its own. An exit of a badge that is the event's is never refused. On PostgreSQL a scan is
decided and recorded by plain statements (gate_rows.py); by the ORM otherwise (on SQLite, for a
batch's scans, a revoked device's, and where a session's admission decides).
"""

import contextlib
import datetime
import uuid
import zoneinfo
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from pavilion.accreditation import gate_rows, labels
from pavilion.accreditation.gate_rows import AtGate, Holder
from pavilion.accreditation.models import Badge, Device, Gate, Scan
from pavilion.accreditation.prepared import server_cursor
from pavilion.accreditation.scan_decisions import (
    AFTER_REVOCATION,
    Answer,
    Checkpoint,
    DeviceRow,
    ScanInput,
    answer_of,
    badge_summary,
    check,
    claimed_serial,
    passback,
    ring_of,
    token_claims,
)
from pavilion.accreditation.scan_writes import (
    as_at_the_gate,
    existing_scan,
    flagged,
    let_in_after_all,
    locked_badge,
    move,
    presence_of,
    same_card,
    turned_away_after_all,
)
from pavilion.accreditation.services import REVOKED_UPLOAD_GRACE, device_seen, keyring_row, verifying_ring
from pavilion.core import clock
from pavilion.core.services import audit_record
from pavilion.engines.badges import KeyRingError
from pavilion.programme.admission import DOORS_OPEN, session_admission_check


def _orm(point: Checkpoint, gate) -> tuple[Checkpoint, Gate]:
    """The checkpoint and gate as models, for the paths that hand them to the ORM (read anew)."""
    if not isinstance(point.device, DeviceRow):
        return point, gate
    device = Device.objects.select_related("event__badge_keys", "gate__zone").get(pk=point.device.pk)
    return Checkpoint(device, point.ring, point.time_zone), device.gate


def _nonce_used(nonce: str) -> ValidationError:
    return ValidationError({"nonce": _("This device already used nonce %(nonce)s for another badge: every scan "
                                       "needs a nonce of its own.") % {"nonce": nonce}})


def _first_answer(device_id: int, scan: ScanInput, error: IntegrityError) -> Answer:
    """The same nonce again from the same device: nothing was written, the first scan's answer
    stands; the same nonce with another badge's code is refused (it would show that other scan's
    holder). Any other integrity error is raised as it was."""
    existing = existing_scan(device_id, scan.nonce)
    if existing is None:
        raise error
    if not same_card(existing, scan.qr):
        raise _nonce_used(scan.nonce) from None
    return Answer(existing.result, existing.reason or None, badge_summary(existing.badge, existing.generation))


def check_batch_nonces(device_id: int, scans: list[ScanInput]) -> None:
    """Refuse a batch, before anything is recorded, that reuses a nonce for another badge (within
    the batch or after an earlier scan of the device)."""
    first: dict[str, ScanInput] = {}
    for scan in scans:
        seen = first.setdefault(scan.nonce, scan)
        if seen is not scan and token_claims(seen.qr) != token_claims(scan.qr):
            raise _nonce_used(scan.nonce)
    stored = (Scan.objects.filter(device_id=device_id, nonce__in=list(first)).select_related("badge"))
    for scan in stored:
        if not same_card(scan, first[scan.nonce].qr):
            raise _nonce_used(scan.nonce)


def _record(point: Checkpoint, scan: ScanInput, gate: Gate, moment, serial: int | None, offline) -> Answer:
    """Decide and store the scan in one transaction: the badge row locked first (one badge at two
    gates at the same moment gives one entry), its entry state read after the lock, the scan
    inserted as the first write (a repeated nonce rolls back the whole transaction, nothing
    written, and gets the first answer), then the entry state moved. A scan a scanner decided
    offline is recorded as it was decided there (`as_at_the_gate`)."""
    point, gate = _orm(point, gate)
    day = moment.astimezone(point.time_zone).date()
    admission = None
    try:
        with transaction.atomic():
            badge = locked_badge(point.ring.event, serial) if serial is not None else None
            reason, holder, generation = check(point, scan.qr, gate, moment, Holder.of(badge) if badge else None,
                                               scan.direction)
            badge = badge if holder is not None else None
            alert, presence, moves = "", None, False
            if badge is not None and (reason is None or scan.offline_result == "granted"):
                presence = presence_of(badge, gate.zone_id)
            if reason is None:
                reason, alert, moves = passback(presence, gate.zone, scan.direction, moment, day)
            if reason is None and scan.offline_result != "denied":
                # the programme's hook: a session behind this gate may refuse the badge
                admission = session_admission_check(gate=gate, badge=badge, direction=scan.direction, moment=moment)
                reason = admission.reason if admission else None
            result, reason, alert, moves = as_at_the_gate(scan, reason, alert, moves, presence, moment,
                                                          badge is not None)
            stored = Scan.objects.create(
                event_id=point.ring.event, device=point.device, gate=gate, zone=gate.zone, badge=badge,
                generation=generation, direction=scan.direction, result=result,
                reason=reason or "", alert=flagged(point, alert), scanned_at=moment, received_at=clock.now(),
                nonce=scan.nonce, offline=offline)
            if admission is not None:
                admission.record(stored)
            if result == "granted" and moves:
                move(badge, gate.zone, presence, scan.direction, moment, day)
    except IntegrityError as error:
        corrected = None
        # A revoked device hands in what it scanned offline; it does not correct what the server already
        # decided online (a stolen device must not take a person off the roll call or put one on it).
        revoked = getattr(point.device, "revoked_at", None) is not None
        if scan.offline_result == "granted" and not revoked:
            corrected = let_in_after_all(point, scan, gate, moment, day)
        elif scan.offline_result == "denied" and not revoked:
            corrected = turned_away_after_all(point, scan, gate, moment)
        if corrected is not None:
            return corrected
        return _first_answer(point.device.pk, scan, error)
    return Answer(result, reason, holder.summary(generation) if holder else None)


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
                reason, alert, moves = passback(presence, gate.zone, scan.direction, moment, day)
            gate_rows.store(cursor, event_id=point.ring.event, device_id=point.device.pk, gate=gate, holder=holder,
                            generation=generation, direction=scan.direction, reason=reason, alert=alert,
                            scanned_at=moment, received_at=clock.now(), nonce=scan.nonce, offline=offline,
                            move_day=day if reason is None and moves else None, moment=moment)
    except _SessionOn:
        return _record(point, scan, gate, moment, serial, offline)
    except IntegrityError as error:
        return _first_answer(point.device.pk, scan, error)
    return answer_of(reason, holder, generation)


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
        reason, alert, moves = passback(seen.entry, gate.zone, scan.direction, moment, day)
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
    return answer_of(reason, holder, generation)


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
            or getattr(point.device, "revoked_at", None) is not None):  # flagged (`flagged`) by the ORM path

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
    serial, claimed_event = token_claims(scan.qr)
    with server_cursor(connection) as cursor:
        seen = gate_rows.at_gate(cursor, digest=digest, serial=serial, claimed_event=claimed_event,
                                 direction=scan.direction, moment=moment, doors_open=DOORS_OPEN)
        if seen is None or seen.gate.code != scan.gate or seen.public_keys is None:
            return None
        try:
            ring = ring_of(seen.public_keys)
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
        locked = locked_badge(badge.event_id, badge.serial)
        denial, _holder, _generation = check(point, locked.token, gate, moment, Holder.of(locked), direction)
        presence = None
        if denial is None:
            presence = presence_of(locked, gate.zone_id)
            denial, _alert, _moves = passback(presence, gate.zone, direction, moment, day)
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
        move(locked, gate.zone, presence, direction, moment, day)
        audit_record(actor=actor, action="scan.override", obj=scan,
                     after={"serial": locked.serial, "gate": gate.code, "reason": reason[:300]})
    return scan
