"""Registrations change in their own app; a badge follows: a rejected or withdrawn registration's
badge is revoked, and a hold (a new screening alert) reaches the scanners at their next sync."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from pavilion.registrations.models import Registration


@receiver(post_save, sender=Registration, dispatch_uid="accreditation-registration-status")
def follow_registration(sender, instance: Registration, **kwargs):
    from pavilion.accreditation.issuing import badge_revoke, badge_touch
    from pavilion.accreditation.models import REGISTRATION_REJECTED, REGISTRATION_WITHDRAWN, Badge
    from pavilion.accreditation.services import CLOSED_REGISTRATIONS

    badge = Badge.objects.filter(current_for_id=instance.pk).only("pk", "status", "event_id").first()
    if badge is None or badge.status == Badge.Status.REVOKED:
        return
    if instance.status in CLOSED_REGISTRATIONS:
        # Stored in English, shown in the reader's language (Badge.revoked_reason_text).
        reason = REGISTRATION_REJECTED if instance.status == Registration.Status.REJECTED else REGISTRATION_WITHDRAWN
        badge_revoke(actor=instance.decided_by, badge=badge, reason=reason)
    else:
        badge_touch(registration=instance)
