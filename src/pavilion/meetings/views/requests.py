"""Meeting request pages: inbox and outbox, sending, answering, the compliance review and the
organiser's rules."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pavilion.core import parameters, roles
from pavilion.core.forms import apply_errors
from pavilion.events.models import Event
from pavilion.exhibitors.models import Product
from pavilion.meetings.compliance_labels import request_compliance_text
from pavilion.meetings.forms.requests import DeclineForm, ProposeForm, RequestForm, ReviewForm, RulesForm
from pavilion.meetings.models import MeetingRequest, RequestRule
from pavilion.meetings.selectors import profiles as profile_selectors
from pavilion.meetings.selectors import requests as selectors
from pavilion.meetings.services import request_checks, requests_rules
from pavilion.meetings.services import requests as services
from pavilion.meetings.views.profiles import acting, with_as
from pavilion.registrations.models import Registration

PAGE_SIZE = 25


@login_required
def request_list(request, event: str):
    event_obj = get_object_or_404(Event, slug=event)
    # A delegation's liaison answers the requests of every member of it (profiles.request_scope): each
    # approved one is a choice, and "everyone" also takes in those no longer approved.
    every = profile_selectors.request_participants(request.user, event_obj)
    choices = [c for c in every if c.status == Registration.Status.APPROVED]
    if not choices:
        return render(request, "meetings/profile_none.html", {"event": event_obj, "choices": choices}, status=403)
    chosen = [c for c in choices if str(c.pk) == request.GET.get("as")] or every
    box = request.GET.get("box") if request.GET.get("box") in selectors.BOXES else "all"
    status = request.GET.get("status") if request.GET.get("status") in MeetingRequest.Status.values else ""
    queryset = selectors.requests_of(event=event_obj, registrations=chosen, box=box, status=status)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    shown = chosen[0] if len(chosen) == 1 else None
    sending = shown is not None and not profile_selectors.answers_only(request.user, shown)
    return render(request, "meetings/request_list.html", {
        "event": event_obj, "page": page, "box": box, "status": status, "choices": choices,
        "mine": {c.pk for c in chosen}, "statuses": MeetingRequest.Status.choices,
        # The links to the profile and the new request name only a participant the user sends for.
        "participant": shown if sending else None, "shown": shown, "allow_all": True,
        "answered_for": shown if shown is not None and not sending else None})


def _candidates(request, event, participant) -> tuple[list, str]:
    """Whom the form offers: `?to=` one participant, `?exhibitor=` its staff, else a search. Never the
    participant or the others on its side (the same company or delegation): those it may not request."""
    refusal = request_checks.exhibitor_refusal(participant, who="requester")
    if refusal:  # staff of an exhibitor withdrawn or not yet approved: no new request, none offered
        messages.error(request, refusal)
        return [], ""
    allowed = RequestRule.objects.filter(event=event, requester_category=participant.category.code) \
        .values("counterpart_category")
    listed = profile_selectors.listed_people(event)
    people = profile_selectors.other_sides(listed, participant)
    if request.GET.get("to") or request.POST.get("counterpart") and not request.GET.get("exhibitor"):
        wanted = parameters.id_or_none(request.GET.get("to") or request.POST.get("counterpart"))
        found = [participant] if wanted == participant.pk else list(listed.filter(pk=wanted)) if wanted else []
        if not found:
            unlisted = profile_selectors.participants(event).filter(pk=wanted).first() if wanted else None
            messages.error(request, (unlisted and (request_checks.exhibitor_refusal(unlisted, who="counterpart")
                                                    or request_checks.answer_refusal(unlisted))) or _(
                "This person is not registered as a participant of the event, or does not take meeting requests."))
            return [], ""
        try:  # refused before the form is shown, not after it is filled in
            request_checks.check_pair(participant, found[0])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return [], ""
        return found, ""
    exhibitor = parameters.id_or_none(request.GET.get("exhibitor"))
    if exhibitor:
        staff = listed.filter(exhibitor_id=exhibitor, category__code="exhibitor-staff")
        if participant.exhibitor_id and staff.filter(exhibitor__company_id=participant.exhibitor.company_id).exists():
            messages.error(request, request_checks.own_company_refusal())
        return list(staff.filter(pk__in=people.values("pk")).order_by("pk")), ""
    query = request.GET.get("q", "").strip()
    if not query:
        return [], query
    matches = people.filter(category__code__in=allowed)
    for word in query.split()[:5]:
        matches = matches.filter(Q(person__given_name__icontains=word) | Q(person__family_name__icontains=word)
                                 | Q(organisation__icontains=word) | Q(exhibitor__company__name__icontains=word)
                                 | Q(meeting_profile__headline__icontains=word))
    return list(matches.order_by("person__family_name", "pk")[:25]), query


@login_required
def request_new(request, event: str):
    event_obj = get_object_or_404(Event, slug=event)
    participant, choices, refusal = acting(request, event_obj)
    if refusal:
        return refusal
    candidates, query = _candidates(request, event_obj, participant)
    exhibitors = {c.exhibitor_id for c in candidates if c.exhibitor_id}
    products = list(Product.objects.filter(exhibitor_id__in=exhibitors, is_published=True).order_by("name_en", "pk")) \
        if exhibitors else []
    team = list(profile_selectors.team_choices(participant))
    searching = not (request.GET.get("to") or request.GET.get("exhibitor") or request.method == "POST")
    form = None
    if candidates and (not searching or request.method == "POST"):
        initial = {"products": parameters.ids(request.GET.getlist("product"))}
        form = RequestForm(request.POST or None, candidates=candidates, products=products, team=team, initial=initial)
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        counterpart = next(c for c in candidates if c.pk == data["counterpart"])
        try:
            sent = services.request_send(
                actor=request.user, requester=participant, counterpart=counterpart, message=data["message"],
                priority=data["priority"], length=data["length"], products=data.get("products", []),
                team=data.get("team", []))
        except ValidationError as error:
            apply_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            _report_sent(request, sent)
            return redirect(with_as(reverse("meetings:request_detail", args=[event_obj.slug, sent.pk]), participant))
    return render(request, "meetings/request_new.html", {
        "event": event_obj, "participant": participant, "choices": choices, "form": form, "query": query,
        "candidates": candidates if searching else [], "searching": searching})


def _report_sent(request, sent: MeetingRequest) -> None:
    if sent.status == MeetingRequest.Status.BLOCKED:
        messages.error(request, _("The request is not sent: %(reason)s") % {"reason": request_compliance_text(sent)})
    elif sent.compliance == MeetingRequest.Compliance.REVIEW:  # the officers' instructions are not the requester's
        messages.warning(request, _("Your request is being checked by the organiser's export-control officers "
                                    "before it is sent. You will get an e-mail with the decision."))
    elif sent.compliance == MeetingRequest.Compliance.WARNING:
        messages.warning(request, _("The request is sent, with a warning: %(reason)s")
                         % {"reason": request_compliance_text(sent)})
    else:
        messages.success(request, _("The request is sent."))


def _visible(request, event_obj, pk) -> MeetingRequest:
    meeting_request = selectors.visible_request(user=request.user, event=event_obj, pk=pk)
    if meeting_request is None:
        raise Http404(_("No such request."))
    return meeting_request


def _sides(user, meeting_request) -> tuple[bool, bool]:
    mine = set(Registration.objects.filter(pk__in=[meeting_request.requester_id, meeting_request.counterpart_id])
               .filter(profile_selectors.request_scope(user)).values_list("pk", flat=True))
    return meeting_request.requester_id in mine, meeting_request.counterpart_id in mine


@login_required
def request_detail(request, event: str, pk: int):
    event_obj = get_object_or_404(Event, slug=event)
    return _detail(request, event_obj, _visible(request, event_obj, pk))


def _detail(request, event_obj, meeting_request, *, decline_form=None, propose_form=None, status: int = 200):
    """The request's page; after a refused decline or proposal, with the form as it was sent, so that the
    typed message is not lost."""
    is_requester, is_counterpart = _sides(request.user, meeting_request)
    meeting = selectors.scheduled_meeting(meeting_request)
    agendas = [person for person, mine in ((meeting_request.requester, is_requester),
                                           (meeting_request.counterpart, is_counterpart))
               if mine and person.status == Registration.Status.APPROVED]
    reviewer = services.can_review(request.user)
    # The member of a delegation the user answers for as its liaison: "for <member> of <delegation>".
    answered_for = next((person for person, mine in ((meeting_request.counterpart, is_counterpart),
                                                     (meeting_request.requester, is_requester))
                         if mine and profile_selectors.answered_by_liaison(request.user, person)), None)
    return render(request, "meetings/request_detail.html", {
        "answered_for": answered_for,
        "event": event_obj, "item": meeting_request, "meeting": meeting, "agendas": agendas if meeting else [],
        "is_requester": is_requester,
        "is_counterpart": is_counterpart and selectors.reached_counterpart_value(meeting_request),
        "proposed_until": selectors.proposed_until(meeting_request),
        "cancelled_meeting": None if meeting else selectors.cancelled_meeting(meeting_request),
        "left_out": None if meeting else selectors.left_out_reason(meeting_request),
        "history": selectors.refusal_history(meeting_request) if reviewer else [],
        "decline_form": decline_form or DeclineForm(),
        "propose_form": propose_form or ProposeForm(event=event_obj, length=meeting_request.length,
                                                    people=selectors.request_people(meeting_request)),
        "review_form": ReviewForm() if reviewer else None}, status=status)


ACTIONS = {"accept", "decline", "propose", "cancel", "accept-proposal"}


def _form_messages(form) -> list[str]:
    """A form's errors as "Label: message" lines, for the message shown above the request."""
    return [f"{form.fields[name].label}: {message}" if name in form.fields else message
            for name, errors in form.errors.items() for message in errors]


