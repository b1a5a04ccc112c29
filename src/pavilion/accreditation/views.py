"""The organiser's accreditation pages: set-up, badges (print, reprint, revoke, per-person zones),
gate devices, the supervisor's passback override and the occupancy dashboard."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from pavilion.accreditation import (
    charts,
    defaults,
    issuing,
    pdf,
    permissions,
    scan_decisions,
    scanning,
    selectors,
    services,
)
from pavilion.accreditation.forms import (
    DeviceForm,
    GateForm,
    GrantForm,
    OverrideForm,
    PersonGrantForm,
    ReplaceForm,
    RevokeForm,
    ZoneForm,
)
from pavilion.accreditation.models import Badge, Device, Gate, Grant, Zone
from pavilion.core import clock, parameters
from pavilion.core.forms import apply_errors, stored
from pavilion.core.views import deletion
from pavilion.events.models import Event
from pavilion.exhibitors.models import Company, Exhibitor
from pavilion.registrations.categories import opened_forms_notice
from pavilion.registrations.models import Delegation, Registration, RegistrationCategory
from pavilion.reports.exports import EVERY_ALERT

PAGE_SIZE = 50


def _event(request, slug: str, *, security: bool = False) -> Event:
    allowed = permissions.can_watch if security else permissions.can_manage
    if not allowed(request.user):
        raise PermissionDenied
    return get_object_or_404(Event, slug=slug)


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
def overview(request, event: str):
    event_obj = _event(request, event)
    keys = services.keyring_row(event_obj)
    grants = Grant.objects.filter(zone__event=event_obj).select_related("category", "zone")
    by_category = {}
    for grant in grants:
        by_category.setdefault(grant.category, set()).add(grant.zone.name)
    return render(request, "accreditation/overview.html", {
        "event": event_obj, "zones": selectors.zones(event_obj).prefetch_related("gates"), "keys": keys,
        "grants": sorted(((category, sorted(names)) for category, names in by_category.items()),
                         key=lambda item: item[0].order),
        "badge_count": Badge.objects.filter(event=event_obj, status="valid").count(),
        "waiting": Registration.objects.filter(event=event_obj, status="approved", badge__isnull=True).count(),
    })


@login_required
@require_POST
def set_up(request, event: str):
    event_obj = _event(request, event)
    # The grants need the registration categories: set_up creates the missing ones, and those with
    # a public form open it. The organiser must learn that here, not from the first registration.
    had = set(RegistrationCategory.objects.filter(event=event_obj).values_list("pk", flat=True))
    created = defaults.set_up(actor=request.user, event=event_obj)
    messages.success(request, _("Created %(zones)s zones, %(gates)s gates and %(grants)s grants.") % created)
    new = RegistrationCategory.objects.filter(event=event_obj).exclude(pk__in=had).order_by("order", "code")
    if notice := opened_forms_notice(new):
        messages.warning(request, notice)
    return redirect("accreditation:overview", event_obj.slug)


@login_required
@require_POST
def issue_badges(request, event: str):
    event_obj = _event(request, event)
    issued = issuing.badges_issue_for_event(actor=request.user, event=event_obj)
    messages.success(request, ngettext("Issued %(count)s badge.", "Issued %(count)s badges.", len(issued))
                     % {"count": len(issued)})
    return redirect("accreditation:badges", event_obj.slug)


@login_required
@require_POST
def rotate_key(request, event: str):
    event_obj = _event(request, event)
    row = services.keyring_rotate(actor=request.user, event=event_obj)
    messages.success(request, _("Key %(key)s now signs new badges.") % {"key": services.verifying_ring(row).active_key.key_id})
    return redirect("accreditation:overview", event_obj.slug)


@login_required
@require_POST
def retire_key(request, event: str):
    """Refuse every badge a verifying key signed (reissue them first)."""
    event_obj = _event(request, event)
    key_id = parameters.id_or_none(request.POST.get("key_id"))  # int() took "١" or " 1 " for key 1
    try:
        if key_id is None:
            raise ValueError
        services.keyring_retire(actor=request.user, event=event_obj, key_id=key_id)
        messages.success(request, _("Key retired: scanners refuse its badges from their next sync."))
    except ValueError:
        messages.error(request, _("Choose a key to retire."))
    except ValidationError as error:
        _errors(request, error)
    return redirect("accreditation:overview", event_obj.slug)


PRINT_FILTERS = ("to_print", "printed", "handed_out")


@login_required
def badge_list(request, event: str):
    """The badges, and the print queue: to print (valid, not printed since its last generation),
    printed, handed out; found by holder's name or serial."""
    event_obj = _event(request, event, security=True)
    status = request.GET.get("status") if request.GET.get("status") in Badge.Status.values else None
    printing = request.GET.get("printing") if request.GET.get("printing") in PRINT_FILTERS else None
    search = (request.GET.get("q") or "")[:100]
    page = Paginator(selectors.badges(event_obj, status=status, printing=printing, search=search),
                     PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accreditation/badges.html", {
        "event": event_obj, "page": page, "status": status or "", "printing": printing or "", "q": search,
        "companies": selectors.print_companies(event_obj), "delegations": selectors.print_delegations(event_obj),
        "to_print": selectors.badges(event_obj, printing="to_print").count(),
    })


