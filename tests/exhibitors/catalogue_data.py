"""A small catalogue to test against: one event, two shows, two companies with their admins, a
hall with stands, and products named in English, Azerbaijani and Russian."""

from dataclasses import dataclass

import pytest

from pavilion.core import roles
from pavilion.core.services import api_token_create
from pavilion.events.geometry import rectangle
from pavilion.events.models import Event, Show
from pavilion.exhibitors.models import Exhibitor, Product, ProductCategory
from pavilion.exhibitors.taxonomy import install_categories
from tests.factories import (
    EventFactory,
    ExhibitorFactory,
    HallFactory,
    MemberFactory,
    PavilionFactory,
    ProductFactory,
    ShowFactory,
    StandFactory,
    UserFactory,
)


@dataclass
class Catalogue:
    event: Event
    adex: Show
    securex: Show
    exhibitor_a: Exhibitor
    exhibitor_b: Exhibitor
    exhibitor_c: Exhibitor
    admin_a: object
    admin_b: object
    organiser: object
    carrier: Product
    radar: Product
    armour: Product
    stands_a: list

    def token(self, user) -> str:
        return api_token_create(actor=None, user=user)


def category(slug: str) -> ProductCategory:
    # A transactional test (live_server) that ran before may have flushed the migration's taxonomy.
    if not ProductCategory.objects.filter(slug=slug).exists():
        install_categories(ProductCategory)
    return ProductCategory.objects.get(slug=slug)


def build_catalogue() -> Catalogue:
    event = EventFactory(slug="adex-test", name_en="ADEX Test")
    adex = ShowFactory(event=event, slug="adex-test-show", name_en="ADEX")
    securex = ShowFactory(event=event, slug="securex-test-show", name_en="Securex")
    pavilion = PavilionFactory(show=adex, country="TR")
    exhibitor_a = ExhibitorFactory(show=adex, company__name="Caspian Armour Works", company__country="TR",
                                   pavilion=pavilion)
    exhibitor_b = ExhibitorFactory(show=securex, company__name="Baltic Sentinel", company__country="LT")
    exhibitor_c = ExhibitorFactory(show=adex, company__name="Absheron Optics", company__country="AZ")
    admin_a = MemberFactory(company=exhibitor_a.company).user
    admin_b = MemberFactory(company=exhibitor_b.company).user
    organiser = UserFactory(username="organiser-test", role=roles.ORGANISER_ADMIN)
    hall = HallFactory(venue=event.venue, code="H1", name_en="Hall 1", width_m=40, depth_m=20)
    stands_a = [
        StandFactory(show=adex, hall=hall, code="A1", polygon=rectangle(0, 0, 6, 4), exhibitor=exhibitor_a,
                     state="booked"),
        StandFactory(show=adex, hall=hall, code="A2", polygon=rectangle(8, 0, 6, 4)),
    ]
    carrier = ProductFactory(
        exhibitor=exhibitor_a, category=category("armoured-vehicles"), control="ML6",
        name_en="Armoured personnel carrier", name_az="Zirehli transportyor", name_ru="Бронетранспортёр",
        description_en="Eight-wheeled amphibious carrier for eleven soldiers.",
    )
    radar = ProductFactory(
        exhibitor=exhibitor_b, category=category("radar"), control="5A002",
        name_en="Coastal surveillance radar", name_az="Sahil müşahidə radarı", name_ru="Береговая РЛС наблюдения",
        description_en="Detects small boats; the housing is armoured against splinters.",
    )
    armour = ProductFactory(
        exhibitor=exhibitor_c, category=category("body-armour"), control="ML13",
        name_en="Ceramic body armour plate", name_az="Keramik bədən zirehi lövhəsi",
        name_ru="Керамическая бронепластина", description_ru="Защита класса Бр4.",
    )
    ProductFactory(exhibitor=exhibitor_c, category=category("video-surveillance"), control="none",
                   name_en="Hidden draft product", is_published=False)
    return Catalogue(event, adex, securex, exhibitor_a, exhibitor_b, exhibitor_c, admin_a, admin_b, organiser,
                     carrier, radar, armour, stands_a)


@pytest.fixture
def catalogue(db) -> Catalogue:
    return build_catalogue()
