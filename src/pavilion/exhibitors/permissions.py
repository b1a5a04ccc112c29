"""Who may change a company and its catalogue: the organiser, or an exhibitor admin of that company."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from pavilion.core import roles
from pavilion.exhibitors.models import Company, CompanyMember, Product


def admin_company_ids(user) -> set[int]:
    """The companies the user is an exhibitor admin of (cached on the user for one request)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_pavilion_catalogue_companies", None)
    if cached is None:
        cached = set(
            CompanyMember.objects.filter(user=user, role=CompanyMember.Role.ADMIN).values_list("company_id", flat=True)
        )
        user._pavilion_catalogue_companies = cached
    return cached


def system_actor(actor) -> bool:
    """Loaders and commands act without a person (actor None); they are trusted code, not requests."""
    return actor is None


def can_edit_company(user, company_id: int) -> bool:
    return system_actor(user) or roles.is_organiser(user) or company_id in admin_company_ids(user)


def require_company_editor(user, company: Company) -> None:
    if not can_edit_company(user, company.pk):
        raise PermissionDenied(_("You do not act for %(company)s.") % {"company": company.name})


def require_product_editor(user, product: Product) -> None:
    if not can_edit_company(user, product.exhibitor.company_id):
        raise PermissionDenied(_("This product belongs to another company."))


def require_organiser(user) -> None:
    if not (system_actor(user) or roles.is_organiser(user)):
        raise PermissionDenied(_("Only the organiser may do this."))
