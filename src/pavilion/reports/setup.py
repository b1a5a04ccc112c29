"""The organiser's set-up overview: every step of preparing and running an event, in the order an
organiser takes them, with what is there so far and the page that does it. A fixed number of
counting queries, whatever the event's size."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pavilion.accreditation.models import Badge, Device, Gate, Grant, Zone
from pavilion.core import clock
from pavilion.deals.models import Deal
from pavilion.events.models import Hall, Stand, StandBooking
from pavilion.exhibitors.models import Exhibitor
from pavilion.meetings.models import Meeting, MeetingLocation, MeetingSlot, ScheduleRun
from pavilion.meetings.services.scheduling_problem import schedulable_requests
from pavilion.programme.models import Room, Session, Speaker, Track
from pavilion.registrations.models import CountryPolicy, Delegation, Registration, RegistrationCategory
from pavilion.registrations.selectors import registration_window


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    done: bool
    summary: str
    links: tuple[Link, ...]


def _n(text: str, count: int) -> str:
    """A counted phrase from ngettext (called where the words are, so that makemessages finds them)."""
    return text % {"count": count}


def _joined(*parts: str) -> str:
    return " · ".join(part for part in parts if part)


def _window(event) -> str:
    """Whether the public forms take registrations now, and until or from when (on the event's clock)."""
    window = registration_window(event)
    if window.state == "open":
        return _("registration open until %(when)s") % {"when": window.local(window.closes)}
    if window.state == "not-yet":
        return _("registration opens on %(when)s") % {"when": window.local(window.opens)}
    if window.state == "closed":
        return _("registration closed on %(when)s") % {"when": window.local(window.closes)}
    return _("registration closed: the event is not shown to the public")


def _preparation(event) -> list[Step]:
    slug = event.slug
    halls = list(Hall.objects.filter(venue_id=event.venue_id).order_by("order", "code"))
    stands = Stand.objects.filter(event=event).count()
    exhibitors = Exhibitor.objects.filter(show__event=event).count()
    categories = RegistrationCategory.objects.filter(event=event).aggregate(
        all=Count("pk"), public=Count("pk", filter=Q(self_service=True) & (  # a category closed early is not open
            Q(closes_at__isnull=True) | Q(closes_at__gt=clock.now()))))
    policies = CountryPolicy.objects.filter(event=event).count()
    zones, gates, grants = (Zone.objects.filter(event=event).count(), Gate.objects.filter(event=event).count(),
                            Grant.objects.filter(category__event=event).count())
    devices = Device.objects.filter(event=event).active().count()
    slots = MeetingSlot.objects.filter(event=event).count()
    locations = MeetingLocation.objects.filter(event=event, is_active=True).count()
    rooms, tracks = Room.objects.filter(event=event).count(), Track.objects.filter(event=event).count()
    speakers, sessions = Speaker.objects.filter(event=event).count(), Session.objects.filter(event=event).count()
    shows = len(event.shows.all())
    hall_links = tuple(Link(hall.name, reverse("events:organiser_hall", args=[slug, hall.code])) for hall in halls[:6])
    return [
        Step("event", _("Event, dates and shows"), shows > 0, _joined(
            _n(ngettext("%(count)s show", "%(count)s shows", shows), shows),
            f"{event.start_date:%Y-%m-%d} – {event.end_date:%Y-%m-%d}"),
            (Link(_("The event and its shows"), reverse("events:organiser_event", args=[slug])),)),
        Step("halls", _("Halls and stands on the plan"), stands > 0, _joined(
            _n(ngettext("%(count)s hall at the venue", "%(count)s halls at the venue", len(halls)), len(halls)),
            _n(ngettext("%(count)s stand", "%(count)s stands", stands), stands)),
            (Link(_("Halls of the venue") if halls else _("Add a hall to the venue"),
                  reverse("events:organiser_halls", args=[slug])), *hall_links)),
        Step("exhibitors", _("Exhibitors of the shows"), exhibitors > 0,
             _n(ngettext("%(count)s exhibitor", "%(count)s exhibitors", exhibitors), exhibitors),
             (Link(_("Exhibitors"), reverse("exhibitors:organiser_exhibitors", args=[slug])),
              Link(_("National pavilions"), reverse("exhibitors:organiser_pavilions", args=[slug])),
              Link(_("Accounts"), reverse("core:accounts")))),
        Step("categories", _("Registration categories"), categories["all"] > 0, _joined(
            _n(ngettext("%(count)s category", "%(count)s categories", categories["all"]), categories["all"]),
            _n(ngettext("%(count)s with an open public form", "%(count)s with an open public form",
                        categories["public"]), categories["public"]),
            policies and _n(ngettext("%(count)s country policy", "%(count)s country policies", policies), policies),
            _window(event)),
            (Link(_("Registration categories"), reverse("registrations:category_list", args=[slug])),
             Link(_("Registration window"), reverse("events:organiser_event", args=[slug]) + "#event-form"),
             Link(_("Country policies"), reverse("registrations:country_policies", args=[slug])))),
        Step("zones", _("Zones, gates and access windows"), zones > 0 and grants > 0, _joined(
            _n(ngettext("%(count)s zone", "%(count)s zones", zones), zones),
            _n(ngettext("%(count)s gate", "%(count)s gates", gates), gates),
            _n(ngettext("%(count)s access window", "%(count)s access windows", grants), grants)),
            (Link(_("Accreditation"), reverse("accreditation:overview", args=[slug])),
             Link(_("Zone access"), reverse("accreditation:grants", args=[slug])))),
        Step("devices", _("Scanners at the gates"), devices > 0,
             _n(ngettext("%(count)s enrolled device", "%(count)s enrolled devices", devices), devices),
             (Link(_("Gate devices"), reverse("accreditation:devices", args=[slug])),)),
        Step("meetings", _("Meeting slots and locations"), slots > 0 and locations > 0, _joined(
            _n(ngettext("%(count)s slot", "%(count)s slots", slots), slots),
            _n(ngettext("%(count)s location in use", "%(count)s locations in use", locations), locations)),
            (Link(_("Slots"), reverse("meetings:schedule_slots", args=[slug])),
             Link(_("Locations"), reverse("meetings:schedule_locations", args=[slug])),
             Link(_("Meeting rules"), reverse("meetings:rules", args=[slug])))),
        Step("programme", _("Programme: rooms, tracks, speakers and sessions"), sessions > 0, _joined(
            _n(ngettext("%(count)s room", "%(count)s rooms", rooms), rooms),
            _n(ngettext("%(count)s track", "%(count)s tracks", tracks), tracks),
            _n(ngettext("%(count)s speaker", "%(count)s speakers", speakers), speakers),
            _n(ngettext("%(count)s session", "%(count)s sessions", sessions), sessions)),
            (Link(_("Programme sessions"), reverse("programme:organiser_sessions", args=[slug])),
             Link(_("Rooms"), reverse("programme:organiser_rooms", args=[slug])),
             Link(_("Tracks"), reverse("programme:organiser_tracks", args=[slug])),
             Link(_("Speakers"), reverse("programme:organiser_speakers", args=[slug])))),
    ]


def _running(event) -> list[Step]:
    slug = event.slug
    registrations = Registration.objects.filter(event=event).aggregate(
        waiting=Count("pk", filter=Q(status__in=["submitted", "screening", "in-review"])),
        approved=Count("pk", filter=Q(status="approved")),
        without_badge=Count("pk", filter=Q(status="approved", badge__isnull=True)))
    waiting, approved, without_badge = registrations["waiting"], registrations["approved"], registrations["without_badge"]
    bookings = StandBooking.objects.filter(stand__event=event, status="requested").count()
    delegations = Delegation.objects.filter(event=event).count()
    badges = Badge.objects.filter(event=event, status="valid").count()
    runs = ScheduleRun.objects.filter(event=event).count()
    unplaced = schedulable_requests(event).count()
    published = Meeting.objects.filter(event=event, status="scheduled").count()
    deals = Deal.objects.filter(event=event).count()
    return [
        Step("bookings", _("Stand requests"), bookings == 0,
             _n(ngettext("%(count)s request waiting", "%(count)s requests waiting", bookings), bookings),
             (Link(_("Stand bookings"), reverse("events:booking_queue", args=[slug])),)),
        Step("registrations", _("Registrations to decide"), waiting == 0, _joined(
            _n(ngettext("%(count)s waiting", "%(count)s waiting", waiting), waiting),
            _n(ngettext("%(count)s approved", "%(count)s approved", approved), approved),
            _n(ngettext("%(count)s delegation", "%(count)s delegations", delegations), delegations)),
            (Link(_("Registrations"), reverse("registrations:list", args=[slug])),
             Link(_("Delegations"), reverse("registrations:delegations", args=[slug])))),
        Step("badges", _("Badges"), without_badge == 0, _joined(
            _n(ngettext("%(count)s valid badge", "%(count)s valid badges", badges), badges),
            _n(ngettext("%(count)s approved without a badge", "%(count)s approved without a badge", without_badge),
               without_badge)),
            (Link(_("Badges"), reverse("accreditation:badges", args=[slug])),
             Link(_("Issue badges"), reverse("accreditation:overview", args=[slug])))),
        Step("schedule", _("Meeting schedule"), unplaced == 0, _joined(
            _n(ngettext("%(count)s accepted request without a meeting",
                        "%(count)s accepted requests without a meeting", unplaced), unplaced),
            _n(ngettext("%(count)s run", "%(count)s runs", runs), runs),
            _n(ngettext("%(count)s published meeting", "%(count)s published meetings", published), published)),
            (Link(_("Meeting schedule"), reverse("meetings:schedule", args=[slug])),)),
        Step("deals", _("Deals"), True,
             _n(ngettext("%(count)s deal recorded", "%(count)s deals recorded", deals), deals),
             (Link(_("Deals register"), reverse("deals:register", args=[slug])),)),
        Step("reports", _("Reports"), True, _("Dashboard, lists and exports, press summary"),
             (Link(_("Reports"), reverse("reports:dashboard", args=[slug])),
              Link(_("Occupancy"), reverse("accreditation:occupancy", args=[slug])))),
    ]


@dataclass(frozen=True)
class Section:
    title: str
    done_label: str  # what a step's state says when nothing needs the organiser
    open_label: str
    steps: list[Step]


def sections(event) -> list[Section]:
    return [Section(_("Before the show"), _("done"), _("to do"), _preparation(event)),
            Section(_("During the show"), _("up to date"), _("needs you"), _running(event))]
