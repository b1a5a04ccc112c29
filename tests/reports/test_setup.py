"""The organiser's set-up overview: every step of preparing and running an event, with what is
there so far and the page that does it; a new event shows its steps to do, the steps only the back
office does say so, the organiser's menu leads to it, and its queries do not grow with the event."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pavilion.accreditation import defaults
from pavilion.core.menu import MENUS
from tests.factories import EventFactory
from tests.reports.support import registration


def url(event):
    return f"/events/{event.slug}/set-up/"


def states(page: str) -> dict[str, str]:
    return dict(re.findall(r'data-step="([a-z]+)" data-done="(yes|no)"', page))


def test_a_new_event_lists_what_is_to_do_and_links_to_the_page_of_each_step(client, world):
    new = EventFactory(slug="adex-next", venue=world.event.venue)
    client.force_login(world.organiser)
    page = client.get(url(new)).content.decode()
    assert states(page) == {
        "event": "no", "halls": "no", "exhibitors": "no", "categories": "no", "zones": "no", "devices": "no",
        "meetings": "no", "programme": "no", "bookings": "yes", "registrations": "yes", "badges": "yes",
        "schedule": "yes", "deals": "yes", "reports": "yes"}
    for address in (f"/organiser/events/{new.slug}/", f"/events/{new.slug}/registration-categories/", f"/events/{new.slug}/accreditation/",
                    f"/events/{new.slug}/schedule/slots/", f"/events/{new.slug}/schedule/locations/",
                    f"/organiser/events/{new.slug}/programme/rooms/", f"/organiser/events/{new.slug}/programme/tracks/",
                    f"/events/{new.slug}/accreditation/devices/", f"/events/{new.slug}/deals/register/",
                    f"/organiser/events/{new.slug}/exhibitors/", f"/organiser/events/{new.slug}/halls/"):
        assert f'href="{address}"' in page, address
        assert client.get(address).status_code == 200, address
    assert f'href="/organiser/events/{new.slug}/"' in page
    assert 'href="/organiser/accounts/"' in page
    steps = page[page.index("<main"):page.index("</main>")]
    assert 'href="/admin/' not in steps  # every step is done on Pavilion's own pages


def test_the_steps_follow_the_event_as_it_is_set_up(client, world):
    defaults.set_up(actor=world.organiser, event=world.event)
    registration(world, status="in-review")
    client.force_login(world.organiser)
    found = states(client.get(url(world.event)).content.decode())
    assert (found["categories"], found["zones"], found["registrations"]) == ("yes", "yes", "no")
    assert found["exhibitors"] == "yes"  # the world's show has two exhibitors


def test_only_the_organiser_sees_it_and_the_menu_leads_there(client, world):
    for user in (world.officer, world.exhibitor_admin, world.visitor):
        client.force_login(user)
        assert client.get(url(world.event)).status_code == 403
    organiser = next(menu for menu in MENUS if menu.key == "organiser")
    assert organiser.entries[0].url_name == "reports:setup"
    client.force_login(world.organiser)
    assert f'href="{url(world.event)}"' in client.get(f"/events/{world.event.slug}/").content.decode()


@pytest.mark.parametrize("rows", [1, 5])
def test_its_queries_do_not_grow_with_the_event(client, world, rows):
    for _ in range(rows):
        registration(world, status="approved")
    client.force_login(world.organiser)
    with CaptureQueriesContext(connection) as few:
        client.get(url(world.event))
    for _ in range(rows * 3):
        registration(world, status="submitted")
    with CaptureQueriesContext(connection) as many:
        client.get(url(world.event))
    assert len(many) == len(few)


def test_a_category_closed_early_is_not_counted_as_an_open_public_form(client, world, settings):
    import datetime

    from pavilion.registrations.models import RegistrationCategory

    settings.PAVILION_CLOCK = "2024-09-21T10:00:00+04:00"
    public = RegistrationCategory.objects.filter(event=world.event, self_service=True)
    count = public.count()
    client.force_login(world.organiser)
    assert f"{count} with an open public form" in client.get(url(world.event)).content.decode()
    closed = public.first()
    closed.closes_at = datetime.datetime(2024, 9, 20, 18, tzinfo=datetime.UTC)
    closed.save()
    assert f"{count - 1} with an open public form" in client.get(url(world.event)).content.decode()


def test_standard_categories_on_an_unpublished_event_are_ready_not_open(client, world):
    from pavilion.registrations.categories import opened_forms_notice
    from pavilion.registrations.models import RegistrationCategory

    world.event.is_public = False
    world.event.save()
    notice = opened_forms_notice(list(RegistrationCategory.objects.filter(event=world.event, self_service=True)))
    assert "is ready for" in notice and "now open" not in notice
