"""Writes of meeting requests: send (with the export-control decision), accept, decline, propose
another time, accept a proposal, cancel, and the compliance review.

Every refusal is a ValidationError with a clear message and changes nothing. A request the
export-control rules block is recorded as `blocked` (the decision is kept with its rules and the
data's date) and never reaches the counterpart; one that needs review waits, unseen by the
counterpart, until a security officer or the organiser clears or refuses it. Who may send a request
to whom is checked in request_checks.
"""

import zoneinfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pavilion.core import clock, roles
from pavilion.core.services import audit_record
from pavilion.engines import matching
from pavilion.meetings.models import Meeting, MeetingProfile, MeetingRequest, MeetingSlot
from pavilion.meetings.selectors.availability import slots_all_can_meet
from pavilion.meetings.selectors.profiles import same_side
from pavilion.meetings.selectors.requests import reached_counterpart_value, request_people
from pavilion.meetings.selectors.schedule import busy_between, slots_held
from pavilion.meetings.services.request_checks import (
    MAX_MESSAGE,
    OPEN,
    check_answered,
    check_details,
    check_exhibitor,
    check_open,
    check_participant,
    check_rule,
    check_sides,
    lock_pair,
    require_acting,
)
from pavilion.meetings.services.requests_compliance import request_decision, stored_rules, with_history
from pavilion.meetings.services.requests_rules import meeting_settings
from pavilion.registrations.models import Registration

Status = MeetingRequest.Status
Compliance = MeetingRequest.Compliance
Review = MeetingRequest.Review


def request_send(*, actor, requester: Registration, counterpart: Registration, message: str = "",
                 priority: int = 2, length: int = 1, products=(), team=()) -> MeetingRequest:
    """Send a request; returns it (status `blocked` when the export-control rules block it)."""
    event = requester.event
    check_participant(requester, event, who="requester")
    require_acting(actor, requester, sending=True)
    check_participant(counterpart, event, who="counterpart")
    check_answered(counterpart)
    check_exhibitor(requester, who="requester")
    check_exhibitor(counterpart, who="counterpart")
    check_sides(requester, counterpart)
    settings = meeting_settings(event)
    if not settings.requests_open:
        raise ValidationError(_("The organiser has closed meeting requests for this event."))
    if MeetingProfile.objects.filter(registration=counterpart, is_listed=False).exists():
        raise ValidationError({"counterpart": _("This participant does not take meeting requests.")})
    check_rule(requester, counterpart)
    message = (message or "").strip()
    products, members = check_details(requester=requester, counterpart=counterpart, message=message,
                                       priority=priority, length=length, products=products, team=team)
    decision = request_decision(requester=requester, counterpart=counterpart, products=products)
    decision = with_history(decision, requester=requester, counterpart=counterpart)
    with transaction.atomic():
        lock_pair(requester, counterpart)
        if decision.outcome != matching.BLOCKED:
            check_open(requester, counterpart, settings.request_quota)
        request = MeetingRequest.objects.create(
            event=event, requester=requester, counterpart=counterpart, message=message, priority=priority,
            length=length, created_at=clock.now(),
            status=Status.BLOCKED if decision.outcome == matching.BLOCKED else Status.PENDING,
            compliance=decision.outcome, compliance_message=decision.message, compliance_rules=stored_rules(decision),
            review=Review.WAITING if decision.outcome == matching.REVIEW else Review.NOT_NEEDED,
        )
        request.products.set(products)
        request.team.set(members)
        audit_record(actor=actor, action="meeting_request.send", obj=request, after={
            "requester": requester.pk, "counterpart": counterpart.pk, "status": request.status,
            "compliance": decision.outcome, "rules": [f"{r.authority} {r.scope} {r.target}" for r in decision.rules],
            "data_last_verified": decision.data_last_verified, "products": sorted(p.pk for p in products)})
        if request.status == Status.PENDING and request.review != Review.WAITING:
            _mail("request_received", request.pk)
    return request


def _mail(kind: str, request_id: int, *details: str) -> None:
    from pavilion.meetings.tasks import mail_on_commit  # the tasks import the services

    mail_on_commit(kind, request_id, *details)


def _locked(request: MeetingRequest) -> MeetingRequest:
    # The rows locked are the ones locked before the nullable exhibitor and proposed slot were joined:
    # PostgreSQL cannot lock the nullable side of an outer join.
    return MeetingRequest.objects.select_for_update(
        of=("self", "requester", "counterpart", "requester__category", "counterpart__category")).select_related(
        "requester__category", "counterpart__category", "requester__exhibitor", "counterpart__exhibitor",
        "proposed_slot").get(pk=request.pk)


