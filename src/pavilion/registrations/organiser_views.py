"""The organiser's registration pages: the filtered list, a registration, approve, reject and reopen,
the redacted export and the country policies."""


from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from pavilion.core import roles
from pavilion.core.forms import apply_errors, stored
from pavilion.core.services import audit_record
from pavilion.core.spreadsheets import csv_lines
from pavilion.events.models import Event
from pavilion.registrations import selectors, services
from pavilion.registrations.categories import opened_forms_notice
from pavilion.registrations.forms import CategoryForm, RegistrationFilterForm, RejectForm, ReopenForm
from pavilion.registrations.models import CountryPolicy, Registration, RegistrationCategory
from pavilion.registrations.permissions import can_decide
from pavilion.registrations.personal_data import REDACTED, identity_for

PAGE_SIZE = 50


def _event_for_staff(request, slug: str) -> Event:
    if not (roles.is_organiser(request.user) or roles.is_security_officer(request.user)):
        raise PermissionDenied
    return get_object_or_404(Event, slug=slug)


def _filters(request, event) -> tuple[RegistrationFilterForm, dict]:
    form = RegistrationFilterForm(request.GET or None, event=event)
    return form, (form.cleaned_data if form.is_valid() else {})


@login_required
def registration_list(request, event: str):
    event_obj = _event_for_staff(request, event)
    form, filters = _filters(request, event_obj)
    refused = form.is_bound and not form.is_valid()  # an unknown status or category lists nothing, not everything
    registrations = (Registration.objects.none() if refused
                     else selectors.registration_list(user=request.user, event=event_obj, filters=filters))
    page = Paginator(registrations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "registrations/organiser/list.html", {
        "event": event_obj, "form": form, "page": page, "can_decide": can_decide(request.user),
        "rejected_before": selectors.rejected_before(event_obj, page.object_list),
        "is_organiser_admin": roles.has_role(request.user, roles.ORGANISER_ADMIN),
    }, status=400 if refused else 200)


@login_required
def registration_detail(request, event: str, pk: int):
    event_obj = _event_for_staff(request, event)
    registration = selectors.registration_detail(user=request.user, event=event_obj, registration_id=pk)
    if registration is None:
        raise Http404
    return _detail_page(request, event_obj, registration)


def _detail_page(request, event_obj, registration, *, reopen_form=None, status: int = 200) -> HttpResponse:
    alerts = registration.alerts.exclude(status="superseded").select_related("entry__version__watch_list")
    return render(request, "registrations/organiser/detail.html", {
        "event": event_obj, "registration": registration, "person": registration.person,
        "identity": identity_for(request.user, registration.person), "alerts": alerts,
        "can_decide": can_decide(request.user), "reject_form": RejectForm(),
        "reopen_form": reopen_form or ReopenForm(),
        "reopen_refusal": services.reopen_refusal(registration) if registration.status == "rejected" else "",
        "earlier_rejections": selectors.earlier_rejections(registration),
    }, status=status)


def _to_decide(request, event: str, pk: int):
    """The event and the registration a decision (approve, reject, reopen) is about, for one who may decide."""
    event_obj = _event_for_staff(request, event)
    registration = selectors.registration_detail(user=request.user, event=event_obj, registration_id=pk)
    if registration is None or not can_decide(request.user):
        raise PermissionDenied
    return event_obj, registration


@login_required
@require_POST
def registration_approve(request, event: str, pk: int):
    event_obj, registration = _to_decide(request, event, pk)
    try:
        services.registration_approve(actor=request.user, registration=registration)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Approved: %(name)s.") % {"name": registration.person.full_name})
    return redirect("registrations:detail", event=event, pk=pk)


