"""Events endpoints: public reads of shows, halls and stands; stand booking writes for their owners.
Booking times are given in the event's time zone, with its offset, like the rest of the API."""

import zoneinfo
from datetime import datetime
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import translation
from ninja import Field, Path, Query, Router, Schema

from pavilion.api.auth import person_token
from pavilion.api.fields import Id
from pavilion.core import roles
from pavilion.core.i18n import localized
from pavilion.deals.api import optional_token
from pavilion.events import announcement_selectors, selectors, services
from pavilion.events.models import Event, Hall, Stand, StandBooking
from pavilion.events.permissions import bookable_exhibitors
from pavilion.exhibitors.models import Exhibitor

router = Router(tags=["events"])

MAX_ID = 2**63 - 1  # larger ids cannot exist and would overflow the database's integer


class ErrorOut(Schema):
    detail: str


ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class Pagination(Schema):
    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0, le=2**31)


class ShowOut(Schema):
    id: int
    slug: str
    name: str
    colour: str


class HallOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    width_m: float
    depth_m: float
    stands: int = Field(..., alias="stand_count", description="stands of this event in the hall")


class StandOut(Schema):
    id: int
    code: str
    hall: str = Field(..., alias="hall.code")
    show: str = Field(..., alias="show.slug")
    kind: str
    state: str
    area_m2: float
    polygon: list[list[float]] = Field(..., description="corners [x, y] in metres on the hall's plan")
    exhibitor: int | None = Field(None, alias="exhibitor_id")
    exhibitor_name: str | None = None
    pavilion: str | None = None

    @staticmethod
    def resolve_exhibitor_name(stand: Stand) -> str | None:
        return stand.exhibitor.company.name if stand.exhibitor_id else None

    @staticmethod
    def resolve_pavilion(stand: Stand) -> str | None:
        return stand.pavilion.name if stand.pavilion_id else None


class BookingIn(Schema):
    exhibitor: Id | None = Field(None, description="defaults to your exhibitor at the stand's show")
    note: str = Field("", max_length=500)


class BookingOut(Schema):
    id: int
    stand: int = Field(..., alias="stand_id")
    stand_code: str = Field(..., alias="stand.code")
    exhibitor: int = Field(..., alias="exhibitor_id")
    status: str
    requested_at: datetime
    decided_at: datetime | None


class ShowPage(Schema):
    items: list[ShowOut]
    count: int


class HallPage(Schema):
    items: list[HallOut]
    count: int


class StandPage(Schema):
    items: list[StandOut]
    count: int


class BookingPage(Schema):
    items: list[BookingOut]
    count: int


def _page(queryset, page: Pagination) -> dict:
    return {"count": queryset.count(), "items": list(queryset[page.offset: page.offset + page.limit])}


def _in_event_time(booking: StandBooking, event_obj: Event) -> StandBooking:
    """The booking's times at the venue (for the answer only: nothing is saved)."""
    zone = zoneinfo.ZoneInfo(event_obj.time_zone)
    booking.requested_at = booking.requested_at.astimezone(zone)
    if booking.decided_at is not None:
        booking.decided_at = booking.decided_at.astimezone(zone)
    return booking


@router.get("/events/{event}/shows", response={200: ShowPage, 404: ErrorOut})
def list_shows(request, event: str, page: Query[Pagination]):
    return _page(selectors.event_shows(selectors.event_for_api(event)), page)


@router.get("/events/{event}/halls", response={200: HallPage, 404: ErrorOut})
def list_halls(request, event: str, page: Query[Pagination]):
    return _page(selectors.event_halls(selectors.event_for_api(event)), page)


class StandFilters(Schema):
    show: str = Field("", max_length=50, description="show slug")
    hall: str = Field("", max_length=20, description="hall code")
    state: Literal["available", "reserved", "booked", "blocked"] | None = None


@router.get("/events/{event}/stands", response={200: StandPage, 404: ErrorOut})
def list_stands(request, event: str, filters: Query[StandFilters], page: Query[Pagination]):
    event_obj = selectors.event_for_api(event)
    if filters.show and not event_obj.shows.filter(slug=filters.show).exists():
        raise Http404(f"show: no show {filters.show!r} at this event")
    stands = selectors.event_stands(event_obj, show=filters.show, hall=filters.hall, state=filters.state or "")
    answer = _page(stands, page)
    # Asked only when nothing matched: a hall of the venue without stands is an empty list, not an error.
    if filters.hall and not answer["count"] and not Hall.objects.filter(venue_id=event_obj.venue_id,
                                                                        code=filters.hall).exists():
        raise Http404(f"hall: no hall {filters.hall!r} at this event's venue")
    return answer


def _booking_exhibitor(user, event_obj: Event, stand: Stand, exhibitor_id: int | None) -> Exhibitor:
    if exhibitor_id is not None and roles.is_organiser(user):
        exhibitor = Exhibitor.objects.filter(pk=exhibitor_id, show__event=event_obj).select_related("show").first()
        if exhibitor is None:
            raise Http404(f"exhibitor: no exhibitor {exhibitor_id} at this event")
        return exhibitor
    mine = bookable_exhibitors(user, event_obj)
    if exhibitor_id is not None:
        chosen = next((e for e in mine if e.pk == exhibitor_id), None)
        if chosen is None:
            raise PermissionDenied(f"exhibitor: you do not act for exhibitor {exhibitor_id}")
        return chosen
    chosen = next((e for e in mine if e.show_id == stand.show_id), None)
    if chosen is None:
        raise PermissionDenied("exhibitor: you are not the exhibitor admin of a company at this stand's show")
    return chosen


