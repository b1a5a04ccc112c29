"""In Chromium: a schedule run's page on a phone in Russian, whose long names of figures («Целевая функция
(сумма приоритетов)») made the names' column as wide as the text and pushed the figures 120 px past the
screen's edge."""

import pytest

from pavilion.core import roles
from tests.browser import sign_in
from tests.factories import UserFactory
from tests.meetings.schedule_factories import schedule_fixture  # noqa: F401
from tests.phone import PHONE, assert_fits_the_screen


@pytest.mark.browser
def test_a_runs_figures_fit_a_phone_in_russian(schedule, live_server, browser, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    schedule.organiser.set_password("secret-password")
    schedule.organiser.save()
    schedule.slots()
    schedule.tables(1)
    visitor = schedule.person(user=UserFactory(username="visitor-r", role=roles.TRADE_VISITOR))
    staff = schedule.person("exhibitor-staff", given="Oleg", family="Ivanov")
    request = schedule.request(visitor, staff, priority=3)
    run = schedule.run(time_limit=2)

    page = browser.new_page(viewport=PHONE, extra_http_headers={"Accept-Language": "ru"})
    sign_in(page, live_server.url, "org")
    page.goto(f"{live_server.url}/events/{schedule.event.slug}/schedule/runs/{run.pk}/")
    assert "Целевая функция" in page.text_content("#run-result")
    assert_fits_the_screen(page)
    figure = page.locator("#run-result dd").first.bounding_box()
    assert figure["x"] + figure["width"] <= PHONE["width"]
    page.goto(f"{live_server.url}/events/{schedule.event.slug}/meetings/requests/{request.pk}/")
    assert_fits_the_screen(page)
