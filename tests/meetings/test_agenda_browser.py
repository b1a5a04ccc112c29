"""In Chromium: the organiser runs the schedule over an accepted request and publishes it; the
visitor then finds the meeting in their agenda and downloads the .ics, which parses back."""

import pytest
from icalendar import Calendar

from pavilion.core import roles
from pavilion.meetings.models import Meeting
from tests.factories import UserFactory
from tests.meetings.browsing import sign_in
from tests.meetings.schedule_factories import schedule_fixture  # noqa: F401
from tests.phone import PHONE, assert_fits_the_screen, assert_tappable


@pytest.mark.browser
def test_schedule_publish_and_the_visitor_sees_the_meeting(schedule, live_server, browser, monkeypatch, tmp_path):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    schedule.organiser.set_password("secret-password")
    schedule.organiser.save()
    schedule.slots()
    schedule.tables(2)
    visitor = schedule.person(user=UserFactory(username="visitor-b", role=roles.TRADE_VISITOR), given="Leyla",
                              family="Məmmədova", organisation="Xəzər Trading")
    staff = schedule.person("exhibitor-staff", given="Oleg", family="Ivanov", organisation="Caspian Optics")
    schedule.request(visitor, staff, priority=3)  # the request the counterpart accepted
    base = live_server.url
    slug = schedule.event.slug

    organiser = browser.new_context()
    page = organiser.new_page()
    sign_in(page, base, "org")
    page.goto(f"{base}/events/{slug}/schedule/")
    page.fill("input[name=time_limit]", "3")
    page.click("#start-run")
    page.wait_for_selector("#run-progress[data-status=done]")
    assert "Objective" in page.text_content("#run-result")
    page.click("#publish")
    page.wait_for_selector("text=Published: the participants see their meetings now.")
    organiser.close()
    meeting = Meeting.objects.get()
    assert meeting.status == "scheduled"

    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    sign_in(page, base, "visitor-b")
    page.goto(f"{base}/events/{slug}/agenda/")
    row = page.locator(f"tr[data-meeting='{meeting.pk}']")
    assert "Oleg Ivanov (Caspian Optics)" in row.text_content()
    assert meeting.location.name in row.text_content()
    with page.expect_download() as download_info:
        page.click("#ics")
    path = tmp_path / "agenda.ics"
    download_info.value.save_as(path)
    calendar = Calendar.from_ical(path.read_bytes())
    [entry] = calendar.walk("VEVENT")
    assert entry.decoded("DTSTART") == meeting.starts_at
    assert "Oleg Ivanov (Caspian Optics)" in str(entry["DESCRIPTION"])
    page.screenshot(path="/tmp/msched-agenda-browser.png", full_page=True)

    page.set_viewport_size(PHONE)  # on a phone: one block per meeting, nothing cut off, the header's links wrap
    page.reload()
    assert_fits_the_screen(page)
    assert page.evaluate("() => [...document.querySelectorAll('table.agenda')].every("
                         "table => table.scrollWidth <= table.clientWidth)")
    page.click(f"tr[data-meeting='{meeting.pk}'] summary")
    assert_fits_the_screen(page)
    assert_tappable(page, f"tr[data-meeting='{meeting.pk}'] input[name=reason], .main-nav > a, .role-menu > summary")
    context.close()
