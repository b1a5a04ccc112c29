"""In Chromium: the organiser publishes an urgent announcement on the form, and a participant finds it at the
top of another page (the banner htmx loads after the page)."""

import pytest

from pavilion.events.models import Announcement
from tests.browser import sign_in
from tests.events.test_announcements import NOW, make_people

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _orm_beside_playwright(monkeypatch, settings):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.PAVILION_CLOCK = NOW.isoformat()


def test_an_urgent_announcement_reaches_the_top_of_a_participants_page(browser, live_server):
    people = make_people()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, live_server.url, people.organiser.username)
    page.goto(f"{live_server.url}/organiser/events/{people.event.slug}/announcements/new/")
    page.fill("#id_title_en", "Hall 3 closes at 17:00")
    page.fill("#id_body_en", "For a VIP visit.")
    page.select_option("#id_importance", "urgent")
    with page.expect_navigation():
        page.click("form.form button.primary")
    assert "The announcement is published." in page.inner_text(".messages")
    assert Announcement.objects.get().is_urgent

    page.context.clear_cookies()
    sign_in(page, live_server.url, people.media.username)
    page.goto(f"{live_server.url}/events/{people.event.slug}/floorplan/")
    urgent = page.wait_for_selector("#announcement-banner .announcement.urgent")
    assert "Hall 3 closes at 17:00" in urgent.inner_text()
    page.click("#announcement-banner .announcement-more a")
    page.wait_for_url(f"**/events/{people.event.slug}/announcements/")
    assert "For a VIP visit." in page.inner_text("#announcements")
