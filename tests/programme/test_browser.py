"""The public agenda in Chromium: a signed-in visitor bookmarks a session with the htmx toggle
and finds it in My programme."""

import pytest
from django.urls import reverse

from pavilion.programme.models import Bookmark
from tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _orm_beside_playwright(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_agenda_bookmark_then_my_programme(browser, live_server, programme, commit):
    user = programme.world.visitor
    registration = programme.person(commit, user=user)
    session = programme.session(speakers=[(programme.speakers[0], "chair")])
    slug = programme.world.event.slug
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    agenda = reverse("programme:agenda", args=[slug])
    sign_in(page, live_server.url, user.username)
    page.goto(f"{live_server.url}{agenda}")
    assert page.locator(f'.timeline .slot[data-session="{session.pk}"]').is_visible()

    page.click(f'button[data-bookmark="{session.pk}"]')
    page.wait_for_selector(f'button[data-bookmark="{session.pk}"][aria-pressed="true"]')
    assert "Added “Air defence panel” to your programme." in page.inner_text(f"#bookmark-{session.pk}")
    assert Bookmark.objects.filter(session=session, registration=registration).exists()
    page.screenshot(path="/tmp/prog-browser-agenda.png", full_page=True)

    page.click("main >> text=My programme")  # the header has the same link inside a closed menu
    page.wait_for_url(f"**{reverse('programme:mine', args=[slug])}")
    assert "Air defence panel" in page.inner_text("main")
    assert page.locator(f'button[data-bookmark="{session.pk}"][aria-pressed="true"]').is_visible()
    page.click(f'button[data-bookmark="{session.pk}"]')  # take it out again, from My programme
    page.wait_for_selector(f'button[data-bookmark="{session.pk}"][aria-pressed="false"]')
    assert not Bookmark.objects.exists()
