from pavilion.core import roles


def site(request):
    user = request.user
    return {
        "is_organiser": roles.is_organiser(user),
        "is_organiser_admin": roles.has_role(user, roles.ORGANISER_ADMIN),
        "is_security_officer": roles.is_security_officer(user),
        # Membership, not superuser power: an organiser who is not in a company has no portal to open.
        "is_exhibitor": bool(roles.role_names(user) & {roles.EXHIBITOR_ADMIN, roles.EXHIBITOR_STAFF}),
        "is_liaison": roles.DELEGATION_LIAISON in roles.role_names(user),
        # The roles that take meetings (the meeting pages check the approved registration itself).
        "is_participant": bool(roles.role_names(user) & {
            roles.TRADE_VISITOR, roles.MEDIA, roles.EXHIBITOR_ADMIN, roles.EXHIBITOR_STAFF, roles.DELEGATION_LIAISON}),
    }