def _batch_serials(request, event_obj) -> list[int]:
    """The serials a "Mark as printed" names: the ticked ones, or a company's or a delegation's batch."""
    if company := parameters.id_or_none(request.POST.get("company")):
        return list(selectors.badges(event_obj, status="valid").filter(registration__exhibitor__company_id=company)
                    .values_list("serial", flat=True))
    if delegation := parameters.id_or_none(request.POST.get("delegation")):
        return list(selectors.badges(event_obj, status="valid").filter(registration__delegation_id=delegation)
                    .values_list("serial", flat=True))
    return [serial for serial in map(parameters.id_or_none, request.POST.getlist("serial")) if serial is not None]


@login_required
@require_POST
def badges_printed(request, event: str):
    event_obj = _event(request, event)
    try:
        count = issuing.badges_mark_printed(actor=request.user, event=event_obj,
                                            serials=_batch_serials(request, event_obj))
        messages.success(request, ngettext("%(count)s badge marked as printed.", "%(count)s badges marked as printed.",
                                           count) % {"count": count})
    except ValidationError as error:
        _errors(request, error)
    back = request.POST.get("next", "")  # the list's filters, as it was shown
    return redirect(reverse("accreditation:badges", args=[event_obj.slug])
                    + (back if back.startswith("?") else "?printing=to_print"))


@login_required
@require_POST
def badge_handed_out(request, event: str, serial: int):
    event_obj = _event(request, event)
    try:
        issuing.badge_hand_out(actor=request.user, badge=_badge(event_obj, serial))
        messages.success(request, _("Badge %(serial)s marked as handed out.") % {"serial": serial})
    except ValidationError as error:
        _errors(request, error)
    return redirect("accreditation:badge", event_obj.slug, serial)


def _badge(event_obj, serial: int) -> Badge:
    badge = selectors.badges(event_obj).filter(serial=serial).first()
    if badge is None:
        raise Http404
    return badge


@login_required
def badge_detail(request, event: str, serial: int):
    event_obj = _event(request, event, security=True)
    badge = _badge(event_obj, serial)
    form = PersonGrantForm(request.POST or None, event=event_obj)
    if request.method == "POST":
        if not permissions.can_manage(request.user):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.person_grant_add(actor=request.user, registration=badge.registration, **form.cleaned_data)
                messages.success(request, _("Saved: reprint the badge to put the change on the card."))
                return redirect("accreditation:badge", event_obj.slug, serial)
            except ValidationError as error:
                _errors(request, error)
    return _badge_page(request, event_obj, badge, form=form)


