"""The organiser's events on Pavilion's own pages: every event (published or not), a new event with
its dates, venue and time zone, its shows and its names and publication; bad input is a form error
that changes nothing; organiser staff see, only the organiser's administrators change; every
change is audited."""

import pytest

from pavilion.core import roles
from pavilion.core.models import AuditEntry
from pavilion.events.models import Event, Show
from tests.factories import UserFactory

EVENTS = "/organiser/events/"


def new_event(venue, **changes) -> dict:
    return {"slug": "adex-2026", "name_en": "ADEX 2026", "name_az": "ADEX 2026", "name_ru": "АДЕКС 2026",
            "organiser": venue.event.organiser.pk, "venue": venue.event.venue.pk, "start_date": "2026-09-22",
            "end_date": "2026-09-24", "time_zone": "Asia/Baku", **changes}


def new_show(**changes) -> dict:
    values = {"slug": "adex-2026-show", "name_en": "ADEX-2026", "name_az": "ADEX-2026", "name_ru": "АДЕКС-2026",
              "description_en": "", "description_az": "", "description_ru": "", "colour": "#1f4e79", **changes}
    return {"action": "show", **{f"show-{name}": value for name, value in values.items()}}


def test_the_organiser_creates_an_event_then_its_shows_without_the_back_office(client, venue):
    client.force_login(venue.organiser)
    assert 'data-event="adex-test"' in client.get(EVENTS).content.decode()
    response = client.post(EVENTS, new_event(venue))
    assert response.status_code == 302 and response["Location"] == "/organiser/events/adex-2026/"
    event = Event.objects.get(slug="adex-2026")
    assert (str(event.start_date), event.time_zone, event.is_public, event.name_ru) == (
        "2026-09-22", "Asia/Baku", False, "АДЕКС 2026")
    assert AuditEntry.objects.filter(action="event.create", object_id=str(event.pk)).exists()
    assert client.post(response["Location"], new_show()).status_code == 302
    show = Show.objects.get(slug="adex-2026-show")
    assert show.event == event and AuditEntry.objects.filter(action="show.create").exists()
    # The shows are on the event's public page once it is published.
    assert client.post(response["Location"], {"action": "event", "event-name_en": "ADEX & Securex 2026", "event-stand_currency": "AZN",
                                              "event-is_public": "on"}).status_code == 302
    event.refresh_from_db()
    assert (event.name_en, event.is_public) == ("ADEX & Securex 2026", True)
    assert "ADEX-2026" in client.get("/events/adex-2026/").content.decode()
    assert 'href="/events/adex-2026/set-up/"' in client.get(response["Location"]).content.decode()


def test_a_show_is_renamed_and_its_address_stays(client, venue):
    client.force_login(venue.organiser)
    url = f"/organiser/events/{venue.event.slug}/shows/{venue.show.pk}/"
    data = new_show(name_en="ADEX renamed", colour="#8a1c1c")
    assert client.post(url, data).status_code == 302
    venue.show.refresh_from_db()
    assert (venue.show.slug, venue.show.name_en, venue.show.colour) == ("adex-show", "ADEX renamed", "#8a1c1c")
    assert AuditEntry.objects.filter(action="show.update", object_id=str(venue.show.pk)).exists()


@pytest.mark.parametrize("changes, field, message", [
    ({"slug": "adex-test"}, "slug", "Another event already has this address."),
    ({"end_date": "2026-09-21"}, "end_date", "The event must end on or after its first day."),
    ({"time_zone": "Mars/Olympus"}, "time_zone", "Select a valid choice."),
    ({"name_en": "  "}, "name_en", ""),
    ({"start_date": "22.09.2026"}, "start_date", "Enter a valid date."),
    ({"start_date": "0001-01-01"}, "start_date", "is not between 1900-01-01 and 2999-12-31"),
    ({"start_date": "2025-05-12", "end_date": "9999-12-31"}, "end_date", "is not between"),
    ({"start_date": "2026-01-01"}, "end_date", "An event lasts at most 31 days"),
    ({"slug": "ADEX-TEST"}, "slug", "Another event already has this address."),
])
def test_a_bad_new_event_is_a_form_error_and_creates_nothing(client, venue, changes, field, message):
    client.force_login(venue.organiser)
    response = client.post(EVENTS, new_event(venue, **changes))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not Event.objects.filter(slug="adex-2026").exists()
    assert not AuditEntry.objects.filter(action="event.create").exists()


@pytest.mark.parametrize("changes, field, message", [
    ({"slug": "securex-show"}, "slug", "Another show already has this address."),
    ({"slug": "SECUREX-SHOW"}, "slug", "Another show already has this address."),
    ({"colour": "red;x:y"}, "colour", "six hexadecimal digits"),
    ({"colour": "#ffffff"}, "colour", "too light"),
    ({"colour": "#f0e68c"}, "colour", "too light"),
])
def test_a_bad_show_is_a_form_error_and_changes_nothing(client, venue, changes, field, message):
    client.force_login(venue.organiser)
    before = Show.objects.count()
    response = client.post(f"/organiser/events/{venue.event.slug}/", new_show(**changes))
    assert response.status_code == 400
    assert message in " ".join(response.context["show_form"].errors[field])
    assert Show.objects.count() == before


