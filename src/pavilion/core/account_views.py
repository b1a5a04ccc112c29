"""The organiser's accounts page: every account with its roles, a new one opened with its role and
invited by e-mail to choose a password, an account closed or opened again. For the organiser's
administrators only: it lists people's names and e-mail addresses."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pavilion.core import accounts, roles
from pavilion.core.forms import AccountForm, apply_errors

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
