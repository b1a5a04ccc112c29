"""Writes of the accreditation set-up: zones, gates, grants, per-person changes, the event's badge
keys and gate devices. Badges are in issuing.py, scans in scanning.py."""

import datetime
import json
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pavilion.accreditation.models import (
    AlertAcknowledgement,
    Badge,
    BadgeKeyRing,
    Device,
    Gate,
    Grant,
    PersonGrant,
    Zone,
)
from pavilion.accreditation.prepared import PreparedQuery
from pavilion.core import clock, crypto
from pavilion.core.services import audit_record, audit_values, delete_unless_used
from pavilion.engines.badges import ACTIVE, RETIRED, KeyRing, KeyRingError
from pavilion.registrations.models import Registration

# A badge of a rejected or cancelled registration is refused like a revoked one (scan_decisions.py), and
# revoked when its registration closes (signals.py).
CLOSED_REGISTRATIONS = frozenset({Registration.Status.REJECTED, Registration.Status.CANCELLED})

PASSBACK_BY_KIND = {
    Zone.Kind.HALL: Zone.Passback.SOFT, Zone.Kind.OUTDOOR: Zone.Passback.SOFT,
    Zone.Kind.VIP: Zone.Passback.HARD, Zone.Kind.DELEGATION: Zone.Passback.HARD,
}


def check_zone(event, *, name_en: str, kind: str, passback: str | None, hall) -> None:
    """What a new zone and a changed one must have; a new one's passback may be None (by kind)."""
    if kind not in Zone.Kind.values:
        raise ValidationError({"kind": _("Choose a kind of zone.")})
    if passback is not None and passback not in Zone.Passback.values:
        raise ValidationError({"passback": _("Choose an anti-passback rule.")})
    if not name_en.strip():
        raise ValidationError({"name_en": _("Give the zone's name in English.")})
    if hall is not None and hall.venue_id != event.venue_id:
        raise ValidationError({"hall": _("This hall is not in the event's venue.")})


def free_zone_numbers(event, count: int) -> list[int]:
    """The `count` lowest numbers no zone of the event has (a zone's number is a bit of its badges: 0
    to 127), refused when there are not that many."""
    used = set(Zone.objects.filter(event=event).values_list("number", flat=True))
    free = [number for number in range(128) if number not in used][:count]
    if len(free) < count:
        raise ValidationError({"number": _("An event has at most 128 zones.")})
    return free


def zone_create(*, actor, event, code: str, name_en: str, kind: str, number: int | None = None, hall=None,
                passback: str | None = None, name_az: str = "", name_ru: str = "") -> Zone:
    check_zone(event, name_en=name_en, kind=kind, passback=passback, hall=hall)
    with transaction.atomic():
        if number is None:
            number = free_zone_numbers(event, 1)[0]
        if not 0 <= number <= 127:
            raise ValidationError({"number": _("A zone number is from 0 to 127.")})
        # Codes are told apart regardless of case, as every other code: HALL-1 and hall-1 would be one
        # zone to a person; and two zones of one name could not be told apart on a badge.
        if Zone.objects.filter(event=event, code__iexact=code).exists():
            raise ValidationError({"code": _("This event already has a zone with this code.")})
        if Zone.objects.filter(event=event, name_en__iexact=name_en.strip()).exists():
            raise ValidationError({"name_en": _("This event already has a zone with this name.")})
        if Zone.objects.filter(event=event, number=number).exists():
            raise ValidationError({"number": _("This event already has a zone with this number.")})
        zone = Zone.objects.create(
            event=event, code=code, number=number, name_en=name_en, name_az=name_az, name_ru=name_ru, kind=kind,
            hall=hall, passback=passback or PASSBACK_BY_KIND.get(kind, Zone.Passback.NONE))
        audit_record(actor=actor, action="zone.create", obj=zone, after={"code": code, "number": number})
    return zone


