"""Reads of events, shows, halls and stands shared by pages, API and reports."""

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from pavilion.core import roles
from pavilion.events.models import Event, Hall, Show, Stand, StandBooking
from pavilion.events.permissions import bookable_exhibitors
from pavilion.exhibitors import search_index


def public_event(slug: str, *, user=None) -> Event:
    """The event of a public page. An event not shown to the public yet is found only for the organiser
    and their staff (`user`), who preview its pages before they go live: `event.preview` is then true, and
    the pages say so. Anyone else is told there is no such event, as if the address were wrong."""
    event = (Event.objects.select_related("venue", "organiser").prefetch_related("shows")
             .filter(slug=slug).first())
    if event is None or not (event.is_public or (user is not None and roles.is_organiser(user))):
        raise Http404(f"event: no public event with slug {slug!r}")
    event.preview = not event.is_public
    return event


def booking_event(slug: str, *, user) -> Event:
    """The event whose stands an exhibitor books: booking follows the exhibitor's admission to a show, not
    the event's publication, so exhibitors book before the public site goes live. An event not shown yet is
    not found for a user who neither exhibits at it nor works for the organiser."""
    event = Event.objects.select_related("venue", "organiser").filter(slug=slug).first()
    if event is None or not (event.is_public or roles.is_organiser(user) or bookable_exhibitors(user, event)):
        raise Http404(f"event: no event with slug {slug!r} for this user")
    return event


def event_for_api(slug: str) -> Event:
    event = Event.objects.filter(is_public=True, slug=slug).select_related("venue").first()
    if event is None:
        raise Http404(f"event: no public event with slug {slug!r}")
    return event


def event_shows(event: Event) -> QuerySet[Show]:
    return Show.objects.filter(event=event).order_by("name_en")


def event_halls(event: Event) -> QuerySet[Hall]:
    """The halls of the event's venue, each with how many of the event's stands it holds."""
    return Hall.objects.filter(venue_id=event.venue_id).annotate(
        stand_count=Count("stands", filter=Q(stands__show__event=event))
    ).order_by("order", "code")


def stands_for_plan(hall: Hall, *, event: Event | None = None) -> QuerySet[Stand]:
    """Everything a floor plan draws, in one query: show, pavilion and the holding exhibitor's company."""
    stands = Stand.objects.filter(hall=hall)
    if event is not None:
        stands = stands.filter(show__event=event)
    return stands.select_related("show__event", "hall", "pavilion", "exhibitor__company").order_by("code")


def event_stands(event: Event, *, show: str = "", hall: str = "", state: str = "") -> QuerySet[Stand]:
    stands = Stand.objects.filter(show__event=event).select_related(
        "show", "hall", "pavilion", "exhibitor__company"
    )
    if show:
        stands = stands.filter(show__slug=show)
    if hall:
        stands = stands.filter(hall__code=hall)
    if state:
        stands = stands.filter(state=state)
    return stands.order_by("hall__order", "hall__code", "code")


def stands_matching_exhibitor(event: Event, query: str) -> list[Stand]:
    """Stands held by exhibitors whose company name or legal name holds every word of `query` (the map's
    search box), folded as the exhibitor directory and the catalogue fold them: case in every script and
    the Azerbaijani letters ("неман" finds "НЕМАН", "Xezer" and "XƏZƏR" find "Xəzər", "Murovdag"
    "Murovdağ"). Compared in Python, alike on SQLite (whose LIKE folds only ASCII letters) and PostgreSQL:
    one query for the event's held stands, a few thousand at most."""
    words = search_index.query_words(query, stems=False)  # a company's name is a name: no endings cut
    if not words:
        return []
    held = (Stand.objects.filter(show__event=event, exhibitor__isnull=False)
            .select_related("hall", "exhibitor__company")
            .order_by("hall__order", "hall__code", "code"))
    return [stand for stand in held if search_index.holds_words(
        f"{stand.exhibitor.company.name} {stand.exhibitor.company.legal_name}", words)]


def event_bookings(event: Event, *, status: str = "", exhibitor_ids=None) -> QuerySet[StandBooking]:
    bookings = StandBooking.objects.filter(stand__show__event=event).select_related(
        "stand__hall", "stand__show", "exhibitor__company", "requested_by", "decided_by"
    )
    if status:
        bookings = bookings.filter(status=status)
    if exhibitor_ids is not None:
        bookings = bookings.filter(exhibitor_id__in=exhibitor_ids)
    return bookings.order_by("-requested_at", "-id")


def booking_queue(event: Event) -> QuerySet[StandBooking]:
    """Requests waiting for the organiser, oldest first: first come, first served."""
    return event_bookings(event, status=StandBooking.Status.REQUESTED).order_by("requested_at", "id")
