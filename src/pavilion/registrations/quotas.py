"""Exhibitor staff quotas: badges per started 100 m² of booked stand space, set by the organiser."""

import math

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