def _badge_page(request, event_obj, badge: Badge, *, form, replace_form=None, status: int = 200) -> HttpResponse:
    names = {zone.number: zone for zone in selectors.zones(event_obj)}
    return render(request, "accreditation/badge.html", {
        "event": event_obj, "badge": badge, "form": form, "revoke_form": RevokeForm(auto_id="id_revoke_%s"),
        "replace_form": replace_form or ReplaceForm(auto_id="id_replace_%s"),
        "can_manage": permissions.can_manage(request.user), "can_revoke": permissions.can_watch(request.user),
        "organisation": selectors.holder_organisation(badge.registration.organisation,
                                                      badge.registration.media_outlet),
        "replacement": selectors.replacement_of(badge),
        "zones": [(names.get(int(number)), scan_decisions.window_spans(spans))
                  for number, spans in sorted(badge.windows.items(), key=lambda i: int(i[0]))],
        "changes": badge.registration.zone_changes.select_related("zone"),
        "scans": badge.scans.select_related("gate").order_by("-scanned_at")[:20],
        "qr_svg": "" if badge.awaiting_signature else pdf.qr_svg(badge.token),
    }, status=status)


@login_required
@require_POST
def badge_reprint(request, event: str, serial: int):
    event_obj = _event(request, event)
    try:
        badge = issuing.badge_reprint(actor=request.user, badge=_badge(event_obj, serial))
        messages.success(request, _("Generation %(generation)s printed: older cards are refused.")
                         % {"generation": badge.generation})
    except ValidationError as error:
        _errors(request, error)
    return redirect("accreditation:badge", event_obj.slug, serial)


@login_required
@require_POST
def badge_revoke(request, event: str, serial: int):
    event_obj = _event(request, event, security=True)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for the revocation."))
    else:
        issuing.badge_revoke(actor=request.user, badge=_badge(event_obj, serial), reason=form.cleaned_data["reason"])
        messages.success(request, _("Badge revoked: gates refuse it now, offline scanners after their next sync."))
    return redirect("accreditation:badge", event_obj.slug, serial)


@login_required
@require_POST
def badge_replace(request, event: str, serial: int):
    """A new badge (new serial) for the approved and cleared registration of a revoked one, with the
    reason why the revocation is undone; without one, the page again with the form, nothing changed."""
    event_obj = _event(request, event)
    badge = _badge(event_obj, serial)
    replace_form = ReplaceForm(request.POST, auto_id="id_replace_%s")
    if not replace_form.is_valid():
        messages.error(request, _("Give the reason for the replacement."))
        return _badge_page(request, event_obj, badge, form=PersonGrantForm(event=event_obj),
                           replace_form=replace_form, status=400)
    try:
        replacement = issuing.badge_replace(actor=request.user, badge=badge,
                                            reason=replace_form.cleaned_data["reason"])
    except ValidationError as error:
        _errors(request, error)
        return redirect("accreditation:badge", event_obj.slug, serial)
    messages.success(request, _("Badge %(serial)s issued in place of badge %(revoked)s, which stays revoked: "
                                "print the new card.") % {"serial": replacement.serial, "revoked": serial})
    return redirect("accreditation:badge", event_obj.slug, replacement.serial)


