import pytest
from django.urls import reverse

from pavilion.core import menu
from pavilion.core.roles import ORGANISER_ADMIN, ensure_roles
from tests.factories import EventFactory, UserFactory


def test_every_entry_names_a_url_pattern():
    for entry in menu.PUBLIC + tuple(e for m in menu.MENUS for e in m.entries):
        kwargs = {"event": "some-event"} if entry.per_event else None
        assert reverse(entry.url_name, kwargs=kwargs)


def test_public_sees_the_event_pages_and_no_role_menu():
    built = menu.build(flags={}, event_slug="adex", path="/events/adex/")
    assert [link["label"] for link in built["public"]][:3] == ["Event", "Exhibitors", "Products"]
    assert built["public"][0]["current"] is True
    assert built["menus"] == []


def test_each_role_gets_its_own_menu_and_event_links_need_an_event():
    flags = {"user_is_authenticated": True, "is_organiser": True, "is_security_officer": True}
    on_event = menu.build(flags=flags, event_slug="adex", path="/")
    assert [m["key"] for m in on_event["menus"]] == ["security", "organiser", "mine"]
    organiser = next(m for m in on_event["menus"] if m["key"] == "organiser")
    assert any(link["url"] == "/events/adex/registrations/" for link in organiser["links"])
    off_event = menu.build(flags=flags, event_slug=None, path="/")
    organiser = next(m for m in off_event["menus"] if m["key"] == "organiser")
    assert [link["url"] for link in organiser["links"]] == ["/organiser/events/", "/admin/"]


@pytest.mark.django_db
def test_the_header_shows_the_organiser_menu_on_an_event_page(client):
    groups = ensure_roles()
    event = EventFactory()
    user = UserFactory()
    user.groups.add(groups[ORGANISER_ADMIN])
    client.force_login(user)
    page = client.get(reverse("events:event", kwargs={"event": event.slug})).content.decode()
    assert 'data-menu="organiser"' in page
    assert f'href="/events/{event.slug}/accreditation/"' in page
    assert 'data-menu="security"' not in page


def test_meeting_pages_are_offered_only_to_people_who_take_meetings():
    organiser = menu.build(flags={"user_is_authenticated": True, "is_organiser": True}, event_slug="adex", path="/")
    mine = next(m for m in organiser["menus"] if m["key"] == "mine")
    assert "/events/adex/meetings/requests/" not in [link["url"] for link in mine["links"]]
    visitor = menu.build(flags={"user_is_authenticated": True, "is_participant": True}, event_slug="adex", path="/")
    mine = next(m for m in visitor["menus"] if m["key"] == "mine")
    assert "/events/adex/meetings/requests/" in [link["url"] for link in mine["links"]]


def test_a_liaison_reaches_their_delegations_from_the_menu():
    built = menu.build(flags={"user_is_authenticated": True, "is_liaison": True}, event_slug="adex", path="/")
    delegation = next(m for m in built["menus"] if m["key"] == "delegation")
    assert delegation["links"][0]["url"] == "/events/adex/delegations/"


@pytest.mark.django_db
@pytest.mark.parametrize("language, everything, one", [
    ("en", "All events", "Event"), ("az", "Bütün tədbirlər", "Tədbir"), ("ru", "Все мероприятия", "Мероприятие"),
])
def test_the_header_tells_all_events_from_this_event_and_names_no_two_places_alike(client, language, everything, one):
    """"Мероприятия" beside "Мероприятие" read as the same link: the list of every event says so in words, and no
    label of the header (the organiser's menu too) leads to two different pages."""
    import re

    groups = ensure_roles()
    event = EventFactory()
    user = UserFactory()
    user.groups.add(groups[ORGANISER_ADMIN])
    client.force_login(user)
    client.cookies["django_language"] = language
    page = client.get(reverse("events:event", kwargs={"event": event.slug})).content.decode()
    nav = page[page.index('<nav class="main-nav"'):page.index("</nav>")]
    links = re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav)
    assert (reverse("core:home"), everything) in links
    assert (reverse("events:event", kwargs={"event": event.slug}), one) in links
    places = {}
    for url, label in links:
        places.setdefault(label.strip(), set()).add(url)
    assert {label: urls for label, urls in places.items() if len(urls) > 1} == {}
