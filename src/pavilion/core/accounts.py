"""People's accounts: the organiser opens one for a colleague, a security officer, a delegation's
liaison or an exhibitor's administrator, with its role; the person chooses their own password from
a link sent by e-mail (Django's password-reset token: one use, it expires with
PASSWORD_RESET_TIMEOUT, and it stops working once the password is set). Nobody ever types or sees
someone else's password."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from pavilion.core import roles
from pavilion.core.i18n import speaks, supported_language
from pavilion.core.mail import rendered
from pavilion.core.models import AccountPreference
from pavilion.core.services import audit_record

# The roles an account is opened with here; the exhibitor's roles also need the company they act for.
COMPANY_ROLES = {roles.EXHIBITOR_ADMIN: "admin", roles.EXHIBITOR_STAFF: "staff"}


def require_account_admin(user) -> None:
    if not roles.has_role(user, roles.ORGANISER_ADMIN):
        raise PermissionDenied(_("Only the organiser's administrators open and close accounts."))


def account_create(*, actor, first_name: str, last_name: str, email: str, role: str, company=None):
    """A new account in `role` (for an exhibitor's role, a member of `company`), without a password:
    send it the invitation (`invitation_send`) so that the person sets one."""
    require_account_admin(actor)
    user_model = get_user_model()
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationError({"email": _("Give a valid e-mail address.")}) from error
    if not (first_name or "").strip() or not (last_name or "").strip():
        raise ValidationError({"last_name": _("Give the person's given and family names.")})
    if role not in roles.ALL_ROLES:
        raise ValidationError({"role": _("Choose a role.")})
    if role in COMPANY_ROLES and company is None:
        raise ValidationError({"company": _("Choose the company this person acts for.")})
    if role not in COMPANY_ROLES and company is not None:
        raise ValidationError({"company": _("Only an exhibitor's administrator or staff acts for a company.")})
    if user_model.objects.filter(Q(username__iexact=email) | Q(email__iexact=email)).exists():
        raise ValidationError({"email": _("An account with this e-mail address exists already.")})
    with transaction.atomic():
        user = user_model(username=email, email=email, first_name=first_name.strip(), last_name=last_name.strip())
        user.set_unusable_password()
        user.save()
        user.groups.add(roles.ensure_roles()[role])
        if company is not None:
            from pavilion.exhibitors.models import CompanyMember

            CompanyMember.objects.create(company=company, user=user, role=COMPANY_ROLES[role])
        audit_record(actor=actor, action="account.create", obj=user,
                     after={"role": role, "company": company.pk if company is not None else None})
    return user


def account_set_active(*, actor, user, active: bool):
    """Close an account (it can no longer sign in; its records stay) or open it again."""
    require_account_admin(actor)
    if user.pk == actor.pk and not active:
        raise ValidationError(_("You cannot close your own account."))
    with transaction.atomic():
        before = user.is_active
        user.is_active = active
        user.save(update_fields=["is_active"])
        audit_record(actor=actor, action="account.open" if active else "account.close", obj=user,
                     before={"active": before}, after={"active": active})
    return user


def set_password_path(user) -> str:
    """The one-time link's path for choosing a password (the password-reset confirmation page)."""
    return reverse("password_reset_confirm", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user)})


def invitation_send(*, actor, user, site: str, language: str = "en") -> None:
    """E-mail `user` the link to choose their password, in `language`; `site` is the address the
    organiser reached Pavilion at (e.g. https://pavilion.example.org), which the link starts with."""
    require_account_admin(actor)
    language = supported_language(language)
    AccountPreference.objects.get_or_create(user=user, defaults={"language": language})
    subject, body = rendered("core/email/invitation", {
        "user": user, "link": site.rstrip("/") + set_password_path(user), "roles": sorted(roles.role_names(user))},
        language=language)
    send_mail(subject, body, None, [user.email])
    audit_record(actor=actor, action="account.invite", obj=user, after={"language": language})


def account_list(*, role: str = "", q: str = "") -> QuerySet:
    """Every account with its roles and companies, newest first; filtered by role and by words of the
    name, username or e-mail."""
    accounts = (get_user_model().objects.prefetch_related("groups", "company_memberships__company")
                .order_by("-date_joined", "-pk"))
    if role in roles.ALL_ROLES:
        accounts = accounts.filter(groups__name=role)
    for word in q.split():
        accounts = accounts.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word)
                                   | Q(username__icontains=word) | Q(email__icontains=word))
    return accounts


def preferred_language(user) -> str | None:
    """The language `user` chose for their account, or None when they never chose one."""
    if user is None or not user.is_authenticated:
        return None
    try:
        return user.preference.language
    except AccountPreference.DoesNotExist:
        return None


def language_preference_set(*, actor, user, language: str) -> AccountPreference:
    """`user`'s language, chosen by themselves (the language switch, their account page) or by the
    organiser's administrators; recorded in the audit log when it changes."""
    if actor.pk != user.pk:
        require_account_admin(actor)
    if not speaks(language):
        raise ValidationError({"language": _("Choose one of the languages offered.")})
    with transaction.atomic():
        preference, created = AccountPreference.objects.select_for_update().get_or_create(
            user=user, defaults={"language": language})
        before = None if created else preference.language
        if not created and before != language:
            preference.language = language
            preference.save(update_fields=["language", "updated_at"])
        if before != language:
            audit_record(actor=actor, action="account.language", obj=user,
                         before={"language": before}, after={"language": language})
    user.preference = preference  # what this user object reads from now on
    return preference


def restore_language(sender, request, user, **kwargs) -> None:
    """On signing in (Django's `user_logged_in`): the pages turn to the account's language, on any device
    (`AccountLanguageMiddleware` sets the language cookie on the response). An account without one
    keeps the language chosen on this device with the switch, which becomes the account's."""
    if request is None:
        return
    language = preferred_language(user)
    if language is None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if speaks(chosen):
            language_preference_set(actor=user, user=user, language=chosen)
        return
    request.account_language = language