def test_staff_see_the_events_and_only_administrators_change_them(client, venue):
    staff = UserFactory(username="orgstaff", role=roles.ORGANISER_STAFF)
    client.force_login(staff)
    page = client.get(EVENTS).content.decode()
    assert 'data-event="adex-test"' in page and "Create the event" not in page
    assert client.post(EVENTS, new_event(venue)).status_code == 403
    assert client.post(f"/organiser/events/{venue.event.slug}/", new_show()).status_code == 403
    client.force_login(venue.admin_a)
    assert client.get(EVENTS).status_code == 403
    assert not Event.objects.filter(slug="adex-2026").exists() and not Show.objects.filter(slug="adex-2026-show")
    client.logout()
    assert client.get(EVENTS).status_code == 302  # to the sign-in page


def test_a_show_of_another_event_is_not_found(client, venue):
    client.force_login(venue.organiser)
    other = Event.objects.create(slug="other", name_en="Other", organiser=venue.event.organiser,
                                 venue=venue.event.venue, start_date="2026-01-01", end_date="2026-01-02")
    assert client.get(f"/organiser/events/{other.slug}/shows/{venue.show.pk}/").status_code == 404


def test_the_registration_window_is_set_on_the_event_s_clock(client, venue, settings):
    """A page in another time zone still means the event's "09:00"; closing before opening is refused."""
    import datetime
    import zoneinfo

    settings.TIME_ZONE = "UTC"
    client.force_login(venue.organiser)
    url = f"/organiser/events/{venue.event.slug}/"
    venue.event.time_zone = "Asia/Baku"
    venue.event.save()
    data = {"action": "event", "event-name_en": venue.event.name_en, "event-is_public": "on", "event-stand_currency": "AZN",
            "event-registration_opens_at": "2024-08-01T09:00", "event-registration_closes_at": "2024-09-20T18:00"}
    assert client.post(url, data).status_code == 302
    venue.event.refresh_from_db()
    baku = zoneinfo.ZoneInfo("Asia/Baku")
    assert venue.event.registration_opens_at == datetime.datetime(2024, 8, 1, 9, tzinfo=baku)
    assert venue.event.registration_closes_at == datetime.datetime(2024, 9, 20, 18, tzinfo=baku)
    page = client.get(url).content.decode()
    assert 'value="2024-08-01T09:00"' in page and 'value="2024-09-20T18:00"' in page  # shown as entered
    refused = client.post(url, {**data, "event-registration_closes_at": "2024-08-01T08:00"})
    assert refused.status_code == 400 and "Registration must close after it opens." in refused.content.decode()
    venue.event.refresh_from_db()
    assert venue.event.registration_closes_at == datetime.datetime(2024, 9, 20, 18, tzinfo=baku)
    assert AuditEntry.objects.filter(action="event.update", object_id=str(venue.event.pk)).count() == 1


def test_registration_cannot_open_after_it_closes_by_default(client, venue):
    """Without a closing time, registration closes at the end of the event's last day: opening after
    that would be a window that never opens."""
    client.force_login(venue.organiser)
    url = f"/organiser/events/{venue.event.slug}/"
    data = {"action": "event", "event-name_en": venue.event.name_en, "event-is_public": "on",
            "event-stand_currency": "AZN", "event-registration_opens_at": "2030-01-01T10:00"}
    refused = client.post(url, data)
    assert refused.status_code == 400 and "would open after it closes" in refused.content.decode()
    venue.event.refresh_from_db()
    assert venue.event.registration_opens_at is None


def test_the_time_zone_list_holds_the_cities_not_the_old_aliases():
    from pavilion.events.forms import time_zones

    zones = time_zones()
    assert zones[0] == "UTC" and "Asia/Baku" in zones and "Europe/Moscow" in zones
    assert not any(zone.startswith(("US/", "Etc/", "SystemV/")) or "/" not in zone for zone in zones[1:])


def test_the_stand_prices_currency_is_an_iso_code(client, venue):
    client.force_login(venue.organiser)
    url = f"/organiser/events/{venue.event.slug}/"
    data = {"action": "event", "event-name_en": venue.event.name_en, "event-is_public": "on"}
    for bad in ("ZZZ", ""):
        refused = client.post(url, {**data, "event-stand_currency": bad})
        assert refused.status_code == 400
    refused = client.post(url, {**data, "event-stand_currency": "ZZZ"})
    assert refused.status_code == 400 and "ISO 4217" in refused.content.decode()
    venue.event.refresh_from_db()
    assert venue.event.stand_currency == "AZN"
    assert client.post(url, {**data, "event-stand_currency": " eur "}).status_code == 302
    venue.event.refresh_from_db()
    assert venue.event.stand_currency == "EUR"
    hall = client.get(f"{url}halls/{venue.hall.code}/").content.decode()
    assert "Price per m² (EUR)" in hall
