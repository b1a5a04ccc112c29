"""In Chromium on a phone (390 px): the organiser's meeting grid keeps its size and scrolls in its own box
(the page does not), the locations and the times stay in view as it scrolls, and a tap on a meeting or
Enter on it (the keyboard) shows its participants. On a desktop it is shown whole."""

import pytest

from tests.meetings.browsing import sign_in
from tests.meetings.schedule_factories import schedule_fixture  # noqa: F401
from tests.phone import PHONE, assert_fits_the_screen, assert_tappable


@pytest.mark.browser
def test_the_grid_on_a_phone_scrolls_in_its_box_and_a_tap_shows_the_participants(
        schedule, live_server, browser, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    schedule.organiser.set_password("secret-password")
    schedule.organiser.save()
    schedule.slots(end=(18, 0))  # 18 slots: wider than a phone
    schedule.tables(30)  # taller than a phone
    pairs = [(schedule.person(given="Leyla", family=f"Məmmədova{index}", organisation="Xəzər Trading"),
              schedule.person("exhibitor-staff", given="Oleg", family=f"Ivanov{index}", organisation="Caspian Optics"))
             for index in range(3)]
    for visitor, staff in pairs:
        schedule.request(visitor, staff)
    schedule.publish(schedule.run())
    url = f"{live_server.url}/events/{schedule.event.slug}/schedule/grid/?day=2024-09-24&hall={schedule.hall.pk}"

    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    sign_in(page, live_server.url, "org")
    page.goto(url)
    assert_fits_the_screen(page)
    box = page.locator(".meeting-grid-scroll")
    sizes = box.evaluate("e => [e.scrollWidth, e.clientWidth, e.scrollHeight, e.clientHeight]")
    assert sizes[0] > sizes[1] and sizes[2] > sizes[3], sizes  # it scrolls both ways, not shrunk
    cell = page.locator(".mg-free").first.bounding_box()
    assert cell["width"] >= 40 and cell["height"] >= 30  # not shrunk; tall enough for a thumb
    assert_tappable(page, ".mg-meeting > summary", height=34)
    page.screenshot(path="/tmp/meetings-grid-phone.png", full_page=True)

    # Scrolled right and down, the first location's label and the first time stay at the box's edges.
    frame = box.bounding_box()
    box.evaluate("e => { e.scrollLeft = 400; e.scrollTop = 300; }")
    label = page.locator(".mg-place").first.bounding_box()
    time = page.locator(".mg-time").first.bounding_box()
    assert abs(label["x"] - frame["x"]) <= 2 and abs(time["y"] - frame["y"]) <= 2, (frame, label, time)
    box.evaluate("e => { e.scrollLeft = 0; e.scrollTop = 0; }")

    # A tap shows the participants (no hover); a second tap hides them.
    meetings = page.locator("details.mg-meeting")
    assert meetings.count() == 3
    people = meetings.first.locator(".mg-people")
    assert not people.is_visible()
    meetings.first.locator("summary").click()
    assert people.is_visible() and "Caspian Optics" in people.inner_text() and "Xəzər Trading" in people.inner_text()
    page.screenshot(path="/tmp/meetings-grid-phone-open.png")
    meetings.first.locator("summary").click()
    assert not people.is_visible()

    # By keyboard: the box takes the focus (arrow keys scroll it), Tab reaches a meeting, Enter opens it.
    box.focus()
    assert page.evaluate("document.activeElement.classList.contains('meeting-grid-scroll')")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Enter")
    assert page.locator("details.mg-meeting[open] .mg-people").is_visible()
    context.close()

    # A desktop shows the grid whole: no scrolling box.
    desktop = browser.new_context(viewport={"width": 1366, "height": 900})
    page = desktop.new_page()
    sign_in(page, live_server.url, "org")
    page.goto(url)
    sizes = page.locator(".meeting-grid-scroll").evaluate(
        "e => [e.scrollWidth, e.clientWidth, e.scrollHeight, e.clientHeight]")
    assert sizes[0] <= sizes[1] and sizes[2] <= sizes[3], sizes
    page.screenshot(path="/tmp/meetings-grid-desktop.png", full_page=True)
    desktop.close()
