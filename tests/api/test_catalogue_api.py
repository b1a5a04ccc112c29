"""The catalogue endpoints of specs/api.md: shapes, filters, pagination, errors, owner writes."""

import pytest

BASE = "/api/v1/events/adex-test"


def get(client, path, **params):
    return client.get(BASE + path, params)


def test_exhibitor_list_has_the_fixed_shape(client, catalogue):
    body = get(client, "/exhibitors").json()
    assert body["count"] == 3
    first = body["items"][0]
    assert set(first) >= {"id", "name", "country", "show", "stands", "pavilion"}
    caspian = next(item for item in body["items"] if item["name"] == "Caspian Armour Works")
    assert caspian == {"id": catalogue.exhibitor_a.pk, "name": "Caspian Armour Works", "country": "TR",
                       "show": "adex-test-show", "stands": ["A1"], "pavilion": "Türkiye National Pavilion"}


@pytest.mark.parametrize("params, names", [
    ({"show": "securex-test-show"}, ["Baltic Sentinel"]),
    ({"country": "az"}, ["Absheron Optics"]),
    ({"category": "protective-equipment"}, ["Absheron Optics"]),
    ({"q": "armour"}, ["Caspian Armour Works"]),
])
def test_exhibitor_filters(client, catalogue, params, names):
    assert [item["name"] for item in get(client, "/exhibitors", **params).json()["items"]] == names


def test_product_list_has_the_fixed_shape_and_searches(client, catalogue):
    body = get(client, "/products", q="zireh", lang="az").json()
    assert body["count"] == 2
    top = body["items"][0]
    assert set(top) >= {"id", "name", "exhibitor", "category", "control"}
    assert {item["control"] for item in body["items"]} == {"ML6", "ML13"}
    carrier = next(item for item in body["items"] if item["id"] == catalogue.carrier.pk)
    assert carrier["name"] == "Zirehli transportyor" and carrier["exhibitor"] == catalogue.exhibitor_a.pk
    assert carrier["category"] == "armoured-vehicles" and carrier["control_title"] == "Ground vehicles and components"


@pytest.mark.parametrize("params, controls", [
    ({"control": "ML6"}, ["ML6"]), ({"control": "5A002"}, ["5A002"]), ({"control": "none"}, []),
    ({"category": "radar"}, ["5A002"]), ({"q": "РЛС"}, ["5A002"]), ({"q": "armour", "control": "ML"}, ["ML6", "ML13"]),
])
def test_product_filters(client, catalogue, params, controls):
    items = get(client, "/products", **params).json()["items"]
    assert sorted(item["control"] for item in items) == sorted(controls)


def test_pagination(client, catalogue):
    body = get(client, "/products", limit=2, offset=1).json()
    assert body["count"] == 3 and len(body["items"]) == 2
    assert body["items"][0]["name"] == "Ceramic body armour plate"


@pytest.mark.parametrize("path, params, status, field", [
    ("/products", {"limit": 501}, 422, "limit"),
    ("/products", {"offset": -1}, 422, "offset"),
    ("/products", {"control": "5A0"}, 400, "control"),
    ("/products", {"category": "teapots"}, 400, "category"),
    ("/products", {"lang": "fr"}, 422, "lang"),
    ("/exhibitors", {"country": "XX"}, 400, "country"),
    ("/exhibitors", {"show": "no-such-show"}, 400, "show"),
])
def test_bad_filters_get_a_4xx_naming_the_field(client, catalogue, path, params, status, field):
    response = get(client, path, **params)
    assert response.status_code == status
    assert field in response.json()["detail"]


def test_unknown_event_exhibitor_and_product_are_404(client, catalogue):
    assert client.get("/api/v1/events/nope/products").status_code == 404
    assert "event" in client.get("/api/v1/events/nope/products").json()["detail"]
    assert get(client, "/exhibitors/999999").status_code == 404
    assert get(client, "/products/999999").status_code == 404
    assert get(client, "/products/99999999999999999999").status_code == 422


def test_single_reads(client, catalogue):
    exhibitor = get(client, f"/exhibitors/{catalogue.exhibitor_a.pk}").json()
    assert exhibitor["name"] == "Caspian Armour Works" and exhibitor["products"] == 1
    product = get(client, f"/products/{catalogue.radar.pk}", lang="ru").json()
    assert product["name"] == "Береговая РЛС наблюдения" and product["export_control_verified"] == "2025-10"


