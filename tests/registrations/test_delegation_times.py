"""A delegation's arrival, departure and programme are in the event's time zone, entered and shown."""

import datetime

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
    assert "7 a.m." not in page and "(Asia/Baku)" in page
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
