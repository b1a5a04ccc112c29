"""An event not shown to the public yet: its exhibitors book stands before the public site goes live,
the organiser and their staff preview its public pages under a banner, and everyone else is told there
is no such event."""

import pytest
from django.urls import reverse

from pavilion.core import roles
from pavilion.events import services
from pavilion.events.models import StandBooking
from tests.events.conftest import make_stand
from tests.factories import UserFactory

BANNER = "Preview: this event is not shown to the public yet."
PUBLIC_PAGES = ["events:event", "events:floorplan", "exhibitors:directory", "exhibitors:products",
                "programme:agenda", "programme:speakers", "deals:public"]


@pytest.fixture
def unpublished(venue):
    venue.event.is_public = False
    venue.event.save(update_fields=["is_public"])
    return venue


def booking_url(venue):
    return reverse("events:stand_booking", args=[venue.event.slug])


def test_an_admitted_exhibitor_books_and_cancels_before_the_event_is_published(client, unpublished):
    venue = unpublished
    stand = make_stand(venue, "A1", 0, 0)
    client.force_login(venue.admin_a)
    page = client.get(booking_url(venue))
    assert page.status_code == 200 and "A1 · Hall 1" in page.content.decode()
    assert client.post(booking_url(venue), {"exhibitor": venue.exhibitor_a.pk, "stands": [stand.pk]}).status_code == 302
    booking = StandBooking.objects.get(stand=stand)
    assert booking.exhibitor == venue.exhibitor_a and booking.status == StandBooking.Status.REQUESTED
    cancel = reverse("events:stand_booking_cancel", args=[venue.event.slug, booking.pk])
    assert client.post(cancel).status_code == 302
    booking.refresh_from_db()
    assert booking.status == StandBooking.Status.CANCELLED


def test_a_user_not_admitted_to_an_unpublished_event_is_told_there_is_no_such_event(client, unpublished):
    venue = unpublished
    stand = make_stand(venue, "A1", 0, 0)
    [booking] = services.booking_request(actor=venue.admin_a, exhibitor=venue.exhibitor_a, stand_ids=[stand.pk])
    cancel = reverse("events:stand_booking_cancel", args=[venue.event.slug, booking.pk])
    assert client.get(booking_url(venue)).status_code == 302  # to the sign-in page
    client.force_login(UserFactory(username="stranger"))
    assert client.get(booking_url(venue)).status_code == 404
    assert client.post(cancel).status_code == 404
    assert StandBooking.objects.get(pk=booking.pk).status == StandBooking.Status.REQUESTED
    venue.event.is_public = True  # published, the same user is refused as before: not an exhibitor here
    venue.event.save(update_fields=["is_public"])
    assert client.get(booking_url(venue)).status_code == 403


@pytest.mark.parametrize("role", [roles.ORGANISER_ADMIN, roles.ORGANISER_STAFF])
def test_the_organiser_and_their_staff_preview_every_public_page(client, unpublished, role):
    venue = unpublished
    client.force_login(UserFactory(username="previewer", role=role))
    for name in PUBLIC_PAGES:
        response = client.get(reverse(name, args=[venue.event.slug]))
        assert response.status_code == 200, name
    for name in ("events:event", "events:floorplan"):
        page = client.get(reverse(name, args=[venue.event.slug])).content.decode()
        assert page.count(BANNER) == 1, name
    settings_page = client.get(reverse("events:organiser_event", args=[venue.event.slug])).content.decode()
    assert f'href="{reverse("events:event", args=[venue.event.slug])}"' in settings_page  # the way to the preview


def test_anyone_else_gets_404_on_the_public_pages_of_an_unpublished_event(client, unpublished):
    venue = unpublished
    for user in (None, UserFactory(username="visitor"), venue.admin_a):
        if user is None:
            client.logout()
        else:
            client.force_login(user)
        for name in PUBLIC_PAGES:
            assert client.get(reverse(name, args=[venue.event.slug])).status_code == 404, (user, name)


def test_a_published_event_shows_no_preview_banner(client, venue):
    client.force_login(venue.organiser)
    for name in ("events:event", "events:floorplan"):
        response = client.get(reverse(name, args=[venue.event.slug]))
        assert response.status_code == 200 and BANNER not in response.content.decode()
    client.logout()
    assert BANNER not in client.get(reverse("events:event", args=[venue.event.slug])).content.decode()

