"""Who may change the venue and who may book stands for whom (object-level scoping of the roles)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from pavilion.core import roles
from pavilion.exhibitors.models import Exhibitor
from pavilion.exhibitors.permissions import admin_company_ids


def require_organiser(user) -> None:
    if not roles.is_organiser(user):
        raise PermissionDenied(_("Only the organiser may do this."))


def can_act_for_exhibitor(user, exhibitor: Exhibitor) -> bool:
    return roles.is_organiser(user) or exhibitor.company_id in admin_company_ids(user)


def require_exhibitor_admin(user, exhibitor: Exhibitor) -> None:
    if not can_act_for_exhibitor(user, exhibitor):
        raise PermissionDenied(_("You do not act for this exhibitor."))


def bookable_exhibitors(user, event) -> list[Exhibitor]:
    """The user's exhibitors at the shows of `event`: whom they may request stands for."""
    company_ids = admin_company_ids(user)
    if not company_ids:
        return []
    return list(
        Exhibitor.objects.filter(company_id__in=company_ids, show__event=event)
        .exclude(status=Exhibitor.Status.WITHDRAWN)
        .select_related("company", "show")
        .order_by("show__name_en")
    )
