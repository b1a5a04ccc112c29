"""Public registration: the category forms, the person's status page, editing and withdrawing.

A registrant without an account reaches their registration through its link, whose token is random and
stored with the registration (it says nothing: neither personal data nor the registration's number); a
signed-in registrant also finds it under "My registrations". The link works as a password: its pages are
never stored by browsers or proxies, nor indexed, and send no referrer (_private). Whoever lost it asks
for it again by e-mail (link_request).
"""

import dataclasses

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pavilion.core import roles
from pavilion.core.forms import apply_errors
from pavilion.core.security import client_ip
from pavilion.events.models import Event
from pavilion.exhibitors.models import Exhibitor
from pavilion.registrations import link_requests, photos, selectors, services
from pavilion.registrations.forms import CATEGORY_FIELDS, RegistrationForm, initial_from
from pavilion.registrations.invitations import invitation_check
from pavilion.registrations.link_forms import LinkRequestForm
from pavilion.registrations.models import Person, Registration, RegistrationCategory
from pavilion.registrations.notifications import status_token
from pavilion.registrations.permissions import can_manage, can_vet


def status_url(registration: Registration) -> str:
    return reverse("registrations:status", args=[status_token(registration)])


def _registration_from_token(request, token: str) -> Registration:
    registration = (Registration.objects.select_related("person", "category", "event__organiser",
                                                        "exhibitor__company", "delegation")
                    .filter(link_token=token).first() if token else None)
    if registration is None:
        raise Http404(_("This link is not valid."))
    return registration


def _private(response):
    """A page opened by the person's link (their data, and the link is their password): stored by no browser
    or proxy, indexed by no search engine, and the link sent to no other site in a Referer. "same-origin",
    not "no-referrer": with that, browsers send "Origin: null" with the page's forms, which the CSRF check
    refuses (edit, withdraw and contact sharing would all fail)."""
    response["Cache-Control"] = "no-store, private"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"
    return response


def _window(request, event_obj: Event, category=None) -> str:
    """The public forms' window (or one category's): "" while open, else what they say instead. An
    event that is not public has no forms for the public at all (404, like its other pages); the
    organiser and security officers register people at any time and see the message above the forms."""
    window = selectors.registration_window(event_obj, category=category)
    if window.state == "hidden" and not services.registers_any_time(request.user):
        raise Http404(_("No such event."))
    return "" if window.is_open else services.window_message(event_obj, window, category)


def _closed(request, event_obj: Event, message: str, *, others_open: bool = False):
    """The closed notice instead of the forms; `others_open` when only this category closed, so that
    the page leads back to the forms still open."""
    return render(request, "registrations/categories.html", {"event": event_obj, "categories": [], "closed": message,
                                                             "others_open": others_open},
                  status=400 if request.method == "POST" else 200)


def categories(request, event: str):
    event_obj = get_object_or_404(Event, slug=event)
    closed = _window(request, event_obj)
    if closed and not services.registers_any_time(request.user):
        return _closed(request, event_obj, closed)
    # A category whose registration closed earlier than the event's says so instead of its link.
    listed = [(category, _window(request, event_obj, category) if not closed else "")
              for category in selectors.form_categories(event_obj, request.user)]
    return render(request, "registrations/categories.html",
                  {"event": event_obj, "categories": listed, "closed": closed,
                   "may_register_any_time": services.registers_any_time(request.user)})


def register(request, event: str, category: str):
    event_obj = get_object_or_404(Event, slug=event)
    closed = _window(request, event_obj)
    if closed and not services.registers_any_time(request.user):
        return _closed(request, event_obj, closed)
    category_obj = get_object_or_404(selectors.form_categories(event_obj, request.user), code=category)
    if not closed:
        closed = _window(request, event_obj, category_obj)
        if closed and not services.registers_any_time(request.user):
            return _closed(request, event_obj, closed, others_open=True)
    invitation = None
    code = (request.POST.get("invitation_code") if request.method == "POST" else request.GET.get("code")) or ""
    if category_obj.code == RegistrationCategory.Code.GUEST and code.strip():
        # The guest's link carries the code: one that will be refused says so before the form is filled in.
        invitation = invitation_check(event_obj, code)
        if invitation.refusal and request.method != "POST":
            return render(request, "registrations/register.html", {
                "event": event_obj, "category": category_obj, "invitation": invitation, "code": code})
    form = RegistrationForm(request.POST or None, request.FILES or None, category=category_obj,
                            initial={"invitation_code": request.GET.get("code", "")})
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.registration_submit(
                actor=request.user, category=category_obj, person=form.person_data(), details=form.details(),
                invitation_code=form.cleaned_data.get("invitation_code", ""),
                **form.uploads(),
                # An organiser fills the form in for someone else; anyone else registers themselves.
                own=request.user.is_authenticated and not roles.is_organiser(request.user),
            )
        except ValidationError as error:
            apply_errors(form, error)
            form.keep_uploads()  # refused by the service: the photo and document are not asked for again
        else:
            form.discard_kept_uploads()
            messages.success(request, _("Thank you: your registration is submitted. Keep the link of this page."))
            return redirect(status_url(registration))
    return render(request, "registrations/register.html",
                  {"event": event_obj, "category": category_obj, "form": form, "closed": closed,
                   "invitation": invitation},
                  status=400 if request.method == "POST" else 200)  # a POST that comes back here was refused


