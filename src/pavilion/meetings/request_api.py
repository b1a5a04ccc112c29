"""Meeting requests and recommendations in the JSON API: a participant's own requests only.

The caller acts for its participants (its own registration, its exhibitor's staff, the head of
its delegation); `as` picks one of them when it has several. A request the export-control rules
block is recorded and answered with 403 and the decision's message.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import Field, Query, Router, Schema
from pydantic import AwareDatetime

from pavilion.api.auth import person_token
from pavilion.api.fields import Whole
from pavilion.events.models import Event
from pavilion.meetings.models import MeetingRequest, MeetingSlot
from pavilion.meetings.selectors import profiles as profile_selectors
from pavilion.meetings.selectors import requests as selectors
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
    compliance_message: str
    compliance_rules: list[RuleOut]
    review: str
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


def _acting(request, event_obj, wanted) -> list[Registration]:
    choices = profile_selectors.acting_participants(request.user, event_obj)
    if not choices:
        raise PermissionDenied("you have no approved participant registration at this event")
    if wanted is None:
        return choices
    chosen = [choice for choice in choices if choice.pk == wanted]
    if not chosen:
        raise ValidationError({"as": f"you do not act for registration {wanted}"})
    return chosen


def _out(item: MeetingRequest) -> dict:
    return {
        "id": item.pk, "requester": item.requester_id, "counterpart": item.counterpart_id,
        "requester_name": item.requester.person.full_name, "counterpart_name": item.counterpart.person.full_name,
        "status": item.status, "priority": item.priority, "length": item.length, "message": item.message,
        "response": item.response, "products": [p.pk for p in item.products.all()],
        "team": [m.pk for m in item.team.all()],
        "proposed_slot": item.proposed_slot.starts_at if item.proposed_slot_id else None,
        "compliance": item.compliance, "compliance_message": item.compliance_message,
        "compliance_rules": [{key: rule.get(key, "") for key in ("authority", "target", "scope", "outcome",
                                                                "last_verified")} for rule in item.compliance_rules],
        "review": item.review, "created_at": item.created_at, "responded_at": item.responded_at,
    }


@router.get("/events/{event}/meeting-requests", response={200: RequestPage, 403: Detail, 404: Detail, 400: Detail})
def request_list(request, event: str, filters: Query[RequestFilters]):
    """Your requests, sent and received, newest first."""
    event_obj = _event(event)
    if filters.box not in selectors.BOXES:
        raise ValidationError({"box": "use all, received or sent"})
    if filters.status and filters.status not in MeetingRequest.Status.values:
        raise ValidationError({"status": f"no status {filters.status!r}"})
    registrations = _acting(request, event_obj, filters.as_)
    queryset = selectors.requests_of(event=event_obj, registrations=registrations, box=filters.box,
                                     status=filters.status)
    page = list(queryset[filters.offset:filters.offset + filters.limit])
    return {"items": [_out(item) for item in page], "count": queryset.count()}


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
        return 403, {"detail": sent.compliance_message}
    return 201, _out(selectors.visible_request(user=request.user, event=event_obj, pk=sent.pk))


def _visible(request, event_obj, request_id: int) -> MeetingRequest:
    item = selectors.visible_request(user=request.user, event=event_obj, pk=request_id)
    if item is None:
        raise Http404(f"meeting request: no request {request_id} of yours in this event")
    return item


@router.get("/events/{event}/meeting-requests/{request_id}", response={200: RequestOut, 404: Detail})
def request_get(request, event: str, request_id: int):
    return _out(_visible(request, _event(event), request_id))


def _answer(request, event: str, request_id: int, action, **kwargs) -> dict:
    event_obj = _event(event)
    action(actor=request.user, request=_visible(request, event_obj, request_id), **kwargs)
    return _out(_visible(request, event_obj, request_id))


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
