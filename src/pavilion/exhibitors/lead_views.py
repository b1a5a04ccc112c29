"""The exhibitor's leads page: scan a badge at the stand (camera, keyboard-wedge scanner or pasted
text), see the people scanned with what they agreed to share, rate and note them, export them."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from pavilion.core import spreadsheets
from pavilion.core.services import audit_record
from pavilion.events.models import Event
from pavilion.exhibitors import leads
from pavilion.exhibitors.models import Lead

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _company(request, event: Event, companies):
    """The company the page is for: the one asked for by `company` among the person's, else their first."""
    if not companies:
        raise PermissionDenied(_("Only the staff of a company exhibiting at this event scan badges for it."))
    wanted = request.POST.get("company") or request.GET.get("company")
    return next((company for company in companies if str(company.pk) == wanted), companies[0])


def _address(event: Event, company, **more) -> str:
    return reverse("exhibitors:leads", args=[event.slug]) + "?" + urlencode({"company": company.pk, **more})


@login_required
def lead_list(request, event: str):
    event_obj = get_object_or_404(Event, slug=event)
    companies = leads.lead_companies(request.user, event_obj)
    company = _company(request, event_obj, companies)
    error = ""
    if request.method == "POST":
        try:
            lead, created = leads.lead_capture(actor=request.user, event=event_obj, company=company,
                                               qr=request.POST.get("qr", ""))
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            name = leads.Contact.of(lead).name
            messages.success(request, (_("Added %(name)s to your leads.") if created else _(
                "%(name)s is in your leads already: scanned again.")) % {"name": name})
            return redirect(_address(event_obj, company, lead=lead.pk) + f"#lead-{lead.pk}")
    rating = request.GET.get("rating", "")
    page = Paginator(leads.leads_of(company, event_obj, rating=rating), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(lead, leads.Contact.of(lead)) for lead in page]
    return render(request, "exhibitors/leads.html", {
        "event": event_obj, "company": company, "companies": companies, "page": page, "rows": rows,
        "rating": rating, "ratings": Lead.Rating.choices, "error": error, "qr": request.POST.get("qr", "")[:200],
        "opened": request.GET.get("lead", ""), "max_note": leads.MAX_NOTE,
        "refusal": leads.capture_refusal(company, event_obj),
    }, status=400 if error else 200)


@login_required
@require_POST
def lead_edit(request, event: str, pk: int):
    event_obj = get_object_or_404(Event, slug=event)
    companies = leads.lead_companies(request.user, event_obj)
    lead = get_object_or_404(Lead.objects.select_related("company", "registration__person"), pk=pk,
                             company__in=companies, registration__event=event_obj)
    try:
        leads.lead_update(actor=request.user, event=event_obj, lead=lead, rating=request.POST.get("rating", ""),
                          note=request.POST.get("note", ""))
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, _("Saved your note on %(name)s.") % {"name": lead.registration.person.full_name})
    return redirect(_address(event_obj, lead.company, lead=lead.pk) + f"#lead-{lead.pk}")


def _headers() -> list[str]:
    """The export's headers, in the language of the page it was asked from like its values and sheet title
    (no tool reads the file by its headers: it is for the company's people and their spreadsheet program)."""
    return [pgettext("person", "Name"), _("Organisation"), _("Position"), _("Country"), _("Category"),
            _("E-mail"), _("Phone"), _("Rating"), _("Note"), _("First scanned"), _("Last scanned"), _("Scans"),
            _("Scanned by")]


def _rows(company, event: Event):
    zone = timezone.get_current_timezone()
    for lead in leads.leads_of(company, event).iterator(chunk_size=500):
        contact = leads.Contact.of(lead)
        yield [contact.name, contact.organisation, contact.position, contact.country, contact.category,
               contact.email, contact.phone, lead.get_rating_display() if lead.rating else "", lead.note,
               lead.first_scanned_at.astimezone(zone).replace(tzinfo=None),
               lead.last_scanned_at.astimezone(zone).replace(tzinfo=None), lead.scans,
               lead.scanned_by.get_full_name() if lead.scanned_by else ""]


@login_required
def lead_export(request, event: str, fmt: str):
    event_obj = get_object_or_404(Event, slug=event)
    company = _company(request, event_obj, leads.lead_companies(request.user, event_obj))
    name = f"leads-{event_obj.slug}-{company.pk}.{fmt}"
    with timezone.override(event_obj.time_zone):
        if fmt == "csv":
            text = "".join(spreadsheets.csv_lines(_headers(), (
                [cell.isoformat(sep=" ") if hasattr(cell, "isoformat") else cell for cell in row]
                for row in _rows(company, event_obj))))
            response = HttpResponse(text, content_type="text/csv; charset=utf-8")
        else:
            handle = io.BytesIO()
            spreadsheets.write_xlsx(handle, _headers(), _rows(company, event_obj), title=_("Leads"),
                                    widths=[24, 28, 22, 16, 18, 28, 16, 8, 40, 18, 18, 6, 20])
            handle.seek(0)
            response = FileResponse(handle, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    audit_record(actor=request.user, action="lead.export", obj=company, after={"event": event_obj.pk, "format": fmt})
    return response
