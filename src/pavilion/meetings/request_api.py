"""Meeting requests and recommendations in the JSON API: a participant's own requests only.

The caller acts for its participants (its own registration, its exhibitor's staff, the head of
its delegation); `as` picks one of them when it has several. New requests go out in their names only;
a delegation's liaison also reads and answers the requests of every member of the delegation (selectors.
profiles.request_scope), whom `as` may name on the list of requests. A request the export-control rules
block is recorded and answered with 403 and the decision's message.

Each side reads what the request's page shows it, in the language the call asks for
(Accept-Language): the requester of a request held for a compliance review reads that it is being
checked (or was refused) and the reviewers' message to them, never the officers' instruction nor
their internal reason; the counterpart reads the decision only where it concerns the meeting (a
warning); security officers and the organiser read everything, the engine's message as written.
"""

import datetime
import zoneinfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import Field, Query, Router, Schema
from pydantic import AwareDatetime

from pavilion.api.auth import person_token
from pavilion.api.fields import Whole
from pavilion.events.models import Event
from pavilion.meetings.compliance_labels import request_compliance_text, requester_compliance_text
from pavilion.meetings.models import MeetingRequest, MeetingSlot
from pavilion.meetings.selectors import profiles as profile_selectors
from pavilion.meetings.selectors import requests as selectors
from pavilion.meetings.selectors.profiles import request_scope
from pavilion.meetings.services import requests as services
from pavilion.meetings.services.recommendations import recommendations_for
from pavilion.registrations.models import Registration

router = Router(tags=["meetings"], auth=person_token)


class Detail(Schema):
    detail: str


class RequestFilters(Schema):
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=2**31)
    box: str = Field("all", description="all, received or sent")
    status: str = Field("", description="pending, accepted, declined, proposed, cancelled or blocked")
    as_: int | None = Field(None, alias="as", description="one of your participants (registration id)")


class RequestIn(Schema):
    counterpart: Whole = Field(..., description="the registration id of the participant to meet")
    as_: Whole | None = Field(None, alias="as", description="which of your participants sends it")
    message: str = Field("", max_length=2000)
    priority: Whole = Field(2, description="1 low, 2 normal, 3 high, 5 essential")
    length: Whole = Field(1, description="consecutive slots, 1 to 4")
    products: list[Whole] = Field(default_factory=list, description="product ids concerned")
    team: list[Whole] = Field(default_factory=list, description="registration ids attending with the requester")


class DeclineIn(Schema):
    message: str = Field("", max_length=2000)


class ProposeIn(Schema):
    slot: Whole | None = Field(None, description="a meeting slot id of the event (required when it has slots)")
    message: str = Field("", max_length=2000)


class RuleOut(Schema):
    authority: str
    target: str
    scope: str
    outcome: str
    last_verified: str


class RequestOut(Schema):
    id: int
    requester: int
    counterpart: int
    requester_name: str
    counterpart_name: str
    status: str
    priority: int
    length: int
    message: str
    response: str
    products: list[int]
    team: list[int]
    proposed_slot: datetime.datetime | None
    compliance: str
    compliance_message: str = Field(..., description=(
        "the export-control decision as the request's page says it to you, in your language: to the requester "
        "of a request in compliance review, that it is being checked or was refused (empty once cleared); to "
        "the counterpart, the decision when it is a warning; to security officers and the organiser, the "
        "engine's message as written (English)"))
    compliance_rules: list[RuleOut] = Field(..., description=(
        "the embargo rules applied; empty for a request in compliance review unless you review compliance"))
    review: str
    review_message: str | None = Field(None, description=(
        "what the compliance reviewers told the requester of their decision; null for the counterpart"))
    review_note: str | None = Field(None, description=(
        "the compliance reviewers' internal reason; only security officers and the organiser see it "
        "(null for everyone else)"))
    created_at: datetime.datetime
    responded_at: datetime.datetime | None


class RequestPage(Schema):
    items: list[RequestOut]
    count: int


class RecommendationOut(Schema):
    kind: str
    id: int
    score: float
    outcome: str
    reasons: dict


class RecommendationsOut(Schema):
    participant: int
    exhibitors: list[RecommendationOut]
    products: list[RecommendationOut]
    people: list[RecommendationOut]
    rules_last_verified: str
    computed_at: AwareDatetime | None = Field(None, description="when these lists were computed; null before the first time")
    refreshing: bool = Field(False, description="newer lists are being computed in the background (a large event); "
                                                "these are the previous ones")


def _event(event: str) -> Event:
    event_obj = Event.objects.filter(slug=event).first()
    if event_obj is None:
        raise Http404(f"event: no event {event!r}")
    return event_obj


