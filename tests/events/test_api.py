import datetime
import zoneinfo

import pytest

from pavilion.core.services import api_token_create
from pavilion.events import services
from pavilion.events.models import Stand, StandBooking
from tests.events.conftest import make_stand


@pytest.fixture
def stands(venue):
    free = make_stand(venue, "A1", 0, 0)
    blocked = make_stand(venue, "A2", 10, 0)
    securex = make_stand(venue, "S1", 0, 10, show=venue.other_show)
    in_hall_2 = make_stand(venue, "H2-1", 0, 0, hall=venue.second_hall)
    services.stand_block(actor=venue.organiser, stand=blocked)
    return {"free": free, "blocked": blocked, "securex": securex, "hall_2": in_hall_2}


def auth(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Token {api_token_create(actor=None, user=user)}"}


def base(venue) -> str:
    return f"/api/v1/events/{venue.event.slug}"


def test_shows_and_halls(client, venue, stands, django_assert_num_queries):
    with django_assert_num_queries(3):
        shows = client.get(f"{base(venue)}/shows").json()
    assert shows["count"] == 2 and {item["slug"] for item in shows["items"]} == {"adex-show", "securex-show"}
    with django_assert_num_queries(3):
        halls = client.get(f"{base(venue)}/halls").json()
    assert [(hall["code"], hall["stands"]) for hall in halls["items"]] == [("H1", 3), ("H2", 1)]
    assert halls["items"][0]["width_m"] == 40.0


def test_stands_are_filtered_and_paginated_with_a_fixed_query_count(client, venue, stands,
                                                                      django_assert_num_queries):
    with django_assert_num_queries(3):
        everything = client.get(f"{base(venue)}/stands").json()
    assert everything["count"] == 4
    first = next(item for item in everything["items"] if item["code"] == "A1")
    assert first == {"id": stands["free"].pk, "code": "A1", "hall": "H1", "show": "adex-show", "kind": "shell",
                     "state": "available", "area_m2": 18.0, "polygon": [[0, 0], [6, 0], [6, 3], [0, 3]],
                     "exhibitor": None, "exhibitor_name": None, "pavilion": None}
    for index in range(6):
        make_stand(venue, f"M{index}", index * 5, 15, 4, 4)
    with django_assert_num_queries(4):  # the show filter checks the show exists
        adex = client.get(f"{base(venue)}/stands?show=adex-show&hall=H1&state=available&limit=2&offset=1").json()
    assert adex["count"] == 7 and len(adex["items"]) == 2
    assert client.get(f"{base(venue)}/stands?state=blocked").json()["items"][0]["code"] == "A2"


@pytest.mark.parametrize(
    ("query", "status", "field"),
    [("limit=501", 422, "limit"), ("limit=0", 422, "limit"), ("offset=-1", 422, "offset"),
     ("state=lost", 422, "state"), ("show=nope", 404, "show")],
)
def test_bad_list_parameters_name_the_field(client, venue, stands, query, status, field):
    response = client.get(f"{base(venue)}/stands?{query}")
    assert response.status_code == status and field in response.json()["detail"]


def test_unknown_event_is_a_404_naming_the_event(client, db):
    response = client.get("/api/v1/events/nowhere/stands")
    assert response.status_code == 404 and "event" in response.json()["detail"]


def test_an_exhibitor_admin_requests_a_stand_and_the_organiser_confirms(client, venue, stands):
    url = f"{base(venue)}/stands/{stands['free'].pk}/bookings"
    response = client.post(url, {"note": "near the entrance"}, content_type="application/json", **auth(venue.admin_a))
    assert response.status_code == 201, response.content
    booking = response.json()
    assert booking["status"] == "requested" and booking["exhibitor"] == venue.exhibitor_a.pk
    assert booking["stand_code"] == "A1"
    confirm = f"{base(venue)}/bookings/{booking['id']}/confirm"
    assert client.post(confirm, **auth(venue.admin_a)).status_code == 403
    confirmed = client.post(confirm, **auth(venue.organiser))
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"
    assert Stand.objects.get(pk=stands["free"].pk).state == Stand.State.BOOKED
    again = client.post(confirm, **auth(venue.organiser))
    assert again.status_code == 400 and "status" in again.json()["detail"]


def test_booking_errors_are_4xx_naming_the_field(client, venue, stands):
    token = auth(venue.admin_a)

    def post(stand_id, body=None, **headers):
        return client.post(f"{base(venue)}/stands/{stand_id}/bookings", body or {},
                           content_type="application/json", **headers)

    assert post(stands["free"].pk).status_code == 401
    blocked = post(stands["blocked"].pk, **token)
    assert blocked.status_code == 400 and "stands" in blocked.json()["detail"] and "blocked" in blocked.json()["detail"]
    other_show = post(stands["securex"].pk, **token)
    assert other_show.status_code == 403 and "exhibitor" in other_show.json()["detail"]
    missing = post(987654, **token)
    assert missing.status_code == 404 and "stand" in missing.json()["detail"]
    too_long = post(stands["free"].pk, {"note": "x" * 600}, **token)
    assert too_long.status_code == 422 and "note" in too_long.json()["detail"]
    as_true = post(stands["free"].pk, {"exhibitor": True}, **token)  # JSON true is not exhibitor 1
    assert as_true.status_code == 422 and "exhibitor" in as_true.json()["detail"]
    assert post(2**70, **token).status_code in (404, 422)
    assert not StandBooking.objects.exists()


def test_exhibitor_a_cannot_book_for_or_cancel_exhibitor_b_through_the_api(client, venue, stands):
    url = f"{base(venue)}/stands/{stands['free'].pk}/bookings"
    for_b = client.post(url, {"exhibitor": venue.exhibitor_b.pk}, content_type="application/json",
                        **auth(venue.admin_a))
    assert for_b.status_code == 403 and "exhibitor" in for_b.json()["detail"]
    booking = client.post(url, {}, content_type="application/json", **auth(venue.admin_b)).json()
    cancel = f"{base(venue)}/bookings/{booking['id']}/cancel"
    assert client.post(cancel, **auth(venue.admin_a)).status_code == 403
    assert StandBooking.objects.get(pk=booking["id"]).status == StandBooking.Status.REQUESTED
    assert client.post(cancel, **auth(venue.admin_b)).json()["status"] == "cancelled"


def test_booking_list_shows_the_organiser_everything_and_an_exhibitor_their_own(client, venue, stands,
                                                                                 django_assert_num_queries):
    extra = [make_stand(venue, f"E{index}", index * 5, 15, 4, 4) for index in range(4)]
    for index, stand in enumerate(extra):
        admin, exhibitor = [(venue.admin_a, venue.exhibitor_a), (venue.admin_b, venue.exhibitor_b)][index % 2]
        services.booking_request(actor=admin, exhibitor=exhibitor, stand_ids=[stand.pk])
    organiser, admin_a = auth(venue.organiser), auth(venue.admin_a)
    with django_assert_num_queries(5):  # token and user, roles, event, count, page: nothing per booking
        everything = client.get(f"{base(venue)}/bookings", **organiser).json()
    assert everything["count"] == 4
    mine = client.get(f"{base(venue)}/bookings?status=requested", **admin_a).json()
    assert mine["count"] == 2 and {item["exhibitor"] for item in mine["items"]} == {venue.exhibitor_a.pk}
    from tests.factories import UserFactory

    assert client.get(f"{base(venue)}/bookings", **auth(UserFactory())).status_code == 403


@pytest.mark.parametrize("clock", ["", "2024-09-24T10:00:00+04:00", "2024-09-24T06:00:00Z"])
def test_a_bookings_times_read_the_same_in_the_events_zone_from_every_endpoint(client, venue, stands, settings,
                                                                               clock):
    """The request gave the clock's offset (+04:00 with PAVILION_CLOCK) and the list and decisions UTC."""
    settings.PAVILION_CLOCK = clock
    offset = datetime.datetime.now(zoneinfo.ZoneInfo(venue.event.time_zone)).strftime("%z")
    offset = f"{offset[:3]}:{offset[3:]}"
    created = client.post(f"{base(venue)}/stands/{stands['free'].pk}/bookings", {}, content_type="application/json",
                          **auth(venue.admin_a)).json()
    listed = client.get(f"{base(venue)}/bookings", **auth(venue.organiser)).json()["items"][0]
    confirmed = client.post(f"{base(venue)}/bookings/{created['id']}/confirm", **auth(venue.organiser)).json()
    assert created["requested_at"] == listed["requested_at"] == confirmed["requested_at"]
    assert created["requested_at"].endswith(offset) and confirmed["decided_at"].endswith(offset)
    moment = datetime.datetime.fromisoformat(created["requested_at"])
    stored = StandBooking.objects.get(pk=created["id"]).requested_at
    assert abs(moment - stored) < datetime.timedelta(milliseconds=1)  # the same moment, to the millisecond
    if clock:
        assert moment == datetime.datetime.fromisoformat(clock)
