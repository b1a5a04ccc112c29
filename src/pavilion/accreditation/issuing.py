"""Badges: issue for an approved and cleared registration, reprint (a new generation kills older
cards), revoke (final), replace a revoked one (a new badge with a new serial). Each change takes the next sync number under the event's key-row lock, so
offline scanners learn it at their next sync; the online check reads the badge row at once."""

import datetime
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pavilion.accreditation.models import Badge, Grant, PersonGrant, Presence
from pavilion.accreditation.services import keyring_row, next_seq, signing_ring
from pavilion.core import clock
from pavilion.core.services import audit_record
from pavilion.engines.badges import issue_token
from pavilion.registrations.models import Registration

NOT_CLEARED = "not_cleared"


def zone_windows(registration) -> dict[int, list[tuple[datetime.datetime, datetime.datetime]]]:
    """Zone number → windows: the category's grants, then the person's additions and removals."""
    windows = defaultdict(list)
    for grant in Grant.objects.filter(category_id=registration.category_id).select_related("zone"):
        windows[grant.zone.number].append((grant.opens_at, grant.closes_at))
    for change in PersonGrant.objects.filter(registration=registration).select_related("zone").order_by("created_at", "pk"):
        if change.effect == PersonGrant.Effect.REMOVE:
            windows.pop(change.zone.number, None)
        else:
            windows[change.zone.number].append((change.opens_at, change.closes_at))
    return {zone: sorted(spans) for zone, spans in windows.items()}


def check_cleared(registration) -> None:
    """Only an approved registration with no open screening alert gets a badge."""
    if registration.status != Registration.Status.APPROVED or registration.alerts.open().exists():
        raise ValidationError(
            _("%(reason)s: only an approved registration with no open screening alert gets a badge.")
            % {"reason": NOT_CLEARED}, code=NOT_CLEARED)
    if registration.person.is_blocked:
        raise ValidationError(_("%(reason)s: this person is blocked.") % {"reason": NOT_CLEARED}, code=NOT_CLEARED)


def not_cleared(badges):
    """check_cleared over a set: the badges among `badges` whose registration it would refuse (not
    approved, an open screening alert, a blocked person)."""
    from django.db.models import Exists, OuterRef, Q

    from pavilion.vetting.models import Alert

    open_alerts = Alert.objects.open().filter(registration=OuterRef("registration"))
    return badges.filter(Q(registration__person__is_blocked=True) | ~Q(registration__status=Registration.Status.APPROVED)
                         | Exists(open_alerts))


def _sign(row, ring, badge: Badge, registration) -> None:
    windows = zone_windows(registration)
    if not windows:
        raise ValidationError(_("The category %(category)s opens no zone: add grants first.")
                              % {"category": str(registration.category)})
    badge.zones = sorted(windows)
    badge.windows = {str(zone): [[start.isoformat(), end.isoformat()] for start, end in spans]
                     for zone, spans in windows.items()}
    badge.not_before = min(start for spans in windows.values() for start, _end in spans)
    badge.not_after = max(end for spans in windows.values() for _start, end in spans)
    badge.key_id = ring.active_key.key_id
    badge.token = issue_token(ring, serial=badge.serial, generation=badge.generation, zones=badge.zones,
                              not_before=badge.not_before, not_after=badge.not_after)
    badge.seq = next_seq(row)


def _new_badge(row, ring, registration) -> Badge:
    """A badge with the event's next serial, generation 1, made the registration's badge."""
    badge = Badge(event=registration.event, registration=registration, current_for=registration,
                  serial=row.next_serial, issued_at=clock.now())
    row.next_serial += 1
    row.save(update_fields=["next_serial"])
    _sign(row, ring, badge, registration)
    badge.save()
    return badge


def badge_issue(*, actor, registration, ring=None) -> Badge:
    """Issue the registration's badge; ValidationError `not_cleared` unless approved and cleared."""
    with transaction.atomic():
        row = keyring_row(registration.event, lock=True)
        registration = Registration.objects.select_related("person", "category", "event").get(pk=registration.pk)
        check_cleared(registration)
        current = Badge.objects.filter(current_for=registration).first()
        if current is not None and current.status == Badge.Status.REVOKED:
            raise ValidationError(_("This registration's badge is revoked: issue a replacement badge from its page, "
                                    "if the person may come in again."))
        if current is not None:
            raise ValidationError(_("This registration already has a badge: reprint it instead."))
        badge = _new_badge(row, ring or signing_ring(row), registration)
        audit_record(actor=actor, action="badge.issue", obj=badge,
                     after={"serial": badge.serial, "generation": 1, "zones": badge.zones})
    return badge


def badge_replace(*, actor, badge: Badge, reason: str) -> Badge:
    """A new badge, with a new serial, for the registration of a revoked badge when it is approved
    and cleared again (a badge revoked by mistake, a registration rejected and then approved). The
    revoked serial stays refused for ever (the gate, the sync feed's revocations) and keeps its
    holder and its scans; the new badge becomes the registration's badge. Where the holder is (inside
    a zone or not, since when) passes to the new badge: one person is counted and named once in the
    occupancy and the roll call, and passback reads their last movement whichever card made it. A lost
    card is reprinted, not revoked and replaced. It undoes a revocation (perhaps one for misuse), so
    the reason is required and kept in the audit entry."""
    reason = (reason or "").strip()[:200]
    if not reason:
        raise ValidationError(_("Give the reason for the replacement."), code="reason")
    with transaction.atomic():
        row = keyring_row(badge.event, lock=True)
        revoked = Badge.objects.select_for_update().get(pk=badge.pk)
        registration = Registration.objects.select_related("person", "category", "event").get(
            pk=revoked.registration_id)
        if revoked.status != Badge.Status.REVOKED:
            raise ValidationError(_("Only a revoked badge is replaced: reprint a valid one instead."))
        if revoked.current_for_id is None:
            current = Badge.objects.filter(current_for=registration).values_list("serial", flat=True).first()
            raise ValidationError(_("This badge was already replaced by badge %(serial)s.") % {"serial": current})
        check_cleared(registration)
        revoked.current_for = None
        revoked.save(update_fields=["current_for"])
        replacement = _new_badge(row, signing_ring(row), registration)
        Presence.objects.filter(badge=revoked).update(badge=replacement)
        audit_record(actor=actor, action="badge.replace", obj=replacement, before={"serial": revoked.serial},
                     after={"serial": replacement.serial, "generation": 1, "zones": replacement.zones,
                            "reason": reason})
    return replacement


