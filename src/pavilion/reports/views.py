"""The organiser's reports: the event's set-up overview, the dashboard, the lists with their CSV
and XLSX exports, the background export jobs and the press summary. Security officers see the
vetting part only."""

import datetime
import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.translation import gettext as _

from pavilion.core import clock, roles
from pavilion.core.services import audit_record
from pavilion.events.models import Event
from pavilion.reports import dashboard, exports, pdf, rollup, selectors, services, setup, snapshots, tasks
from pavilion.reports.forms import FORMS
from pavilion.reports.models import ExportJob, RollupMark

PAGE_SIZE = 50
# The lists security officers may read and export too: the gate log (scans name no holder, only the
# badge's serial, whose page they may open).
SECURITY_LISTS = ("entries",)


def _event(request, slug: str, *, security: bool = False, media: bool = False) -> Event:
    allowed = (roles.is_organiser(request.user) or (security and roles.is_security_officer(request.user))
               or (media and roles.has_role(request.user, roles.MEDIA)))
    if not allowed:
        raise PermissionDenied
    return get_object_or_404(Event, slug=slug)


def _day(request, event, now) -> datetime.date:
    """The day of the dashboard's gate figures: the one asked for when it is one of the event's
    (selectors.gate_days), else the default day (selectors.gate_day) and a message that says so."""
    fallback = selectors.gate_day(event, now)
    value = request.GET.get("day")
    if not value:
        return fallback
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        messages.error(request, _("The day %(day)s is not a date (YYYY-MM-DD): showing %(shown)s.") % {
            "day": value[:20], "shown": fallback.isoformat()})
        return fallback
    days = selectors.gate_days(event)
    if day not in days:
        messages.error(request, _("The day %(day)s is not a day of the event (%(first)s to %(last)s): "
                                  "showing %(shown)s.") % {
            "day": day.isoformat(), "first": days[0].isoformat(), "last": days[-1].isoformat(),
            "shown": fallback.isoformat()})
        return fallback
    return day


@login_required
def setup_page(request, event: str):
    """Every step of setting up and running the event, what is done so far, and the page for each."""
    event_obj = _event(request, event)
    return render(request, "reports/setup.html", {"event": event_obj, "sections": setup.sections(event_obj)})


@login_required
def dashboard_page(request, event: str):
    event_obj = _event(request, event, security=True)
    organiser = roles.is_organiser(request.user)
    registrations = snapshots.registration_figures(event_obj) if organiser else None
    in_review = (registrations.by_status.get("in-review", 0) if registrations else
                 event_obj.registrations.filter(status="in-review").count())
    context = {**_nav(request), "event": event_obj, "now": clock.now(),
               "vetting": selectors.vetting_figures(event_obj, in_review=in_review), "hours": dashboard.hours}
    if organiser:
        if rollup.is_stale(RollupMark.objects.filter(event=event_obj).first()):
            tasks.refresh_entry_rollup.enqueue(event_obj.pk)
        gates = selectors.gate_figures(event_obj, day=_day(request, event_obj, context["now"]), now=context["now"])
        meetings = selectors.meeting_figures(event_obj)
        deals = selectors.deal_figures(event_obj, now=context["now"])
        context.update({
            "registrations": registrations, "registration_charts": dashboard.registration_charts(registrations),
            "gates": gates, "gate_chart": dashboard.gate_chart(gates), "occupancy_chart": dashboard.occupancy_chart(gates),
            "meetings": meetings, "meeting_chart": dashboard.meeting_chart(meetings),
            "meeting_statuses": dashboard.meeting_statuses(meetings),
            "leads": selectors.lead_figures(event_obj),
            "deals": deals, "deal_charts": dashboard.deal_charts(deals),
        })
    context["vetting_wait"] = (dashboard.hours(context["vetting"].median_hours),
                               dashboard.hours(context["vetting"].p90_hours))
    return render(request, "reports/dashboard.html", context)


def _spec_and_form(request, event_obj, kind: str):
    if kind not in exports.SPECS:
        raise Http404
    return exports.SPECS[kind], FORMS[kind](request.GET, event=event_obj)


def _nav(request) -> dict:
    """What the reports' links show: every list for the organiser, the gate log for a security officer."""
    organiser = roles.is_organiser(request.user)
    return {"organiser": organiser, "gate_log": organiser or roles.is_security_officer(request.user)}


def _linked(spec, rows: list[list], event_obj) -> list[list[tuple]]:
    """Each cell as (value, the URL of its page or "")."""
    return [[(value, reverse(spec.links[index], args=[event_obj.slug, value])
              if index in spec.links and value not in (None, "") else "") for index, value in enumerate(row)]
            for row in rows]


