"""Exhibitor staff quotas: badges per started 100 m² of booked stand space, set by the organiser; and
how many guests an exhibitor invites in all with its invitation codes."""

import math

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils.translation import gettext as _

from pavilion.registrations.models import Registration


def staff_quota(*, exhibitor, category) -> int:
    booked = exhibitor.stands.filter(state="booked").aggregate(total=Sum("area_m2"))["total"] or 0
    per_100 = category.staff_per_100_m2 or 0
    return max(0, math.ceil(float(booked) / 100) * per_100)


def staff_used(*, exhibitor, category) -> int:
    return Registration.objects.active().filter(exhibitor=exhibitor, category=category).count()


def check_staff_quota(*, exhibitor, category) -> None:
    if exhibitor is None:
        raise ValidationError({"exhibitor": _("Exhibitor staff are registered by their exhibitor.")})
    # Lock the exhibitor row so two admins registering at once cannot both take the last place.
    type(exhibitor).objects.select_for_update().filter(pk=exhibitor.pk).first()
    quota = staff_quota(exhibitor=exhibitor, category=category)
    if staff_used(exhibitor=exhibitor, category=category) >= quota:
        raise ValidationError(
            _("The staff quota of %(quota)d badges for your booked stand space is used up.") % {"quota": quota}
        )


# Guests an exhibitor may invite over all its codes (PAVILION_GUESTS_PER_EXHIBITOR overrides it): one
# code takes at most 500 guests, and without a total an exhibitor could create any number of codes.
GUESTS_PER_EXHIBITOR = 500


def guest_quota(*, exhibitor) -> int:
    return max(0, int(getattr(settings, "PAVILION_GUESTS_PER_EXHIBITOR", GUESTS_PER_EXHIBITOR)))


def guests_invited(*, exhibitor) -> int:
    """The guest places the exhibitor's codes hold, used or not: a code handed out may still be used."""
    return exhibitor.invitation_codes.aggregate(total=Sum("quota"))["total"] or 0


def check_guest_quota(*, exhibitor, quota: int) -> None:
    """Refuse a new code for `quota` guests beyond the exhibitor's guest quota."""
    type(exhibitor).objects.select_for_update().filter(pk=exhibitor.pk).first()
    limit = guest_quota(exhibitor=exhibitor)
    left = max(0, limit - guests_invited(exhibitor=exhibitor))
    if quota > left:
        raise ValidationError({"quota": _("Guest invitations per exhibitor: at most %(limit)d; %(left)d left.") % {
            "limit": limit, "left": left}})
