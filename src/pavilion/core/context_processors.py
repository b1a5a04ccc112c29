from pavilion.core import roles


def site(request):
    user = request.user
    return {
        "is_organiser": roles.is_organiser(user),
        "is_security_officer": roles.is_security_officer(user),
        "is_exhibitor": roles.has_role(user, roles.EXHIBITOR_ADMIN, roles.EXHIBITOR_STAFF),
    }
