"""The organiser's exhibitor pages of an event: who exhibits at which show, admitting a company to a
show (a returning exhibitor or one registered since), changing an exhibitor and its company (whose
name, legal name and country only the organiser changes), and the shows' national pavilions, without
the back office."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from pavilion.core import roles
from pavilion.core.forms import apply_errors
from pavilion.core.views import deletion
from pavilion.events import services as events
from pavilion.events.models import Event, NationalPavilion, StandBooking
from pavilion.events.organiser_views import organiser_required
from pavilion.exhibitors import services
from pavilion.exhibitors.forms import (
    AdmitForm,
    CompanyChangeForm,
    ExhibitorChangeForm,
    NewCompanyForm,
    PavilionForm,
)
from pavilion.exhibitors.models import Company, Exhibitor

PAGE_SIZE = 50


@organiser_required
def exhibitors(request, event: str):
    event_obj = get_object_or_404(Event, slug=event)
    may_change = roles.has_role(request.user, roles.ORGANISER_ADMIN)
    if request.method == "POST" and not may_change:
        raise PermissionDenied(_("Only the organiser's administrators may admit exhibitors."))
    creating = request.method == "POST" and request.POST.get("action") == "company"
    company_form = NewCompanyForm(request.POST if creating else None, prefix="company")
    form = AdmitForm(request.POST if request.method == "POST" and not creating else None, event=event_obj)
    if creating and company_form.is_valid():
        try:
            company = services.company_create(actor=request.user, **company_form.cleaned_data)
        except ValidationError as error:
            apply_errors(company_form, error)
        else:
            messages.success(request, _("Created the company %(company)s: admit it to a show below, then open its "
                                        "administrator's account on the accounts page.") % {"company": company.name})
            return redirect("exhibitors:organiser_exhibitors", event=event_obj.slug)
    if form.is_bound and form.is_valid():
        try:
            exhibitor = services.exhibitor_create(actor=request.user, company=form.cleaned_data["company"],
                                                  show=form.cleaned_data["show"],
                                                  pavilion=form.cleaned_data["pavilion"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(company)s now exhibits at %(show)s.") % {
                "company": exhibitor.company.name, "show": exhibitor.show.name})
            return redirect("exhibitors:organiser_exhibitors", event=event_obj.slug)
    listed = (Exhibitor.objects.filter(show__event=event_obj).select_related("company", "show", "pavilion")
              .order_by("company__name", "show__name_en"))
    return render(request, "exhibitors/organiser/exhibitors.html", {
        "event": event_obj, "page": Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page")),
        "form": form if may_change else None, "company_form": company_form if may_change else None,
    }, status=400 if request.method == "POST" else 200)


@organiser_required
def exhibitor_change(request, event: str, exhibitor: int):
    """One exhibitor: its stands and bookings, and (for administrators) its status and pavilion, and its
    company's name, legal name, country and profile; a withdrawal gives its stands back."""
    event_obj = get_object_or_404(Event, slug=event)
    exhibitor_obj = get_object_or_404(Exhibitor.objects.select_related("company", "show", "pavilion"),
                                      pk=exhibitor, show__event=event_obj)
    may_change = roles.has_role(request.user, roles.ORGANISER_ADMIN)
    if request.method == "POST" and not may_change:
        raise PermissionDenied(_("Only the organiser's administrators may change exhibitors."))
    changing_company = request.method == "POST" and request.POST.get("action") == "company"
    form = ExhibitorChangeForm(request.POST if request.method == "POST" and not changing_company else None,
                               exhibitor=exhibitor_obj)
    company_form = CompanyChangeForm(request.POST if changing_company else None, prefix="company",
                                     company=exhibitor_obj.company)
    if changing_company and _company_saved(request, company_form, exhibitor_obj.company):
        return redirect("exhibitors:organiser_exhibitor", event=event_obj.slug, exhibitor=exhibitor_obj.pk)
    if form.is_bound and form.is_valid():
        try:
            _changed, released = services.exhibitor_update(actor=request.user, exhibitor=exhibitor_obj,
                                                           **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved: %(company)s at %(show)s is %(status)s.") % {
                "company": exhibitor_obj.company.name, "show": exhibitor_obj.show.name,
                "status": exhibitor_obj.get_status_display()})
            if released:
                messages.info(request, ngettext(
                    "Stand %(stands)s is available again.", "Stands %(stands)s are available again.",
                    len(released)) % {"stands": ", ".join(events.stand_label(stand) for stand in released)})
            return redirect("exhibitors:organiser_exhibitor", event=event_obj.slug, exhibitor=exhibitor_obj.pk)
    bookings = (StandBooking.objects.filter(exhibitor=exhibitor_obj).select_related("stand__hall")
                .order_by("-requested_at"))
    return render(request, "exhibitors/organiser/exhibitor.html", {
        "event": event_obj, "exhibitor": exhibitor_obj, "form": form if may_change else None,
        "company_form": company_form if may_change else None,
        "bookings": bookings, "stands": exhibitor_obj.stands.select_related("hall").order_by("code"),
        "withdrawn": Exhibitor.Status.WITHDRAWN,
    }, status=400 if request.method == "POST" else 200)


