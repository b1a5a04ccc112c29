"""In Chromium: a trade visitor finds an exhibitor's product among the recommendations, sends a
meeting request about it (with the export-control warning the rules give), and the exhibitor's
admin accepts it from the inbox."""

import pytest

from pavilion.meetings.models import MeetingRequest
from tests.meetings.browsing import (
    accept,
    open_received,
    request_the_armour,
    sign_in,
    world_fixture,  # noqa: F401
)
from tests.phone import PHONE, assert_fits_the_screen, assert_tappable, card_labels


@pytest.mark.browser
def test_the_visitor_requests_and_the_exhibitor_accepts(world, live_server, browser):
    visitor = browser.new_context().new_page()
    sign_in(visitor, live_server.url, world.visitor_user.username)
    sent = request_the_armour(visitor, live_server.url, world, "We equip the police: can we see the plate?",
                              priority="3")
    assert "OSCE" in visitor.inner_text(".message.warning")
    assert (sent.requester_id, sent.counterpart_id, sent.priority) == (world.visitor.pk, world.arms_staff.pk, 3)

    exhibitor = browser.new_context().new_page()
    open_received(exhibitor, live_server.url, world, sent)
    assert "We equip the police" in exhibitor.inner_text("main")
    accept(exhibitor)
    exhibitor.screenshot(path="/tmp/mreq-browser-accepted.png", full_page=True)
    sent.refresh_from_db()
    assert sent.status == MeetingRequest.Status.ACCEPTED

    visitor.goto(f"{live_server.url}/events/{world.event.slug}/meetings/requests/")
    assert "accepted" in visitor.inner_text(f"tr[data-request='{sent.pk}']")



@pytest.mark.browser
def test_the_request_list_is_one_block_per_request_on_a_phone(world, live_server, browser):
    """At 390 px every request is a block of labelled cells on the screen, its status link thumb-sized,
    instead of columns that scroll sideways in the table's box."""
    visitor = browser.new_context().new_page()
    sign_in(visitor, live_server.url, world.visitor_user.username)
    sent = request_the_armour(visitor, live_server.url, world, "Can we see the plate?")
    visitor.set_viewport_size(PHONE)
    visitor.goto(f"{live_server.url}/events/{world.event.slug}/meetings/requests/")
    assert_fits_the_screen(visitor)
    row = f"tr[data-request='{sent.pk}']"
    assert card_labels(visitor, row) == ["From", "To", "Priority", "Status", "Sent"]
    assert_tappable(visitor, f"{row} a")
