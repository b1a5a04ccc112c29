"""The public pages a visitor opens on a phone at the show (390 px wide), in English and Azerbaijani: the
header's links wrap onto rows of their own and are thumb-sized, no page scrolls sideways, an export-control
label that wraps stays a box, and on the floor plan a small stand is big enough to tap and the highlighted one
is brought into view."""

import pytest

from pavilion.events.geometry import rectangle
from tests.exhibitors.catalogue_data import build_catalogue
from tests.factories import HallFactory, StandFactory
from tests.phone import PHONE, assert_fits_the_screen, assert_tappable

TABLET = {"width": 768, "height": 1024}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _orm_beside_playwright(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.mark.parametrize("language", ["en", "az"])
def test_the_public_pages_fit_a_phone(browser, live_server, language):
    catalogue = build_catalogue()
    event = catalogue.event.slug
    context = browser.new_context(viewport=PHONE, extra_http_headers={"Accept-Language": language})
    page = context.new_page()
    exhibitor = catalogue.stands_a[0].exhibitor
    product = exhibitor.products.first()
    for path in ("", "exhibitors/", f"exhibitors/{exhibitor.pk}/", "products/", f"products/{product.pk}/",
                 "floorplan/", "programme/"):
        page.goto(f"{live_server.url}/events/{event}/{path}")
        assert page.get_attribute("html", "lang") == language
        assert_fits_the_screen(page)
        assert_tappable(page, ".main-nav a, .language-switch button")
        if path in ("exhibitors/", "products/", "floorplan/"):  # the search and filter fields, 44 px
            assert_tappable(page, ".filters input:not([type=checkbox]), .filters select, .filters button", height=44)

    page.goto(f"{live_server.url}/events/{event}/exhibitors/{exhibitor.pk}/")
    label = page.locator("td .badge[class*=control-]").first
    radius = label.evaluate("element => parseFloat(getComputedStyle(element).borderTopLeftRadius)")
    assert radius <= label.bounding_box()["height"] / 2 + 1  # a label on two lines is not an oval
    context.close()


def test_a_small_stand_on_a_large_hall_can_be_tapped_on_a_phone(browser, live_server):
    catalogue = build_catalogue()
    exhibitor = catalogue.stands_a[0].exhibitor
    hall = HallFactory(venue=catalogue.event.venue, code="H9", name_en="Hall 9", width_m=110, depth_m=85)
    StandFactory(show=exhibitor.show, hall=hall, code="Z1", polygon=rectangle(2, 2, 3, 3))
    stand = StandFactory(show=exhibitor.show, hall=hall, code="Z9", polygon=rectangle(104, 80, 3, 3),
                         exhibitor=exhibitor)
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{live_server.url}/events/{catalogue.event.slug}/floorplan/?hall=H9&stand={stand.pk}")
    assert_fits_the_screen(page)
    box = page.locator(f"#stand-{stand.pk}").bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24, box  # 3 m is a thumb's width, not 10 px
    frame = page.locator(".plan-frame").bounding_box()
    centre = box["x"] + box["width"] / 2
    assert frame["x"] <= centre <= frame["x"] + frame["width"], (box, frame)  # scrolled into the frame's view


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_header_is_thumb_sized_on_a_tablet(browser, live_server, language):
    """On a touch tablet (768 px, wider than the phone layout) the header's links and language buttons are as
    big to tap as on a phone, and the navigation has the whole width (in Russian the event's links ran 25 px
    past the screen beside the tools)."""
    catalogue = build_catalogue()
    context = browser.new_context(viewport=TABLET, has_touch=True, is_mobile=True,
                                  extra_http_headers={"Accept-Language": language})
    page = context.new_page()
    page.goto(f"{live_server.url}/events/{catalogue.event.slug}/exhibitors/")
    assert page.evaluate("matchMedia('(pointer: coarse)').matches")
    assert not page.evaluate("matchMedia('(max-width: 640px)').matches")
    assert_fits_the_screen(page)
    assert_tappable(page, ".main-nav a")
    assert_tappable(page, ".language-switch button")
    context.close()