def gate_create(*, actor, zone: Zone, code: str, name: str, name_az: str = "", name_ru: str = "") -> Gate:
    with transaction.atomic():
        if Gate.objects.filter(event=zone.event, code__iexact=code).exists():
            raise ValidationError({"code": _("This event already has a gate with this code.")})
        gate = Gate.objects.create(event=zone.event, zone=zone, code=code, name_en=name, name_az=name_az,
                                   name_ru=name_ru)
        audit_record(actor=actor, action="gate.create", obj=gate, after={"code": code, "zone": zone.code})
    return gate


ZONE_FIELDS = ("name_en", "name_az", "name_ru", "kind", "hall", "passback")
GATE_FIELDS = ("zone", "name_en", "name_az", "name_ru")


def zone_update(*, actor, zone: Zone, name_en: str, kind: str, passback: str, hall=None, name_az: str = "",
                name_ru: str = "") -> Zone:
    """A zone's names, kind, hall and anti-passback. Its number is a bit of every badge issued and
    its code what the scanners and the API know it by: neither changes."""
    check_zone(zone.event, name_en=name_en, kind=kind, passback=passback, hall=hall)
    if Zone.objects.filter(event=zone.event_id, name_en__iexact=name_en.strip()).exclude(pk=zone.pk).exists():
        raise ValidationError({"name_en": _("This event already has a zone with this name.")})
    with transaction.atomic():
        before = audit_values(zone, ZONE_FIELDS)
        zone.name_en, zone.name_az, zone.name_ru = name_en, name_az, name_ru
        zone.kind, zone.passback, zone.hall = kind, passback, hall
        zone.save()
        audit_record(actor=actor, action="zone.update", obj=zone, before=before, after=audit_values(zone, ZONE_FIELDS))
    return zone


def gate_update(*, actor, gate: Gate, zone: Zone, name_en: str, name_az: str = "", name_ru: str = "") -> Gate:
    """A gate's names and the zone it leads into (its scanners take the change at their next sync).
    Its code is what its devices and the API know it by: it does not change."""
    if zone.event_id != gate.event_id:
        raise ValidationError({"zone": _("This zone belongs to another event.")})
    if not name_en.strip():
        raise ValidationError({"name_en": _("Give the gate's name in English.")})
    room = gate.rooms.order_by("code").first()
    if zone.pk != gate.zone_id and room is not None:
        raise ValidationError({"zone": _("Room %(room)s has this gate at its door and lies in its present zone: "
                                         "change the room first.") % {"room": room.code}})
    with transaction.atomic():
        before = audit_values(gate, GATE_FIELDS)
        gate.zone, gate.name_en, gate.name_az, gate.name_ru = zone, name_en, name_az, name_ru
        gate.save()
        audit_record(actor=actor, action="gate.update", obj=gate, before=before, after=audit_values(gate, GATE_FIELDS))
    return gate


def gate_delete(*, actor, gate: Gate) -> None:
    """A gate set up by mistake. One with scans or enrolled devices stays: they are on record at it."""
    if gate.scans.exists() or gate.devices.exists():
        raise ValidationError(_("Gate %(code)s has scans or enrolled devices on record: it stays, so that they keep "
                                "their gate.") % {"code": gate.code})
    room = gate.rooms.order_by("code").first()
    if room is not None:
        raise ValidationError(_("Room %(room)s has gate %(code)s at its door: change the room first.")
                              % {"room": room.code, "code": gate.code})
    with transaction.atomic():
        audit_record(actor=actor, action="gate.delete", obj=gate, before=audit_values(gate, ("code", *GATE_FIELDS)))
        gate.delete()


def zone_delete(*, actor, zone: Zone) -> None:
    """A zone set up by mistake. Its number is a bit of the badges, so one that a valid badge still opens
    stays (a new zone given the number would open to those badges), as does one with gates, windows,
    people's own access or scans on record."""
    delete_unless_used(actor=actor, obj=zone, action="zone.delete", field="zone", uses=_zone_uses,
                       snapshot=lambda locked: audit_values(locked, ("code", "number", "name_en", "kind", "hall", "passback")))


