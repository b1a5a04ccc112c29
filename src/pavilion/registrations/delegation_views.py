"""Official delegations: created by the organiser or a liaison, members in protocol order, the
programme, and the printable brief for escort officers."""

import zoneinfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from pavilion.core import parameters, roles
from pavilion.core.forms import apply_errors
from pavilion.events.models import Event
from pavilion.registrations import selectors, services, visits
from pavilion.registrations.brief import delegation_brief_pdf
from pavilion.registrations.forms import DelegationForm, DelegationVisitForm, RegistrationForm
from pavilion.registrations.models import Delegation, DelegationVisit, RegistrationCategory


def _may_create(user) -> bool:
    return roles.is_organiser(user) or roles.has_role(user, roles.DELEGATION_LIAISON)


def _delegation_for(user, pk: int) -> Delegation:
    delegation = get_object_or_404(Delegation.objects.select_related("event", "liaison"), pk=pk)
    if not selectors.visible_delegations(user, delegation.event).filter(pk=pk).exists():
        raise PermissionDenied
    return delegation


def _may_edit(user, delegation: Delegation) -> bool:
    return roles.is_organiser(user) or delegation.liaison_id == user.pk


def _in_event_time(event: Event):
    """Times on these pages, in forms and on display, are the event's local times."""
    return timezone.override(zoneinfo.ZoneInfo(event.time_zone))


@login_required
def delegation_list(request, event: str):
    event_obj = get_object_or_404(Event, slug=event)
    if not (_may_create(request.user) or roles.is_security_officer(request.user)):
        raise PermissionDenied
    with _in_event_time(event_obj):
        return _delegation_list(request, event_obj)


def _delegation_list(request, event_obj: Event):
    organiser = roles.is_organiser(request.user)
    form = DelegationForm(request.POST or None, organiser=organiser, event=event_obj)
    if request.method == "POST":
        if not _may_create(request.user):
            raise PermissionDenied
        if form.is_valid():
            fields = dict(form.cleaned_data)
            liaison = fields.pop("liaison", None) if organiser else request.user
            try:
                delegation = services.delegation_create(actor=request.user, event=event_obj, liaison=liaison,
                                                        **fields)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The delegation is created: now add its members."))
                return redirect("registrations:delegation", pk=delegation.pk)
    delegations = selectors.with_active_members(selectors.visible_delegations(request.user, event_obj))
    return render(request, "registrations/delegations/list.html",
                  {"event": event_obj, "delegations": delegations, "form": form,
                   "may_create": _may_create(request.user)})


def _member_category(delegation: Delegation) -> RegistrationCategory:
    return get_object_or_404(RegistrationCategory, event=delegation.event_id,
                             code=RegistrationCategory.Code.DELEGATION_MEMBER)


@login_required
def delegation_detail(request, pk: int):
    delegation = _delegation_for(request.user, pk)
    with _in_event_time(delegation.event):
        return _delegation_detail(request, delegation)


def _delegation_detail(request, delegation: Delegation):
    pk = delegation.pk
    category = _member_category(delegation)
    editable = _may_edit(request.user, delegation)
    member_form = RegistrationForm(None, category=category)
    visit_form = DelegationVisitForm(None, delegation=delegation)
    organiser = roles.is_organiser(request.user)
    # The form works on a copy: a refused change must not show on the page as if it were saved.
    details_form = DelegationForm(None, instance=Delegation.objects.get(pk=pk), organiser=organiser,
                                  event=delegation.event)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if request.POST.get("form") == "details":
            details_form = DelegationForm(request.POST, instance=Delegation.objects.get(pk=pk), organiser=organiser,
                                          event=delegation.event)
            if details_form.is_valid() and _save_details(request, delegation, details_form, organiser):
                return redirect("registrations:delegation", pk=pk)
        elif request.POST.get("form") == "visit-delete":
            visit = get_object_or_404(DelegationVisit, delegation=delegation,
                                      pk=parameters.id_or_none(request.POST.get("visit")))
            services.delegation_visit_delete(actor=request.user, visit=visit)
            messages.success(request, _("The visit %(title)s is taken off the programme.") % {"title": visit.title})
            return redirect("registrations:delegation", pk=pk)
        elif request.POST.get("form") == "visit":
            visit_form = DelegationVisitForm(request.POST, delegation=delegation)
            if visit_form.is_valid() and _add_visit(request, delegation, visit_form):
                return redirect("registrations:delegation", pk=pk)
        else:
            member_form = RegistrationForm(request.POST, request.FILES, category=category)
            if member_form.is_valid() and _add_member(request, delegation, category, member_form):
                return redirect("registrations:delegation", pk=pk)
    programme = list(visits.programme(delegation))
    warnings = visits.meeting_warnings(delegation, programme)
    return render(request, "registrations/delegations/detail.html", {
        "delegation": delegation, "event": delegation.event, "members": selectors.delegation_members(delegation),
        "programme": [(visit, visits.visit_place(visit), warnings.get(visit.pk, [])) for visit in programme],
        "editable": editable,
        "member_form": member_form, "visit_form": visit_form, "details_form": details_form,
    }, status=400 if request.method == "POST" else 200)  # a POST that comes back here was refused


def _save_details(request, delegation, form, organiser: bool) -> bool:
    fields = {name: value for name, value in form.cleaned_data.items() if name in services.DELEGATION_EDITABLE}
    if organiser:
        fields["liaison"] = form.cleaned_data.get("liaison")
    try:
        services.delegation_update(actor=request.user, delegation=delegation, **fields)
    except ValidationError as error:
        apply_errors(form, error)
        return False
    messages.success(request, _("The delegation's details are saved."))
    return True


def _add_visit(request, delegation, form) -> bool:
    try:
        services.delegation_visit_add(actor=request.user, delegation=delegation, **form.cleaned_data)
    except ValidationError as error:
        apply_errors(form, error)
        return False
    messages.success(request, _("The visit is added to the programme."))
    return True


def _add_member(request, delegation, category, form) -> bool:
    try:
        registration = services.registration_submit(
            actor=request.user, category=category, person=form.person_data(), details=form.details(),
            delegation=delegation, **form.uploads(),
        )
    except ValidationError as error:
        apply_errors(form, error)
        form.keep_uploads()  # refused by the service: the photo and document are not asked for again
        return False
    form.discard_kept_uploads()
    messages.success(request, _("%(name)s is added to the delegation.") % {"name": registration.person.full_name})
    return True


@login_required
def delegation_brief(request, pk: int):
    delegation = _delegation_for(request.user, pk)
    pdf = delegation_brief_pdf(delegation)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="delegation-{delegation.pk}-brief.pdf"'
    return response