def test_categories(client, catalogue):
    body = client.get("/api/v1/categories", {"lang": "ru"}).json()
    items = body["items"]
    assert body["count"] == len(items) > 40
    naval = next(item for item in items if item["slug"] == "naval")
    assert naval["parent"] is None and naval["name"] == "Морские системы"
    assert next(item for item in items if item["slug"] == "radar")["parent"] == "c4isr-electronics"


@pytest.mark.parametrize("rows", [0, 10])
def test_list_endpoints_have_fixed_query_counts(client, catalogue, django_assert_num_queries, rows):
    from tests.exhibitors.test_views import more_rows

    more_rows(catalogue, count=rows)
    with django_assert_num_queries(4):  # event, page, stands, count
        assert get(client, "/exhibitors").status_code == 200
    with django_assert_num_queries(3):  # event, page, count
        assert get(client, "/products", q="radar").status_code == 200
    with django_assert_num_queries(5):  # event, category check, category family, page, count
        assert get(client, "/products", category="radar").status_code == 200


# Owner writes -------------------------------------------------------------------------------------

def auth(token):
    return {"HTTP_AUTHORIZATION": f"Token {token}"}


def new_product(catalogue, **overrides):
    body = {"exhibitor": catalogue.exhibitor_a.pk, "name_en": "Loitering munition", "category": "missiles-rockets",
            "control": "ML4"}
    body.update(overrides)
    return body


def test_owner_creates_updates_and_deletes_a_product(client, catalogue):
    token = catalogue.token(catalogue.admin_a)
    created = client.post(f"{BASE}/products", new_product(catalogue), content_type="application/json", **auth(token))
    assert created.status_code == 201
    product_id = created.json()["id"]
    patched = client.patch(f"{BASE}/products/{product_id}", {"name_ru": "Барражирующий боеприпас"},
                           content_type="application/json", **auth(token))
    assert patched.status_code == 200 and patched.json()["name_ru"] == "Барражирующий боеприпас"
    assert get(client, "/products", q="барраж").json()["count"] == 1
    assert client.delete(f"{BASE}/products/{product_id}", **auth(token)).status_code == 204
    assert get(client, f"/products/{product_id}").status_code == 404


def test_writes_need_a_token(client, catalogue):
    assert client.post(f"{BASE}/products", new_product(catalogue), content_type="application/json").status_code == 401
    assert client.delete(f"{BASE}/products/{catalogue.carrier.pk}",
                         HTTP_AUTHORIZATION="Token wrong").status_code == 401


def test_another_company_gets_403(client, catalogue):
    token_b = catalogue.token(catalogue.admin_b)
    response = client.patch(f"{BASE}/products/{catalogue.carrier.pk}", {"name_en": "Stolen"},
                            content_type="application/json", **auth(token_b))
    assert response.status_code == 403 and response.json()["detail"]
    assert client.delete(f"{BASE}/products/{catalogue.carrier.pk}", **auth(token_b)).status_code == 403
    assert client.post(f"{BASE}/products", new_product(catalogue), content_type="application/json",
                       **auth(token_b)).status_code == 403
    catalogue.carrier.refresh_from_db()
    assert catalogue.carrier.name_en == "Armoured personnel carrier"


@pytest.mark.parametrize("overrides, field", [
    ({"name_en": ""}, "name"), ({"control": "5A0"}, "control"), ({"category": "teapots"}, "category"),
    ({"exhibitor": 999999}, "exhibitor"), ({"control": "ML23"}, "control"),
    ({"exhibitor": True}, "exhibitor"),  # JSON true is not exhibitor 1 (a 422)
])
def test_bad_product_writes_name_the_field_and_change_nothing(client, catalogue, overrides, field):
    from pavilion.exhibitors.models import Product

    before = Product.objects.count()
    response = client.post(f"{BASE}/products", new_product(catalogue, **overrides), content_type="application/json",
                           **auth(catalogue.token(catalogue.admin_a)))
    assert response.status_code == (422 if overrides.get("exhibitor") is True else 400)
    assert field in response.json()["detail"]
    assert Product.objects.count() == before


def test_category_list_query_count_is_fixed(client, catalogue, django_assert_num_queries):
    with django_assert_num_queries(2):  # families, their children
        assert client.get("/api/v1/categories").status_code == 200