def _zone_uses(zone: Zone) -> list:
    """What still uses the zone, counted and worded for its refused deletion (zone_delete)."""
    badges = sum(zone.number in numbers for numbers in Badge.objects.filter(
        event_id=zone.event_id, status=Badge.Status.VALID).values_list("zones", flat=True))
    return [
        (zone.gates.count(), lambda count: ngettext(
            "%(count)d gate leads into %(zone)s.", "%(count)d gates lead into %(zone)s.", count)),
        (zone.grants.count(), lambda count: ngettext(
            "%(count)d access window opens %(zone)s.", "%(count)d access windows open %(zone)s.", count)),
        (PersonGrant.objects.filter(zone=zone).count(), lambda count: ngettext(
            "%(count)d person has access of their own to %(zone)s.",
            "%(count)d people have access of their own to %(zone)s.", count)),
        (badges, lambda count: ngettext(
            "%(count)d valid badge opens %(zone)s.", "%(count)d valid badges open %(zone)s.", count)),
        (zone.scans.count(), lambda count: ngettext(
            "%(count)d scan is on record at %(zone)s.", "%(count)d scans are on record at %(zone)s.", count)),
    ]


def event_access_span(event) -> tuple[datetime.datetime, datetime.datetime]:
    """From the first build-up day's midnight to the end of the last tear-down day, at the venue: grants
    may open during build-up before the show and tear-down after it, not beyond. The organiser sets the
    event's numbers of build-up and tear-down days on its page (events.services.event_update)."""
    tz = zoneinfo.ZoneInfo(event.time_zone)
    first = event.start_date - datetime.timedelta(days=event.build_up_days)
    last = event.end_date + datetime.timedelta(days=event.tear_down_days + 1)
    return (datetime.datetime.combine(first, datetime.time(0), tzinfo=tz),
            datetime.datetime.combine(last, datetime.time(0), tzinfo=tz))


def _check_window(opens_at, closes_at, event=None) -> None:
    for field, value in (("opens_at", opens_at), ("closes_at", closes_at)):
        if value is None or value.utcoffset() is None:
            raise ValidationError({field: _("Give a date and time.")})
    if closes_at <= opens_at:
        raise ValidationError({"closes_at": _("The window must close after it opens.")})
    if event is not None:
        first, last = event_access_span(event)
        tz = zoneinfo.ZoneInfo(event.time_zone)
        span = {"first": f"{first.astimezone(tz):%Y-%m-%d %H:%M}", "last": f"{last.astimezone(tz):%Y-%m-%d %H:%M}"}
        if opens_at < first:
            raise ValidationError({"opens_at": _("The window must open from %(first)s (the first build-up day), "
                                                 "venue time.") % span})
        if closes_at > last:
            raise ValidationError({"closes_at": _("The window must close by %(last)s (the end of tear-down), "
                                                  "venue time.") % span})


def _grant_json(grant: Grant) -> dict:
    return {"category": grant.category.code, "zone": grant.zone.code, "opens_at": grant.opens_at.isoformat(),
            "closes_at": grant.closes_at.isoformat()}


def _check_no_overlap(category, zone: Zone, opens_at, closes_at, *, grant: Grant | None = None) -> None:
    """One window per moment for a category in a zone: a second one over the same time would go onto
    every badge twice, and the organiser would change one and not the other."""
    overlapping = Grant.objects.filter(category=category, zone=zone, opens_at__lt=closes_at, closes_at__gt=opens_at)
    if grant is not None:
        overlapping = overlapping.exclude(pk=grant.pk)
    if overlapping.exists():
        raise ValidationError({"opens_at": _("This category already enters this zone at that time: change that "
                                             "window instead.")})


