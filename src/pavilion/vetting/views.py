"""The security officer's pages: the alert queue, one alert with the two records side by side,
decisions and confirmations, watch-list imports and the progress of screening runs."""

from urllib.parse import urlencode, urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from pavilion.core.forms import apply_errors
from pavilion.core.services import audit_record
from pavilion.registrations.permissions import can_vet
from pavilion.registrations.personal_data import identity_for
from pavilion.vetting import decisions, imports, lists, selectors
from pavilion.vetting.export_policy import embargoes, embargoes_for
from pavilion.vetting.forms import DecisionForm, ImportForm, QueueFilterForm, RefusalForm
from pavilion.vetting.models import Alert, ScreeningRun, WatchList, WatchListImport


def _officer(request) -> None:
    if not can_vet(request.user):
        raise PermissionDenied


@login_required
def queue(request):
    _officer(request)
    filters = QueueFilterForm(request.GET)
    status = 200
    if filters.is_valid():
        alerts = selectors.alert_queue(officer=request.user, **filters.cleaned_data)
    else:
        # A bad filter shows nothing rather than everything: the officer would take it for the filtered list.
        alerts, status = Alert.objects.none(), 400
    page = Paginator(alerts, 50).get_page(request.GET.get("page"))
    runs = ScreeningRun.objects.select_related("event").filter(status__in=["queued", "running"])[:5]
    return render(request, "vetting/queue.html", {
        "page": page, "runs": runs, "embargoes": embargoes(), "filters": filters,
        "decided": filters.is_valid() and filters.cleaned_data["status"] == QueueFilterForm.DECIDED,
        "back": request.get_full_path(),
    }, status=status)


def _back(request) -> str:
    """The queue page the officer came from, with its filters and page number: only the queue's own path
    is followed back, with its query, never another address (an open redirect)."""
    queue_path = reverse("vetting:queue")
    back = urlsplit(request.POST.get("next") or request.GET.get("next") or "")
    if back.scheme or back.netloc or back.path != queue_path or not back.query:
        return queue_path
    return f"{queue_path}?{back.query}"


def _alert_page(request, alert: Alert, *, form=None, refusal=None, status: int = 200):
    registration = alert.registration
    person = registration.person
    # Opening the vetting record is itself recorded: who looked at whom, and when.
    audit_record(actor=request.user, action="vetting_record.view", obj=person, after={"alert": alert.pk})
    return render(request, "vetting/alert.html", {
        "alert": alert, "registration": registration, "person": person,
        "identity": identity_for(request.user, person, audit=False), "entry": alert.entry,
        "entry_data": alert.entry.data, "details": alert.entry.data.get("details", {}),
        "decisions": alert.decisions.select_related("officer", "confirmed_by"),
        "form": form or DecisionForm(registration=registration), "refusal": refusal or RefusalForm(),
        "needs_second": decisions.needs_second_officer(registration),
        "can_confirm": decisions.can_confirm(request.user, alert), "back": _back(request),
        "embargoes": embargoes_for(person.nationality.code),
    }, status=status)


def _alert(pk: int) -> Alert:
    alert = selectors.alert_for_page(pk)
    if alert is None:
        raise Http404
    return alert


@login_required
def alert_detail(request, pk: int):
    _officer(request)
    return _alert_page(request, _alert(pk))


@login_required
@require_POST
def alert_decide(request, pk: int):
    _officer(request)
    alert = _alert(pk)
    form = DecisionForm(request.POST, registration=alert.registration)
    if form.is_valid():
        try:
            decisions.alert_decide(actor=request.user, alert=alert, verdict=form.cleaned_data["verdict"],
                                   reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_errors(form, error)
    if not form.is_valid():
        alert.refresh_from_db(fields=["status"])
        return _alert_page(request, alert, form=form, status=400)
    alert.refresh_from_db()
    if alert.status == Alert.Status.AWAITING_CONFIRMATION:
        messages.warning(request, _("Cleared: a second officer must confirm this clearance."))
    else:
        messages.success(request, _("Decision recorded."))
    return redirect(_back(request))


@login_required
@require_POST
def alert_confirm(request, pk: int):
    _officer(request)
    alert = get_object_or_404(Alert, pk=pk)
    try:
        decisions.alert_confirm(actor=request.user, alert=alert)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(f"{reverse('vetting:alert', args=[pk])}?{urlencode({'next': _back(request)})}")
    messages.success(request, _("Clearance confirmed."))
    return redirect(_back(request))


@login_required
@require_POST
def alert_refuse(request, pk: int):
    """A second officer refuses the clearance waiting for them: the alert is open again."""
    _officer(request)
    alert = _alert(pk)
    refusal = RefusalForm(request.POST)
    if refusal.is_valid():
        try:
            decisions.alert_refuse_clearance(actor=request.user, alert=alert, reason=refusal.cleaned_data["reason"])
        except ValidationError as error:
            apply_errors(refusal, error)
    if not refusal.is_valid():
        alert.refresh_from_db(fields=["status"])
        return _alert_page(request, alert, refusal=refusal, status=400)
    messages.success(request, _("Clearance refused: the alert is open again."))
    return redirect(_back(request))


@login_required
def watch_lists(request):
    if not (can_vet(request.user) or lists.can_import(request.user)):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = imports.watch_list_import_queue(actor=request.user, watch_list=form.cleaned_data["watch_list"],
                                                  name=form.cleaned_data["name"], file_name=upload.name,
                                                  content=upload.read(), published=form.cleaned_data["published"],
                                                  confirm_drop=form.cleaned_data["confirm_drop"])
        except ValidationError as error:
            _refused_upload(form, error)
        else:
            messages.success(request, ngettext("%(file)s is being imported into %(list)s: %(count)d entry.",
                                               "%(file)s is being imported into %(list)s: %(count)d entries.",
                                               job.entry_count) % {
                "file": job.file_name, "list": job.name, "count": job.entry_count})
            return redirect("vetting:lists")
    return render(request, "vetting/lists.html", {
        "form": form, "watch_lists": WatchList.objects.prefetch_related("versions"),
        "imports": WatchListImport.objects.defer("content").select_related("version")[:10],
        "runs": ScreeningRun.objects.select_related("event")[:20],
    }, status=400 if request.method == "POST" else 200)


def _refused_upload(form, error: ValidationError) -> None:
    """A refusal of the import service: the name's on the name, a file that drops much of its list on the
    box that confirms it, the rest on the file."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in ("name", "published", "confirm_drop") else "file", errors)
    else:
        form.add_error("file", error.messages)


@login_required
def import_progress(request, pk: int):
    """A fragment htmx polls while an import is going."""
    if not (can_vet(request.user) or lists.can_import(request.user)):
        raise PermissionDenied
    job = get_object_or_404(WatchListImport.objects.defer("content").select_related("version"), pk=pk)
    return render(request, "vetting/import_progress.html", {"job": job})


@login_required
def run_progress(request, pk: int):
    """A fragment htmx polls while a run is going."""
    _officer(request)
    run = get_object_or_404(ScreeningRun.objects.select_related("event"), pk=pk)
    return render(request, "vetting/run_progress.html", {"run": run})
