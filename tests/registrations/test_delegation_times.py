"""A delegation's arrival, departure and programme are in the event's time zone, entered and shown."""

import datetime

import pytest

from pavilion.registrations import services

UTC = datetime.UTC


def test_the_delegation_pages_show_times_in_the_event_time_zone(world, client):
    delegation = services.delegation_create(
        actor=world.organiser, event=world.event, country="TR", sending_body="Ministry of National Defence",
        liaison=world.liaison, arrival=datetime.datetime(2024, 9, 23, 14, 0, tzinfo=UTC),
        departure=datetime.datetime(2024, 9, 26, 8, 0, tzinfo=UTC))
    services.delegation_visit_add(actor=world.organiser, delegation=delegation, title="Stand visit",
                                  starts_at=datetime.datetime(2024, 9, 24, 7, 0, tzinfo=UTC),
                                  ends_at=datetime.datetime(2024, 9, 24, 7, 30, tzinfo=UTC),
                                  exhibitor=world.exhibitor, place="")
    client.force_login(world.liaison)
    page = client.get(f"/delegations/{delegation.pk}/").content.decode()
    assert "2024-09-23 18:00" in page and "2024-09-26 12:00" in page  # arrival and departure in Baku
    assert "2024-09-24 11:00" in page and "2024-09-24 11:30" in page  # the stand visit in Baku
    assert "7 a.m." not in page and "(Baku time)" in page and "Asia/Baku" not in page
    listing = client.get(f"/events/{world.event.slug}/delegations/").content.decode()
    assert "2024-09-23 18:00" in listing


def test_times_entered_on_the_delegation_page_are_the_event_local_times(world, client):
    delegation = services.delegation_create(actor=world.organiser, event=world.event, country="TR",
                                            sending_body="MoD", liaison=world.liaison)
    client.force_login(world.liaison)
    client.post(f"/delegations/{delegation.pk}/", {"form": "visit", "title": "Stand visit",
                                                    "starts_at": "2024-09-24T11:00", "ends_at": "2024-09-24T11:30",
                                                    "exhibitor": world.exhibitor.pk})
    visit = delegation.programme.get()
    assert visit.starts_at == datetime.datetime(2024, 9, 24, 7, 0, tzinfo=UTC)


def test_a_visit_with_neither_place_nor_exhibitor_is_listed_with_a_dash(world, client):
    """The programme's place fell back on the exhibitor's name inside a filter's argument, which raised on a
    visit without either: the delegation's page answered 500 for good."""
    delegation = services.delegation_create(actor=world.organiser, event=world.event, country="TR",
                                            sending_body="MoD", liaison=world.liaison)
    services.delegation_visit_add(actor=world.organiser, delegation=delegation, title="Welcome briefing",
                                  starts_at=datetime.datetime(2024, 9, 24, 7, 0, tzinfo=UTC),
                                  ends_at=datetime.datetime(2024, 9, 24, 7, 30, tzinfo=UTC), exhibitor=None, place="")
    client.force_login(world.liaison)
    response = client.get(f"/delegations/{delegation.pk}/")
    assert response.status_code == 200 and "Welcome briefing" in response.content.decode()


def test_a_visit_outside_the_events_days_is_refused_with_them_named(world, client):
    delegation = services.delegation_create(actor=world.organiser, event=world.event, country="TR",
                                            sending_body="MoD", liaison=world.liaison)
    client.force_login(world.liaison)
    response = client.post(f"/delegations/{delegation.pk}/", {
        "form": "visit", "title": "Stand visit", "starts_at": "2031-09-24T11:00", "ends_at": "2031-09-24T11:30"},
        headers={"accept-language": "ru"})
    assert response.status_code in (200, 400) and not delegation.programme.exists()
    first, last = f"{world.event.start_date:%Y-%m-%d}", f"{world.event.end_date:%Y-%m-%d}"
    assert f"Визит должен проходить в дни мероприятия, с {first} по {last}." in response.content.decode()


def test_a_delegation_whose_stay_misses_the_event_is_refused(world, client):
    """An arrival typed in 2031 was saved: the stay must meet the event's days."""
    client.force_login(world.liaison)
    response = client.post(f"/events/{world.event.slug}/delegations/", {
        "country": "GE", "sending_body": "MoD", "arrival": "2031-01-01T10:00", "departure": "2031-01-05T10:00"},
        headers={"accept-language": "ru"})
    assert response.status_code == 200 and not world.event.delegations.exists()
    assert "Делегация прибывает и уезжает в пределах 30 дней от мероприятия" in response.content.decode()
    response = client.post(f"/events/{world.event.slug}/delegations/", {
        "country": "GE", "sending_body": "MoD",
        "arrival": f"{world.event.end_date + datetime.timedelta(days=1):%Y-%m-%d}T10:00",
        "departure": f"{world.event.end_date + datetime.timedelta(days=2):%Y-%m-%d}T10:00"},
        headers={"accept-language": "ru"})
    last = f"{world.event.end_date:%Y-%m-%d}"
    assert f"Делегация должна прибыть не позже последнего дня мероприятия, {last}." in response.content.decode()
    response = client.post(f"/events/{world.event.slug}/delegations/", {
        "country": "GE", "sending_body": "MoD", "arrival": "2024-09-20T10:00", "departure": "2024-09-27T10:00"})
    assert response.status_code == 302 and world.event.delegations.count() == 1  # days around the show are fine


@pytest.mark.parametrize("arrival, departure", [
    ("0001-01-01T00:00", "2024-09-25T10:00"), ("1899-12-31T10:00", "2024-09-25T10:00"),
    ("2024-09-23T10:00", "9999-12-31T23:59")])
def test_a_stay_far_from_the_event_is_a_form_error_not_a_500(world, client, arrival, departure):
    client.force_login(world.organiser)
    response = client.post(f"/events/{world.event.slug}/delegations/", {
        "country": "GE", "sending_body": "MoD", "arrival": arrival, "departure": departure})
    assert response.status_code in (200, 400) and "within 30 days of the event" in response.content.decode()
    assert not world.event.delegations.exists()


def test_a_delegation_is_not_created_twice_by_a_second_click(world, client):
    client.force_login(world.organiser)
    data = {"country": "GE", "sending_body": "Ministry of Defence", "arrival": "2024-09-23T10:00",
            "departure": "2024-09-26T10:00"}
    assert client.post(f"/events/{world.event.slug}/delegations/", data).status_code == 302
    again = client.post(f"/events/{world.event.slug}/delegations/", {**data, "sending_body": " ministry of  defence"})
    assert again.status_code in (200, 400) and "already has the delegation" in again.content.decode()
    assert world.event.delegations.count() == 1
    other = client.post(f"/events/{world.event.slug}/delegations/", {**data, "country": "AM"})
    assert other.status_code == 302 and world.event.delegations.count() == 2