@router.post("/events/{event}/stands/{stand_id}/bookings", response={201: BookingOut, **ERRORS}, auth=person_token)
def request_booking(request, event: str, payload: BookingIn, stand_id: int = Path(..., ge=1, le=MAX_ID)):
    event_obj = selectors.event_for_api(event)
    stand = Stand.objects.filter(pk=stand_id, show__event=event_obj).first()
    if stand is None:
        raise Http404(f"stand: no stand {stand_id} at this event")
    exhibitor = _booking_exhibitor(request.auth, event_obj, stand, payload.exhibitor)
    bookings = services.booking_request(actor=request.auth, exhibitor=exhibitor, stand_ids=[stand.pk],
                                        note=payload.note, language=translation.get_language())
    return 201, _in_event_time(bookings[0], event_obj)


class BookingFilters(Schema):
    status: Literal["requested", "confirmed", "declined", "cancelled"] | None = None


@router.get("/events/{event}/bookings", response={200: BookingPage, **ERRORS}, auth=person_token)
def list_bookings(request, event: str, filters: Query[BookingFilters], page: Query[Pagination]):
    """The organiser sees every booking of the event; an exhibitor admin sees their own."""
    event_obj = selectors.event_for_api(event)
    exhibitor_ids = None
    if not roles.is_organiser(request.auth):
        exhibitor_ids = [exhibitor.pk for exhibitor in bookable_exhibitors(request.auth, event_obj)]
        if not exhibitor_ids:
            raise PermissionDenied("only the organiser or an exhibitor admin of this event sees bookings")
    listed = _page(selectors.event_bookings(event_obj, status=filters.status or "", exhibitor_ids=exhibitor_ids), page)
    listed["items"] = [_in_event_time(booking, event_obj) for booking in listed["items"]]
    return listed


def _event_booking(event: str, booking_id: int) -> tuple[Event, StandBooking]:
    event_obj = selectors.event_for_api(event)
    booking = StandBooking.objects.filter(pk=booking_id, stand__show__event=event_obj).select_related(
        "stand", "exhibitor").first()
    if booking is None:
        raise Http404(f"booking: no booking {booking_id} at this event")
    return event_obj, booking


@router.post("/events/{event}/bookings/{booking_id}/confirm", response={200: BookingOut, **ERRORS}, auth=person_token)
def confirm_booking(request, event: str, booking_id: int = Path(..., ge=1, le=MAX_ID)):
    event_obj, booking = _event_booking(event, booking_id)
    return _in_event_time(services.booking_confirm(actor=request.auth, booking=booking), event_obj)


@router.post("/events/{event}/bookings/{booking_id}/decline", response={200: BookingOut, **ERRORS}, auth=person_token)
def decline_booking(request, event: str, booking_id: int = Path(..., ge=1, le=MAX_ID)):
    event_obj, booking = _event_booking(event, booking_id)
    return _in_event_time(services.booking_decline(actor=request.auth, booking=booking), event_obj)


@router.post("/events/{event}/bookings/{booking_id}/cancel", response={200: BookingOut, **ERRORS}, auth=person_token)
def cancel_booking(request, event: str, booking_id: int = Path(..., ge=1, le=MAX_ID)):
    event_obj, booking = _event_booking(event, booking_id)
    return _in_event_time(services.booking_cancel(actor=request.auth, booking=booking), event_obj)


# --- announcements ---------------------------------------------------------------------------------


class AnnouncementOut(Schema):
    id: int
    title: str = Field(..., description="in `lang`, else the request's language, falling back to English")
    body: str
    audience: Literal["public", "everyone", "exhibitors", "visitors", "media", "delegations"]
    importance: Literal["normal", "urgent"]
    published_at: datetime
    expires_at: datetime | None


class AnnouncementPage(Schema):
    items: list[AnnouncementOut]
    count: int


class AnnouncementFilters(Schema):
    lang: Literal["en", "az", "ru"] | None = Field(None, description="language of `title` and `body`")


# The catalogue's optional authentication (a wrong token is a 401, no header the public's view), one
# scheme in the OpenAPI document for every endpoint that reads differently for a known caller.
@router.get("/events/{event}/announcements", response={200: AnnouncementPage, **ERRORS}, auth=optional_token)
def list_announcements(request, event: str, filters: Query[AnnouncementFilters], page: Query[Pagination]):
    """The event's current announcements, newest first: the public ones without authentication, with it
    also those for the caller's audiences (their approved registrations, exhibitor, liaison)."""
    event_obj = selectors.event_for_api(event)
    announcements = announcement_selectors.announcements_for(event_obj, request.auth)
    listed = _page(announcements, page)
    zone = zoneinfo.ZoneInfo(event_obj.time_zone)
    listed["items"] = [{
        "id": item.pk, "title": localized(item, "title", filters.lang), "body": localized(item, "body", filters.lang),
        "audience": item.audience, "importance": item.importance, "published_at": item.publish_at.astimezone(zone),
        "expires_at": item.expires_at.astimezone(zone) if item.expires_at else None,
    } for item in listed["items"]]
    return listed
