"""Who sees which announcement, on the event's clock (`clock.now`).

A person's audiences at an event come from what ties them to it: an approved registration (its
category), an account of a company exhibiting at one of its shows (not withdrawn), a delegation the
account is the liaison of. Anyone tied to the event is "everyone registered"; the public announcements
are everybody's, without an account. A registration not approved (rejected, cancelled, waiting)
ties nobody. The organiser's staff see every announcement."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from pavilion.core import clock, roles
from pavilion.events.models import Announcement, Event
from pavilion.exhibitors.models import Exhibitor
from pavilion.registrations.models import Delegation, Registration, RegistrationCategory

Audience = Announcement.Audience
Code = RegistrationCategory.Code

# The registration categories each audience reaches (the e-mail's recipients too). A guest comes to the
# show as a visitor of their host; VIPs, contractors and the organiser's own staff only read what is for
# everyone.
AUDIENCE_CATEGORIES = {
    Audience.EXHIBITORS: {Code.EXHIBITOR_STAFF},
    Audience.VISITORS: {Code.TRADE_VISITOR, Code.GUEST},
    Audience.MEDIA: {Code.MEDIA},
    Audience.DELEGATIONS: {Code.DELEGATION_MEMBER},
}


def audiences_of_categories(codes) -> set[str]:
    reached = {audience for audience, categories in AUDIENCE_CATEGORIES.items() if categories & set(codes)}
    return reached | ({Audience.EVERYONE, Audience.PUBLIC} if codes else set())


def user_audiences(event: Event, user) -> set[str]:
    """The audiences `user` belongs to at `event` (two queries for a signed-in person, none otherwise)."""
    if not getattr(user, "is_authenticated", False):
        return {Audience.PUBLIC}
    if roles.is_organiser(user):
        return set(Audience.values)
    codes = set(Registration.objects.filter(event=event, person__user=user, status=Registration.Status.APPROVED)
                .values_list("category__code", flat=True))
    audiences = audiences_of_categories(codes) | {Audience.PUBLIC}
    ties = Event.objects.filter(pk=event.pk).annotate(
        exhibits=Exists(Exhibitor.objects.filter(show__event=OuterRef("pk"), company__members__user=user)
                        .exclude(status=Exhibitor.Status.WITHDRAWN)),
        liaises=Exists(Delegation.objects.filter(event=OuterRef("pk"), liaison=user)),
    ).values("exhibits", "liaises").first() or {}
    if ties.get("exhibits"):
        audiences |= {Audience.EXHIBITORS, Audience.EVERYONE}
    if ties.get("liaises"):
        audiences |= {Audience.DELEGATIONS, Audience.EVERYONE}
    return audiences


def current(queryset: QuerySet[Announcement], now=None) -> QuerySet[Announcement]:
    """Out and not expired nor withdrawn, at `now` (default: the event's clock)."""
    now = now or clock.now()
    return queryset.filter(withdrawn_at__isnull=True, publish_at__lte=now).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now))


def visible_announcements(event: Event, audiences: set[str], now=None) -> QuerySet[Announcement]:
    """The announcements of `event` that `audiences` see now, newest first."""
    return current(Announcement.objects.filter(event=event, audience__in=audiences), now).order_by(
        "-publish_at", "-id")


def announcements_for(event: Event, user, now=None) -> QuerySet[Announcement]:
    return visible_announcements(event, user_audiences(event, user), now)


def tied_events(user, limit: int = 3) -> list[Event]:
    """The events not over where `user` has an approved registration, exhibits or is a liaison: those
    whose announcements a page without an event of its own shows (the banner)."""
    if not getattr(user, "is_authenticated", False):
        return []
    today = clock.now().date()
    tied = Q(registrations__person__user=user, registrations__status=Registration.Status.APPROVED) | Q(
        shows__exhibitors__company__members__user=user) | Q(delegations__liaison=user)
    events = Event.objects.filter(end_date__gte=today, is_public=True)
    if not roles.is_organiser(user):
        events = events.filter(pk__in=Event.objects.filter(tied).values("pk"))
    return list(events.order_by("start_date", "pk")[:limit])


def organiser_announcements(event: Event) -> QuerySet[Announcement]:
    """Every announcement of the event for its organiser: scheduled, current, expired and withdrawn."""
    return Announcement.objects.filter(event=event).select_related("created_by").order_by("-publish_at", "-id")
