"""GET /api/v1/events/{event}/sessions and /sessions/{id}: shape, filters, errors naming the
field, and a fixed number of queries."""

import pytest

from tests.programme.support import baku


@pytest.fixture
def url(programme):
    return f"/api/v1/events/{programme.world.event.slug}/sessions"


def test_the_list_shape_in_baku_time(client, programme, url):
    session = programme.session(interpretation="ru az", speakers=[(programme.speakers[0], "chair")])
    body = client.get(url).json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item == {
        "id": session.pk, "title": "Air defence panel", "kind": "conference", "status": "published",
        "starts_at": "2024-09-24T10:00:00+04:00", "ends_at": "2024-09-24T11:00:00+04:00", "room": "room-a",
        "room_name": "Conference room A", "track": "air-defence", "languages": ["en"], "interpretation": ["ru", "az"],
        "admission": "badge", "capacity": 100,
        "speakers": [{"id": programme.speakers[0].pk, "name": "Elnur Qasımov", "role": "chair"}],
    }
    detail = client.get(f"{url}/{session.pk}?lang=az").json()
    assert detail["title"] == "Hava hücumundan müdafiə paneli" and detail["title_ru"] == "Панель по ПВО"
    assert detail["track_name"] == "Hava hücumundan müdafiə"


def test_filters(client, programme, url):
    programme.session(title_en="Day one")
    programme.session(title_en="Day two", starts_at=baku(25, 10), ends_at=baku(25, 11), languages="az",
                      room=programme.small_room, kind="panel", track=None, title_az="", title_ru="")
    titles = lambda query: [item["title"] for item in client.get(url + query).json()["items"]]  # noqa: E731
    assert titles("?day=2024-09-25") == ["Day two"]
    assert titles("?room=room-a") == ["Day one"]
    assert titles("?track=air-defence") == ["Day one"]
    assert titles("?kind=panel") == ["Day two"]
    assert titles("?lang=az") == ["Day two"] and titles("?lang=ru") == []
    assert titles("?limit=1&offset=1") == ["Day two"]


@pytest.mark.parametrize("query, field, status", [
    ("?day=2024-10-01", "day", 400), ("?room=nowhere", "room", 400), ("?track=nothing", "track", 400),
    ("?kind=party", "kind", 400), ("?lang=xx", "lang", 400), ("?day=yesterday", "day", 422),
    ("?limit=501", "limit", 422),
])
def test_bad_filters_name_the_field(client, programme, url, query, field, status):
    response = client.get(url + query)
    assert response.status_code == status and field in response.json()["detail"]


def test_unknown_event_and_session_are_404(client, programme, url):
    assert client.get("/api/v1/events/nope/sessions").status_code == 404
    assert "session" in client.get(f"{url}/999999").json()["detail"]
    assert client.get(f"{url}/abc").status_code == 422


def test_the_list_has_a_fixed_number_of_queries(client, programme, url, django_assert_num_queries):
    programme.session(speakers=[(programme.speakers[0], "chair")])
    with django_assert_num_queries(4):
        client.get(url)
    for hour in (11, 12, 13):
        programme.session(title_en=f"Talk {hour}", starts_at=baku(24, hour), ends_at=baku(24, hour, 30),
                          speakers=[(programme.speakers[0], "chair"), (programme.speakers[1], "speaker")])
    with django_assert_num_queries(4):
        assert client.get(url).json()["count"] == 4
