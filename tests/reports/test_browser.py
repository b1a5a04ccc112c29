"""In Chromium: the organiser reads the dashboard (its charts drawn), filters a list, downloads its
XLSX export, and meets the message of a filter that matches nothing; a background export shows
its progress and its download link; the registrations list, e-mail column and all, fits a 1280 px
window."""

import io

import openpyxl
import pytest

from pavilion.registrations.models import Person
from pavilion.reports.models import ExportJob
from tests.browser import sign_in
from tests.phone import PHONE, assert_fits_the_screen
from tests.reports.support import registration


@pytest.mark.browser
def test_the_dashboard_charts_and_an_export_download(world, show_data, live_server, browser, monkeypatch, tmp_path):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, live_server.url, world.organiser.username)
    page.goto(f"{live_server.url}/events/{world.event.slug}/reports/")
    for chart in ("registrations-per-day", "registrations-over-time", "registrations-by-category",
                  "registrations-by-country", "entries-per-hour", "occupancy-now", "meeting-funnel",
                  "deals-by-country", "deals-by-value"):
        locator = page.locator(f"svg.chart.{chart}").first
        assert locator.is_visible(), chart
        box = locator.bounding_box()
        assert box["width"] > 200 and box["height"] > 20, chart
    assert page.locator("svg.registrations-by-country rect[data-label=Azerbaijan]").get_attribute("data-count") == "5"
    assert page.text_content("[data-tile=registrations] .figure") == "8"
    page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)
    page.set_viewport_size(PHONE)  # the charts shrink to a phone's width, the page does not scroll sideways
    assert_fits_the_screen(page)
    page.set_viewport_size({"width": 768, "height": 1024})  # nor on a tablet, where the vetting table is wider
    assert_fits_the_screen(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.click("p.crumbs a[href$='/reports/registrations/']")
    page.select_option("select[name=country]", "TR")
    page.click("form.filters button[type=submit]")
    assert page.locator("table.report-list tr").count() == 3  # the header and two rows
    with page.expect_download() as download_info:
        page.click("a[data-export=xlsx]")
    download = download_info.value
    assert download.suggested_filename.startswith("registrations-adex-test-") and download.suggested_filename.endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(download.path().read_bytes()), read_only=True).active
    rows = [row for row in sheet.iter_rows(values_only=True)]
    assert [row[6] for row in rows[1:]] == ["TR", "TR"]

    page.select_option("select[name=country]", "FR")
    page.click("form.filters button[type=submit]")
    page.click("a[data-export=csv]")
    page.wait_for_selector(".message.warning")
    assert "No rows match these filters" in page.text_content(".message.warning")


@pytest.mark.browser
def test_a_background_export_shows_progress_then_its_download(world, show_data, live_server, browser, monkeypatch,
                                                              settings):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.PAVILION_EXPORT_BACKGROUND_ROWS = 3
    page = browser.new_page()
    sign_in(page, live_server.url, world.organiser.username)
    page.goto(f"{live_server.url}/events/{world.event.slug}/reports/registrations/")
    page.click("a[data-export=csv]")
    page.wait_for_selector("#job-panel[data-status=done]")
    assert page.text_content("[data-progress]") == "100"
    with page.expect_download() as download_info:
        page.click("a[data-download]")
    text = download_info.value.path().read_text(encoding="utf-8-sig")
    assert text.count("\n") == 9 and ExportJob.objects.get().status == "done"


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_registrations_list_fits_a_1280_px_window(world, show_data, live_server, browser, monkeypatch, tmp_path,
                                                       language):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    email = "procurement.department.head@ministry-of-defence-industry.example.test"
    long_one = registration(world, category="delegation-member", nationality="BA", status="in-review")
    Person.objects.filter(pk=long_one.person_id).update(email=email)
    page = browser.new_page(viewport={"width": 1280, "height": 800}, extra_http_headers={"Accept-Language": language})
    sign_in(page, live_server.url, world.organiser.username)
    page.goto(f"{live_server.url}/events/{world.event.slug}/reports/registrations/")
    page.screenshot(path=str(tmp_path / f"registrations-{language}.png"), full_page=True)
    box = page.evaluate("() => { const box = document.querySelector('.table-scroll');"
                        " return [box.scrollWidth, box.clientWidth, document.documentElement.scrollWidth]; }")
    assert box[0] <= box[1] and box[2] <= 1280, box
    cells = page.locator("table.report-list td.contact")
    assert cells.count() == 9 and email in cells.all_inner_texts()  # the whole address, on several lines


@pytest.mark.browser
def test_the_organisers_lists_do_not_scroll_sideways_on_a_phone_in_russian(world, show_data, live_server, browser,
                                                                          monkeypatch):
    """At 390 px the registrations list scrolls in its own box; its last header's screen-reader name
    («Действия», absolutely placed) used to stretch the page 300 px sideways, and a country select (as wide as
    «Британская территория в Индийском океане») pushed the filters past the screen's edge."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    page = browser.new_page(viewport=PHONE, extra_http_headers={"Accept-Language": "ru"})
    sign_in(page, live_server.url, world.organiser.username)
    for path in ("registrations/", "reports/registrations/", "reports/deals/", "deals/register/"):
        page.goto(f"{live_server.url}/events/{world.event.slug}/{path}")
        assert page.get_attribute("html", "lang") == "ru"
        assert_fits_the_screen(page)
