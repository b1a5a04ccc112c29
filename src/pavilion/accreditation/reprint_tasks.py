"""Re-signing an event's valid badges in the background, when their windows all moved at once (the event
postponed: events.postponement). Two steps, so that the move stays one short transaction at any scale:

1. badges_supersede, inside the move's transaction: every valid badge's generation goes up in one
   statement, under the event's key-row lock, with one new sync number. The online check compares the
   card's generation with the row's, so every old card is refused as superseded from the commit on;
   offline scanners learn the new generations at their next sync. The badge's stored token is the old
   generation's until step 2: its `key_id` is set to UNSIGNED (no key of a ring has the number 0) to say
   that its current generation is not signed yet.
2. badges_resign, in a task queued after the commit: the badges still UNSIGNED are signed with their
   zone windows as they are now, in batches, each batch one transaction under the key-row lock (a gate
   reading a badge waits for one batch, not for the whole event). A badge already signed (by an earlier
   run of the task, or reprinted by hand meanwhile: badge_reprint) is skipped, so a retried task does no
   harm; a badge whose registration is no longer cleared (issuing.check_cleared) is left unsigned, to be
   settled on the badges' page, as badge_reprint would refuse it."""

from django.db import transaction
from django.db.models import F

from pavilion.accreditation import issuing
from pavilion.accreditation.models import Badge
from pavilion.accreditation.services import keyring_row, next_seq, signing_ring
from pavilion.core import clock
from pavilion.core.services import audit_record
from pavilion.registrations.models import Registration

UNSIGNED = Badge.UNSIGNED_KEY  # `Badge.key_id` of a badge whose current generation is still to be signed
BATCH = 200


def badges_supersede(*, actor, event) -> int:
    """Raise the generation of every valid badge of `event` (the caller's transaction): their cards are
    refused from the commit on, and each card is to be printed again once re-signed. How many."""
    with transaction.atomic():
        row = keyring_row(event, lock=True)
        valid = Badge.objects.filter(event=event, status=Badge.Status.VALID)
        count = valid.count()
        if count:
            count = valid.update(generation=F("generation") + 1, key_id=UNSIGNED, seq=next_seq(row),
                                 printed_at=None, handed_out_at=None)
            audit_record(actor=actor, action="badges.supersede", obj=event, after={"count": count})
    return count


def unsigned(event):
    """The event's valid badges whose current generation is still to be signed."""
    return Badge.objects.filter(event=event, status=Badge.Status.VALID, key_id=UNSIGNED)


def badges_resign(*, actor, event, batch: int = BATCH) -> tuple[int, int]:
    """Sign every badge of `unsigned(event)`, batch by batch (idempotent); (signed, left unsigned because
    the registration is not cleared)."""
    signed = refused = 0
    after = 0
    while True:
        ids = list(unsigned(event).filter(pk__gt=after).order_by("pk").values_list("pk", flat=True)[:batch])
        if not ids:
            return signed, refused
        done, not_cleared = _resign_batch(actor, event, ids)
        signed, refused, after = signed + done, refused + not_cleared, ids[-1]


def _resign_batch(actor, event, ids: list[int]) -> tuple[int, int]:
    from django.core.exceptions import ValidationError

    with transaction.atomic():
        row = keyring_row(event, lock=True)
        ring = signing_ring(row)
        # Read again under the lock: a badge revoked or reprinted since the batch was chosen is not touched.
        badges = list(unsigned(event).select_for_update().filter(pk__in=ids).order_by("pk"))
        registrations = Registration.objects.select_related("person", "category").in_bulk(
            [badge.registration_id for badge in badges])
        signed, refused = [], 0
        for badge in badges:
            registration = registrations[badge.registration_id]
            try:
                issuing.check_cleared(registration)
                issuing._sign(row, ring, badge, registration)
            except ValidationError:
                refused += 1  # not cleared, or its category opens no zone any more: the badges' page shows it
                continue
            badge.issued_at = clock.now()
            badge.save(update_fields=["zones", "windows", "not_before", "not_after", "key_id", "token", "seq",
                                      "issued_at"])
            signed.append(badge.serial)
        if signed:
            audit_record(actor=actor, action="badges.resign", obj=event, after={"serials": signed})
    return len(signed), refused
