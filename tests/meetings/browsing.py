"""What the meetings browser tests share: signing in, the world of tests.meetings.factories with
a visitor who seeks what the arms exhibitor makes, and the two sides of a meeting request."""

import pytest

from pavilion.meetings.models import MeetingRequest
from pavilion.meetings.services.profiles import ProfileData, profile_save
from tests.browser import sign_in  # noqa: F401 (the meetings browser tests take it from here)
from tests.meetings.factories import make_world


@pytest.fixture(name="world")
def world_fixture(transactional_db, settings, monkeypatch):
    """make_world, its visitor seeking protective equipment (the armour plate is recommended)."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # the live server's thread and the test's ORM calls
    from pavilion.exhibitors.models import ProductCategory

    made = make_world(settings)
    profile_save(actor=None, registration=made.visitor, data=ProfileData(
        about="ceramic armour plate for police",
        seeks_categories=[ProductCategory.objects.get(slug="protective-equipment")]))
    return made


def request_the_armour(page, base: str, world, message: str, priority: str | None = None) -> MeetingRequest:
    """The visitor, signed in on `page`, asks the arms exhibitor's staff member for a meeting from
    the recommended armour plate; the request as stored."""
    page.goto(f"{base}/events/{world.event.slug}/meetings/recommendations/")
    row = page.locator(f'[data-list=products] tr[data-product="{world.armour.pk}"]')
    assert "export-control warning" in row.inner_text()
    row.get_by_role("link", name="Request a meeting").click()
    page.wait_for_selector("[data-testid=request-form]")
    page.select_option("select[name=counterpart]", str(world.arms_staff.pk))
    assert page.is_checked(f"input[name=products][value='{world.armour.pk}']")
    page.fill("textarea[name=message]", message)
    if priority is not None:
        page.select_option("select[name=priority]", priority)
    page.click("text=Send the request")
    page.wait_for_selector(".message")
    return MeetingRequest.objects.get()


def open_received(page, base: str, world, request: MeetingRequest) -> None:
    """The arms exhibitor signs in on `page` and opens the request they received."""
    sign_in(page, base, world.arms_user.username)
    page.goto(f"{base}/events/{world.event.slug}/meetings/requests/?box=received")
    page.click(f"tr[data-request='{request.pk}'] a")


def accept(page) -> None:
    """Accept the request open on `page`."""
    page.click("button:text-is('Accept')")
    page.wait_for_selector("[data-status=accepted]")
