"""A small venue to work in: one event with two shows, a 40 × 20 m hall, an organiser and two exhibitors."""

from dataclasses import dataclass

import pytest

from pavilion.core import roles
from pavilion.events.geometry import rectangle
from pavilion.events.models import Event, Hall, Show
from tests.factories import (
    CompanyFactory,
    EventFactory,
    ExhibitorFactory,
    HallFactory,
    MemberFactory,
    ShowFactory,
    UserFactory,
)


@dataclass
class Venue:
    event: Event
    show: Show
    other_show: Show
    hall: Hall
    second_hall: Hall
    organiser: object
    exhibitor_a: object
    exhibitor_b: object
    admin_a: object
    admin_b: object


@pytest.fixture
def venue(db) -> Venue:
    event = EventFactory(slug="adex-test")
    show = ShowFactory(event=event, slug="adex-show", name_en="ADEX", colour="#1f4e79")
    other_show = ShowFactory(event=event, slug="securex-show", name_en="Securex", colour="#8a1c1c")
    hall = HallFactory(venue=event.venue, code="H1", name_en="Hall 1", width_m=40, depth_m=20, order=1)
    second_hall = HallFactory(venue=event.venue, code="H2", name_en="Hall 2", width_m=30, depth_m=30, order=2)
    member_a = MemberFactory(company=CompanyFactory(name="Caspian Optics"), user__username="admin-a")
    member_b = MemberFactory(company=CompanyFactory(name="Absheron Armour Works"), user__username="admin-b")
    return Venue(
        event=event, show=show, other_show=other_show, hall=hall, second_hall=second_hall,
        organiser=UserFactory(username="organiser", role=roles.ORGANISER_ADMIN),
        exhibitor_a=ExhibitorFactory(company=member_a.company, show=show),
        exhibitor_b=ExhibitorFactory(company=member_b.company, show=show),
        admin_a=member_a.user, admin_b=member_b.user,
    )


def make_stand(venue: Venue, code: str, x: float, y: float, width: float = 6, depth: float = 3, *,
               hall: Hall | None = None, show: Show | None = None, **extra):
    from pavilion.events import services

    return services.stand_create(actor=venue.organiser, show=show or venue.show, hall=hall or venue.hall, code=code,
                                 polygon=rectangle(x, y, width, depth), **extra)
