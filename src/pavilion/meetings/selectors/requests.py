"""Reads of meeting requests for pages and the API: nobody sees others' requests.

A requester sees every request it sent (blocked ones too, with the decision); a counterpart sees
only those that reached it: not blocked, not waiting for or refused by compliance review. The
compliance review queue is for security officers and the organiser.
"""

from django.db.models import Prefetch, Q, QuerySet

from pavilion.exhibitors.models import Product
from pavilion.meetings.models import Meeting, MeetingRequest, MeetingSlot, ScheduleRun
from pavilion.meetings.selectors.profiles import request_scope
from pavilion.registrations.models import Registration

Status = MeetingRequest.Status
Review = MeetingRequest.Review
BOXES = ("all", "received", "sent")


def reached_counterpart() -> Q:
    return ~Q(status=Status.BLOCKED) & ~Q(review__in=[Review.WAITING, Review.REFUSED])


def _with_rows(queryset: QuerySet) -> QuerySet:
    # The sides are read by a query of their own each: joined into the requests' query (13 joins),
    # PostgreSQL spent 15 ms planning it for 1 ms of work, and a request's page took twice as long.
    people = Registration.objects.select_related("person", "category", "delegation", "exhibitor__company")
    return queryset.select_related("proposed_slot").prefetch_related(
        Prefetch("requester", queryset=people), Prefetch("counterpart", queryset=people),
        Prefetch("products", queryset=Product.objects.select_related("exhibitor__company").order_by("pk")),
        Prefetch("team", queryset=people.order_by("pk")),
    )


def requests_of(*, event, registrations, box: str = "all", status: str = "") -> QuerySet:
    """The requests of these participants (the ones a user answers for: profiles.request_participants),
    sent and/or received."""
    ids = [registration.pk for registration in registrations]
    sent = Q(requester_id__in=ids)
    received = Q(counterpart_id__in=ids) & reached_counterpart()
    scope = {"sent": sent, "received": received}.get(box, sent | received)
    queryset = MeetingRequest.objects.filter(event=event).filter(scope)
    if status:
        queryset = queryset.filter(status=status)
    return _with_rows(queryset).order_by("-created_at", "-pk")


def visible_request(*, user, event, pk) -> MeetingRequest | None:
    """One request, if this user acts for its requester, or for its counterpart once it reached it (as
    profiles.request_scope says: a delegation's liaison for any member of it), or reviews compliance."""
    from pavilion.meetings.services.requests import can_review

    queryset = _with_rows(MeetingRequest.objects.filter(event=event, pk=pk))
    if can_review(user):
        return queryset.first()
    mine = Registration.objects.filter(event=event).filter(request_scope(user)).values("pk")
    return queryset.filter(Q(requester__in=mine) | (Q(counterpart__in=mine) & reached_counterpart())).first()


def waiting_for_review(event) -> QuerySet:
    """The requests a reviewer has to decide on: pending and held for a compliance review. The
    review queue lists these and every figure of "waiting for review" counts them."""
    return MeetingRequest.objects.filter(event=event, review=Review.WAITING, status=Status.PENDING)


def review_queue(*, event, state: str = "waiting") -> QuerySet:
    """Requests that need (or had) a compliance review, and the blocked ones, for the reviewers."""
    queryset = MeetingRequest.objects.filter(event=event)
    if state == "waiting":
        queryset = waiting_for_review(event)
    elif state == "blocked":
        queryset = queryset.filter(status=Status.BLOCKED)
    else:
        queryset = queryset.exclude(compliance=MeetingRequest.Compliance.ALLOWED)
    return _with_rows(queryset).order_by("-created_at", "-pk")


def reached_counterpart_value(request: MeetingRequest) -> bool:
    """The same test as reached_counterpart() on a loaded request."""
    return request.status != Status.BLOCKED and request.review not in (Review.WAITING, Review.REFUSED)


def scheduled_meeting(request: MeetingRequest) -> Meeting | None:
    """Where and when a published schedule placed this request, if it did."""
    return (Meeting.objects.filter(request=request, status=Meeting.Status.SCHEDULED)
            .select_related("location__hall").order_by("starts_at", "pk").first())


def cancelled_meeting(request: MeetingRequest) -> Meeting | None:
    """The published meeting of this request that was cancelled, with when and why (the latest)."""
    return (Meeting.objects.filter(request=request, status=Meeting.Status.CANCELLED)
            .select_related("location__hall").order_by("-cancelled_at", "-pk").first())


def proposed_until(request: MeetingRequest) -> MeetingSlot | None:
    """The last slot the meeting would hold at the other time proposed (the proposed slot for one slot)."""
    if request.proposed_slot_id is None:
        return None
    from pavilion.meetings.selectors.schedule import slots_held

    held = slots_held(request.proposed_slot, max(1, request.length))
    return held[-1] if held else request.proposed_slot


def left_out_reason(request: MeetingRequest) -> str:
    """Why the latest published schedule did not place this accepted request, in the reader's
    language ("" when it did, or when the request came after it)."""
    if request.status != Status.ACCEPTED:
        return ""
    from pavilion.meetings.selectors.schedule import unscheduled_reason

    run = (ScheduleRun.objects.filter(event_id=request.event_id, published_at__isnull=False)
           .order_by("-published_at", "-pk").first())
    return unscheduled_reason(run, request.pk) if run is not None else ""


def refusal_history(request: MeetingRequest) -> QuerySet:
    """For the reviewers: the earlier blocked or refused requests between the same people, or between
    one of them and the other's company (services.requests_compliance.refused_before)."""
    from pavilion.meetings.services.requests_compliance import refused_before

    return _with_rows(refused_before(request.requester, request.counterpart).exclude(pk=request.pk)
                      .filter(created_at__lte=request.created_at)).order_by("-created_at", "-pk")


def request_people(meeting_request) -> list[int]:
    """The registrations a time for this request must suit: both sides and the requester's team."""
    return [meeting_request.requester_id, meeting_request.counterpart_id,
            *meeting_request.team.values_list("pk", flat=True)]