@login_required
@require_POST
def registration_reject(request, event: str, pk: int):
    event_obj, registration = _to_decide(request, event, pk)
    form = RejectForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({"reason": _("Give the reason for the rejection.")})
        services.registration_reject(actor=request.user, registration=registration,
                                     reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Rejected: %(name)s.") % {"name": registration.person.full_name})
    return redirect("registrations:detail", event=event, pk=pk)


@login_required
@require_POST
def registration_reopen(request, event: str, pk: int):
    """A rejected registration back into review (an appeal, a rejection made in error). A reason missing
    or too long: the page again with the form as typed, the error on its field (400); a refusal of the
    registration itself (a blocked person, registered again since): a message on the page."""
    event_obj, registration = _to_decide(request, event, pk)
    form = ReopenForm(request.POST)
    try:
        if form.is_valid():
            services.registration_reopen(actor=request.user, registration=registration,
                                         reason=form.cleaned_data["reason"])
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            messages.error(request, " ".join(error.messages))
            return redirect("registrations:detail", event=event, pk=pk)
        apply_errors(form, error)
    if form.errors:  # the registration as stored: nothing changed
        registration = selectors.registration_detail(user=request.user, event=event_obj, registration_id=pk)
        return _detail_page(request, event_obj, registration, reopen_form=form, status=400)
    messages.success(request, _("Reopened for review: %(name)s. The person is told by e-mail.") % {
        "name": registration.person.full_name})
    return redirect("registrations:detail", event=event, pk=pk)


EXPORT_COLUMNS = ["id", "status", "category", "given_name", "family_name", "nationality", "organisation",
                  "birth_date", "document_number", "submitted_at"]


@login_required
def registration_export(request, event: str):
    """CSV of the filtered list; birth dates and document numbers are always redacted."""
    event_obj = _event_for_staff(request, event)
    form, filters = _filters(request, event_obj)
    if form.is_bound and not form.is_valid():  # an unknown status or category: not "everything"
        messages.error(request, _("The filter is not valid, so nothing was exported: %(errors)s") % {
            "errors": " ".join(str(error) for errors in form.errors.values() for error in errors)})
        return redirect(reverse("registrations:list", args=[event_obj.slug]) + "?" + request.GET.urlencode())
    registrations = selectors.registration_list(user=request.user, event=event_obj, filters=filters)
    rows = ([registration.pk, registration.status, registration.category.code, registration.person.given_name,
             registration.person.family_name, registration.person.nationality.code, registration.organisation,
             REDACTED, REDACTED if registration.person.document_number else "",
             registration.submitted_at.isoformat()]
            for registration in registrations.iterator(chunk_size=1000))
    # Built here, not streamed: the audit record below is written only once the file is complete.
    response = HttpResponse("".join(csv_lines(EXPORT_COLUMNS, rows)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="registrations-{event_obj.slug}.csv"'
    audit_record(actor=request.user, action="registration.export", obj=event_obj, after={"filters": filters})
    return response


class CountryPolicyForm(forms.ModelForm):
    class Meta:
        model = CountryPolicy
        fields = ["country", "policy", "note"]
        labels = {"country": gettext_lazy("Country"), "policy": gettext_lazy("Policy"),
                  "note": gettext_lazy("Note")}


@login_required
def country_policies(request, event: str):
    event_obj = get_object_or_404(Event, slug=event)
    if not roles.has_role(request.user, roles.ORGANISER_ADMIN):
        raise PermissionDenied
    form = CountryPolicyForm(request.POST or None, instance=CountryPolicy(event=event_obj))
    if request.method == "POST" and form.is_valid():
        try:
            services.country_policy_set(actor=request.user, event=event_obj, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The country policy is saved."))
            return redirect("registrations:country_policies", event=event)
    policies = CountryPolicy.objects.filter(event=event_obj).order_by("country")
    return render(request, "registrations/organiser/country_policies.html",
                  {"event": event_obj, "form": form, "policies": policies})


@login_required
@require_POST
def country_policy_delete(request, event: str, pk: int):
    if not roles.has_role(request.user, roles.ORGANISER_ADMIN):
        raise PermissionDenied
    policy = get_object_or_404(CountryPolicy, pk=pk, event__slug=event)
    services.country_policy_delete(actor=request.user, policy=policy)
    return redirect("registrations:country_policies", event=event)


def _category_admin(request, slug: str) -> Event:
    """Categories decide who registers and what is vetted: the organiser's administrators set them."""
    event_obj = get_object_or_404(Event, slug=slug)
    if not roles.has_role(request.user, roles.ORGANISER_ADMIN):
        raise PermissionDenied
    return event_obj


@login_required
@require_POST
def category_defaults(request, event: str):
    """Give a new event the standard categories, so that it can take registrations."""
    event_obj = _category_admin(request, event)
    created = services.categories_create_defaults(actor=request.user, event=event_obj)
    if not created:
        messages.warning(request, _("The event already has every standard category."))
    else:
        messages.success(request, ngettext(
            "Created %(count)s category.", "Created %(count)s categories.", len(created)) % {"count": len(created)})
        if notice := opened_forms_notice(created):
            messages.warning(request, notice)
    return redirect("registrations:category_list", event=event_obj.slug)


@login_required
def categories(request, event: str, pk: int | None = None):
    """The event's registration categories and their rules; edit one."""
    event_obj = _category_admin(request, event)
    category = get_object_or_404(RegistrationCategory, pk=pk, event=event_obj) if pk else None
    form = CategoryForm(request.POST or None, instance=category) if category else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            saved = services.category_update(actor=request.user, category=stored(category),
                                             **{field: form.cleaned_data[field] for field in CategoryForm.Meta.fields})
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved the category %(name)s: badges issued or reprinted from now on carry "
                                        "its colour and days.") % {"name": saved.name})
            return redirect("registrations:category_list", event=event_obj.slug)
    listed = (RegistrationCategory.objects.filter(event=event_obj)
              .annotate(registration_count=Count("registrations")).order_by("order", "code"))
    return render(request, "registrations/organiser/categories.html", {
        "event": event_obj, "categories": listed, "form": form, "editing": category,
    }, status=400 if form is not None and request.method == "POST" else 200)
