"""A national pavilion added by mistake is deleted on its page; one that groups exhibitors or stands is
refused with every reason, and only administrators delete."""

import pytest

from pavilion.core import roles
from pavilion.core.models import AuditEntry
from pavilion.events.models import NationalPavilion, Stand
from tests.factories import (
    CompanyFactory,
    EventFactory,
    ExhibitorFactory,
    ShowFactory,
    StandFactory,
    UserFactory,
)


@pytest.fixture
def setting(db):
    event = EventFactory(slug="adex-2026", start_date="2026-09-22", end_date="2026-09-24")
    show = ShowFactory(event=event, slug="adex-2026-show", name_en="ADEX-2026")
    pavilion = NationalPavilion.objects.create(show=show, country="IT", name_en="Italy National Pavilion")
    return event, show, pavilion, UserFactory(username="organiser", role=roles.ORGANISER_ADMIN)


def url(event, pavilion):
    return f"/organiser/events/{event.slug}/pavilions/{pavilion.pk}/delete/"


def test_an_unused_pavilion_is_deleted_and_audited(client, setting):
    event, _show, pavilion, organiser = setting
    client.force_login(organiser)
    page = client.get(f"/organiser/events/{event.slug}/pavilions/{pavilion.pk}/").content.decode()
    assert f'action="{url(event, pavilion)}"' in page
    assert client.get(url(event, pavilion)).status_code == 405
    response = client.post(url(event, pavilion), follow=True)
    assert "Deleted the pavilion Italy National Pavilion." in response.content.decode()
    assert not NationalPavilion.objects.exists()
    assert AuditEntry.objects.filter(action="pavilion.delete", object_id=str(pavilion.pk)).exists()


@pytest.mark.parametrize("holder", ["exhibitor", "stand"])
def test_a_pavilion_in_use_is_refused_with_the_reason(client, setting, holder):
    event, show, pavilion, organiser = setting
    if holder == "exhibitor":
        ExhibitorFactory(company=CompanyFactory(country="IT"), show=show, pavilion=pavilion)
        reason = "Italy National Pavilion groups 1 exhibitor: take it out of the pavilion on its page first."
    else:
        Stand.objects.filter(pk=StandFactory(show=show).pk).update(pavilion=pavilion)
        reason = "1 stand of the hall plans belongs to Italy National Pavilion: give it to no pavilion first."
    client.force_login(organiser)
    response = client.post(url(event, pavilion), follow=True)
    assert reason in response.content.decode().replace("&#x27;", "'")
    assert NationalPavilion.objects.filter(pk=pavilion.pk).exists()
    assert not AuditEntry.objects.filter(action="pavilion.delete").exists()


def test_a_pavilion_with_exhibitors_and_stands_is_refused_with_both_reasons(client, setting):
    event, show, pavilion, organiser = setting
    ExhibitorFactory(company=CompanyFactory(country="IT"), show=show, pavilion=pavilion)
    Stand.objects.filter(pk__in=[StandFactory(show=show).pk, StandFactory(show=show).pk]).update(pavilion=pavilion)
    client.force_login(organiser)
    page = client.post(url(event, pavilion), follow=True).content.decode().replace("&#x27;", "'")
    assert "Italy National Pavilion groups 1 exhibitor: take it out of the pavilion on its page first." in page
    assert "2 stands of the hall plans belong to Italy National Pavilion: give them to no pavilion first." in page
    assert NationalPavilion.objects.filter(pk=pavilion.pk).exists()


def test_only_administrators_delete(client, setting):
    event, _show, pavilion, _organiser = setting
    client.force_login(UserFactory(username="orgstaff", role=roles.ORGANISER_STAFF))
    assert client.post(url(event, pavilion)).status_code == 403
    other = NationalPavilion.objects.create(show=ShowFactory(event=EventFactory(slug="other")), country="IT",
                                            name_en="Elsewhere")
    client.force_login(setting[3])
    assert client.post(url(event, other)).status_code == 404
    assert NationalPavilion.objects.count() == 2
