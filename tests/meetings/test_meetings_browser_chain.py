"""In Chromium, the whole way of one meeting: a trade visitor requests it from the
recommendations, the exhibitor accepts it, the organiser runs the schedule and publishes it, and
the visitor finds it in the personal agenda."""

import datetime

import pytest

from pavilion.meetings.models import Meeting, MeetingRequest
from pavilion.meetings.services.locations import location_create
from pavilion.meetings.services.profiles import ProfileData, profile_save
from pavilion.meetings.services.slots import SlotPlan, slots_generate
from tests.meetings.browsing import sign_in
from tests.meetings.factories import make_world


@pytest.fixture
def world(transactional_db, settings):
    return make_world(settings)



@pytest.mark.browser
def test_request_accept_schedule_agenda(world, live_server, browser, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from pavilion.exhibitors.models import ProductCategory

    profile_save(actor=None, registration=world.visitor, data=ProfileData(
        about="ceramic armour plate for police",
        seeks_categories=[ProductCategory.objects.get(slug="protective-equipment")]))
    slots_generate(actor=world.organiser, event=world.event, plan=SlotPlan(
        days=[datetime.date(2024, 9, 24)], day_start=datetime.time(10), day_end=datetime.time(12), minutes=30))
    for kind, code in (("table", "t-01"), ("secure-room", "secure-1")):
        location_create(actor=world.organiser, event=world.event, kind=kind, code=code, name=code.upper())
    base, slug = live_server.url, world.event.slug

    visitor = browser.new_context().new_page()
    sign_in(visitor, base, world.visitor_user.username)
    visitor.goto(f"{base}/events/{slug}/meetings/recommendations/")
    visitor.locator(f'[data-list=products] tr[data-product="{world.armour.pk}"]').get_by_role(
        "link", name="Request a meeting").click()
    visitor.wait_for_selector("[data-testid=request-form]")
    visitor.select_option("select[name=counterpart]", str(world.arms_staff.pk))
    visitor.fill("textarea[name=message]", "Can we see the plate on the first morning?")
    visitor.click("text=Send the request")
    visitor.wait_for_selector(".message")
    sent = MeetingRequest.objects.get()

    exhibitor = browser.new_context().new_page()
    sign_in(exhibitor, base, world.arms_user.username)
    exhibitor.goto(f"{base}/events/{slug}/meetings/requests/?box=received")
    exhibitor.click(f"tr[data-request='{sent.pk}'] a")
    exhibitor.click("button:text-is('Accept')")
    exhibitor.wait_for_selector("[data-status=accepted]")

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
