"""The map's htmx search and the booking page's click-to-pick, in Chromium against a live server."""

import pytest

from pavilion.events import services
from pavilion.events.models import StandBooking
from tests.browser import sign_in
from tests.events.conftest import make_stand
from tests.factories import CompanyFactory, ExhibitorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _orm_beside_playwright(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_search_highlights_the_stand_and_a_click_on_the_plan_books_one(_orm_beside_playwright, browser, live_server, venue):
    held = make_stand(venue, "D4", 10, 10, hall=venue.second_hall)
    free = make_stand(venue, "A1", 0, 0)
    other = ExhibitorFactory(company=CompanyFactory(name="Ganja Drones"), show=venue.show)
    services.booking_request(actor=venue.organiser, exhibitor=other, stand_ids=[held.pk])
    page = browser.new_page(viewport={"width": 1280, "height": 900})

    page.goto(f"{live_server.url}/events/{venue.event.slug}/floorplan/")
    page.fill("input[name=q]", "ganja")
    page.wait_for_selector(f"#stand-{held.pk}.highlight")  # htmx swapped in Hall 2 with the stand highlighted
    assert "q=ganja" in page.url and page.locator(".hall-tab.current").inner_text().startswith("Hall 2")

    sign_in(page, live_server.url, "admin-a")
    page.goto(f"{live_server.url}/events/{venue.event.slug}/stands/book/")
    page.click(f'.floorplan [data-stand="{free.pk}"]')
    assert page.is_checked(f'input[name=stands][value="{free.pk}"]')
    with page.expect_navigation():
        page.click("form.plan-side button[type=submit]")
    assert "Requested stand A1" in page.inner_text(".messages")
    assert StandBooking.objects.get(stand=free).exhibitor == venue.exhibitor_a


def test_cancelling_a_request_asks_first_even_without_script(_orm_beside_playwright, browser, live_server, venue):
    stand = make_stand(venue, "A1", 0, 0)
    [booking] = services.booking_request(actor=venue.admin_a, exhibitor=venue.exhibitor_a, stand_ids=[stand.pk])
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, live_server.url, "admin-a")
    page.goto(f"{live_server.url}/events/{venue.event.slug}/stands/book/")
    question = page.get_by_text("Cancel your request for stand A1?")
    assert not question.is_visible()  # nothing is cancelled by the first click
    page.click(".bookings-list details summary")
    assert question.is_visible()
    with page.expect_navigation():
        page.click(".bookings-list details button[type=submit]")
    assert "Cancelled your booking of stand A1." in page.inner_text(".messages")
    booking.refresh_from_db()
    assert booking.status == StandBooking.Status.CANCELLED
    context.close()
