"""The organiser's accounts page: every account with its roles, a new one opened with its role and
invited by e-mail to choose a password, an account closed or opened again. For the organiser's
administrators only: it lists people's names and e-mail addresses.

And each person's own account page: their roles and companies, their language, their password and
their API tokens."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _
from django.views import i18n as i18n_views
from django.views.decorators.http import require_POST

from pavilion.core import accounts, roles
from pavilion.core.forms import AccountForm, ApiTokenForm, LanguagePreferenceForm, apply_errors
from pavilion.core.i18n import speaks
from pavilion.core.models import ApiToken
from pavilion.core.services import api_token_create, api_token_revoke

PAGE_SIZE = 50


def _site(request) -> str:
    return request.build_absolute_uri("/")


def account_list(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    accounts.require_account_admin(request.user)
    form = AccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = accounts.account_create(actor=request.user, first_name=data["first_name"],
                                           last_name=data["last_name"], email=data["email"], role=data["role"],
                                           company=data["company"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            accounts.invitation_send(actor=request.user, user=user, site=_site(request), language=data["language"])
            messages.success(request, _("Opened the account of %(name)s and sent the invitation to choose a "
                                        "password to %(email)s.") % {"name": user.get_full_name(), "email": user.email})
            return redirect("core:accounts")
    role = request.GET.get("role", "")
    query = request.GET.get("q", "")
    page = Paginator(accounts.account_list(role=role, q=query), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "core/accounts.html", {
        "form": form, "page": page, "role": role, "q": query, "labels": roles.LABELS,
        "roles": [(key, roles.LABELS[key]) for key in roles.ALL_ROLES],
    }, status=400 if request.method == "POST" else 200)


@require_POST
def account_action(request, pk: int, action: str):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    accounts.require_account_admin(request.user)
    user = get_object_or_404(get_user_model(), pk=pk)
    try:
        if action == "invite":
            if user.has_usable_password():
                raise ValidationError(_("%(name)s has chosen a password already; they can reset it from the "
                                        "sign-in page.") % {"name": user.get_full_name() or user.username})
            accounts.invitation_send(actor=request.user, user=user, site=_site(request),
                                     language=request.POST.get("language", "en"))
            messages.success(request, _("Sent the invitation again to %(email)s.") % {"email": user.email})
        elif action in ("close", "open"):
            accounts.account_set_active(actor=request.user, user=user, active=action == "open")
            done = _("Closed the account of %(name)s.") if action == "close" else _(
                "Opened the account of %(name)s again.")
            messages.success(request, done % {"name": user.get_full_name() or user.username})
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("core:accounts")


# The person's own account: who they are to Pavilion, their language, their password, their API tokens.

def _my_account_page(request, *, language_form=None, token_form=None, new_token: str = "", status: int = 200):
    user = request.user
    memberships = user.company_memberships.select_related("company").order_by("company__name")
    return render(request, "core/my_account.html", {
        "roles": sorted(str(roles.LABELS[name]) for name in roles.role_names(user) if name in roles.LABELS),
        "memberships": memberships,
        "language_form": language_form or LanguagePreferenceForm(
            initial={"language": accounts.preferred_language(user) or get_language()}),
        "token_form": token_form or ApiTokenForm(),
        "tokens": ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at", "-pk"),
        "new_token": new_token,
    }, status=status)


@login_required
def my_account(request):
    return _my_account_page(request)


@login_required
@require_POST
def my_language(request):
    form = LanguagePreferenceForm(request.POST)
    if not form.is_valid():
        return _my_account_page(request, language_form=form, status=400)
    language = form.cleaned_data["language"]
    accounts.language_preference_set(actor=request.user, user=request.user, language=language)
    request.account_language = language  # the cookie too, so this device follows at once
    with translation.override(language):
        messages.success(request, _("Pavilion now speaks to you in %(language)s.") % {
            "language": get_language_info(language)["name_local"]})
    return redirect("core:my_account")


@login_required
@require_POST
def my_token_create(request):
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        try:
            raw = api_token_create(actor=request.user, user=request.user, name=form.cleaned_data["name"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            # Shown on this page only, never put in a message or the session: it is not stored anywhere.
            return _my_account_page(request, new_token=raw)
    return _my_account_page(request, token_form=form, status=400)


@login_required
@require_POST
def my_token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    try:
        api_token_revoke(actor=request.user, token=token)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Revoked the token %(prefix)s…: whatever used it can no longer sign in "
                                    "with it.") % {"prefix": token.prefix})
    return redirect("core:my_account")


class PasswordChange(auth_views.PasswordChangeView):
    """A signed-in person changes their password (the old one asked first); they stay signed in here
    and are signed out elsewhere, Django's session hash changing with the password."""

    template_name = "core/password/change.html"
    success_url = reverse_lazy("core:my_account")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password is changed."))
        return response


def language_set(request):
    """The header's language switch (Django's `set_language`); for a signed-in person it also becomes
    their account's language, so the next sign-in, on any device, opens in it."""
    response = i18n_views.set_language(request)
    language = request.POST.get("language") if request.method == "POST" else None
    if request.user.is_authenticated and speaks(language):
        accounts.language_preference_set(actor=request.user, user=request.user, language=language)
    return response