def _company_saved(request, form: CompanyChangeForm, company: Company) -> bool:
    """The company's name, legal name, country and profile as the organiser changed them, under the checks
    of a new company (services.company_update); False, with the errors on the form, when refused."""
    if not form.is_valid():
        return False
    try:
        services.company_update(actor=request.user, company=company, **form.cleaned_data)
    except ValidationError as error:
        apply_errors(form, error)
        return False
    messages.success(request, _("Saved the company %(company)s.") % {"company": company.name})
    return True


@organiser_required
def pavilions(request, event: str, pavilion: int | None = None):
    """The national pavilions of the event's shows, a new one's form, or one's names to edit."""
    event_obj = get_object_or_404(Event, slug=event)
    editing = get_object_or_404(NationalPavilion, pk=pavilion, show__event=event_obj) if pavilion else None
    may_change = roles.has_role(request.user, roles.ORGANISER_ADMIN)
    if request.method == "POST" and not may_change:
        raise PermissionDenied(_("Only the organiser's administrators set up national pavilions."))
    form = PavilionForm(request.POST or None, event=event_obj, pavilion=editing)
    if request.method == "POST" and form.is_valid():
        try:
            if editing is None:
                saved = events.pavilion_create(actor=request.user, **form.cleaned_data)
            else:
                saved = events.pavilion_update(actor=request.user, pavilion=editing, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved the pavilion %(name)s.") % {"name": saved.name})
            return redirect("exhibitors:organiser_pavilions", event=event_obj.slug)
    listed = (NationalPavilion.objects.filter(show__event=event_obj).select_related("show")
              .annotate(exhibitor_count=Count("exhibitors")).order_by("show__name_en", "name_en"))
    return render(request, "exhibitors/organiser/pavilions.html", {
        "event": event_obj, "pavilions": listed, "form": form if may_change else None, "editing": editing,
    }, status=400 if request.method == "POST" else 200)


@require_POST
@organiser_required
def pavilion_delete(request, event: str, pavilion: int):
    event_obj = get_object_or_404(Event, slug=event)
    pavilion_obj = get_object_or_404(NationalPavilion, pk=pavilion, show__event=event_obj)
    return deletion(
        request, lambda: events.pavilion_delete(actor=request.user, pavilion=pavilion_obj),
        done=_("Deleted the pavilion %(name)s.") % {"name": pavilion_obj.name},
        done_url=reverse("exhibitors:organiser_pavilions", args=[event_obj.slug]),
        refused_url=reverse("exhibitors:organiser_pavilion", args=[event_obj.slug, pavilion_obj.pk]))
