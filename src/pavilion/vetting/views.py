"""The security officer's pages: the alert queue, one alert with the two records side by side,
decisions and confirmations, watch-list imports and the progress of screening runs."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from pavilion.core.services import audit_record
from pavilion.registrations.permissions import can_vet
from pavilion.registrations.personal_data import identity_for
from pavilion.vetting import decisions, imports, lists
from pavilion.vetting.export_policy import embargoes, embargoes_for
from pavilion.vetting.models import Alert, Decision, ScreeningRun, WatchList, WatchListImport

MAX_UPLOAD = 20 * 1024 * 1024


def _officer(request) -> None:
    if not can_vet(request.user):
        raise PermissionDenied


def _queue():
    return (
        Alert.objects.open()
        .select_related("registration__person", "registration__category", "registration__event",
                        "entry__version__watch_list")
        .prefetch_related("decisions__officer")
        .order_by("band", "-score", "created_at")
    )


@login_required
def queue(request):
    _officer(request)
    page = Paginator(_queue(), 50).get_page(request.GET.get("page"))
    runs = ScreeningRun.objects.select_related("event").filter(status__in=["queued", "running"])[:5]
    return render(request, "vetting/queue.html", {"page": page, "runs": runs, "embargoes": embargoes()})


class DecisionForm(forms.Form):
    verdict = forms.ChoiceField(label=gettext_lazy("Verdict"), choices=Decision.Verdict.choices,
                                widget=forms.RadioSelect)
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


@login_required
def alert_detail(request, pk: int):
    _officer(request)
    alert = get_object_or_404(
        Alert.objects.select_related("registration__person", "registration__category", "registration__event",
                                     "registration__delegation", "registration__exhibitor__company",
                                     "entry__version__watch_list"),
        pk=pk,
    )
    person = alert.registration.person
    # Opening the vetting record is itself recorded: who looked at whom, and when.
    audit_record(actor=request.user, action="vetting_record.view", obj=person, after={"alert": alert.pk})
    return render(request, "vetting/alert.html", {
        "alert": alert, "registration": alert.registration, "person": person,
        "identity": identity_for(request.user, person, audit=False), "entry": alert.entry,
        "entry_data": alert.entry.data, "decisions": alert.decisions.select_related("officer", "confirmed_by"),
        "form": DecisionForm(), "needs_second": decisions.needs_second_officer(alert.registration),
        "can_confirm": decisions.can_confirm(request.user, alert),
        "embargoes": embargoes_for(person.nationality.code),
    })


@login_required
@require_POST
def alert_decide(request, pk: int):
    _officer(request)
    alert = get_object_or_404(Alert, pk=pk)
    form = DecisionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({name: errors for name, errors in form.errors.items()})
        decisions.alert_decide(actor=request.user, alert=alert, verdict=form.cleaned_data["verdict"],
                               reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("vetting:alert", pk=pk)
    alert.refresh_from_db()
    if alert.status == Alert.Status.AWAITING_CONFIRMATION:
        messages.warning(request, _("Cleared: a second officer must confirm this clearance."))
    else:
        messages.success(request, _("Decision recorded."))
    return redirect("vetting:queue")


@login_required
@require_POST
def alert_confirm(request, pk: int):
    _officer(request)
    alert = get_object_or_404(Alert, pk=pk)
    try:
        decisions.alert_confirm(actor=request.user, alert=alert)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("vetting:alert", pk=pk)
    messages.success(request, _("Clearance confirmed."))
    return redirect("vetting:queue")


class ImportForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("List name"), max_length=200,
                           help_text=gettext_lazy("an existing list gets a new version"))
    published = forms.CharField(label=gettext_lazy("Publication date"), max_length=40, required=False)
    file = forms.FileField(label=gettext_lazy("File (UN XML, FollowTheMoney JSON lines or CSV)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise ValidationError(_("The file is too large: at most 20 MB."))
        return upload


@login_required
def watch_lists(request):
    if not (can_vet(request.user) or lists.can_import(request.user)):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = imports.watch_list_import_queue(actor=request.user, name=form.cleaned_data["name"],
                                                  file_name=upload.name, content=upload.read(),
                                                  published=form.cleaned_data["published"])
        except ValidationError as error:
            form.add_error("file", error.messages)
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
    })


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
