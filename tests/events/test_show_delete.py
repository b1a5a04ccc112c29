"""A show added by mistake is deleted from its form; one that anything belongs to is refused with every
reason, and only administrators delete."""

import pytest

from pavilion.core import roles
from pavilion.core.models import AuditEntry
from pavilion.events.models import NationalPavilion, Show
from tests.factories import EventFactory, ExhibitorFactory, ShowFactory, StandFactory, UserFactory


@pytest.fixture
def setting(db):
    event = EventFactory(slug="adex-2026", start_date="2026-09-22", end_date="2026-09-24")
    show = ShowFactory(event=event, slug="extra", name_en="Extra Show")
    return event, show, UserFactory(username="organiser", role=roles.ORGANISER_ADMIN)


def url(event, show):
    return f"/organiser/events/{event.slug}/shows/{show.pk}/delete/"


def test_an_empty_show_is_deleted_and_audited(client, setting):
    event, show, organiser = setting
    client.force_login(organiser)
    assert f'action="{url(event, show)}"' in client.get(
        f"/organiser/events/{event.slug}/shows/{show.pk}/").content.decode()
    response = client.post(url(event, show), follow=True)
    assert "Deleted the show Extra Show." in response.content.decode()
    assert not Show.objects.filter(pk=show.pk).exists()
    assert AuditEntry.objects.filter(action="show.delete", object_id=str(show.pk)).exists()


def test_a_show_in_use_is_refused_with_every_reason(client, setting):
    event, show, organiser = setting
    ExhibitorFactory(show=show)
    StandFactory(show=show)
    NationalPavilion.objects.create(show=show, country="IT", name_en="Italy")
    client.force_login(organiser)
    page = client.post(url(event, show), follow=True).content.decode()
    assert "1 exhibitor is admitted to Extra Show." in page and "1 stand is drawn for Extra Show." in page
    assert "1 national pavilion is set up at Extra Show." in page
    assert Show.objects.filter(pk=show.pk).exists() and not AuditEntry.objects.filter(action="show.delete").exists()


def test_only_administrators_delete_shows(client, setting):
    event, show, _organiser = setting
    client.force_login(UserFactory(username="orgstaff", role=roles.ORGANISER_STAFF))
    assert client.post(url(event, show)).status_code == 403
    assert client.get(url(event, show)).status_code == 405
    client.force_login(setting[2])
    other = ShowFactory(event=EventFactory(slug="other"))
    assert client.post(url(event, other)).status_code == 404
    assert Show.objects.count() == 2