def _acting(request, event_obj, wanted, *, choices: list | None = None) -> list[Registration]:
    """The participants the caller acts for (`choices`, when the caller has them already), or the one
    `as` names."""
    if choices is None:
        choices = profile_selectors.acting_participants(request.user, event_obj)
    if not choices:
        raise PermissionDenied("you have no approved participant registration at this event")
    if wanted is None:
        return choices
    chosen = [choice for choice in choices if choice.pk == wanted]
    if not chosen:
        raise ValidationError({"as": f"you do not act for registration {wanted}"})
    return chosen


class Reader:
    """Who reads the request: a compliance reviewer (security officer, organiser) and the participants
    the caller acts for, which tell whether they read it as its requester."""

    def __init__(self, user, mine: set[int]):
        self.reviewer = services.can_review(user)
        self.mine = mine

    @classmethod
    def of(cls, user, event_obj) -> "Reader":
        # All the registrations the user answers for, as the request's page asks (selectors.requests.visible_request).
        return cls(user, set(Registration.objects.filter(event=event_obj).filter(request_scope(user))
                             .values_list("pk", flat=True)))


def _compliance(item: MeetingRequest, reader: Reader) -> dict:
    """The decision, the rules and the review as the request's page shows them to this reader."""
    if reader.reviewer:
        return {"compliance_message": item.compliance_message, "compliance_rules": item.compliance_rules,
                "review_message": item.review_message, "review_note": item.review_note}
    in_review = item.compliance == MeetingRequest.Compliance.REVIEW
    rules = [] if in_review else item.compliance_rules
    if item.requester_id in reader.mine:
        return {"compliance_message": requester_compliance_text(item), "compliance_rules": rules,
                "review_message": item.review_message, "review_note": None}
    return {"compliance_message": "" if in_review else request_compliance_text(item), "compliance_rules": rules,
            "review_message": None, "review_note": None}


def _out(item: MeetingRequest, reader: Reader, event_obj) -> dict:
    """The request as the API gives it, its times at the venue (as every other time of the API)."""
    shown = _compliance(item, reader)
    zone = zoneinfo.ZoneInfo(event_obj.time_zone)
    return {
        "id": item.pk, "requester": item.requester_id, "counterpart": item.counterpart_id,
        "requester_name": item.requester.person.full_name, "counterpart_name": item.counterpart.person.full_name,
        "status": item.status, "priority": item.priority, "length": item.length, "message": item.message,
        "response": item.response, "products": [p.pk for p in item.products.all()],
        "team": [m.pk for m in item.team.all()],
        "proposed_slot": item.proposed_slot.starts_at.astimezone(zone) if item.proposed_slot_id else None,
        "compliance": item.compliance, "compliance_message": shown["compliance_message"],
        "compliance_rules": [{key: rule.get(key, "") for key in ("authority", "target", "scope", "outcome",
                                                                "last_verified")} for rule in shown["compliance_rules"]],
        "review": item.review, "review_message": shown["review_message"], "review_note": shown["review_note"],
        "created_at": item.created_at.astimezone(zone),
        "responded_at": item.responded_at.astimezone(zone) if item.responded_at else None,
    }


@router.get("/events/{event}/meeting-requests", response={200: RequestPage, 403: Detail, 404: Detail, 400: Detail})
def request_list(request, event: str, filters: Query[RequestFilters]):
    """Your requests, sent and received, newest first."""
    event_obj = _event(event)
    if filters.box not in selectors.BOXES:
        raise ValidationError({"box": "use all, received or sent"})
    if filters.status and filters.status not in MeetingRequest.Status.values:
        raise ValidationError({"status": f"no status {filters.status!r}"})
    # A delegation's liaison reads the requests of every member of it, not only the head's (in whose
    # name it sends); `as` names one of the approved ones, and without it those no longer approved count too.
    every = profile_selectors.request_participants(request.user, event_obj)
    approved = [registration for registration in every if registration.status == Registration.Status.APPROVED]
    registrations = _acting(request, event_obj, filters.as_, choices=approved)
    if filters.as_ is None:
        registrations = every
    queryset = selectors.requests_of(event=event_obj, registrations=registrations, box=filters.box,
                                     status=filters.status)
    page = list(queryset[filters.offset:filters.offset + filters.limit])
    # The listed requests are those of the caller's participants: no other is read as its requester.
    reader = Reader(request.user, {registration.pk for registration in every})
    return {"items": [_out(item, reader, event_obj) for item in page], "count": queryset.count()}


@router.post("/events/{event}/meeting-requests",
             response={201: RequestOut, 400: Detail, 403: Detail, 404: Detail, 422: Detail})