def grant_create(*, actor, category, zone: Zone, opens_at, closes_at) -> Grant:
    """A category opens a zone in a window; badges get it when they are issued or reprinted."""
    if zone.event_id != category.event_id:
        raise ValidationError({"zone": _("This zone belongs to another event.")})
    _check_window(opens_at, closes_at, zone.event)
    with transaction.atomic():
        # The category's row is locked so that two windows added at once are checked one after the other.
        type(category).objects.select_for_update().filter(pk=category.pk).first()
        _check_no_overlap(category, zone, opens_at, closes_at)
        grant = Grant.objects.create(category=category, zone=zone, opens_at=opens_at, closes_at=closes_at)
        audit_record(actor=actor, action="grant.create", obj=grant, after=_grant_json(grant))
    return grant


def grant_update(*, actor, grant: Grant, zone: Zone, opens_at, closes_at) -> Grant:
    """Move a grant's window or zone (the category stays); the audit log keeps before and after."""
    if zone.event_id != grant.category.event_id:
        raise ValidationError({"zone": _("This zone belongs to another event.")})
    _check_window(opens_at, closes_at, zone.event)
    with transaction.atomic():
        type(grant.category).objects.select_for_update().filter(pk=grant.category_id).first()
        grant = Grant.objects.select_for_update().select_related("category", "zone").get(pk=grant.pk)
        _check_no_overlap(grant.category, zone, opens_at, closes_at, grant=grant)
        before = _grant_json(grant)
        grant.zone, grant.opens_at, grant.closes_at = zone, opens_at, closes_at
        grant.save(update_fields=["zone", "opens_at", "closes_at"])
        after = _grant_json(grant)
        if after != before:
            audit_record(actor=actor, action="grant.update", obj=grant, before=before, after=after)
    return grant


def grant_delete(*, actor, grant: Grant) -> None:
    with transaction.atomic():
        audit_record(actor=actor, action="grant.delete", obj=grant, before=_grant_json(grant))
        grant.delete()


def person_grant_add(*, actor, registration, zone: Zone, effect: str, opens_at=None, closes_at=None,
                     reason: str = "") -> PersonGrant:
    """Add a zone to one person's badge (with its window) or remove one; the badge shows it at its
    next reprint."""
    if effect not in PersonGrant.Effect.values:
        raise ValidationError({"effect": _("Choose add or remove.")})
    if zone.event_id != registration.event_id:
        raise ValidationError({"zone": _("This zone belongs to another event.")})
    if effect == PersonGrant.Effect.ADD:
        _check_window(opens_at, closes_at, registration.event)
    with transaction.atomic():
        change = PersonGrant.objects.create(
            registration=registration, zone=zone, effect=effect, opens_at=opens_at if effect == "add" else None,
            closes_at=closes_at if effect == "add" else None, reason=reason.strip(),
            created_by=actor if getattr(actor, "pk", None) else None)
        audit_record(actor=actor, action=f"person_grant.{effect}", obj=change, after={"zone": zone.code,
                                                                                      "registration": registration.pk})
    return change


# The event's keys ------------------------------------------------------------------------------

def _save_ring(row: BadgeKeyRing, ring: KeyRing) -> None:
    row.private_keys = crypto.encrypt(json.dumps(ring.private_json()))
    row.public_keys = ring.public_json()


def keyring_row(event, *, lock: bool = False) -> BadgeKeyRing:
    """The event's key row, made with a first key when missing; locked when asked (the caller is in
    a transaction): every change scanners must learn is numbered under this lock."""
    row = BadgeKeyRing.objects.filter(event=event).first()
    if row is None:
        with transaction.atomic():
            row = BadgeKeyRing(event=event)
            _save_ring(row, KeyRing.generate(event.pk))
            try:
                with transaction.atomic():
                    row.save()
                    audit_record(actor=None, action="badge_keys.create", obj=row, after={"key_id": 1})
            except IntegrityError:  # another request made it first
                row = BadgeKeyRing.objects.get(event=event)
    if lock:
        row = BadgeKeyRing.objects.select_for_update().get(pk=row.pk)
    return row