def badges_issue_for_event(*, actor, event, registrations=None) -> list[Badge]:
    """Issue the missing badges of the event's approved registrations (or of those given), skipping
    those that are not cleared; one key-row lock for the whole batch."""
    queryset = registrations if registrations is not None else Registration.objects.filter(event=event)
    # `badge` is the registration's badge now: one whose badge was revoked is not pending here. Its
    # replacement is the organiser's decision, badge by badge (badge_replace): a batch must not
    # undo a revocation.
    pending = (queryset.filter(event=event, status=Registration.Status.APPROVED, badge__isnull=True)
               .exclude(alerts__status__in=["open", "awaiting"]).order_by("pk"))
    issued = []
    with transaction.atomic():
        ring = signing_ring(keyring_row(event, lock=True))
        for registration in pending:
            try:
                issued.append(badge_issue(actor=actor, registration=registration, ring=ring))
            except ValidationError:
                continue  # a category without grants: the organiser sees it on the badge list
    return issued


def badge_reprint(*, actor, badge: Badge) -> Badge:
    """A new card: the generation goes up, so every older card is `superseded`; zones and windows
    are read again (a person's additions and removals take effect here)."""
    with transaction.atomic():
        row = keyring_row(badge.event, lock=True)
        badge = Badge.objects.select_for_update().get(pk=badge.pk)
        registration = Registration.objects.select_related("person", "category").get(pk=badge.registration_id)
        if badge.status == Badge.Status.REVOKED:
            raise ValidationError(_("A revoked badge is never reprinted: revocation is final. Issue a replacement "
                                    "badge (a new serial) if the person may come in again."))
        check_cleared(registration)
        before = {"generation": badge.generation}
        badge.generation += 1
        _sign(row, signing_ring(row), badge, registration)
        badge.issued_at = clock.now()
        badge.printed_at = badge.handed_out_at = None  # the new generation's card is to print
        badge.save()
        audit_record(actor=actor, action="badge.reprint", obj=badge, before=before,
                     after={"generation": badge.generation, "zones": badge.zones})
    return badge


def badge_revoke(*, actor, badge: Badge, reason: str = "") -> Badge:
    """Deny the badge everywhere: online at once, offline scanners at their next sync. Final, and it
    never makes a new valid code."""
    with transaction.atomic():
        row = keyring_row(badge.event, lock=True)
        badge = Badge.objects.select_for_update().get(pk=badge.pk)
        if badge.status == Badge.Status.REVOKED:
            return badge
        badge.status = Badge.Status.REVOKED
        badge.revoked_at = clock.now()
        badge.revoked_reason = (reason or "").strip()[:200]
        badge.seq = next_seq(row)
        badge.save(update_fields=["status", "revoked_at", "revoked_reason", "seq"])
        audit_record(actor=actor, action="badge.revoke", obj=badge, before={"status": "valid"},
                     after={"status": "revoked", "reason": badge.revoked_reason})
    return badge


def badge_touch(*, registration) -> None:
    """The registration's clearance changed (held by a new alert, approved again): scanners must
    learn it at their next sync."""
    badge = Badge.objects.filter(current_for=registration).first()
    if badge is None:
        return
    with transaction.atomic():
        row = keyring_row(badge.event, lock=True)
        Badge.objects.filter(pk=badge.pk).update(seq=next_seq(row))


def badges_mark_printed(*, actor, event, serials: list[int]) -> int:
    """The organiser printed these badges' cards (the print queue's "Mark as printed"): each valid
    one not printed since its last generation leaves the queue. Returns how many; none is refused."""
    with transaction.atomic():
        badges = list(Badge.objects.select_for_update().filter(
            event=event, serial__in=serials, status=Badge.Status.VALID, printed_at__isnull=True).order_by("serial"))
        if not badges:
            raise ValidationError(_("None of these badges is waiting to be printed."))
        now = clock.now()
        Badge.objects.filter(pk__in=[badge.pk for badge in badges]).update(printed_at=now)
        audit_record(actor=actor, action="badge.print", obj=event,
                     after={"serials": [badge.serial for badge in badges]})
    return len(badges)


def badge_hand_out(*, actor, badge: Badge) -> Badge:
    """The printed card was handed to its holder."""
    with transaction.atomic():
        badge = Badge.objects.select_for_update().get(pk=badge.pk)
        if badge.status != Badge.Status.VALID or badge.printed_at is None:
            raise ValidationError(_("Only a printed valid badge is handed out: print it first."))
        if badge.handed_out_at is None:
            badge.handed_out_at = clock.now()
            badge.save(update_fields=["handed_out_at"])
            audit_record(actor=actor, action="badge.hand_out", obj=badge, after={"generation": badge.generation})
    return badge