def _status_page(request, registration: Registration, *, edit_url: str, withdraw_url: str, managing: bool,
                 back: tuple[str, str] | None = None, sharing_url: str = ""):
    registration.refresh_from_db(fields=["status", "status_reason", "shares_contact"])
    asks_consent = any(name == "shares_contact" for name, _required in CATEGORY_FIELDS.get(
        registration.category.code, []))
    # A rejected or withdrawn registration has no badge to scan: no sharing is offered, except taking
    # back a consent given before (services.registration_contact_sharing_set refuses giving it).
    offers_sharing = asks_consent and (not services.contact_sharing_refusal(registration)
                                       or registration.shares_contact)
    return render(request, "registrations/status.html", {
        "registration": registration, "event": registration.event, "managing": managing,
        "editable": registration.status in services.EDITABLE, "edit_url": edit_url, "withdraw_url": withdraw_url,
        "back": back, "sharing_url": sharing_url if offers_sharing else "",
        "closed": registration.status in (Registration.Status.REJECTED, Registration.Status.CANCELLED),
        "organiser": registration.event.organiser,
        "register_url": reverse("registrations:categories", args=[registration.event.slug]),
    })


def _manager_back(user, registration: Registration) -> tuple[str, str]:
    """Where a manager came from: the exhibitor's staff page (for its admins and organisers), the delegation's
    page, or their own registrations; the page was a dead end without it."""
    exhibitor = registration.exhibitor
    if exhibitor is not None and (roles.is_organiser(user) or exhibitor.company.members.filter(
            user=user, role="admin").exists()):
        return reverse("registrations:staff", args=[exhibitor.pk]), _("Staff and guests")
    if registration.delegation_id is not None:
        return reverse("registrations:delegation", args=[registration.delegation_id]), str(registration.delegation)
    return reverse("registrations:mine"), _("My registrations")


def status(request, token: str):
    registration = _registration_from_token(request, token)
    return _private(_status_page(request, registration, edit_url=reverse("registrations:edit", args=[token]),
                                 withdraw_url=reverse("registrations:withdraw", args=[token]), managing=False,
                                 sharing_url=reverse("registrations:contact_sharing", args=[token])))


@require_POST
def contact_sharing(request, token: str):
    """The person gives or takes back their consent to exhibitors getting their e-mail and phone."""
    registration = _registration_from_token(request, token)
    shares = request.POST.get("shares_contact") == "yes"
    try:
        services.registration_contact_sharing_set(actor=request.user if request.user.is_authenticated else None,
                                                  registration=registration, shares=shares)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Exhibitors who scan your badge now also get your e-mail address and phone "
                                    "number.") if shares
                         else _("Exhibitors who scan your badge no longer get your e-mail address and phone number."))
    return _private(redirect("registrations:status", token=token))


def _edit_page(request, registration: Registration, *, back: str, keep_identity: bool, sets_protocol: bool,
               own: bool):
    """`sets_protocol`: the rank and protocol order are on the form (the delegation's liaison and the
    organiser set them, not the member); `own`: the person edits their own registration, else the page
    names whom it changes."""
    if registration.status not in services.EDITABLE:
        messages.error(request, _("This registration can no longer be changed."))
        return redirect(back)
    form = RegistrationForm(request.POST or None, request.FILES or None, category=registration.category,
                            editing=True, keep_identity=keep_identity, sets_protocol=sets_protocol,
                            document_on_file=bool(registration.supporting_document), asks_consent=own,
                            initial=initial_from(registration, keep_identity=keep_identity))
    if request.method == "POST" and form.is_valid():
        person = form.person_data()
        if keep_identity:  # left empty: the ones on file
            person = dataclasses.replace(
                person, birth_date=person.birth_date or registration.person.birth_date,
                document_number=person.document_number or registration.person.document_number)
        try:
            services.registration_update(actor=request.user, registration=registration, person=person,
                                         details=form.details(), **form.uploads())
        except ValidationError as error:
            apply_errors(form, error)
            form.keep_uploads()
        else:
            form.discard_kept_uploads()
            messages.success(request, _("The changes are saved and will be checked again.") if keep_identity
                             else _("Your changes are saved and will be checked again."))
            return redirect(back)
    return render(request, "registrations/register.html", {
        "event": registration.event, "category": registration.category, "form": form, "editing": True,
        "editing_for": "" if own else registration.person.full_name,
    }, status=400 if request.method == "POST" else 200)


