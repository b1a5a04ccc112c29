"""The floor-plan pages on a phone (390 px) and a touch tablet (820 px), in English and Russian: the exhibitor's
page brings its stand close up and into view, the stand-booking page and the organiser's hall editor fit the
screen and what a finger taps is at least 44 px, and on a desktop the plan still shows the whole hall."""

import pytest

from pavilion.events import services
from pavilion.events.geometry import rectangle
from tests.browser import sign_in
from tests.exhibitors.catalogue_data import build_catalogue
from tests.factories import HallFactory, StandFactory
from tests.phone import PHONE, assert_fits_the_screen, assert_tappable, card_labels

TABLET = {"width": 820, "height": 1180}
DESKTOP = {"width": 1366, "height": 900}
THUMB = 44

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _orm_beside_playwright(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def show_floor(settings):
    """The test catalogue with a large hall whose 3 m stands lie far apart: one of exhibitor A's in the far
    corner, an available one near the entrance."""
    catalogue = build_catalogue()
    hall = HallFactory(venue=catalogue.event.venue, code="H9", name_en="Hall 9", name_ru="Зал 9",
                       width_m=110, depth_m=85)
    free = StandFactory(show=catalogue.adex, hall=hall, code="Z1", polygon=rectangle(2, 2, 3, 3))
    corner = StandFactory(show=catalogue.adex, hall=hall, code="Z9", polygon=rectangle(104, 80, 3, 3),
                          exhibitor=catalogue.exhibitor_a, state="booked")
    return catalogue, hall, free, corner


def open_page(browser, viewport, language="en", *, touch=True, user=None, base=""):
    context = browser.new_context(viewport=viewport, has_touch=touch, is_mobile=touch,
                                  extra_http_headers={"Accept-Language": language})
    page = context.new_page()
    if user is not None:
        sign_in(page, base, user.username)
    return page


def assert_in_view_of_its_frame(page, selector: str) -> None:
    """The element's centre lies inside the visible part of the box its plan scrolls in."""
    inside = page.locator(selector).evaluate("""(element) => {
      let frame = element.parentElement;
      while (frame && !["auto", "scroll"].includes(getComputedStyle(frame).overflowY)) frame = frame.parentElement;
      const box = element.getBoundingClientRect(), view = frame.getBoundingClientRect();
      const x = box.left + box.width / 2, y = box.top + box.height / 2;
      return [view.left <= x && x <= view.right && view.top <= y && y <= view.bottom, [x, y], view.toJSON()];
    }""")
    assert inside[0], inside


def assert_uncovered(page, selector: str) -> None:
    """What is drawn at the element's centre is the element itself (no sticking plan lies over it)."""
    assert page.locator(selector).evaluate("""(element) => {
      const box = element.getBoundingClientRect();
      const top = document.elementFromPoint(box.left + box.width / 2, box.top + Math.min(box.height / 2, 20));
      return element.contains(top);
    }"""), selector


def assert_thumb_sized(page, selector: str) -> None:
    box = page.locator(selector).bounding_box()
    assert box["width"] >= THUMB - 0.5 and box["height"] >= THUMB - 0.5, (selector, box)


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_exhibitor_page_shows_its_stand_close_up_on_a_phone(browser, live_server, show_floor, language):
    """A 3 m stand in a 110 m hall was 9 px on a phone; now it is a thumb's width, highlighted, in view."""
    catalogue, _hall, _free, corner = show_floor
    page = open_page(browser, PHONE, language)
    page.goto(f"{live_server.url}/events/{catalogue.event.slug}/exhibitors/{catalogue.exhibitor_a.pk}/")
    assert_fits_the_screen(page)
    assert page.locator(f"#stand-{corner.pk}.highlight").count() == 1
    assert_thumb_sized(page, f"#stand-{corner.pk}")
    assert_in_view_of_its_frame(page, f"#stand-{corner.pk}")
    assert_tappable(page, ".plan .plan-link", THUMB)  # to the whole floor plan, the stand highlighted there
    page.context.close()


def test_the_exhibitor_page_keeps_the_whole_hall_on_a_desktop(browser, live_server, show_floor):
    catalogue, hall, _free, _corner = show_floor
    page = open_page(browser, DESKTOP, touch=False)
    page.goto(f"{live_server.url}/events/{catalogue.event.slug}/exhibitors/{catalogue.exhibitor_a.pk}/")
    plan = page.locator(f"svg[data-hall='{hall.code}']").bounding_box()
    figure = page.locator("figure.plan", has=page.locator(f"svg[data-hall='{hall.code}']")).bounding_box()
    assert plan["width"] <= figure["width"] and plan["height"] <= 0.75 * DESKTOP["height"], (plan, figure)
    page.context.close()


@pytest.mark.parametrize(("viewport", "language"), [(PHONE, "en"), (TABLET, "ru")], ids=["phone-en", "tablet-ru"])
def test_booking_a_stand_on_a_phone_and_a_tablet(browser, live_server, show_floor, viewport, language):
    """The hall tabs, the list of available stands, the request and cancel buttons are thumb-sized; a tap on
    a stand on the plan ticks it; the bookings are blocks on a phone; the plan does not cover the list."""
    catalogue, hall, free, _corner = show_floor
    services.booking_request(actor=catalogue.admin_a, exhibitor=catalogue.exhibitor_a,
                             stand_ids=[catalogue.stands_a[1].pk])
    page = open_page(browser, viewport, language, user=catalogue.admin_a, base=live_server.url)
    page.goto(f"{live_server.url}/events/{catalogue.event.slug}/stands/book/?hall={hall.code}")
    assert_fits_the_screen(page)
    for selector in (".hall-tab", ".stand-picker label.check", ".plan-side button.primary",
                     "table.bookings-list details.decline > summary"):
        assert_tappable(page, selector, THUMB)
    assert_thumb_sized(page, f"#stand-{free.pk}")
    page.locator(f"#stand-{free.pk}").tap()
    assert page.locator(f"input[name=stands][data-stand='{free.pk}']").is_checked()
    if viewport is PHONE:
        assert len(card_labels(page, "table.bookings-list tbody tr")) == 3
    page.locator(".stand-picker").scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, document.querySelector('.stand-picker').getBoundingClientRect().top - 10)")
    assert_uncovered(page, ".stand-picker")
    page.context.close()