def signing_ring(row: BadgeKeyRing) -> KeyRing:
    return KeyRing.from_json(json.loads(crypto.decrypt(row.private_keys)))


def verifying_ring(row: BadgeKeyRing) -> KeyRing:
    return KeyRing.from_json(row.public_keys)


def next_seq(row: BadgeKeyRing) -> int:
    """The next sync number; `row` must be locked."""
    row.seq += 1
    row.save(update_fields=["seq", "updated_at"])
    return row.seq


def keyring_rotate(*, actor, event) -> BadgeKeyRing:
    """A new active key signs new badges; the old one keeps verifying the badges it signed."""
    with transaction.atomic():
        row = keyring_row(event, lock=True)
        ring = signing_ring(row).rotate()
        _save_ring(row, ring)
        next_seq(row)
        row.save()
        audit_record(actor=actor, action="badge_keys.rotate", obj=row, after={"active": ring.active_key.key_id})
    return row


def keyring_retire(*, actor, event, key_id: int) -> BadgeKeyRing:
    """Refuse every badge the key signed, everywhere, from the scanners' next sync: so only a key
    that no valid badge depends on any more (reprint those first) is retired."""
    with transaction.atomic():
        row = keyring_row(event, lock=True)
        ring = signing_ring(row)
        key = ring.keys.get(key_id)
        # The engine's own messages are English only and name the event by its id.
        if key is None or key.state == RETIRED:
            raise ValidationError({"key_id": _("Key %(key)s is not a key of this event that verifies badges.")
                                   % {"key": key_id}})
        if key.state == ACTIVE:
            raise ValidationError({"key_id": _("Key %(key)s signs the new badges: rotate the keys before retiring "
                                               "it.") % {"key": key_id}})
        signed = (Badge.objects.filter(event=event, key_id=key_id, status=Badge.Status.VALID)
                  .exclude(registration__status__in=CLOSED_REGISTRATIONS).count())
        if signed:
            raise ValidationError({"key_id": ngettext(
                "Key %(key)s signed %(count)s valid badge: reprint it first (its new card is signed by the active "
                "key), then retire the key. Retiring it now would make the badge refused at every gate.",
                "Key %(key)s signed %(count)s valid badges: reprint them first (their new cards are signed by the "
                "active key), then retire the key. Retiring it now would make those badges refused at every gate.",
                signed) % {"key": key_id, "count": signed}})
        try:
            ring = ring.retire(key_id)
        except KeyRingError as error:
            raise ValidationError({"key_id": str(error)}) from None
        _save_ring(row, ring)
        next_seq(row)
        row.save()
        audit_record(actor=actor, action="badge_keys.retire", obj=row, after={"key_id": key_id})
    return row


# Gate devices ------------------------------------------------------------------------------------

