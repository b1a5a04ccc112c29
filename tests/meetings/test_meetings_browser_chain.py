"""In Chromium, the whole way of one meeting: a trade visitor requests it from the
recommendations, the exhibitor accepts it, the organiser runs the schedule and publishes it, and
the visitor finds it in the personal agenda."""

import datetime

import pytest

from pavilion.meetings.models import Meeting
from pavilion.meetings.services.locations import location_create
from pavilion.meetings.services.slots import SlotPlan, slots_generate
from tests.meetings.browsing import (
    accept,
    open_received,
    request_the_armour,
    sign_in,
    world_fixture,  # noqa: F401
)


@pytest.mark.browser
def test_request_accept_schedule_agenda(world, live_server, browser):
    slots_generate(actor=world.organiser, event=world.event, plan=SlotPlan(
        days=[datetime.date(2024, 9, 24)], day_start=datetime.time(10), day_end=datetime.time(12), minutes=30))
    for kind, code in (("table", "t-01"), ("secure-room", "secure-1")):
        location_create(actor=world.organiser, event=world.event, kind=kind, code=code, name_en=code.upper())
    base, slug = live_server.url, world.event.slug

    visitor = browser.new_context().new_page()
    sign_in(visitor, base, world.visitor_user.username)
    sent = request_the_armour(visitor, base, world, "Can we see the plate on the first morning?")

    exhibitor = browser.new_context().new_page()
    open_received(exhibitor, base, world, sent)
    accept(exhibitor)

    organiser = browser.new_context().new_page()
    sign_in(organiser, base, world.organiser.username)
    organiser.goto(f"{base}/events/{slug}/schedule/")
    organiser.fill("input[name=time_limit]", "3")
    organiser.click("#start-run")
    organiser.wait_for_selector("#run-progress[data-status=done]")
    organiser.click("#publish")
    organiser.wait_for_selector("text=Published: the participants see their meetings now.")
    meeting = Meeting.objects.get(request=sent)
    assert meeting.status == Meeting.Status.SCHEDULED

    visitor.goto(f"{base}/events/{slug}/agenda/")
    row = visitor.locator(f"tr[data-meeting='{meeting.pk}']")
    assert world.arms_staff.person.family_name in row.text_content()
    assert meeting.location.name in row.text_content()
    visitor.screenshot(path="/tmp/meetings-chain-agenda.png", full_page=True)
