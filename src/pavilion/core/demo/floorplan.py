"""Stands on the demo's floor plans, in every state: most booked, some reserved with a request
waiting for the organiser, some still available and a few blocked (service areas, fire exits)."""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model

from pavilion.core.demo import EVENT_SLUG, Demo, companies, layout
from pavilion.events.geometry import area_m2
from pavilion.events.models import Hall, Show, Stand, StandBooking
from pavilion.exhibitors.models import Exhibitor

BLOCKED_PER_HALL = 2
PRICE_PER_M2 = {"shell": Decimal("320.00"), "space": Decimal("280.00"), "outdoor": Decimal("120.00")}
BAKU = datetime.timezone(datetime.timedelta(hours=4))


@dataclass(frozen=True)
class Assignment:
    exhibitor: companies.ExhibitorPlan | None
    state: str


class FloorPlanFull(RuntimeError):
    pass


def assign(stands: list[layout.StandPlan], exhibitors, seed: int) -> dict[tuple[str, str], Assignment]:
    """Which exhibitor holds which stand, and each stand's state."""
    rng = random.Random(f"{seed}:stands")
    result = {stand.key: Assignment(None, Stand.State.AVAILABLE) for stand in stands}
    for spec in layout.HALLS:
        shells = [s for s in stands if s.hall == spec.code and s.kind == "shell"]
        for stand in rng.sample(shells, min(BLOCKED_PER_HALL, len(shells))):
            result[stand.key] = Assignment(None, Stand.State.BLOCKED)
    plots = [s for s in stands if s.kind == "outdoor"]
    result[rng.choice(plots).key] = Assignment(None, Stand.State.BLOCKED)

    def free(candidates):
        return [s for s in candidates if result[s.key].state == Stand.State.AVAILABLE]

    def give(stand, item):
        state = Stand.State.RESERVED if item.pending else Stand.State.BOOKED
        result[stand.key] = Assignment(item, state)

    for show in sorted({item.show for item in exhibitors}):
        members = [item for item in exhibitors if item.show == show]
        in_show = [s for s in stands if s.show == show]
        _place_pavilions(members, in_show, free, give)
        _place_majors(members, in_show, free, give)
        shells = free([s for s in in_show if s.kind == "shell"])
        rng.shuffle(shells)  # the stands left available end up scattered, as at a real show
        others = [item for item in members if not item.major and not item.in_pavilion]
        if len(others) > len(shells):
            raise FloorPlanFull(f"{show}: {len(others)} exhibitors but {len(shells)} free shell-scheme stands")
        for stand, item in zip(shells, others, strict=False):
            give(stand, item)
    return result


def _place_pavilions(members, in_show, free, give) -> None:
    """A national pavilion is one run of neighbouring stands at the start of its hall."""
    halls = [spec.code for spec in layout.HALLS if members and members[0].show in spec.pavilions]
    shells = free([s for s in in_show if s.kind == "shell" and s.hall in halls])
    pavilion_members = sorted((item for item in members if item.in_pavilion), key=lambda i: i.company.country)
    if len(pavilion_members) > len(shells):
        raise FloorPlanFull(f"{len(pavilion_members)} pavilion exhibitors but {len(shells)} stands")
    for stand, item in zip(shells, pavilion_members, strict=False):
        give(stand, item)


def _place_majors(members, in_show, free, give) -> None:
    majors = [item for item in members if item.major]
    islands = free([s for s in in_show if s.kind == "space"])
    biggest_shells = sorted(free([s for s in in_show if s.kind == "shell"]), key=lambda s: -s.area)
    for item, stand in zip(majors, islands + biggest_shells, strict=False):
        give(stand, item)
    plots = free([s for s in in_show if s.kind == "outdoor"])
    for item, stand in zip([m for m in majors if m.outdoor], plots, strict=False):
        give(stand, item)


def create_stands(demo: Demo) -> None:
    event_shows = {show.slug: show for show in Show.objects.filter(event__slug=EVENT_SLUG)}
    halls = {hall.code: hall for hall in Hall.objects.filter(venue__events__slug=EVENT_SLUG)}
    existing = set(Stand.objects.filter(hall__in=halls.values()).values_list("hall__code", "code"))
    plans = [stand for stand in layout.plan_halls(demo.seed) if stand.key not in existing]
    if not plans:
        return
    exhibitor_plans = companies.plan(demo.scale, demo.seed)
    assignments = assign(layout.plan_halls(demo.seed), exhibitor_plans, demo.seed)
    exhibitors = {
        (exhibitor.company.name, exhibitor.show.slug): exhibitor
        for exhibitor in Exhibitor.objects.filter(company__is_demo=True, show__in=event_shows.values())
        .select_related("company", "show")
    }
    new = []
    for plan in plans:
        assignment = assignments[plan.key]
        exhibitor = exhibitors.get(assignment.exhibitor.key) if assignment.exhibitor else None
        new.append(
            Stand(
                show=event_shows[plan.show], event_id=event_shows[plan.show].event_id, hall=halls[plan.hall],
                code=plan.code, polygon=plan.polygon,
                area_m2=Decimal(str(area_m2(plan.polygon))), kind=plan.kind,
                state=assignment.state if exhibitor or not assignment.exhibitor else Stand.State.AVAILABLE,
                exhibitor=exhibitor, pavilion=exhibitor.pavilion if exhibitor else None,
                price_per_m2=PRICE_PER_M2[plan.kind],
            )
        )
    Stand.objects.bulk_create(new)
    demo.count("stands", len(new))
    _create_bookings(demo, [stand for stand in new if stand.exhibitor_id])


def _create_bookings(demo: Demo, stands: list[Stand]) -> None:
    """A confirmed booking behind each booked stand, a waiting request behind each reserved one."""
    rng = demo.rng("bookings")
    organiser = get_user_model().objects.filter(username="organiser").first()
    bookings = []
    for stand in stands:
        booked = stand.state == Stand.State.BOOKED
        requested = datetime.datetime(2024, 3, 1, 9, tzinfo=BAKU) + datetime.timedelta(
            days=rng.randint(0, 150) if booked else rng.randint(160, 200), minutes=rng.randint(0, 600)
        )
        booking = StandBooking(
            stand=stand, exhibitor_id=stand.exhibitor_id,
            status=StandBooking.Status.CONFIRMED if booked else StandBooking.Status.REQUESTED,
            decided_by=organiser if booked else None,
            decided_at=requested + datetime.timedelta(days=rng.randint(1, 10)) if booked else None,
        )
        booking.demo_requested_at = requested
        bookings.append(booking)
    StandBooking.objects.bulk_create(bookings)
    # requested_at is auto_now_add; the demo backdates it to the months before the show.
    for booking in bookings:
        booking.requested_at = booking.demo_requested_at
    StandBooking.objects.bulk_update(bookings, ["requested_at"])
    demo.count("stand bookings", len(bookings))
