"""The import of a hall's stands in Chromium: a bad file's problems listed and announced, then a good
file imported and its stands on the plan."""

import os
import pathlib

import pytest

from pavilion.events.models import Stand
from tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _orm_beside_playwright(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_a_bad_file_is_listed_then_a_good_one_is_imported(browser, live_server, venue, tmp_path):
    header = "code,show,x,y,width,depth,corners,kind,price_per_m2,blocked\n"
    bad, good = tmp_path / "bad.csv", tmp_path / "good.csv"
    bad.write_text(header + "A1,adex-show,0,0,6,3,,shell,,\nA2,adex-show,3,0,6,3,,shell,,\nA3,nowhere,50,0,6,3,,tent,,\n")
    good.write_text(header + "A1,adex-show,0,0,6,3,,shell,220,\nA2,securex-show,6,0,6,3,,shell,220,yes\n")
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    sign_in(page, live_server.url, "organiser")
    page.goto(f"{live_server.url}/organiser/events/{venue.event.slug}/halls/H1/")
    page.click("text=Import stands")
    page.set_input_files("input[name=file]", str(bad))
    with page.expect_navigation():
        page.click("button.primary")
    assert "Line 4: nowhere is not the address" in page.inner_text("[role=alert]")
    shots = pathlib.Path(os.environ.get("PAVILION_SCREENSHOTS", tmp_path))  # to look at the page: set it
    page.screenshot(path=str(shots / "stand-import-refused.png"), full_page=True)
    assert not Stand.objects.exists()
    page.set_input_files("input[name=file]", str(good))
    with page.expect_navigation():
        page.click("button.primary")
    assert "Imported 2 stands into Hall 1." in page.inner_text(".messages")
    assert page.locator(".floorplan [data-stand]").count() == 2
