import pytest
from django.urls import reverse

from pavilion.events.models import Event, Hall, NationalPavilion, Organiser, Show, Stand, StandBooking, Venue
from tests.events.conftest import make_stand
from tests.factories import UserFactory

MODELS = [Organiser, Venue, Event, Show, Hall, NationalPavilion, Stand, StandBooking]


@pytest.fixture
def superuser_client(client, venue):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_every_model_has_a_searchable_filterable_changelist(superuser_client, venue, model):
    make_stand(venue, "A1", 0, 0)
    url = reverse(f"admin:events_{model._meta.model_name}_changelist")
    response = superuser_client.get(url, {"q": "A"})
    assert response.status_code == 200
    changelist = response.context["cl"]
    assert changelist.search_fields and changelist.model_admin.list_filter


def stand_form(venue, **overrides):
    data = {"show": venue.show.pk, "hall": venue.hall.pk, "code": "B1", "polygon": "[[2, 1], [8, 1], [8, 4], [2, 4]]",
            "kind": "shell", "state": "available", "pavilion": "", "exhibitor": "", "price_per_m2": ""}
    data.update(overrides)
    return data


def test_stand_admin_refuses_an_overlap_naming_the_other_stand(superuser_client, venue):
    make_stand(venue, "A1", 0, 0)
    response = superuser_client.post(reverse("admin:events_stand_add"), stand_form(venue))
    assert response.status_code == 200 and "overlaps stand A1" in response.content.decode()
    assert Stand.objects.count() == 1


def test_stand_admin_computes_the_area(superuser_client, venue):
    response = superuser_client.post(reverse("admin:events_stand_add"), stand_form(venue, polygon="[[0,0],[5,0],[5,4],[0,4]]"))
    assert response.status_code == 302
    assert Stand.objects.get(code="B1").area_m2 == 20