def edit(request, token: str):
    registration = _registration_from_token(request, token)
    # The person's own link: their data, not their place in the delegation's protocol.
    return _private(_edit_page(request, registration, back=reverse("registrations:status", args=[token]),
                               keep_identity=False, sets_protocol=False, own=True))


def _withdraw(request, registration: Registration, *, back: str, managing: bool):
    try:
        services.registration_withdraw(actor=request.user, registration=registration)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The registration is withdrawn.") if managing
                         else _("Your registration is withdrawn."))
    return redirect(back)


@require_POST
def withdraw(request, token: str):
    registration = _registration_from_token(request, token)
    return _private(_withdraw(request, registration, back=reverse("registrations:status", args=[token]),
                              managing=False))


def link_request(request, event: str):
    """"Send me my link again": the links go to the address given, if it has registrations for the event;
    the page answers the same whether it has or not, so that it tells nobody who is registered."""
    event_obj = get_object_or_404(Event, slug=event)
    if not event_obj.is_public and not services.registers_any_time(request.user):
        raise Http404(_("No such event."))
    form = LinkRequestForm(request.POST or None)
    sent = limited = False
    if request.method == "POST" and form.is_valid():
        sent = link_requests.status_links_request(event=event_obj, email=form.cleaned_data["email"],
                                                  client=client_ip(request))
        limited = not sent
    response = render(request, "registrations/link_request.html",
                      {"event": event_obj, "form": form, "sent": sent, "limited": limited},
                      status=429 if limited else 400 if request.method == "POST" and not sent else 200)
    return _private(response)


@login_required
def mine(request):
    registrations = (
        Registration.objects.filter(person__user=request.user)
        .select_related("event", "category", "person").order_by("-submitted_at")
    )
    rows = [(registration, status_url(registration)) for registration in registrations]
    # The pages this account manages, so that each is one click away from the menu.
    exhibitors = Exhibitor.objects.filter(company__members__user=request.user, company__members__role="admin") \
        .select_related("company", "show")
    events = Event.objects.all() if (roles.is_organiser(request.user) or roles.is_security_officer(request.user)
                                      or roles.has_role(request.user, roles.DELEGATION_LIAISON)) else Event.objects.none()
    return render(request, "registrations/mine.html", {
        "rows": rows, "exhibitors": exhibitors, "events": events, "is_liaison": roles.has_role(
            request.user, roles.DELEGATION_LIAISON), "is_organiser_admin": roles.has_role(
            request.user, roles.ORGANISER_ADMIN)})


def _managed(request, pk: int) -> Registration:
    """A registration the signed-in exhibitor or liaison manages (else 404). They get pages of their
    own, not the registrant's link: that link opens the registrant's identity data in clear, which
    is for the person, security officers and the organiser's administrators only."""
    registration = get_object_or_404(
        Registration.objects.select_related("person", "category", "event", "exhibitor__company", "delegation"), pk=pk)
    if not request.user.is_authenticated or not can_manage(request.user, registration):
        raise Http404
    return registration


def manage_link(request, pk: int):
    """For exhibitors and liaisons: the status of a registration they manage, with its edit and withdraw."""
    registration = _managed(request, pk)
    return _status_page(request, registration, edit_url=reverse("registrations:manage_edit", args=[pk]),
                        withdraw_url=reverse("registrations:manage_withdraw", args=[pk]), managing=True,
                        back=_manager_back(request.user, registration))


def manage_edit(request, pk: int):
    registration = _managed(request, pk)
    own = registration.person.user_id is not None and registration.person.user_id == request.user.pk
    delegation = registration.delegation
    sets_protocol = roles.is_organiser(request.user) or (delegation is not None
                                                         and delegation.liaison_id == request.user.pk)
    return _edit_page(request, registration, back=reverse("registrations:manage", args=[pk]),
                      keep_identity=not (own or can_vet(request.user)), sets_protocol=sets_protocol, own=own)


@require_POST
def manage_withdraw(request, pk: int):
    registration = _managed(request, pk)
    return _withdraw(request, registration, back=reverse("registrations:manage", args=[pk]), managing=True)



@require_GET
def photo(request, signed: str):
    """A badge photo, by the signed address only the pages and scanners allowed to show it are given
    (registrations.photos); 404 for anything else, a photo since deleted included."""
    name = photos.stored_name(signed)
    if name is None or not Person.objects.filter(photo=name).exists():
        raise Http404
    storage = Person._meta.get_field("photo").storage
    try:
        handle = storage.open(name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    kind = "image/png" if name.endswith(".png") else "image/jpeg"
    response = FileResponse(handle, content_type=kind)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "no-referrer"
    return response