@login_required
@require_POST
def request_action(request, event: str, pk: int, action: str):
    event_obj = get_object_or_404(Event, slug=event)
    if action not in ACTIONS:
        raise Http404
    meeting_request = _visible(request, event_obj, pk)
    form = None
    try:
        if action == "accept":
            services.request_accept(actor=request.user, request=meeting_request)
            messages.success(request, _("The request is accepted: the meeting will be scheduled."))
        elif action == "decline":
            form = DeclineForm(request.POST)
            if not form.is_valid():  # a message too long or not text: nothing declined, the reason said
                raise ValidationError(_form_messages(form))
            services.request_decline(actor=request.user, request=meeting_request,
                                     message=form.cleaned_data["message"])
            messages.success(request, _("The request is declined."))
        elif action == "propose":
            form = ProposeForm(request.POST, event=event_obj, length=meeting_request.length,
                               people=selectors.request_people(meeting_request))
            if not form.is_valid():
                raise ValidationError(form.errors["slot"] if "slot" in form.errors else _form_messages(form))
            services.request_propose(actor=request.user, request=meeting_request, slot=form.cleaned_data["slot"],
                                     message=form.cleaned_data["message"])
            messages.success(request, _("You proposed another time."))
        elif action == "accept-proposal":
            services.request_accept_proposal(actor=request.user, request=meeting_request)
            messages.success(request, _("You accepted the other time."))
        else:
            services.request_cancel(actor=request.user, request=meeting_request)
            messages.success(request, _("The request is cancelled."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        if form is not None:  # what was typed stays in the form
            return _detail(request, event_obj, meeting_request, status=400,
                           **{"decline_form" if action == "decline" else "propose_form": form})
    except PermissionDenied as error:
        messages.error(request, str(error))
    return redirect("meetings:request_detail", event=event_obj.slug, pk=meeting_request.pk)


def _require_reviewer(user) -> None:
    if not services.can_review(user):
        raise PermissionDenied(_("Only a security officer or the organiser reviews requests."))


@login_required
def review_list(request, event: str):
    event_obj = get_object_or_404(Event, slug=event)
    _require_reviewer(request.user)
    state = request.GET.get("state") if request.GET.get("state") in ("waiting", "blocked", "all") else "waiting"
    page = Paginator(selectors.review_queue(event=event_obj, state=state), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "meetings/review_list.html", {"event": event_obj, "page": page, "state": state})


@login_required
@require_POST
def review_decide(request, event: str, pk: int):
    event_obj = get_object_or_404(Event, slug=event)
    _require_reviewer(request.user)
    meeting_request = get_object_or_404(MeetingRequest, event=event_obj, pk=pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose clear or refuse."))
        return redirect("meetings:request_detail", event=event_obj.slug, pk=pk)
    try:
        services.request_review(actor=request.user, request=meeting_request, verdict=form.cleaned_data["verdict"],
                                note=form.cleaned_data["note"], message=form.cleaned_data["message"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("meetings:request_detail", event=event_obj.slug, pk=pk)
    messages.success(request, _("The review is recorded."))
    return redirect("meetings:review_list", event=event_obj.slug)


@login_required
def rules(request, event: str):
    event_obj = get_object_or_404(Event, slug=event)
    if not roles.is_organiser(request.user):
        raise PermissionDenied(_("Only the organiser sets the rules of meeting requests."))
    settings = requests_rules.meeting_settings(event_obj)
    existing = set(RequestRule.objects.filter(event=event_obj).values_list("requester_category",
                                                                           "counterpart_category"))
    initial = {"requests_open": settings.requests_open, "request_quota": settings.request_quota,
               **{f"rule__{a}__{b}": True for a, b in existing}}
    form = RulesForm(request.POST or None, initial=initial, categories=event_obj.registration_categories.all())
    if request.method == "POST" and form.is_valid():
        try:
            requests_rules.meeting_settings_update(actor=request.user, event=event_obj,
                                                   requests_open=form.cleaned_data["requests_open"],
                                                   request_quota=form.cleaned_data["request_quota"])
            requests_rules.request_rules_set(actor=request.user, event=event_obj, pairs=form.pairs())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The rules of meeting requests are saved."))
            return redirect("meetings:rules", event=event_obj.slug)
    return render(request, "meetings/request_rules.html", {"event": event_obj, "form": form})