def status_refusal(request: MeetingRequest) -> str:
    """Why a request in this status cannot take the answer just tried, as a sentence."""
    sentences = {
        Status.PENDING: _("No other time has been proposed for this request."),
        Status.PROPOSED: _("Another time has already been proposed for this request: it waits for the "
                           "requester's answer."),
        Status.ACCEPTED: _("This request has already been accepted."),
        Status.DECLINED: _("This request has been declined."),
        Status.CANCELLED: _("This request has been cancelled."),
        Status.BLOCKED: _("This request is blocked: it was never sent to the other participant."),
    }
    return sentences[request.status]


def _transition(request: MeetingRequest, *, allowed: tuple) -> None:
    if request.status not in allowed:
        raise ValidationError(status_refusal(request))
    if request.review in (Review.WAITING, Review.REFUSED):
        raise ValidationError(_("This request waits for a compliance review."))


def _check_slot_ahead(slot: MeetingSlot | None, message: str) -> None:
    if slot is not None and slot.starts_at <= clock.now():
        raise ValidationError({"slot": message})


def _check_accept(request: MeetingRequest) -> None:
    # Requests between one side's participants are refused when sent; one sent before that rule
    # must not be accepted by the account that acts for both.
    if same_side(request.requester, request.counterpart):
        raise ValidationError(_("This request is between participants of the same company or delegation: "
                                "it cannot be accepted."))
    # Staff of an exhibitor withdrawn (or not approved) take part in nothing new, on either side.
    check_exhibitor(request.requester, who="requester")
    check_exhibitor(request.counterpart, who="counterpart")
    # Only approved registrations take meetings: one withdrawn since the request (a delegation member
    # taken off the list, say) leaves it to be declined or cancelled.
    for registration in (request.requester, request.counterpart):
        if registration.status != Registration.Status.APPROVED:
            raise ValidationError(_("The registration of %(name)s is no longer approved: this request cannot be "
                                    "accepted. Decline it or cancel it.") % {"name": registration.person.full_name})


def _respond(*, actor, request, status, allowed, action, side="counterpart", check=None, **fields) -> MeetingRequest:
    with transaction.atomic():
        request = _locked(request)
        require_acting(actor, getattr(request, side))
        _transition(request, allowed=allowed)
        if check is not None:
            check(request)
        before = {"status": request.status}
        request.status = status
        request.responded_at = clock.now()
        for name, value in fields.items():
            setattr(request, name, value)
        request.save()
        audit_record(actor=actor, action=action, obj=request, before=before,
                     after={"status": status, **{k: getattr(v, "pk", v) for k, v in fields.items()}})
        _mail("request_answered", request.pk, status, "requester" if side == "counterpart" else "counterpart")
    return request


def request_accept(*, actor, request: MeetingRequest) -> MeetingRequest:
    return _respond(actor=actor, request=request, status=Status.ACCEPTED, allowed=(Status.PENDING,),
                    action="meeting_request.accept", check=_check_accept)


def request_decline(*, actor, request: MeetingRequest, message: str = "") -> MeetingRequest:
    return _respond(actor=actor, request=request, status=Status.DECLINED, allowed=(Status.PENDING, Status.PROPOSED),
                    action="meeting_request.decline",
                    response=(message or "").strip()[:MAX_MESSAGE])


def _check_slot_fits(request: MeetingRequest, slot: MeetingSlot | None, *, field: str | None = "slot") -> None:
    """A proposed slot must be one the schedule can give the meeting: the first of `length`
    back-to-back slots, free of both sides' published meetings. Asked when the time is proposed and
    again when it is accepted (a meeting published since may have taken it); `field` None: the
    refusal is the whole answer's, not a form field's."""
    if slot is None:
        return

    def refuse(message: str):
        return ValidationError({field: message} if field else message)

    held = slots_held(slot, request.length)
    if held is None:
        raise refuse(ngettext(
            "This time cannot hold a meeting of %(count)d slot: choose another.",
            "This time cannot hold a meeting of %(count)d slots: choose another.", request.length)
            % {"count": request.length})
    people = request_people(request)
    if busy_between(people, held[0].starts_at, held[-1].ends_at):
        raise refuse(_("One of you already has a meeting at this time: choose another."))
    # The scheduling run places the meeting only where everyone can meet: a time outside someone's
    # meeting profile (or their delegation's stay) would be accepted and then never scheduled.
    zone = zoneinfo.ZoneInfo(request.event.time_zone)
    if len(slots_all_can_meet(people, held, zone)) < len(held):
        raise refuse(_("This time is outside the times one of you can meet (as given in the meeting profiles "
                       "or by the delegation's stay): choose another."))