def device_enrol(*, actor, gate: Gate, name: str) -> tuple[Device, str]:
    """Enrol a scanner at a gate; returns the device and its raw token, which is never stored."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Name the device.")})
    if len(name) > 100:
        raise ValidationError({"name": _("At most 100 characters.")})
    raw = Device.generate()
    with transaction.atomic():
        device = Device.objects.create(event=gate.event, gate=gate, name=name, digest=Device.hash(raw),
                                       prefix=raw[:8], created_by=actor if getattr(actor, "pk", None) else None)
        audit_record(actor=actor, action="device.enrol", obj=device, after={"gate": gate.code, "name": name})
    return device, raw


def device_revoke(*, actor, device: Device) -> Device:
    with transaction.atomic():
        if device.revoked_at is None:
            device.revoked_at = clock.now()
            device.save(update_fields=["revoked_at"])
            audit_record(actor=actor, action="device.revoke", obj=device, after={"gate": device.gate.code})
    return device


SEEN_EVERY = datetime.timedelta(minutes=1)
# Every device request starts here: compiled once (see prepared.py). The digest is unique, so no
# ordering; `revoked_at IS NULL` keeps a revoked token out.
DEVICE_BY_DIGEST = PreparedQuery(
    lambda digest: Device.objects.active().select_related("event__badge_keys", "gate__zone")
    .filter(digest=digest).order_by()[:1],
    digest="\x00digest")


def device_seen(*, device, at: datetime.datetime) -> None:
    """Note when a device last reached the server with its token (a sync, an online scan, an upload),
    at most once a minute: a scanner polling every few seconds or scanning a queue of visitors should
    not cost a committed write (and its WAL flush) per request. `device`: a Device, or any row with
    its `pk` and `last_seen_at` (the fast path's, scanning.scan_at_gate)."""
    if device.last_seen_at is None or not at - SEEN_EVERY < device.last_seen_at <= at:
        Device.objects.filter(pk=device.pk).update(last_seen_at=at)
        device.last_seen_at = at


def device_for_token(raw: str) -> Device | None:
    """The device a raw token belongs to, in one indexed lookup by its SHA-256 digest (tokens are
    random, so a fast hash is right, not a slow password KDF), with what a scan needs joined:
    the event and its public keys, the gate and its zone."""
    digest = token_digest(raw)
    return DEVICE_BY_DIGEST.first(digest=digest) if digest else None


# How long after its revocation a device may still upload the scans it took offline before it
# (`device_for_upload`), by the server's clock: the device cannot stretch it. A scanner tries every
# 20 seconds, so a device that was merely out of reach hands its queue in well within this; a thief
# holding the device has only this long to try, and everything it sends is flagged for review.
REVOKED_UPLOAD_GRACE = datetime.timedelta(hours=24)


def device_for_upload(raw: str) -> Device | None:
    """The device of a token for the batch upload of offline scans: an active device, or a revoked
    one within REVOKED_UPLOAD_GRACE of its revocation (it may hand in only what it took before it:
    scanning.scan_batch). Every other device call of a revoked device stays refused."""
    device = device_for_token(raw)
    if device is not None:
        return device
    digest = token_digest(raw)
    if not digest:
        return None
    revoked = (Device.objects.filter(digest=digest, revoked_at__isnull=False)
               .select_related("event__badge_keys", "gate__zone").first())
    if revoked is None or clock.now() > revoked.revoked_at + REVOKED_UPLOAD_GRACE:
        return None
    return revoked


def token_digest(raw: str) -> str | None:
    """The digest a device token is looked up by, None for what cannot be a token."""
    if not raw or len(raw) > 200:
        return None
    return Device.hash(raw)


def alerts_acknowledge(*, actor, event, scan_ids: list[int]) -> int:
    """The officer on duty saw these alert scans (a row of the occupancy page's Alerts, its repeats
    with it): who and when are kept, and the live panel no longer lists them; the gate log still
    does. Scans of another event, scans that are no alert and those acknowledged already are left
    alone; nothing left to acknowledge is refused. Returns how many were acknowledged."""
    from pavilion.accreditation.selectors import alert_scans

    with transaction.atomic():
        scans = list(alert_scans(event).filter(pk__in=scan_ids, acknowledgement__isnull=True)
                     .select_for_update(of=("self",)).order_by("-scanned_at", "-id"))  # not the joined rows
        if not scans:
            raise ValidationError(_("Nothing to acknowledge: these alerts were acknowledged already."))
        now = clock.now()
        try:
            with transaction.atomic():
                AlertAcknowledgement.objects.bulk_create(
                    AlertAcknowledgement(scan=scan, acknowledged_by=actor if getattr(actor, "pk", None) else None,
                                         acknowledged_at=now) for scan in scans)
        except IntegrityError:  # another officer acknowledged them meanwhile
            raise ValidationError(_("Nothing to acknowledge: these alerts were acknowledged already.")) from None
        audit_record(actor=actor, action="scan.alert_acknowledge", obj=scans[0],
                     after={"scans": [scan.pk for scan in scans], "gate": scans[0].gate_id,
                            "reason": scans[0].reason, "alert": scans[0].alert})
    return len(scans)
