"""Schedule endpoints of specs/api.md: the event's meetings (organiser) and a participant's agenda
as an RFC 5545 calendar (the participant or the organiser)."""

import zoneinfo
from datetime import datetime
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from ninja import Field, Path, Query, Router, Schema

from pavilion.api.auth import person_token
from pavilion.api.fields import Whole
from pavilion.core import roles
from pavilion.events.models import Event
from pavilion.meetings import ics
from pavilion.meetings.selectors import agendas
from pavilion.meetings.selectors import schedule as selectors
from pavilion.registrations.models import Registration

router = Router(tags=["meetings"])
MAX_ID = 2**31 - 1


class Detail(Schema):
    detail: str


ERRORS = {400: Detail, 401: Detail, 403: Detail, 404: Detail, 422: Detail}


class MeetingOut(Schema):
    id: int
    participants: list[Whole] = Field(..., description="registration ids")
    start: datetime
    end: datetime
    location: str = Field(..., description="the location's code")
    hall: str | None = Field(None, description="the hall's code")
    status: str
    run: int | None


class MeetingPage(Schema):
    items: list[MeetingOut]
    count: int


class MeetingFilter(Schema):
    status: Literal["draft", "scheduled", "cancelled"] | None = None
    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0, le=MAX_ID)


def _event(slug: str) -> Event:
    event = Event.objects.filter(slug=slug).first()
    if event is None:
        raise Http404(f"event: no event {slug!r}")
    return event


@router.get("/events/{event}/meetings", response={200: MeetingPage, **ERRORS}, auth=person_token)
def meeting_list(request, event: str, filters: Query[MeetingFilter]):
    """The event's meetings with their participants, times and locations (organiser)."""
    if not roles.is_organiser(request.user):
        raise PermissionDenied("only the organiser may list the event's meetings")
    event_obj = _event(event)
    zone = zoneinfo.ZoneInfo(event_obj.time_zone)
    queryset = selectors.meetings(event_obj, status=filters.status)
    count = queryset.count()
    items = [{
        "id": meeting.pk, "participants": [row.registration_id for row in meeting.attendance.all()],
        "start": meeting.starts_at.astimezone(zone), "end": meeting.ends_at.astimezone(zone),
        "location": meeting.location.code, "hall": meeting.location.hall.code if meeting.location.hall else None,
        "status": meeting.status, "run": meeting.run_id,
    } for meeting in queryset[filters.offset:filters.offset + filters.limit]]
    return {"items": items, "count": count}


@router.get("/events/{event}/agenda/{participant}.ics", response={200: str, **ERRORS}, auth=person_token,
            openapi_extra={"responses": {200: {"description": "an RFC 5545 calendar (text/calendar)",
                                               "content": {"text/calendar": {"schema": {"type": "string"}}}}}})
def agenda_ics(request, event: str, participant: int = Path(..., ge=1, le=MAX_ID)):
    """A participant's scheduled meetings as an RFC 5545 calendar, in the event's time zone, with
    the location and the other participants (the participant, whoever acts for them on the request
    pages, or the organiser)."""
    event_obj = _event(event)
    registration = Registration.objects.select_related("person", "exhibitor__company").filter(
        pk=participant, event=event_obj).first()
    # "The participant" includes whoever acts for them (their company's members, their delegation's
    # liaison): the rule by which the meeting request endpoints let them act `as` that participant, and
    # the liaison for every approved member of the delegation (agendas.may_see_agenda).
    if registration is None or not agendas.may_see_agenda(request.user, registration):
        # The same answer whether the registration exists or not: nobody learns who takes part.
        if roles.is_organiser(request.user):
            raise Http404(f"participant: no registration {participant} in this event")
        raise PermissionDenied("participant: only that participant, whoever acts for them, or the organiser "
                               "may read this agenda")
    content = ics.agenda_calendar(event_obj, registration, agendas.agenda(registration), host=f"{event_obj.slug}.pavilion")
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="agenda-{event_obj.slug}-{participant}.ics"'
    return response
