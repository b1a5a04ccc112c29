"""The public tour of issue 2 in Chromium: event page, language switch to Azerbaijani and Russian, a catalogue
search in each, an exhibitor's page with its stand highlighted on the floor plan. Screenshots go to
tests/screenshots/ (git-ignored) for a person to look at."""

import re
from pathlib import Path

import pytest

from tests.exhibitors.catalogue_data import build_catalogue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).parent / "screenshots"


@pytest.fixture(autouse=True)
def _orm_beside_playwright(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def snap(page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"tour-{name}.png"), full_page=True)


def switch_language(page, code: str) -> None:
    with page.expect_navigation():
        page.click(f".language-switch button[data-language='{code}']")
    assert page.get_attribute("html", "lang") == code


def search_catalogue(page, words: str, expected_product: str) -> None:
    page.fill("input[name=q]", words)
    # htmx swapped the results: they name the words searched in the page language's quotes (the product
    # may already be on the page)
    page.wait_for_selector(f"#results .result-count >> text=/[“«]{words}[”»]/")
    page.wait_for_selector(f"#results .product-row h3 >> text={expected_product}")
    page.wait_for_url(re.compile(r"[?&]q="))  # hx-replace-url keeps the search in the address


def test_tour_in_three_languages_ends_on_the_exhibitor_stand(browser, live_server, settings):
    catalogue = build_catalogue()
    stand = catalogue.stands_a[0]
    page = browser.new_page(viewport={"width": 1280, "height": 900})

    page.goto(f"{live_server.url}/events/{catalogue.event.slug}/")
    assert page.get_attribute("html", "lang") == "en" and "Exhibitors" in page.inner_text(".main-nav")
    snap(page, "1-event-en")

    switch_language(page, "az")
    assert "İştirakçılar" in page.inner_text(".main-nav") and "Sərgi planı" in page.inner_text(".main-nav")
    snap(page, "2-event-az")
    with page.expect_navigation():
        page.click(".main-nav >> text=Məhsullar")
    assert page.inner_text("h1") == "Məhsul kataloqu"
    search_catalogue(page, "zirehli", "Zirehli transportyor")
    results = page.inner_text("#results")
    # "zirehli" (armoured) is searched by its stem "zireh" (armour): the body armour plate comes too, below.
    assert "2 məhsul" in results and "Sahil müşahidə radarı" not in results
    assert results.index("Zirehli transportyor") < results.index("Keramik bədən zirehi lövhəsi")
    snap(page, "3-catalogue-az")

    switch_language(page, "ru")
    assert page.inner_text("h1") == "Каталог продукции"
    search_catalogue(page, "бронетранс", "Бронетранспортёр")
    assert "1 продукт" in page.inner_text("#results")
    snap(page, "4-catalogue-ru")

    with page.expect_navigation():
        page.click("#results .product-row .meta a >> text=Caspian Armour Works")
    assert page.inner_text("h1").strip().endswith("Caspian Armour Works")
    highlighted = page.locator("svg.floorplan .stand.highlight")
    assert highlighted.count() == 1
    assert highlighted.get_attribute("id") == f"stand-{stand.pk}"
    assert highlighted.locator(".highlight-ring").count() == 1
    assert "Стенд A1" in highlighted.locator("title").text_content()
    snap(page, "5-exhibitor-ru")
