"""In Chromium: a refused registration form starts at its error summary, whose links lead into the fields, and
the title says there was an error; the photo chosen is kept for the next submit."""

import pytest

from tests.registrations.support import photo_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _sync_playwright(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


def test_the_summary_has_the_focus_and_its_links_lead_to_the_fields(browser, live_server, world, tmp_path):
    page = browser.new_page()
    page.goto(f"{live_server.url}/events/{world.event.slug}/register/trade-visitor/")
    page.fill("input[name=given_name]", "Nigar")
    picture = tmp_path / "me.jpg"
    picture.write_bytes(photo_bytes())
    page.set_input_files("input[name=photo]", str(picture))
    with page.expect_navigation():
        page.click("form.form button[type=submit]")
    page.wait_for_function("document.activeElement && document.activeElement.matches('[data-error-summary]')")
    assert page.title().startswith("Error: ")
    assert page.locator("[role=alert]").count() == 1
    page.click("[data-error-summary] a[data-field=family_name]")
    assert page.evaluate("document.activeElement.name") == "family_name"
    assert page.locator("[data-kept-photo] img").count() == 1
    page.close()
