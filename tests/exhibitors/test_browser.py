"""The catalogue's htmx search and the language switch, in Chromium against a live server."""

import pytest

from tests.exhibitors.catalogue_data import build_catalogue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _orm_beside_playwright(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_switching_language_returns_to_the_search_htmx_made(browser, live_server):
    catalogue = build_catalogue()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/events/{catalogue.event.slug}/products/")
    page.fill("input[name=q]", "zireh")
    page.wait_for_url("**/products/?*q=zireh*")  # htmx replaced the results and pushed the address
    page.wait_for_selector("#results .product-row")
    with page.expect_navigation():
        page.click(".language-switch button[value=az]")
    assert "q=zireh" in page.url
    assert page.locator("html").get_attribute("lang") == "az"
    assert page.input_value("input[name=q]") == "zireh"
    names = page.locator("#results .product-row h3").all_inner_texts()
    assert names == ["Zirehli transportyor", "Keramik bədən zirehi lövhəsi"]
    page.screenshot(path="/tmp/catalogue-search-az.png", full_page=True)
    with page.expect_navigation():
        page.click(".language-switch button[value=ru]")
    assert "q=zireh" in page.url and page.locator("html").get_attribute("lang") == "ru"


def test_a_long_word_in_a_description_wraps_on_a_phone(browser, live_server):
    """A description holding one long address made the product page 1,139,078 px wide at 390 px."""
    from tests.phone import PHONE, assert_fits_the_screen

    catalogue = build_catalogue()
    address = "https://caw.example/" + "datasheet-" * 400
    catalogue.carrier.description_en = f"See {address} for the datasheet."
    catalogue.carrier.save(update_fields=["description_en"])
    company = catalogue.exhibitor_a.company
    company.description_en = "Armour" * 500
    company.save(update_fields=["description_en"])
    page = browser.new_page(viewport=PHONE)
    base = f"{live_server.url}/events/{catalogue.event.slug}"
    for url in (f"{base}/products/{catalogue.carrier.pk}/", f"{base}/exhibitors/{catalogue.exhibitor_a.pk}/"):
        page.goto(url)
        assert page.locator(".description").first.is_visible()
        assert_fits_the_screen(page)


def test_typing_adds_no_history_and_back_shows_the_query_of_the_address(browser, live_server):
    """Each pause while typing pushed an address, and Back then showed the results of one with an empty box."""
    catalogue = build_catalogue()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    base = f"{live_server.url}/events/{catalogue.event.slug}/products/"
    page.goto(base)
    steps = page.evaluate("history.length")
    page.click("input[name=q]")
    page.keyboard.type("zireh", delay=20)
    page.wait_for_url("**/products/?*q=zireh*")
    page.keyboard.type(" zirehli", delay=20)
    page.wait_for_url("**/products/?*q=zireh%20zirehli*")
    assert page.evaluate("history.length") == steps  # typing replaced the address
    page.keyboard.press("Enter")  # a submitted search is a step
    page.wait_for_timeout(500)
    assert page.evaluate("history.length") == steps + 1
    page.fill("input[name=q]", "radar")
    page.keyboard.press("Enter")
    page.wait_for_url("**/products/?*q=radar*")
    page.wait_for_selector("#results .product-row")
    page.go_back()
    page.wait_for_url("**/products/?*q=zireh%20zirehli*")
    assert page.input_value("input[name=q]") == "zireh zirehli"
    # Away to a product and Back: the whole page, with the box showing the address's query.
    with page.expect_navigation():
        page.click("#results .product-row h3 a")
    page.go_back()
    page.wait_for_url("**/products/?*q=zireh%20zirehli*")
    assert page.locator("h1").count() == 1 and page.input_value("input[name=q]") == "zireh zirehli"
    assert page.locator("#results .product-row").count() > 0
