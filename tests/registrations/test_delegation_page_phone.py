"""In Chromium on a phone: the liaison's delegation page lists the members as one block each, the names
whole (before, the name column was squeezed to a few letters and names broke mid-word)."""

import pytest

from tests.meetings.browsing import sign_in, world_fixture  # noqa: F401
from tests.phone import PHONE, assert_fits_the_screen, card_labels


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_members_are_blocks_with_whole_names_on_a_phone(world, live_server, browser, language):
    context = browser.new_context(viewport=PHONE, locale=language, extra_http_headers={"Accept-Language": language})
    page = context.new_page()
    sign_in(page, live_server.url, world.liaison.username)
    page.goto(f"{live_server.url}/delegations/{world.belarus.delegation.pk}/")
    assert_fits_the_screen(page)
    row = "table[data-list=members] tr:has(td)"
    assert len(card_labels(page, row)) == 5
    name = page.locator(f"{row} td").nth(2)
    # The whole name on one line (a phone has room for it), not a column of syllables.
    assert name.bounding_box()["width"] > 200
    assert world.belarus.person.full_name in name.inner_text()
    context.close()
