"""A venue's name, city and address in English, Azerbaijani and Russian, shown in the reader's language
with the fallback to English the events' and shows' names have; the old attributes (`venue.name`,
`venue.city`, `venue.address`) read the reader's language, so the pages of other apps that show them
keep working; giving one sets the English; the migration keeps the one value there was as the English."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from pavilion.core.demo import Demo
from pavilion.core.demo import venue as demo_venue
from pavilion.events.models import Venue
from tests.factories import UserFactory, VenueFactory

NAMES = {"name_en": "Baku Expo Center", "name_az": "Bakı Ekspo Mərkəzi", "name_ru": "Бакинский экспоцентр",
         "city_en": "Baku", "city_az": "Bakı", "city_ru": "Баку",
         "address_en": "Darnagul highway, Baku", "address_az": "Dərnəgül şossesi, Bakı",
         "address_ru": "Дарнагюльское шоссе, Баку"}


def in_three_languages(venue) -> Venue:
    place = venue.event.venue
    for field, value in NAMES.items():
        setattr(place, field, value)
    place.save()
    return place


@pytest.mark.parametrize("language", ["en", "az", "ru"])
def test_the_public_event_page_and_floor_plan_name_the_venue_in_the_readers_language(client, venue, language):
    in_three_languages(venue)
    for url in (f"/events/{venue.event.slug}/", f"/events/{venue.event.slug}/floorplan/"):
        html = client.get(url, headers={"accept-language": language}).content.decode()
        assert NAMES[f"name_{language}"] in html, url
        others = {NAMES[f"name_{other}"] for other in ("en", "az", "ru") if other != language}
        assert not [name for name in others if name in html], url
    html = client.get(f"/events/{venue.event.slug}/", headers={"accept-language": language}).content.decode()
    assert f"{NAMES[f'name_{language}']}, {NAMES[f'city_{language}']}" in html


@pytest.mark.parametrize("language", ["az", "ru"])
def test_a_venue_not_yet_translated_is_shown_in_english(client, venue, language):
    html = client.get(f"/events/{venue.event.slug}/", headers={"accept-language": language}).content.decode()
    assert "Baku Expo Center, Baku" in html


def test_the_old_attributes_read_the_current_language_and_fall_back_to_english(venue):
    place = in_three_languages(venue)
    place.name_az = place.address_ru = ""
    place.save()
    place = Venue.objects.get(pk=place.pk)
    with translation.override("az"):
        assert (place.name, place.city, place.address, str(place)) == (
            "Baku Expo Center", "Bakı", "Dərnəgül şossesi, Bakı", "Baku Expo Center")
    with translation.override("ru"):
        assert (place.name, place.city, place.address, str(place)) == (
            "Бакинский экспоцентр", "Баку", "Darnagul highway, Baku", "Бакинский экспоцентр")
    with translation.override("en"):
        assert (place.name, place.city, place.address) == ("Baku Expo Center", "Baku", "Darnagul highway, Baku")


def test_giving_the_old_attributes_sets_the_english(db):
    place = VenueFactory(name="Ganja Expo", city="Ganja", address="Heydar Aliyev avenue")
    place = Venue.objects.get(pk=place.pk)
    assert (place.name_en, place.city_en, place.address_en) == ("Ganja Expo", "Ganja", "Heydar Aliyev avenue")
    assert (place.name_az, place.city_ru, place.address_az) == ("", "", "")
    place.city = "Gəncə"
    assert (place.city_en, place.city_az) == ("Gəncə", "")


@pytest.mark.parametrize("language", ["az", "ru"])
def test_the_organisers_pages_name_the_venue_in_their_language(client, venue, language):
    in_three_languages(venue)
    client.force_login(venue.organiser)
    events = client.get("/organiser/events/", headers={"accept-language": language})
    assert events.status_code == 200
    html = events.content.decode()
    assert NAMES[f"name_{language}"] in html and "Baku Expo Center" not in html  # the list and the form's choice
    event = client.get(f"/organiser/events/{venue.event.slug}/", headers={"accept-language": language})
    assert f"{NAMES[f'name_{language}']}, {NAMES[f'city_{language}']}" in event.content.decode()
    halls = client.get(f"/organiser/events/{venue.event.slug}/halls/", headers={"accept-language": language})
    assert NAMES[f"name_{language}"] in halls.content.decode()


def test_the_new_event_form_lists_the_venues_by_their_english_names(client, venue):
    VenueFactory(name="Ganja Expo", city="Ganja")
    client.force_login(venue.organiser)
    html = client.get("/organiser/events/", headers={"accept-language": "en"}).content.decode()
    assert html.index(">Baku Expo Center</option>") < html.index(">Ganja Expo</option>")


def test_the_back_office_edits_and_finds_a_venue_in_the_three_languages(client, venue):
    in_three_languages(venue)
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    page = client.get(f"/admin/events/venue/{venue.event.venue.pk}/change/").content.decode()
    for field in NAMES:
        assert f'name="{field}"' in page, field
    found = client.get("/admin/events/venue/", {"q": "Бакинский"})
    assert found.status_code == 200 and "Baku Expo Center" in found.content.decode()
    assert "0 venues" in client.get("/admin/events/venue/", {"q": "Ganja"}).content.decode()
    assert client.get("/admin/events/venue/", {"city_en": "Baku"}).status_code == 200


def test_the_demo_venue_has_its_names_in_the_three_languages(db):
    demo_venue.create_event(Demo(scale=0.1))
    place = Venue.objects.get()
    assert {field: getattr(place, field) for field in NAMES} == NAMES
    halls = {hall.code: (hall.name_en, hall.name_az, hall.name_ru) for hall in place.halls.all()}
    assert halls["1"] == ("Hall 1", "1 saylı zal", "Зал 1")
    assert all(hall.name_az and hall.name_ru for hall in place.halls.all())


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_the_one_value_as_the_english():
    before, after = [("events", "0008_event_build_up_tear_down_days")], [("events", "0009_venue_in_three_languages")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = MigrationExecutor(connection).loader.project_state(before).apps.get_model("events", "Venue")
        old.objects.create(name="Baku Expo Center", city="Baku", country="AZ", address="Darnagul highway, Baku")
        old.objects.create(name="Ganja Expo", city="Ganja", country="AZ")
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        new = MigrationExecutor(connection).loader.project_state(after).apps.get_model("events", "Venue")
        assert set(new.objects.values_list("name_en", "city_en", "address_en")) == {
            ("Baku Expo Center", "Baku", "Darnagul highway, Baku"), ("Ganja Expo", "Ganja", "")}
        assert set(new.objects.values_list("name_az", "name_ru", "city_az", "city_ru", "address_az", "address_ru")) \
            == {("", "", "", "", "", "")}
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
