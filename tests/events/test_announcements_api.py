# ruff: noqa: F811 (the fixtures imported below are redefined as parameters, as pytest wants)
"""GET /api/v1/events/{event}/announcements: the public's without a token, the caller's audiences with one;
the list shape of specs/api.md, times with the event's offset, a fixed number of queries."""

import datetime

from pavilion.core.services import api_token_create
from pavilion.events.models import Announcement
from tests.events.test_announcements import NOW, event_clock, people, publish  # noqa: F401

Audience = Announcement.Audience


def url(people) -> str:
    return f"/api/v1/events/{people.event.slug}/announcements"


def token(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Token {api_token_create(actor=None, user=user)}"}



def test_the_public_reads_the_public_announcements(client, people):
    publish(people, title_en="Shuttle buses", audience=Audience.PUBLIC, expires_at=NOW + datetime.timedelta(hours=8))
    publish(people, title_en="For media", audience=Audience.MEDIA)
    response = client.get(url(people))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1 and [item["title"] for item in body["items"]] == ["Shuttle buses"]
    item = body["items"][0]
    assert item["audience"] == "public" and item["importance"] == "normal"
    assert item["published_at"] == "2024-09-24T10:00:00+04:00" and item["expires_at"] == "2024-09-24T18:00:00+04:00"


def test_a_token_adds_the_callers_audiences(client, people):
    publish(people, title_en="Shuttle buses", audience=Audience.PUBLIC)
    publish(people, title_en="For media", audience=Audience.MEDIA, title_az="Media üçün", body_az="Brifinq.")
    publish(people, title_en="For exhibitors", audience=Audience.EXHIBITORS)
    titles = {item["title"] for item in client.get(url(people), **token(people.media)).json()["items"]}
    assert titles == {"Shuttle buses", "For media"}
    titles = {item["title"] for item in client.get(url(people), {"lang": "az"}, **token(people.media)).json()["items"]}
    assert "Media üçün" in titles
    titles = {item["title"] for item in client.get(url(people), **token(people.rejected)).json()["items"]}
    assert titles == {"Shuttle buses"}


def test_bad_requests_get_a_4xx_naming_the_problem(client, people):
    assert client.get(url(people), HTTP_AUTHORIZATION="Token nonsense").status_code == 401
    response = client.get("/api/v1/events/no-such-event/announcements")
    assert response.status_code == 404 and "event" in response.json()["detail"]
    response = client.get(url(people), {"limit": 501})
    assert response.status_code == 422 and "limit" in response.json()["detail"]
    assert client.get(url(people), {"lang": "fr"}).status_code == 422


def test_pagination_and_a_fixed_number_of_queries(client, people, django_assert_num_queries):
    for index in range(6):
        publish(people, title_en=f"Notice {index}", publish_at=NOW + datetime.timedelta(minutes=index))
    headers = token(people.visitor)
    later = NOW + datetime.timedelta(minutes=10)
    from django.test import override_settings

    with override_settings(PAVILION_CLOCK=later.isoformat()):
        with django_assert_num_queries(7):  # token and user, roles, event, registrations, other ties, count, page
            body = client.get(url(people), {"limit": 2, "offset": 1}, **headers).json()
    assert body["count"] == 6 and [item["title"] for item in body["items"]] == ["Notice 4", "Notice 3"]
