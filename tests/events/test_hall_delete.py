"""A hall added to the venue by mistake is deleted; one with anything of any event placed in it is
refused with every reason, and only administrators delete."""

import pytest

from pavilion.accreditation.models import Zone
from pavilion.core import roles
from pavilion.core.models import AuditEntry
from pavilion.events.models import Hall
from pavilion.programme.models import Room
from tests.factories import EventFactory, HallFactory, ShowFactory, StandFactory, UserFactory


@pytest.fixture
def setting(db):
    event = EventFactory(slug="adex-2026", start_date="2026-09-22", end_date="2026-09-24")
    hall = HallFactory(venue=event.venue, code="H9", name_en="Hall 9")
    return event, hall, UserFactory(username="organiser", role=roles.ORGANISER_ADMIN)


def url(event, hall):
    return f"/organiser/events/{event.slug}/halls/{hall.code}/delete/"


def test_an_empty_hall_is_deleted_and_audited(client, setting):
    event, hall, organiser = setting
    client.force_login(organiser)
    assert f'action="{url(event, hall)}"' in client.get(
        f"/organiser/events/{event.slug}/halls/{hall.code}/edit/").content.decode()
    response = client.post(url(event, hall), follow=True)
    assert "Deleted Hall 9 from" in response.content.decode()
    assert not Hall.objects.filter(pk=hall.pk).exists()
    assert AuditEntry.objects.filter(action="hall.delete", object_id=str(hall.pk)).exists()


def test_a_hall_in_use_by_another_event_is_refused_with_every_reason(client, setting):
    event, hall, organiser = setting
    other_show = ShowFactory(event=EventFactory(slug="earlier", venue=event.venue))
    StandFactory(show=other_show, hall=hall)
    Zone.objects.create(event=event, code="h9", number=30, name_en="Hall 9", hall=hall)
    Room.objects.create(event=event, code="R9", name_en="Room 9", capacity=50, hall=hall)
    client.force_login(organiser)
    page = client.post(url(event, hall), follow=True).content.decode()
    assert "Hall 9 holds 1 stand (of the events at the venue)" in page
    assert "1 accreditation zone is Hall 9" in page and "1 programme room is in Hall 9" in page
    assert Hall.objects.filter(pk=hall.pk).exists() and not AuditEntry.objects.filter(action="hall.delete").exists()


def test_only_administrators_delete_halls(client, setting):
    event, hall, _organiser = setting
    client.force_login(UserFactory(username="orgstaff", role=roles.ORGANISER_STAFF))
    assert client.post(url(event, hall)).status_code == 403
    assert client.get(url(event, hall)).status_code == 405
    assert Hall.objects.filter(pk=hall.pk).exists()
