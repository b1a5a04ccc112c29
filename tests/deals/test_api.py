"""`GET` and `POST /api/v1/events/{event}/deals`."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pavilion.core.services import api_token_create
from pavilion.deals.models import Deal
from tests.deals.test_pages import _more_deals


def _url(world, query: str = "") -> str:
    return f"/api/v1/events/{world.event.slug}/deals{query}"


def _payload(world, **overrides) -> dict:
    payload = {
        "kind": "mou", "title_en": "Memorandum on simulators", "title_ru": "Меморандум о тренажёрах",
        "parties": [{"kind": "company", "company": world.company.pk, "role": "partner"},
                    {"kind": "delegation", "delegation": world.delegation.pk}],
        "categories": [world.category.slug], "control": "none", "value": "125000.50", "currency": "EUR",
        "value_disclosed": False, "confidentiality": "parties", "signed_at": "2024-09-25T16:00:00+04:00",
        "show": world.show.slug,
    }
    payload.update(overrides)
    return payload


def _token(client, user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Token {api_token_create(actor=None, user=user)}"}


def test_the_list_is_paginated_and_costs_a_fixed_number_of_queries(world, every_state, client):
    def load(query=""):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(_url(world, query))
        assert response.status_code == 200
        return len(queries), response.json()

    _more_deals(world, 1)
    few, _body = load()
    _more_deals(world, 6)
    many, body = load()
    assert few == many and body["count"] == 2 + 7 and len(body["items"]) == 9
    first = load("?limit=4&offset=0")[1]
    second = load("?limit=4&offset=4")[1]
    assert len(first["items"]) == 4 and not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}
    item = next(i for i in body["items"] if i["title"] == "Extra deal 0")
    assert item["signed_at"] == "2024-09-24T10:00:00+04:00" and item["value"] == "100.00"
    assert [p["name"] for p in item["parties"]] == ["Talış Defence", "Anadolu Systems",
                                                    "Türkiye: Ministry of National Defence"]
    assert load("?country=TR&kind=contract")[1]["count"] == 9
    assert load("?day=2024-09-25&lang=ru")[1]["count"] == 2 + 2


@pytest.mark.parametrize("query, field", [("?country=XX", "country"), ("?limit=501", "limit"),
                                          ("?day=yesterday", "day"), ("?kind=treaty", "kind")])
def test_bad_filters_get_a_4xx_naming_the_filter(world, client, query, field):
    response = client.get(_url(world, query))
    assert 400 <= response.status_code < 500 and field in response.json()["detail"]


def test_an_unknown_event_is_a_404(world, client):
    response = client.get("/api/v1/events/nope/deals")
    assert response.status_code == 404 and "nope" in response.json()["detail"]


def test_a_party_member_records_a_deal(world, client):
    response = client.post(_url(world), _payload(world), content_type="application/json",
                           **_token(client, world.member))
    assert response.status_code == 201, response.json()
    body = response.json()
    deal = Deal.objects.get()
    assert body["id"] == deal.pk and body["announcement"] == "draft" and body["value"] == "125000.50"
    assert deal.recorded_by == world.member and deal.title_ru == "Меморандум о тренажёрах"
    assert [p["country"] for p in body["parties"]] == ["AZ", "TR"]


@pytest.mark.parametrize("overrides, field", [
    ({"parties": []}, "parties"),
    ({"currency": ""}, "currency"),
    ({"currency": "ABC"}, "currency"),
    ({"currency": "XXX"}, "currency"),  # ISO 4217's "no currency", not money
    ({"currency": "XDR"}, "currency"),
    ({"parties": [{"kind": "company", "company": 999999}]}, "parties.0.company"),
    ({"parties": [{"kind": "government", "name": "Ministry"}, {"kind": "company", "company": 1}]}, "parties"),
    ({"control": "ML0"}, "control"),
    ({"signed_at": "2025-01-01T10:00:00+04:00"}, "signed_at"),
    # in year 0 or 10000 in the event's time zone: the check itself raised OverflowError, a 500
    ({"signed_at": "0001-01-01T00:00:00+14:00"}, "signed_at"),
    ({"signed_at": "9999-12-31T23:59:59-12:00"}, "signed_at"),
    ({"categories": ["no-such-category"]}, "categories"),
    ({"show": "no-such-show"}, "show"),
    ({"kind": "treaty"}, "kind"),
    ({"parties": [{"kind": "company", "company": True}]}, "parties.0.company"),  # JSON true is not company 1
])
def test_bad_input_gets_a_4xx_naming_the_field_and_changes_nothing(world, client, overrides, field):
    response = client.post(_url(world), _payload(world, **overrides), content_type="application/json",
                           **_token(client, world.organiser))
    assert 400 <= response.status_code < 500 and field in response.json()["detail"], response.json()
    assert not Deal.objects.exists()


@pytest.mark.parametrize("who, status", [(None, 401), ("visitor", 403), ("liaison", 403)])
def test_only_the_organiser_or_a_party_member_records(world, client, who, status):
    headers = _token(client, getattr(world, who)) if who else {}
    response = client.post(_url(world), _payload(world), content_type="application/json", **headers)
    assert response.status_code == status and "detail" in response.json()
    assert not Deal.objects.exists()


def test_a_member_may_not_record_for_another_company(world, client):
    payload = _payload(world, parties=[{"kind": "company", "company": world.other_company.pk},
                                       {"kind": "government", "name": "Ministry", "country": "AZ"}])
    response = client.post(_url(world), payload, content_type="application/json", **_token(client, world.member))
    assert response.status_code == 400 and "your company" in response.json()["detail"]


def test_a_signed_in_session_reads_as_its_user(world, every_state, client):
    client.force_login(world.member)
    titles = {item["title"] for item in client.get(_url(world, "?limit=500")).json()["items"]}
    assert "Deal PARTIESDRAFT" in titles and "Deal ORGONLYDRAFT" not in titles


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_a_day_out_of_range_gets_a_422_naming_the_day(world, client, day):
    response = client.get(_url(world, f"?day={day}"))
    detail = response.json()["detail"]
    assert response.status_code == 422 and detail.startswith("query.day: ") and "is not between 1900-01-01" in detail


@pytest.mark.parametrize("currency", ["XOF", "XAF", "XCD", "XPF"])
def test_a_currency_countries_pay_in_is_kept_though_its_code_begins_with_x(world, client, currency):
    response = client.post(_url(world), _payload(world, currency=currency), content_type="application/json",
                           **_token(client, world.organiser))
    assert response.status_code == 201, response.json()
    assert Deal.objects.get().currency == currency
