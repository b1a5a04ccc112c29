"""Who may see and change which registrations (object-level scoping of the roles)."""

from django.db.models import Q, QuerySet

from pavilion.core import roles
from pavilion.registrations.models import Registration


def visible_registrations(user, queryset: QuerySet | None = None) -> QuerySet:
    """Organisers and security officers see all; an exhibitor its staff and guests; a liaison its
    delegation; anyone else only their own registrations."""
    queryset = Registration.objects.all() if queryset is None else queryset
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    if roles.is_organiser(user) or roles.is_security_officer(user):
        return queryset
    return queryset.filter(_own(user)).distinct()


def _own(user) -> Q:
    """The registrations that are this user's to look after: their own, the ones they entered, their
    exhibitor's staff and guests, their delegation's members."""
    scope = Q(person__user=user) | Q(created_by=user)
    if roles.has_role(user, roles.EXHIBITOR_ADMIN):
        scope |= Q(exhibitor__company__members__user=user, exhibitor__company__members__role="admin")
    if roles.has_role(user, roles.DELEGATION_LIAISON):
        scope |= Q(delegation__liaison=user)
    return scope


def can_view(user, registration: Registration) -> bool:
    return visible_registrations(user, Registration.objects.filter(pk=registration.pk)).exists()


def can_manage(user, registration: Registration) -> bool:
    """Edit or withdraw: the organiser, the person, its exhibitor's administrators, its liaison. A
    security officer sees every registration but does not change what people registered or withdraw
    it for them: they clear or reject (unless it is their own)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if roles.is_organiser(user):
        return True
    return Registration.objects.filter(_own(user), pk=registration.pk).exists()


def can_decide(user) -> bool:
    """Approve or reject a registration."""
    return roles.is_organiser(user)


def can_vet(user) -> bool:
    """See personal data needed for vetting and decide screening alerts."""
    return roles.is_security_officer(user) or roles.has_role(user, roles.ORGANISER_ADMIN)