def _pdf(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@login_required
def badge_pdf(request, event: str, serial: int):
    event_obj = _event(request, event)
    badge = _badge(event_obj, serial)
    if badge.status != Badge.Status.VALID:
        raise Http404  # a revoked badge is never printed again
    if badge.awaiting_signature:
        messages.error(request, _("This badge is being signed again with the event's new days: print it once "
                                  "that is done, in a moment."))
        return redirect("accreditation:badge", event_obj.slug, serial)
    title = _("Badge %(serial)s") % {"serial": serial}
    return _pdf(pdf.badges_pdf([badge], title=title), f"badge-{serial}.pdf")


@login_required
def print_exhibitor(request, event: str, exhibitor: int):
    event_obj = _event(request, event)
    exhibitor_obj = get_object_or_404(Exhibitor, pk=exhibitor, show__event=event_obj)
    badges = selectors.badges(event_obj, status="valid").filter(registration__exhibitor=exhibitor_obj)
    return _pdf(pdf.badges_pdf(badges.order_by("registration__person__family_name"), title=exhibitor_obj.company.name),
                f"badges-exhibitor-{exhibitor}.pdf")


@login_required
def print_company(request, event: str, company: int):
    """One batch for a company's staff however many of the event's shows it exhibits at."""
    event_obj = _event(request, event)
    company_obj = get_object_or_404(Company.objects.filter(exhibitors__show__event=event_obj).distinct(), pk=company)
    badges = selectors.badges(event_obj, status="valid").filter(registration__exhibitor__company=company_obj)
    return _pdf(pdf.badges_pdf(badges.order_by("registration__person__family_name", "serial"), title=company_obj.name),
                f"badges-company-{company}.pdf")


@login_required
def print_delegation(request, event: str, delegation: int):
    event_obj = _event(request, event)
    delegation_obj = get_object_or_404(Delegation, pk=delegation, event=event_obj)
    badges = selectors.badges(event_obj, status="valid").filter(registration__delegation=delegation_obj)
    return _pdf(pdf.badges_pdf(badges.order_by("registration__protocol_order"), title=str(delegation_obj)),
                f"badges-delegation-{delegation}.pdf")


@login_required
def grant_list(request, event: str):
    """Which zones each category opens, when (venue time); add a window here. Badges carry the
    windows they were issued with: reprint them to put a change on the card."""
    event_obj = _event(request, event)
    category = request.GET.get("category") or ""
    form = GrantForm(request.POST or None, event=event_obj)
    if request.method == "POST" and form.is_valid():
        try:
            services.grant_create(actor=request.user, **form.cleaned_data)
            messages.success(request, _("Window added: badges issued or reprinted from now on carry it."))
            return redirect(f"{request.path}?category={form.cleaned_data['category'].code}")
        except ValidationError as error:
            apply_errors(form, error)
    return render(request, "accreditation/grants.html", {
        "event": event_obj, "form": form, "grants": selectors.grants(event_obj, category=category),
        "categories": form.fields["category"].queryset, "category": category,
        "span": services.event_access_span(event_obj)})


@login_required
def grant_edit(request, event: str, pk: int):
    event_obj = _event(request, event)
    grant = get_object_or_404(Grant.objects.select_related("category", "zone"), pk=pk, zone__event=event_obj)
    form = GrantForm(request.POST or None, event=event_obj, grant=grant)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.grant_update(actor=request.user, grant=grant, zone=data["zone"], opens_at=data["opens_at"],
                                  closes_at=data["closes_at"])
            messages.success(request, _("Window saved: badges issued or reprinted from now on carry it."))
            return redirect(f"{reverse('accreditation:grants', args=[event_obj.slug])}?category={grant.category.code}")
        except ValidationError as error:
            apply_errors(form, error)
    return render(request, "accreditation/grant.html", {"event": event_obj, "grant": grant, "form": form,
                                                         "span": services.event_access_span(event_obj)})


@login_required
@require_POST
def grant_delete(request, event: str, pk: int):
    event_obj = _event(request, event)
    grant = get_object_or_404(Grant.objects.select_related("category", "zone"), pk=pk, zone__event=event_obj)
    code = grant.category.code
    services.grant_delete(actor=request.user, grant=grant)
    messages.success(request, _("Window deleted: badges issued or reprinted from now on no longer carry it."))
    return redirect(f"{reverse('accreditation:grants', args=[event_obj.slug])}?category={code}")


@login_required
def zone_list(request, event: str, zone: int | None = None):
    """The event's zones (their numbers are bits of the badges) and their gates; add or edit one."""
    event_obj = _event(request, event)
    zone_obj = get_object_or_404(Zone, pk=zone, event=event_obj) if zone else None
    form = ZoneForm(request.POST or None, instance=zone_obj, event=event_obj)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        names = {name: data[name] for name in ("name_en", "name_az", "name_ru")}
        try:
            if zone_obj is None:
                zone_obj = services.zone_create(actor=request.user, event=event_obj, code=data["code"],
                                                number=data["number"], kind=data["kind"], hall=data["hall"],
                                                passback=data["passback"] or None, **names)
            else:
                zone_obj = services.zone_update(actor=request.user, zone=stored(zone_obj), kind=data["kind"],
                                                hall=data["hall"], passback=data["passback"], **names)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved zone %(name)s.") % {"name": zone_obj.name})
            return redirect("accreditation:zones", event_obj.slug)
    return render(request, "accreditation/zones.html", {
        "event": event_obj, "form": form, "editing": zone_obj,
        "zones": selectors.zones(event_obj).select_related("hall").prefetch_related("gates"),
    }, status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def zone_delete(request, event: str, zone: int):
    """A zone nothing uses is deleted; otherwise the reasons are shown on its form."""
    event_obj = _event(request, event)
    zone_obj = get_object_or_404(Zone, pk=zone, event=event_obj)
    return deletion(
        request, lambda: services.zone_delete(actor=request.user, zone=zone_obj),
        done=_("Zone %(code)s deleted.") % {"code": zone_obj.code},
        done_url=reverse("accreditation:zones", args=[event_obj.slug]),
        refused_url=reverse("accreditation:zone", args=[event_obj.slug, zone_obj.pk]))


@login_required
def gate_list(request, event: str, gate: int | None = None):
    """The event's gates, the zone each leads into and its devices; add or edit one."""
    event_obj = _event(request, event)
    gate_obj = get_object_or_404(Gate, pk=gate, event=event_obj) if gate else None
    form = GateForm(request.POST or None, instance=gate_obj, event=event_obj)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if gate_obj is None:
                gate_obj = services.gate_create(actor=request.user, zone=data["zone"], code=data["code"],
                                                name=data["name_en"], name_az=data["name_az"], name_ru=data["name_ru"])
            else:
                gate_obj = services.gate_update(actor=request.user, gate=stored(gate_obj), zone=data["zone"],
                                                name_en=data["name_en"], name_az=data["name_az"],
                                                name_ru=data["name_ru"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved gate %(name)s: its scanners take the change at their next sync.")
                             % {"name": gate_obj.name})
            return redirect("accreditation:gates", event_obj.slug)
    return render(request, "accreditation/gates.html", {
        "event": event_obj, "form": form, "editing": gate_obj, "gates": selectors.gates_with_use(event_obj),
    }, status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def gate_delete(request, event: str, gate: int):
    event_obj = _event(request, event)
    gate_obj = get_object_or_404(Gate, pk=gate, event=event_obj)
    try:
        services.gate_delete(actor=request.user, gate=gate_obj)
        messages.success(request, _("Gate %(code)s deleted.") % {"code": gate_obj.code})
    except ValidationError as error:
        _errors(request, error)
    return redirect("accreditation:gates", event_obj.slug)


@login_required
def device_list(request, event: str):
    """The event's gate devices. Security officers see them and revoke a lost or stolen one (its
    scanner holds the badge holders' names and photo links); only the organiser enrols."""
    event_obj = _event(request, event, security=True)
    can_enrol = permissions.can_manage(request.user)
    if request.method == "POST" and not can_enrol:
        raise PermissionDenied
    form = DeviceForm(request.POST or None, event=event_obj)
    token = None
    if request.method == "POST" and form.is_valid():
        try:
            device, token = services.device_enrol(actor=request.user, **form.cleaned_data)
            messages.success(request, _("Device enrolled. Copy its token now: it is not shown again."))
        except ValidationError as error:
            _errors(request, error)
    return render(request, "accreditation/devices.html", {
        "event": event_obj, "form": form, "token": token, "devices": selectors.devices(event_obj),
        "can_enrol": can_enrol, "grace_hours": int(services.REVOKED_UPLOAD_GRACE.total_seconds() // 3600)})


@login_required
@require_POST
def device_revoke(request, event: str, pk: int):
    """A lost or stolen scanner's token stops working (the organiser or a security officer)."""
    event_obj = _event(request, event, security=True)
    services.device_revoke(actor=request.user, device=get_object_or_404(Device, pk=pk, event=event_obj))
    messages.success(request, _("Device revoked: its token no longer works, except to upload the offline scans it "
                                "took before now, which are flagged for review."))
    return redirect("accreditation:devices", event_obj.slug)


@login_required
def override(request, event: str):
    """A supervisor lets a badge through after a passback denial, with a reason."""
    event_obj = _event(request, event, security=True)
    form = OverrideForm(request.POST or None, event=event_obj)
    if request.method == "POST" and form.is_valid():
        badge = Badge.objects.filter(event=event_obj, serial=form.cleaned_data["serial"]).first()
        if badge is None:
            form.add_error("serial", _("No badge with this serial in this event."))
        else:
            try:
                scanning.scan_override(actor=request.user, badge=badge, gate=form.cleaned_data["gate"],
                                       direction=form.cleaned_data["direction"], reason=form.cleaned_data["reason"])
                messages.success(request, _("Override recorded."))
                return redirect("accreditation:occupancy", event_obj.slug)
            except ValidationError as error:
                _errors(request, error)
    return render(request, "accreditation/override.html", {"event": event_obj, "form": form})


def _occupancy_context(event_obj) -> dict:
    now = clock.now()
    day = selectors.local_day(event_obj, now)
    counts = selectors.entries_per_hour(event_obj, day=day)
    title = _("Entries per hour, %(day)s") % {"day": day.isoformat()}
    zones = selectors.occupancy(event_obj, now=now)
    return {"event": event_obj, "zones": zones, "total": zones.people, "now": now,
            "day": day, "chart": charts.entries_figure(counts, title=title), "chart_title": title,
            "entries": sum(count for _hour, count in counts), "alerts": selectors.alerts(event_obj),
            "all_alerts": reverse("reports:list", args=[event_obj.slug, "entries"]) + f"?alert={EVERY_ALERT}"}


@login_required
@require_POST
def alerts_acknowledge(request, event: str):
    """An officer acknowledges a row of the live Alerts (its repeats with it): it leaves the panel and
    stays in the gate log."""
    event_obj = _event(request, event, security=True)
    ids = [pk for pk in map(parameters.id_or_none, (request.POST.get("scans") or "").split(",")[:1000])
           if pk is not None]
    try:
        count = services.alerts_acknowledge(actor=request.user, event=event_obj, scan_ids=ids)
        messages.success(request, ngettext("Alert acknowledged (%(count)s scan): the gate log keeps it.",
                                           "Alert acknowledged (%(count)s scans): the gate log keeps them.", count)
                         % {"count": count})
    except ValidationError as error:
        _errors(request, error)
    return redirect("accreditation:occupancy", event_obj.slug)


@login_required
def occupancy(request, event: str):
    event_obj = _event(request, event, security=True)
    return render(request, "accreditation/occupancy.html", _occupancy_context(event_obj))


@login_required
def zone_inside(request, event: str, zone: int):
    """The people inside one zone now, with their category, organisation, badge and time of entry:
    for the organiser and security officers (a roll call), never the public."""
    event_obj = _event(request, event, security=True)
    zone_obj = get_object_or_404(Zone.objects.select_related("event", "hall"), event=event_obj, pk=zone)
    now = clock.now()
    inside = list(selectors.people_inside(zone_obj, now=now))
    return render(request, "accreditation/zone_inside.html", {
        "event": event_obj, "zone": zone_obj, "inside": inside, "now": now})


@login_required
def occupancy_panel(request, event: str):
    """The part of the dashboard that htmx reloads every few seconds."""
    event_obj = _event(request, event, security=True)
    return render(request, "accreditation/_occupancy_panel.html", _occupancy_context(event_obj))