def request_create(request, event: str, payload: RequestIn):
    """Send a request. Blocked by the export-control rules: 403 with the decision's message (the
    decision is recorded); needing review: 201 with `review` = `waiting`."""
    event_obj = _event(event)
    requester = _acting(request, event_obj, payload.as_)[0]
    counterpart = profile_selectors.participants(event_obj).filter(pk=payload.counterpart).first()
    if counterpart is None:
        raise ValidationError({"counterpart": f"registration {payload.counterpart} is not a registered participant "
                                              "of this event (only approved registrations take meetings)"})
    requester.event = event_obj
    sent = services.request_send(actor=request.user, requester=requester, counterpart=counterpart,
                                 message=payload.message, priority=payload.priority, length=payload.length,
                                 products=payload.products, team=payload.team)
    if sent.status == MeetingRequest.Status.BLOCKED:
        return 403, {"detail": request_compliance_text(sent)}  # as the form says it, in the caller's language
    return 201, _out(selectors.visible_request(user=request.user, event=event_obj, pk=sent.pk),
                     Reader.of(request.user, event_obj), event_obj)


def _visible(request, event_obj, request_id: int) -> MeetingRequest:
    item = selectors.visible_request(user=request.user, event=event_obj, pk=request_id)
    if item is None:
        raise Http404(f"meeting request: no request {request_id} of yours in this event")
    return item


@router.get("/events/{event}/meeting-requests/{request_id}", response={200: RequestOut, 404: Detail})
def request_get(request, event: str, request_id: int):
    event_obj = _event(event)
    return _out(_visible(request, event_obj, request_id), Reader.of(request.user, event_obj), event_obj)


def _answer(request, event: str, request_id: int, action, **kwargs) -> dict:
    event_obj = _event(event)
    action(actor=request.user, request=_visible(request, event_obj, request_id), **kwargs)
    return _out(_visible(request, event_obj, request_id), Reader.of(request.user, event_obj), event_obj)


ANSWERS = {200: RequestOut, 400: Detail, 403: Detail, 404: Detail, 422: Detail}


@router.post("/events/{event}/meeting-requests/{request_id}/accept", response=ANSWERS)
def request_accept(request, event: str, request_id: int):
    """The counterpart accepts: the request goes to the scheduler."""
    return _answer(request, event, request_id, services.request_accept)


@router.post("/events/{event}/meeting-requests/{request_id}/decline", response=ANSWERS)
def request_decline(request, event: str, request_id: int, payload: DeclineIn):
    return _answer(request, event, request_id, services.request_decline, message=payload.message)


@router.post("/events/{event}/meeting-requests/{request_id}/propose", response=ANSWERS)
def request_propose(request, event: str, request_id: int, payload: ProposeIn):
    """The counterpart proposes another time: a slot of the event, else a time in the message."""
    event_obj = _event(event)
    slot = None
    if payload.slot is not None:
        slot = MeetingSlot.objects.filter(event=event_obj, pk=payload.slot).first()
        if slot is None:
            raise ValidationError({"slot": f"no meeting slot {payload.slot} in this event"})
    return _answer(request, event, request_id, services.request_propose, slot=slot, message=payload.message)


@router.post("/events/{event}/meeting-requests/{request_id}/accept-proposal", response=ANSWERS)
def request_accept_proposal(request, event: str, request_id: int):
    return _answer(request, event, request_id, services.request_accept_proposal)


@router.post("/events/{event}/meeting-requests/{request_id}/cancel", response=ANSWERS)
def request_cancel(request, event: str, request_id: int):
    return _answer(request, event, request_id, services.request_cancel)


@router.get("/events/{event}/meeting-recommendations", response={200: RecommendationsOut, 400: Detail,
                                                                 403: Detail, 404: Detail})
def recommendation_list(request, event: str, as_: int | None = Query(None, alias="as")):
    """Ranked exhibitors, products and people for one of your participants, with the reasons and
    the outcome a request about each would get."""
    event_obj = _event(event)
    participant = _acting(request, event_obj, as_)[0]
    participant.event = event_obj
    lists = recommendations_for(registration=participant)  # a ValidationError is a 400 with its reason
    stored = lists.stored
    data = stored.data if stored else {"exhibitors": [], "products": [], "people": []}
    kinds = {"exhibitors": "exhibitor", "products": "product", "people": "person"}
    return {"participant": participant.pk, "rules_last_verified": stored.rules_last_verified if stored else "",
            "computed_at": stored.computed_at if stored else None, "refreshing": lists.refreshing,
            **{key: [{**item, "kind": kinds[key]} for item in data[key]] for key in kinds}}
