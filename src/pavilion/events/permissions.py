"""Who may change the venue and who may book stands for whom (object-level scoping of the roles)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from pavilion.core import roles
from pavilion.exhibitors.models import CompanyMember, Exhibitor


def require_organiser(user) -> None:
    if not roles.is_organiser(user):
        raise PermissionDenied(_("Only the organiser may do this."))


def administered_company_ids(user) -> set[int]:
    """Companies the user is an exhibitor admin of (cached on the user for one request)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_pavilion_admin_companies", None)
    if cached is None:
        cached = set(
            CompanyMember.objects.filter(user=user, role=CompanyMember.Role.ADMIN).values_list("company_id", flat=True)
        )
        user._pavilion_admin_companies = cached
    return cached


def can_act_for_exhibitor(user, exhibitor: Exhibitor) -> bool:
    return roles.is_organiser(user) or exhibitor.company_id in administered_company_ids(user)


def require_exhibitor_admin(user, exhibitor: Exhibitor) -> None:
    if not can_act_for_exhibitor(user, exhibitor):
        raise PermissionDenied(_("You do not act for this exhibitor."))


def bookable_exhibitors(user, event) -> list[Exhibitor]:
    """The user's exhibitors at the shows of `event`: whom they may request stands for."""
    company_ids = administered_company_ids(user)
    if not company_ids:
        return []
    return list(
        Exhibitor.objects.filter(company_id__in=company_ids, show__event=event)
        .exclude(status=Exhibitor.Status.WITHDRAWN)
        .select_related("company", "show")
        .order_by("show__name_en")
    )