def request_propose(*, actor, request: MeetingRequest, slot: MeetingSlot | None = None,
                    message: str = "") -> MeetingRequest:
    """Propose another time: one of the event's slots if it has any, else a time in free text."""
    message = (message or "").strip()[:MAX_MESSAGE]
    if slot is not None and slot.event_id != request.event_id:
        raise ValidationError({"slot": _("Choose one of this event's meeting slots.")})
    # Once every slot has begun, another time can only be said in words.
    has_slots = MeetingSlot.objects.filter(event_id=request.event_id, starts_at__gt=clock.now()).exists()
    if has_slots and slot is None:
        raise ValidationError({"slot": _("Choose the slot you propose.")})
    _check_slot_ahead(slot, _("This slot has already begun: propose one that is still ahead."))
    _check_slot_fits(request, slot)
    if not has_slots and not message:
        raise ValidationError({"message": _("Say which other time you propose.")})
    return _respond(actor=actor, request=request, status=Status.PROPOSED, allowed=(Status.PENDING,),
                    action="meeting_request.propose",
                    proposed_slot=slot, response=message)


def request_accept_proposal(*, actor, request: MeetingRequest) -> MeetingRequest:
    """The requester takes the other time the counterpart proposed (while that slot is still ahead and
    still free for both sides)."""

    def check(locked: MeetingRequest) -> None:
        _check_accept(locked)
        _check_slot_ahead(locked.proposed_slot, _("The time proposed has already begun or passed: cancel this "
                                                  "request and send a new one."))
        # Free when proposed, the time may have been taken since by a published meeting of either side.
        _check_slot_fits(locked, locked.proposed_slot, field=None)

    return _respond(actor=actor, request=request, status=Status.ACCEPTED, allowed=(Status.PROPOSED,),
                    action="meeting_request.accept_proposal", side="requester", check=check)


def request_cancel(*, actor, request: MeetingRequest) -> MeetingRequest:
    """The requester withdraws a request (pending, answered with another time, or accepted but not
    yet placed in a published schedule). A draft meeting a run made of it goes with it (a run that
    is published later must not bring it back), and the counterpart is told if the request reached
    them."""
    with transaction.atomic():
        request = _locked(request)
        require_acting(actor, request.requester)
        if Meeting.objects.filter(request=request, status=Meeting.Status.SCHEDULED).exists():
            raise ValidationError(_("This meeting is already scheduled: cancel it from the agenda."))
        if request.status not in OPEN:
            raise ValidationError(status_refusal(request))
        before = {"status": request.status}
        reached = reached_counterpart_value(request)
        request.status = Status.CANCELLED
        request.responded_at = clock.now()
        request.save(update_fields=["status", "responded_at"])
        drafts = Meeting.objects.filter(request=request, status=Meeting.Status.DRAFT).delete()[1].get(
            Meeting._meta.label, 0)
        audit_record(actor=actor, action="meeting_request.cancel", obj=request, before=before,
                     after={"status": request.status, "drafts_deleted": drafts})
        if reached:
            _mail("request_cancelled", request.pk)
    return request


def can_review(user) -> bool:
    return roles.is_security_officer(user) or roles.is_organiser(user)


def request_review(*, actor, request: MeetingRequest, verdict: str, note: str = "", message: str = "") -> MeetingRequest:
    """Clear (the request goes to the counterpart) or refuse (it is blocked) a request in review. The
    note is the reviewers' own reason and stays with them; the message, if any, is what the requester
    reads of the decision, on the request's page and in the e-mail that tells them of it."""
    if not can_review(actor):
        raise PermissionDenied(_("Only a security officer or the organiser reviews requests."))
    if verdict not in ("clear", "refuse"):
        raise ValidationError({"verdict": _("Choose clear or refuse.")})
    note, message = (note or "").strip(), (message or "").strip()
    if verdict == "refuse" and not note:
        raise ValidationError({"note": _("Give the reason for refusing.")})
    with transaction.atomic():
        request = _locked(request)
        if request.review != Review.WAITING or request.status != Status.PENDING:
            raise ValidationError(_("This request does not wait for a compliance review."))
        request.review = Review.CLEARED if verdict == "clear" else Review.REFUSED
        if verdict == "refuse":
            request.status = Status.BLOCKED
        request.reviewed_by, request.reviewed_at = actor, clock.now()
        request.review_note, request.review_message = note[:MAX_MESSAGE], message[:MAX_MESSAGE]
        request.save()
        audit_record(actor=actor, action=f"meeting_request.review_{verdict}", obj=request,
                     before={"review": Review.WAITING}, after={"review": request.review, "status": request.status})
        _mail("request_reviewed", request.pk)
        if verdict == "clear":
            _mail("request_received", request.pk)  # it reaches the counterpart only now
    return request
