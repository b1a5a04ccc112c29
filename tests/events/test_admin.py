import json

import pytest
from django.urls import reverse

from pavilion.events import services
from pavilion.events.models import Event, Hall, NationalPavilion, Organiser, Show, Stand, StandBooking, Venue
from tests.events.conftest import make_stand
from tests.factories import ExhibitorFactory, UserFactory

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


def test_stand_admin_keeps_the_exhibitor_at_the_stands_show(superuser_client, venue):
    securex = ExhibitorFactory(show=venue.other_show)
    response = superuser_client.post(reverse("admin:events_stand_add"),
                                     stand_form(venue, state="booked", exhibitor=securex.pk))
    assert response.status_code == 200 and "This exhibitor is at Securex, not at ADEX." in response.content.decode()
    assert not Stand.objects.filter(code="B1").exists()


@pytest.mark.parametrize(("state", "with_exhibitor", "message"), [
    ("booked", False, "A reserved or booked stand needs its exhibitor."),
    ("reserved", False, "A reserved or booked stand needs its exhibitor."),
    ("available", True, "An available or blocked stand has no exhibitor: clear the field."),
    ("blocked", True, "An available or blocked stand has no exhibitor: clear the field."),
])
def test_stand_admin_matches_the_state_and_the_exhibitor(superuser_client, venue, state, with_exhibitor, message):
    stand = make_stand(venue, "A1", 0, 0)
    data = stand_form(venue, code="A1", polygon=json.dumps(stand.polygon), state=state,
                      exhibitor=venue.exhibitor_a.pk if with_exhibitor else "")
    response = superuser_client.post(reverse("admin:events_stand_change", args=[stand.pk]), data)
    assert response.status_code == 200 and message in response.content.decode()
    stand.refresh_from_db()
    assert (stand.state, stand.exhibitor_id) == ("available", None)
    good = stand_form(venue, code="A1", polygon=json.dumps(stand.polygon), state="booked", exhibitor=venue.exhibitor_a.pk)
    assert superuser_client.post(reverse("admin:events_stand_change", args=[stand.pk]), good).status_code == 302
    stand.refresh_from_db()
    assert (stand.state, stand.exhibitor_id) == ("booked", venue.exhibitor_a.pk)


def test_stand_admin_leaves_a_stand_with_an_open_booking_to_the_booking_pages(superuser_client, venue):
    stand = make_stand(venue, "A1", 0, 0)
    services.booking_request(actor=venue.admin_a, exhibitor=venue.exhibitor_a, stand_ids=[stand.pk])
    data = stand_form(venue, code="A1", polygon=json.dumps(stand.polygon), state="available", exhibitor="")
    response = superuser_client.post(reverse("admin:events_stand_change", args=[stand.pk]), data)
    assert response.status_code == 200 and "has a requested booking" in response.content.decode()
    stand.refresh_from_db()
    assert (stand.state, stand.exhibitor_id) == ("reserved", venue.exhibitor_a.pk)


def test_stand_bookings_are_shown_and_not_edited_in_the_admin(superuser_client, venue):
    """A cancelled booking was set back to confirmed there while its stand stayed available."""
    stand = make_stand(venue, "A1", 0, 0)
    booking = services.booking_request(actor=venue.admin_a, exhibitor=venue.exhibitor_a, stand_ids=[stand.pk])[0]
    services.booking_cancel(actor=venue.admin_a, booking=booking)
    change = reverse("admin:events_standbooking_change", args=[booking.pk])
    assert superuser_client.get(change).status_code == 200  # shown, read-only
    response = superuser_client.post(change, {"stand": stand.pk, "exhibitor": venue.exhibitor_b.pk,
                                              "status": "confirmed", "note": "", "language": "en"})
    assert response.status_code == 403
    assert superuser_client.get(reverse("admin:events_standbooking_add")).status_code == 403
    delete = reverse("admin:events_standbooking_delete", args=[booking.pk])
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403
    booking.refresh_from_db()
    assert (booking.status, booking.exhibitor_id) == ("cancelled", venue.exhibitor_a.pk)
    stand.refresh_from_db()
    assert stand.state == "available"
