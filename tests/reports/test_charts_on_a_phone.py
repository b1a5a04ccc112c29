"""Every dashboard chart reads on a phone: it keeps its own width inside a box that scrolls sideways (a region a
keyboard can focus), and its figures are also a table under it, for those who cannot hover a bar."""

import re

import pytest

from pavilion.reports import charts
from pavilion.reports.charts import Series
from tests.browser import sign_in
from tests.phone import PHONE, assert_fits_the_screen

pytestmark = pytest.mark.django_db

CHARTS = ("registrations-per-day", "registrations-over-time", "registrations-by-category", "registrations-by-country",
          "entries-per-hour", "occupancy-now", "meeting-funnel", "deals-by-country", "deals-by-value")


def url(world) -> str:
    return f"/events/{world.event.slug}/reports/"


def figure_of(page: str, chart: str) -> str:
    """The figure (scroll box, chart and table) of the chart drawn with the class `chart`."""
    start = page.rindex('<div class="chart-scroll', 0, page.index(f'class="chart {chart}"'))
    return page[start:page.index("</details>", start)]


def rows_of(figure: str) -> dict[str, list[str]]:
    return {row[0]: row[1:] for row in (re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", found)
                                        for found in re.findall(r"<tr>(.*?)</tr>", figure))}


def test_every_chart_scrolls_in_a_focusable_named_region_with_its_figures_as_a_table(client, world, show_data,
                                                                                    gates, badge_of, scan):
    scan(badge_of().token)
    client.force_login(world.organiser)
    page = client.get(url(world)).content.decode()
    for chart in CHARTS:
        figure = figure_of(page, chart)
        assert re.match(r'<div class="chart-scroll (wide|narrow)" tabindex="0" role="region" aria-label="[^"]+">'
                        r'<svg ', figure), chart
        assert "<details class=\"chart-data\"><summary>The figures as a table</summary>" in figure, chart
        assert '<caption class="visually-hidden">' in figure and '<th scope="row">' in figure, chart
    per_day = rows_of(figure_of(page, "registrations-per-day"))
    assert per_day["Day"] == ["in review", "approved", "rejected", "Total"]  # the statuses in their order
    assert per_day["2024-09-02"] == ["0", "5", "0", "5"] and per_day["2024-09-03"] == ["1", "0", "1", "2"]
    assert per_day["2024-09-04"] == ["0", "0", "0", "0"]  # every day of the axis, as on the chart
    over_time = rows_of(figure_of(page, "registrations-over-time"))
    assert over_time["Day"] == ["registered", "active (not rejected or cancelled)"]
    assert over_time["2024-09-03"] == ["7", "6"]  # 5 + 2 registered, one of them rejected
    hours = rows_of(figure_of(page, "entries-per-hour"))
    assert hours["12:00"][-1] == "1" and hours["11:00"][-1] == "0" and len(hours) == 25
    countries = rows_of(figure_of(page, "registrations-by-country"))
    assert countries["Nationality"] == ["Registrations"] and countries["Azerbaijan"] == ["6"]  # and the badge holder
    values = rows_of(figure_of(page, "deals-by-value"))
    assert values["Party country"] == ["USD"] and values["Azerbaijan"] == ["12,500,000"]
    funnel = rows_of(figure_of(page, "meeting-funnel"))
    assert funnel["held"] == ["1"] and funnel["no-show"] == ["1"]


def test_a_figure_escapes_its_names_and_says_when_there_is_nothing():
    html = charts.figure("<svg></svg>", title='A "chart" <b>', label_header="Day", labels=[],
                         series=[Series("<script>", [])], total="Total")
    assert "<script>" not in html and "<b>" not in html and 'aria-label="A &quot;chart&quot; &lt;b&gt;"' in html
    assert '<td colspan="3" class="muted">–</td>' in html


@pytest.mark.browser
def test_on_a_phone_the_charts_keep_their_size_and_scroll_in_their_own_box(world, show_data, live_server, browser,
                                                                           monkeypatch, tmp_path):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    page = browser.new_page(viewport=PHONE)
    sign_in(page, live_server.url, world.organiser.username)
    page.goto(f"{live_server.url}/events/{world.event.slug}/reports/")
    page.screenshot(path=str(tmp_path / "dashboard-phone.png"), full_page=True)
    assert_fits_the_screen(page)
    for chart, width in (("registrations-per-day", 720), ("entries-per-hour", 720), ("registrations-by-country", 420)):
        box = page.locator(f"svg.chart.{chart}").bounding_box()
        assert box["width"] >= width - 0.5, chart  # drawn at its own size: 10 px labels stay 10 px
        label = page.locator(f"svg.chart.{chart} text").first.bounding_box()
        assert label["height"] >= 9, chart
        scroller = page.locator(f".chart-scroll:has(svg.{chart})")
        assert scroller.bounding_box()["width"] <= PHONE["width"], chart
    scroller = page.locator(".chart-scroll:has(svg.registrations-per-day)")
    scroller.focus()
    assert page.evaluate("() => document.activeElement.getAttribute('role')") == "region"
    page.keyboard.press("ArrowRight")
    page.keyboard.press("End")
    page.wait_for_function("() => document.querySelector('.chart-scroll:has(svg.registrations-per-day)')"
                           ".scrollLeft > 0")
    page.locator("svg.registrations-by-country").locator("xpath=../following-sibling::details[1]/summary").click()
    table = page.locator("svg.registrations-by-country").locator("xpath=../following-sibling::details[1]//table")
    assert table.is_visible() and "Azerbaijan" in table.inner_text()
    assert_fits_the_screen(page)
    page.set_viewport_size({"width": 1366, "height": 900})  # on a desktop the charts fill their panels, no scroll
    wide = page.locator("svg.chart.registrations-per-day").bounding_box()
    assert wide["width"] > 1000
    assert page.evaluate("() => [...document.querySelectorAll('.chart-scroll')]"
                         ".every((box) => box.scrollWidth <= box.clientWidth)")
