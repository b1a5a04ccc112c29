"""The organiser changes an exhibitor on its own page: its status at the show and its national pavilion;
withdrawing gives its stands back (bookings cancelled, stands available, audited) and takes it out
of the directory; a wrong pavilion or status changes nothing; only administrators change."""

import pytest

from pavilion.core import roles
from pavilion.core.models import AuditEntry
from pavilion.events.models import NationalPavilion, Stand, StandBooking
from pavilion.exhibitors.models import Exhibitor
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
    exhibitor = ExhibitorFactory(company=CompanyFactory(name="Anadolu Savunma", country="TR"), show=show)
    turkish = NationalPavilion.objects.create(show=show, country="TR", name_en="Türkiye National Pavilion")
    italian = NationalPavilion.objects.create(show=show, country="IT", name_en="Italy National Pavilion")
    organiser = UserFactory(username="organiser", role=roles.ORGANISER_ADMIN)
    confirmed, requested, given, other = (StandFactory(show=show, code=code) for code in ("A1", "A2", "A3", "B1"))
    StandBooking.objects.create(stand=confirmed, exhibitor=exhibitor, status="confirmed")
    StandBooking.objects.create(stand=requested, exhibitor=exhibitor, status="requested")
    Stand.objects.filter(pk=confirmed.pk).update(state="booked", exhibitor=exhibitor)
    Stand.objects.filter(pk=requested.pk).update(state="reserved", exhibitor=exhibitor)
    Stand.objects.filter(pk=given.pk).update(state="booked", exhibitor=exhibitor)  # set on the hall page
    rival = ExhibitorFactory(show=show)
    StandBooking.objects.create(stand=other, exhibitor=rival, status="confirmed")
    Stand.objects.filter(pk=other.pk).update(state="booked", exhibitor=rival)
    return event, exhibitor, turkish, italian, organiser


def url(event, exhibitor):
    return f"/organiser/events/{event.slug}/exhibitors/{exhibitor.pk}/"


def test_withdrawing_gives_the_stands_back_and_leaves_the_directory(client, setting):
    event, exhibitor, _turkish, _italian, organiser = setting
    client.force_login(organiser)
    directory = f"/events/{event.slug}/exhibitors/"
    assert "Anadolu Savunma" in client.get(directory).content.decode()
    page = client.get(url(event, exhibitor)).content.decode()
    assert "A1" in page and "Withdrawing gives back every stand" in page
    assert f'href="{url(event, exhibitor)}"' in client.get(f"/organiser/events/{event.slug}/exhibitors/").content.decode()
    response = client.post(url(event, exhibitor), {"status": "withdrawn"}, follow=True)
    assert response.status_code == 200
    text = response.content.decode()
    assert "is withdrawn" in text and "Stands A1" in text and "A3" in text and "are available again" in text
    exhibitor.refresh_from_db()
    assert exhibitor.status == "withdrawn"
    assert set(Stand.objects.filter(code__in=["A1", "A2", "A3"]).values_list("state", flat=True)) == {"available"}
    assert not Stand.objects.filter(exhibitor=exhibitor).exists()
    assert set(StandBooking.objects.filter(exhibitor=exhibitor).values_list("status", flat=True)) == {"cancelled"}
    assert Stand.objects.get(code="B1").state == "booked"  # another company's stand is untouched
    entry = AuditEntry.objects.get(action="exhibitor.update", object_id=str(exhibitor.pk))
    assert entry.before["status"] == "approved" and sorted(entry.after["stands_released"]) == ["A1", "A2", "A3"]
    assert AuditEntry.objects.filter(action="stand.release").count() == 1
    assert "Anadolu Savunma" not in client.get(directory).content.decode()
    # Approved again, it is back in the directory; the stands stay available for anyone.
    client.post(url(event, exhibitor), {"status": "approved"})
    exhibitor.refresh_from_db()
    assert exhibitor.status == "approved" and "Anadolu Savunma" in client.get(directory).content.decode()
    assert Stand.objects.get(code="A1").state == "available"


def test_the_pavilion_is_set_and_taken_away(client, setting):
    event, exhibitor, turkish, _italian, organiser = setting
    client.force_login(organiser)
    assert client.post(url(event, exhibitor), {"status": "approved", "pavilion": turkish.pk}).status_code == 302
    exhibitor.refresh_from_db()
    assert exhibitor.pavilion == turkish
    assert Stand.objects.get(code="A1").state == "booked"  # no withdrawal, no stand moved
    client.post(url(event, exhibitor), {"status": "approved", "pavilion": ""})
    exhibitor.refresh_from_db()
    assert exhibitor.pavilion is None
    assert AuditEntry.objects.filter(action="exhibitor.update").count() == 2


@pytest.mark.parametrize("data, field", [
    ({"status": "approved", "pavilion": "italian"}, "pavilion"),
    ({"status": "deleted"}, "status"),
    ({}, "status"),
])
def test_a_wrong_change_is_a_form_error_and_changes_nothing(client, setting, data, field):
    event, exhibitor, _turkish, italian, organiser = setting
    client.force_login(organiser)
    if data.get("pavilion") == "italian":
        data = {**data, "pavilion": italian.pk}
    response = client.post(url(event, exhibitor), data)
    assert response.status_code == 400 and field in response.context["form"].errors
    exhibitor.refresh_from_db()
    assert exhibitor.status == "approved" and exhibitor.pavilion is None
    assert not AuditEntry.objects.filter(action="exhibitor.update").exists()


def test_the_service_refuses_another_countrys_pavilion(setting):
    from django.core.exceptions import ValidationError

    from pavilion.exhibitors import services

    _event, exhibitor, _turkish, italian, organiser = setting
    with pytest.raises(ValidationError, match="company's country"):
        services.exhibitor_update(actor=organiser, exhibitor=exhibitor, status="approved", pavilion=italian)


def test_staff_see_the_page_and_only_administrators_change(client, setting):
    event, exhibitor, *_rest = setting
    client.force_login(UserFactory(username="orgstaff", role=roles.ORGANISER_STAFF))
    page = client.get(url(event, exhibitor))
    assert page.status_code == 200 and page.context["form"] is None
    assert client.post(url(event, exhibitor), {"status": "withdrawn"}).status_code == 403
    client.force_login(UserFactory(username="visitor", role=roles.TRADE_VISITOR))
    assert client.get(url(event, exhibitor)).status_code == 403
    assert Exhibitor.objects.get(pk=exhibitor.pk).status == "approved"
    assert Stand.objects.get(code="A1").state == "booked"


def test_an_exhibitor_of_another_event_is_not_found(client, setting):
    event, _exhibitor, _turkish, _italian, organiser = setting
    elsewhere = ExhibitorFactory(show=ShowFactory(event=EventFactory(slug="other")))
    client.force_login(organiser)
    assert client.get(url(event, elsewhere)).status_code == 404
