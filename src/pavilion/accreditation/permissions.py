"""Who may do what on the accreditation pages. The views check these and the templates ask the same
functions, so that a page never offers a link or a form that answers 403."""

from pavilion.core import roles


def can_manage(user) -> bool:
    """Set up, print and reprint badges, change a person's zones, enrol devices: the organiser."""
    return roles.is_organiser(user)


def can_watch(user) -> bool:
    """See the badges, revoke one, override a passback, watch occupancy: the organiser and security officers."""
    return roles.is_organiser(user) or roles.is_security_officer(user)
