"""An exhibitor's show does not change in the back office: its stands, bookings, staff and products
are at that show (an exhibitor moved to another show kept stands of the first)."""

import pytest

from pavilion.exhibitors.models import Exhibitor
from tests.factories import ExhibitorFactory, PavilionFactory, ShowFactory, StandFactory

pytestmark = pytest.mark.django_db


def test_an_exhibitors_show_is_read_only_on_change(admin_client):
    exhibitor = ExhibitorFactory()
    StandFactory(show=exhibitor.show, exhibitor=exhibitor, state="booked")
    other = ShowFactory(event=exhibitor.show.event)
    url = f"/admin/exhibitors/exhibitor/{exhibitor.pk}/change/"
    assert 'name="show"' not in admin_client.get(url).content.decode()
    response = admin_client.post(url, {"company": exhibitor.company_id, "show": other.pk, "pavilion": "",
                                       "status": "withdrawn", "categories": []})
    assert response.status_code == 302
    exhibitor.refresh_from_db()
    assert exhibitor.status == "withdrawn" and exhibitor.show_id != other.pk  # the rest is still edited
    # A new exhibitor still chooses its show.
    assert 'name="show"' in admin_client.get("/admin/exhibitors/exhibitor/add/").content.decode()
    assert Exhibitor.objects.count() == 1


def test_an_exhibitor_joins_only_a_pavilion_of_its_show_and_country(admin_client):
    exhibitor = ExhibitorFactory(company__country="IT")
    url = f"/admin/exhibitors/exhibitor/{exhibitor.pk}/change/"
    italian = PavilionFactory(show=exhibitor.show, country="IT", name_en="Italy National Pavilion")
    turkish = PavilionFactory(show=exhibitor.show, country="TR")
    elsewhere = PavilionFactory(show=ShowFactory(event=exhibitor.show.event), country="IT")
    for pavilion in (turkish, elsewhere):
        response = admin_client.post(url, {"company": exhibitor.company_id, "pavilion": pavilion.pk,
                                           "status": "approved", "categories": []})
        assert response.status_code == 200 and "must be of this show" in response.content.decode()
    response = admin_client.post(url, {"company": exhibitor.company_id, "pavilion": italian.pk, "status": "approved",
                                       "categories": []})
    assert response.status_code == 302
    exhibitor.refresh_from_db()
    assert exhibitor.pavilion == italian
