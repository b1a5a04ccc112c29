"""The rows a scan reads and writes under its badge's lock (scanning.py decides when): the badge
locked, the earlier scan of a device's nonce, the holder's entry state moved, and what a scanner
decided offline when its answer and the server's differ: recorded as it happened at the gate, the
server's decision kept beside it (`as_at_the_gate`, `let_in_after_all`, `turned_away_after_all`)."""

import zoneinfo

from django.db import IntegrityError, transaction
from django.db.models import Q

from pavilion.accreditation.models import Badge, Gate, Presence, Scan, Zone
from pavilion.accreditation.prepared import PreparedQuery
from pavilion.accreditation.scan_decisions import (
    LET_IN_OFFLINE,
    REVOKED_DEVICE,
    TURNED_AWAY_OFFLINE,
    Answer,
    Checkpoint,
    ScanInput,
    badge_summary,
)
from pavilion.core import clock
from pavilion.engines.badges import decode

GATE_NONCE_ROOM = Scan._meta.get_field("nonce").max_length - len("#gate")

# The badge with its holder, its row (only) locked until the transaction ends: one query, compiled
# once (see prepared.py); (event, serial) is unique, so no ordering.
LOCKED_BADGE = PreparedQuery(
    lambda event_id, serial: Badge.objects.select_for_update(of=("self",), no_key=True)
    .select_related("registration__person", "registration__category")
    .filter(event_id=event_id, serial=serial).order_by()[:1],
    event_id=2_000_000_001, serial=2_000_000_002)  # placeholders, in range


def locked_badge(event_id: int, serial: int) -> Badge | None:
    return LOCKED_BADGE.first(event_id=event_id, serial=serial)


def existing_scan(device_id: int, nonce: str) -> Scan | None:
    return (Scan.objects.filter(device_id=device_id, nonce=nonce)
            .select_related("badge__registration__person", "badge__registration__category").first())


def same_card(scan: Scan, text) -> bool:
    """Whether `text` names the card a stored scan was of (a device re-sending its scan). A scan
    that found no badge tells nothing about anyone, so any text may get its answer again."""
    if scan.badge is None:
        return True
    try:
        _signed, _signature, claims = decode(text)
    except ValueError:
        return False
    return (claims.event, claims.serial, claims.generation) == (scan.event_id, scan.badge.serial, scan.generation)


def presence_of(badge: Badge, zone_id: int) -> Presence | None:
    """The badge's entry state in a zone: its one row, or None (unordered: (badge, zone) is unique)."""
    return next(iter(Presence.objects.filter(badge=badge, zone_id=zone_id).order_by()[:1]), None)


def move(badge: Badge, zone: Zone, presence: Presence | None, direction: str, moment, day) -> None:
    """One write: the row exists (it was read under the badge's lock) or it is made now."""
    inside = direction == Scan.Direction.IN
    if presence is None:
        Presence.objects.create(badge=badge, zone=zone, inside=inside, day=day, moved_at=moment)
    else:
        Presence.objects.filter(pk=presence.pk).update(inside=inside, day=day, moved_at=moment)


def flagged(point: Checkpoint, alert: str) -> str:
    """The alert a scan is recorded with: REVOKED_DEVICE for any scan of a revoked device."""
    return REVOKED_DEVICE if getattr(point.device, "revoked_at", None) is not None else alert


def let_in_after_all(point: Checkpoint, scan: ScanInput, gate: Gate, moment, day) -> Answer | None:
    """A scan the server denied online whose answer never reached the scanner (its request timed out),
    which then let the person in offline and now uploads it with the same nonce. Scans are append-only:
    the online scan stays as the server decided it, and a second scan says what happened at the gate
    (granted, the server's reason, the `offline_let_in` alert, under the nonce with "#gate" added), the
    person counted inside as `as_at_the_gate` counts such a scan. Sent again, its answer again. None
    when there is nothing to add (the online scan was granted, or of no badge, or of another card)."""
    existing = existing_scan(point.device.pk, scan.nonce)
    if existing is None or existing.badge_id is None or existing.result != "denied" or not same_card(existing, scan.qr):
        return None
    nonce = f"{scan.nonce[:GATE_NONCE_ROOM]}#gate"
    summary = badge_summary(existing.badge, existing.generation)
    try:
        with transaction.atomic():
            badge = locked_badge(point.ring.event, existing.badge.serial) or existing.badge
            presence = presence_of(badge, gate.zone_id)
            Scan.objects.create(
                event_id=point.ring.event, device=point.device, gate=gate, zone=gate.zone, badge=badge,
                generation=existing.generation, direction=scan.direction, result="granted", reason=existing.reason,
                alert=flagged(point, LET_IN_OFFLINE), scanned_at=moment, received_at=clock.now(), nonce=nonce, offline=True)
            if not (presence is not None and moment < presence.moved_at):  # an older scan: the state stays
                move(badge, gate.zone, presence, scan.direction, moment, day)
    except IntegrityError:  # recorded already: the upload was sent again
        pass
    return Answer("granted", existing.reason or None, summary)


def turned_away_after_all(point: Checkpoint, scan: ScanInput, gate: Gate, moment) -> Answer | None:
    """The opposite of `let_in_after_all`: the server granted a scan online (and moved the holder)
    but its answer never reached the scanner, which then turned the person away offline and uploads
    that with the same nonce. The online scan stays; a second scan says what happened at the gate
    (denied, the scanner's reason, the `offline_turned_away` alert, under the nonce with "#gate"
    added) and the holder's entry state goes back to what it was before the online scan, unless
    the holder moved since. Sent again, its answer again. None when there is nothing to add."""
    existing = existing_scan(point.device.pk, scan.nonce)
    if existing is None or existing.badge_id is None or existing.result != "granted" or not same_card(existing, scan.qr):
        return None
    nonce = f"{scan.nonce[:GATE_NONCE_ROOM]}#gate"
    reason = scan.offline_reason or "invalid"
    summary = badge_summary(existing.badge, existing.generation)
    try:
        with transaction.atomic():
            badge = locked_badge(point.ring.event, existing.badge.serial) or existing.badge
            Scan.objects.create(
                event_id=point.ring.event, device=point.device, gate=gate, zone_id=existing.zone_id, badge=badge,
                generation=existing.generation, direction=scan.direction, result="denied", reason=reason,
                alert=flagged(point, TURNED_AWAY_OFFLINE), scanned_at=moment, received_at=clock.now(), nonce=nonce,
                offline=True)
            _undo_move(badge, existing, point.time_zone)
    except IntegrityError:  # recorded already: the upload was sent again
        pass
    return Answer("denied", reason, summary)


def _undo_move(badge: Badge, granted: Scan, time_zone: zoneinfo.ZoneInfo) -> None:
    """The badge's entry state in the granted scan's zone as it was before that scan (which did not
    happen at the gate), when that scan was its last movement: by the badge's previous granted scan
    there that did happen, or none (nobody moved). The badge's row is locked by the caller."""
    presence = presence_of(badge, granted.zone_id)
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


def as_at_the_gate(scan: ScanInput, reason: str | None, alert: str, moves: bool, presence, moment,
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
