"""The roles of DESIGN.md as Django groups; object-level scoping lives in each app's permissions."""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pavilion.core.rows import ensure_rows

ORGANISER_ADMIN = "organiser admin"
ORGANISER_STAFF = "organiser staff"
SECURITY_OFFICER = "security officer"
EXHIBITOR_ADMIN = "exhibitor admin"
EXHIBITOR_STAFF = "exhibitor staff"
DELEGATION_LIAISON = "delegation liaison"
TRADE_VISITOR = "trade visitor"
MEDIA = "media"

ALL_ROLES = [
    ORGANISER_ADMIN,
    ORGANISER_STAFF,
    SECURITY_OFFICER,
    EXHIBITOR_ADMIN,
    EXHIBITOR_STAFF,
    DELEGATION_LIAISON,
    TRADE_VISITOR,
    MEDIA,
]
ORGANISER_ROLES = {ORGANISER_ADMIN, ORGANISER_STAFF}
# The roles as people read them (the group names above are the stored keys).
LABELS = {
    ORGANISER_ADMIN: _("Organiser administrator"),
    ORGANISER_STAFF: _("Organiser staff"),
    SECURITY_OFFICER: _("Security officer"),
    EXHIBITOR_ADMIN: _("Exhibitor administrator"),
    EXHIBITOR_STAFF: _("Exhibitor staff"),
    DELEGATION_LIAISON: _("Delegation liaison officer"),
    TRADE_VISITOR: _("Trade visitor"),
    MEDIA: _("Media"),
}


def ensure_roles() -> dict[str, Group]:
    """Every role's group by name, creating the missing ones (one query where all exist, as they do
    after the first call)."""
    return ensure_rows(Group.objects.filter(name__in=ALL_ROLES), "name", ALL_ROLES, lambda name: Group(name=name))


def role_names(user) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_pavilion_roles", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._pavilion_roles = cached
    return cached


def has_role(user, *roles: str) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    return bool(role_names(user) & set(roles))


def is_organiser(user) -> bool:
    return has_role(user, *ORGANISER_ROLES)


def is_security_officer(user) -> bool:
    return has_role(user, SECURITY_OFFICER)


def require_organiser_admin(user, message: str | None = None) -> None:
    """The organiser's administrators set the event up (events, shows, the venue's halls, exhibitors'
    admission, registration categories and country policies, accounts); organiser staff run it.
    Services call this themselves, so the rule holds whichever page or command calls them."""
    if not has_role(user, ORGANISER_ADMIN):
        raise PermissionDenied(message or gettext("Only the organiser's administrators may change this."))
