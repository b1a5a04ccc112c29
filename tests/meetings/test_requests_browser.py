"""In Chromium: a trade visitor finds an exhibitor's product among the recommendations, sends a
meeting request about it (with the export-control warning the rules give), and the exhibitor's
admin accepts it from the inbox."""

import pytest

from pavilion.meetings.models import MeetingRequest
from pavilion.meetings.services.profiles import ProfileData, profile_save
from tests.meetings.browsing import sign_in
from tests.meetings.factories import make_world


@pytest.fixture
def world(transactional_db, settings):
    return make_world(settings)



@pytest.mark.browser
def test_the_visitor_requests_and_the_exhibitor_accepts(world, live_server, browser, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from pavilion.exhibitors.models import ProductCategory

    profile_save(actor=None, registration=world.visitor, data=ProfileData(
        about="ceramic armour plate for police", seeks_categories=[ProductCategory.objects.get(
            slug="protective-equipment")]))
    event = f"{live_server.url}/events/{world.event.slug}/meetings"

    visitor = browser.new_context().new_page()
    sign_in(visitor, live_server.url, world.visitor_user.username)
    visitor.goto(f"{event}/recommendations/")
    row = visitor.locator(f'[data-list=products] tr[data-product="{world.armour.pk}"]')
    assert "export-control warning" in row.inner_text()
    row.get_by_role("link", name="Request a meeting").click()
    visitor.wait_for_selector("[data-testid=request-form]")
    visitor.select_option("select[name=counterpart]", str(world.arms_staff.pk))
    assert visitor.is_checked(f"input[name=products][value='{world.armour.pk}']")
    visitor.fill("textarea[name=message]", "We equip the police: can we see the plate?")
    visitor.select_option("select[name=priority]", "3")
    visitor.click("text=Send the request")
    visitor.wait_for_selector(".message.warning")
    assert "OSCE" in visitor.inner_text(".message.warning")
    sent = MeetingRequest.objects.get()
    assert (sent.requester_id, sent.counterpart_id, sent.priority) == (world.visitor.pk, world.arms_staff.pk, 3)

    exhibitor = browser.new_context().new_page()
    sign_in(exhibitor, live_server.url, world.arms_user.username)
    exhibitor.goto(f"{event}/requests/?box=received")
    exhibitor.click(f"tr[data-request='{sent.pk}'] a")
    assert "We equip the police" in exhibitor.inner_text("main")
    exhibitor.click("button:text-is('Accept')")
    exhibitor.wait_for_selector("[data-status=accepted]")
    exhibitor.screenshot(path="/tmp/mreq-browser-accepted.png", full_page=True)
    sent.refresh_from_db()
    assert sent.status == MeetingRequest.Status.ACCEPTED

    visitor.goto(f"{event}/requests/")
    assert "accepted" in visitor.inner_text(f"tr[data-request='{sent.pk}']")