@pytest.mark.parametrize("viewport", [PHONE, TABLET], ids=["phone", "tablet"])
def test_the_organiser_edits_a_hall_on_a_phone_and_a_tablet(browser, live_server, show_floor, viewport):
    """In Russian: the page fits, the stand list is blocks on a phone, its links and buttons and the form's
    fields are thumb-sized; a tap on a stand opens its form in view, the plan not covering it."""
    catalogue, hall, free, _corner = show_floor
    page = open_page(browser, viewport, "ru", user=catalogue.organiser, base=live_server.url)
    page.goto(f"{live_server.url}/organiser/events/{catalogue.event.slug}/halls/{hall.code}/")
    assert_fits_the_screen(page)
    for selector in (".hall-tab", ".stand-list td:first-child a", ".stand-list .actions button",
                     ".stand-form input:not([type=hidden])", ".stand-form select", ".stand-form button"):
        assert_tappable(page, selector, THUMB)
    if viewport is PHONE:
        assert card_labels(page, f"#row-{free.pk}") == ["Площадь", "Выставка", "Состояние"]
    assert_thumb_sized(page, f"#stand-{free.pk}")
    page.locator(f"#stand-{free.pk}").tap()
    page.wait_for_selector(f"#row-{free.pk}.editing")
    page.wait_for_function("document.getElementById('stand-form').getBoundingClientRect().top < innerHeight / 2",
                           timeout=5000)
    assert page.input_value("#stand-form input[name=code]") == "Z1"
    assert_uncovered(page, "#stand-form h2")
    assert_in_view_of_its_frame(page, f"#stand-{free.pk}")
    assert_fits_the_screen(page)
    page.context.close()


@pytest.mark.parametrize("width", [1366, 1024])
def test_the_hall_editor_fits_a_desktop_in_russian(browser, live_server, show_floor, width):
    """The row's buttons (Заблокировать, Удалить) in a column of their own pushed the page 95 px past a
    1366 px screen."""
    catalogue, hall, _free, _corner = show_floor
    page = open_page(browser, {"width": width, "height": 900}, "ru", touch=False, user=catalogue.organiser,
                     base=live_server.url)
    page.goto(f"{live_server.url}/organiser/events/{catalogue.event.slug}/halls/{hall.code}/")
    assert_fits_the_screen(page)
    page.context.close()