@login_required
def list_page(request, event: str, kind: str):
    event_obj = _event(request, event, security=kind in SECURITY_LISTS)
    spec, form = _spec_and_form(request, event_obj, kind)
    contacts = exports.with_contacts(request.user)
    # A wrong filter lists no row, as its export exports none: never every row under the filter's error.
    refused = not form.is_valid()
    queryset = spec.queryset(event_obj, {}).none() if refused else spec.queryset(event_obj, form.filters())
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reports/list.html", {
        **_nav(request), "event": event_obj, "spec": spec, "form": form, "page": page, "kind": kind,
        "refused": refused, "headers": exports.headers(spec, contacts=contacts), "first_contact": len(spec.headers),
        "rows": _linked(spec, exports.page_rows(spec, page.object_list, event_obj, contacts=contacts), event_obj),
        "jobs": ExportJob.objects.filter(event=event_obj, kind=kind).select_related("created_by")[:5],
        "background_rows": exports.background_rows(),
    })


def _back_to_list(event_obj, kind: str, request):
    query = request.GET.urlencode()
    return redirect(reverse("reports:list", args=[event_obj.slug, kind]) + (f"?{query}" if query else ""))


@login_required
def export(request, event: str, kind: str, format: str):
    event_obj = _event(request, event, security=kind in SECURITY_LISTS)
    spec, form = _spec_and_form(request, event_obj, kind)
    if format not in ExportJob.Format.values:
        raise Http404
    if not form.is_valid():
        messages.error(request, _("Correct the filters: nothing was exported."))
        return _back_to_list(event_obj, kind, request)
    filters = form.filters()
    queryset = spec.queryset(event_obj, filters)
    count = queryset.count()
    if count == 0:
        messages.warning(request, _("No rows match these filters: nothing was exported."))
        return _back_to_list(event_obj, kind, request)
    if count > exports.background_rows():
        job = services.export_job_create(actor=request.user, event=event_obj, kind=kind, format=format, filters=filters)
        messages.info(request, _("%(count)s rows: the export runs in the background.") % {"count": floatformat(count, "0g")})
        return redirect("reports:job", event_obj.slug, job.pk)
    audit_record(actor=request.user, action="report.export", obj=event_obj,
                 after={"kind": kind, "format": format, "filters": filters, "rows": count})
    contacts = exports.with_contacts(request.user)
    header = exports.headers(spec, contacts=contacts)
    data = exports.rows(spec, queryset, event_obj, contacts=contacts)
    name = f"{kind}-{event_obj.slug}-{clock.now():%Y%m%d-%H%M}.{format}"
    if format == ExportJob.Format.CSV:
        response = StreamingHttpResponse(exports.csv_lines(header, data), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    handle = tempfile.TemporaryFile()  # deleted when the response closes it
    exports.write_xlsx(handle, header, data, title=str(spec.title))
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=name,
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _may_download(user, job: ExportJob) -> bool:
    """A file written with the e-mail addresses is for those who may export them themselves; a list
    without any (the gate log) for all who may see the job."""
    spec = exports.SPECS.get(job.kind)
    return (exports.with_contacts(user) or not exports.with_contacts(job.created_by)
            or (spec is not None and not spec.contact_fields))


def _job(request, event: str, pk: int) -> tuple[Event, ExportJob]:
    """The organiser's export jobs; a security officer's, of the lists they may export (SECURITY_LISTS)."""
    event_obj = _event(request, event, security=True)
    job = get_object_or_404(ExportJob.objects.select_related("created_by"), pk=pk, event=event_obj)
    if not roles.is_organiser(request.user) and job.kind not in SECURITY_LISTS:
        raise PermissionDenied
    return event_obj, job


@login_required
def job_page(request, event: str, pk: int):
    event_obj, job = _job(request, event, pk)
    return render(request, "reports/job.html", {**_nav(request), "event": event_obj, "job": job,
                                                "keep_hours": exports.keep_hours(),
                                                "may_download": _may_download(request.user, job)})


@login_required
def job_panel(request, event: str, pk: int):
    """The part of the job page that htmx reloads until the file is written."""
    event_obj, job = _job(request, event, pk)
    return render(request, "reports/_job_panel.html", {"event": event_obj, "job": job,
                                                       "keep_hours": exports.keep_hours(),
                                                       "may_download": _may_download(request.user, job)})


@login_required
def job_download(request, event: str, pk: int):
    event_obj, job = _job(request, event, pk)
    if not _may_download(request.user, job):
        raise PermissionDenied
    path = exports.job_file(job)
    if path is None:
        raise Http404
    audit_record(actor=request.user, action="report.export_download", obj=job)
    return FileResponse(path.open("rb"), as_attachment=True,
                        filename=f"{job.kind}-{event_obj.slug}-{job.pk}.{job.format}")


@login_required
def press_summary(request, event: str):
    """The show in figures for the press: counts only, and announced public deals only."""
    event_obj = _event(request, event, media=True)
    response = HttpResponse(pdf.press_summary_pdf(event_obj), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="press-summary-{event_obj.slug}.pdf"'
    return response
