"""Stands and the public directory, as a review found them: a stand too large for its area's column
(saved, then every page reading it a 500), a national pavilion's stand booked by another country's
company, a stand only asked for published as the exhibitor's, a plan linking an exhibitor the
directory does not list, an unknown hall answered with an empty list, a control character in an
imported code."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from pavilion.events import services
from pavilion.events.floorplan import hall_svg
from pavilion.events.models import Stand
from pavilion.exhibitors.models import Exhibitor
from tests.events.conftest import make_stand
from tests.factories import HallFactory, PavilionFactory


def test_a_stand_larger_than_any_stand_is_refused_with_a_message(venue):
    field = HallFactory(venue=venue.event.venue, code="OUT", name_en="Static display", width_m=1000, depth_m=1000,
                        order=3)
    with pytest.raises(ValidationError) as refused:
        make_stand(venue, "BIG", 0, 0, 1000, 1000, hall=field)
    assert refused.value.message_dict["polygon"] == ["A stand covers at most 100,000 m²."]
    assert not Stand.objects.filter(code="BIG").exists()
    assert make_stand(venue, "FIELD", 0, 0, 300, 300, hall=field).area_m2 == 90000


def test_a_national_pavilions_stand_is_for_its_countrys_companies(venue):
    pavilion = PavilionFactory(show=venue.show, country="CZ", name_en="Czechia National Pavilion")
    stand = make_stand(venue, "P1", 0, 0, pavilion=pavilion)
    venue.exhibitor_a.company.country = "AZ"
    venue.exhibitor_a.company.save(update_fields=["country"])
    with pytest.raises(ValidationError) as refused:
        services.booking_request(actor=venue.admin_a, exhibitor=venue.exhibitor_a, stand_ids=[stand.pk])
    assert refused.value.message_dict["stands"] == [
        "Stand P1 (Hall 1) is in Czechia National Pavilion, for companies of that country only."]
    stand.refresh_from_db()
    assert (stand.state, stand.exhibitor) == (Stand.State.AVAILABLE, None)
    venue.exhibitor_b.company.country = "CZ"
    venue.exhibitor_b.company.save(update_fields=["country"])
    [booking] = services.booking_request(actor=venue.admin_b, exhibitor=venue.exhibitor_b, stand_ids=[stand.pk])
    assert booking.stand == stand


def test_only_confirmed_stands_are_the_exhibitors_in_the_directory_and_the_api(venue, client):
    venue.event.is_public = True
    venue.event.save(update_fields=["is_public"])
    Exhibitor.objects.filter(pk=venue.exhibitor_a.pk).update(status=Exhibitor.Status.APPROVED)
    asked, confirmed = make_stand(venue, "R1", 0, 0), make_stand(venue, "B1", 10, 0)
    services.booking_request(actor=venue.admin_a, exhibitor=venue.exhibitor_a, stand_ids=[asked.pk])
    [booking] = services.booking_request(actor=venue.admin_a, exhibitor=venue.exhibitor_a, stand_ids=[confirmed.pk])
    services.booking_confirm(actor=venue.organiser, booking=booking)
    item = client.get(f"/api/v1/events/{venue.event.slug}/exhibitors/{venue.exhibitor_a.pk}").json()
    assert item["stands"] == ["B1"]
    page = client.get(f"/events/{venue.event.slug}/exhibitors/").content.decode()
    assert "H1/B1" in page and "H1/R1" not in page


def test_the_plan_links_only_exhibitors_the_directory_lists(venue):
    stand = make_stand(venue, "A1", 0, 0)
    [booking] = services.booking_request(actor=venue.admin_a, exhibitor=venue.exhibitor_a, stand_ids=[stand.pk])
    services.booking_confirm(actor=venue.organiser, booking=booking)
    Exhibitor.objects.filter(pk=venue.exhibitor_a.pk).update(status=Exhibitor.Status.APPROVED)
    assert f"/exhibitors/{venue.exhibitor_a.pk}/" in hall_svg(venue.hall, event=venue.event)
    Exhibitor.objects.filter(pk=venue.exhibitor_a.pk).update(status=Exhibitor.Status.APPLIED)
    drawing = hall_svg(venue.hall, event=venue.event)
    assert f"/exhibitors/{venue.exhibitor_a.pk}/" not in drawing and 'data-code="A1"' in drawing


def test_the_stands_api_names_an_unknown_hall(venue, client):
    venue.event.is_public = True
    venue.event.save(update_fields=["is_public"])
    response = client.get(f"/api/v1/events/{venue.event.slug}/stands?hall=nope")
    assert response.status_code == 404 and "hall" in response.json()["detail"]
    assert client.get(f"/api/v1/events/{venue.event.slug}/stands?hall=H1").status_code == 200


def test_an_imported_code_with_a_control_character_is_refused(venue, client):
    client.force_login(venue.organiser)
    text = "code,show,x,y,width,depth,corners,kind,price_per_m2,blocked\nZ\x0010,adex-show,0,0,6,3,,shell,,\n"
    response = client.post(f"/organiser/events/{venue.event.slug}/halls/H1/import/",
                           {"file": SimpleUploadedFile("stands.csv", text.encode(), content_type="text/csv")})
    assert response.status_code == 400
    assert "Line 2: a stand&#x27;s code holds a control character." in response.content.decode()
    assert not Stand.objects.exists()
