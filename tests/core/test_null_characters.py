"""A NUL character (U+0000) in the address, a query parameter or a JSON body is answered with a 400
that names where it is, and nothing is stored. PostgreSQL refuses a NUL in any text value, stored or
compared, so each of these was a 500 there (SQLite took the NUL and stored it). A form's field is
the form's to refuse, next to the field."""

import json

import pytest

from pavilion.accreditation.models import Device, Gate
from pavilion.accreditation.services import device_enrol
from pavilion.core.middleware import null_character_field
from pavilion.core.services import api_token_create
from pavilion.registrations.models import Person, Registration
from tests.registrations.support import _registration_settings, world  # noqa: F401

PERSON = {"given_name": "Rauf", "family_name": "Əliyev", "birth_date": "1985-04-12", "nationality": "AZ",
          "email": "rauf@example.test", "organisation": "Azersec"}


def _token(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Token {api_token_create(actor=None, user=user)}"}


def _refused_json(response, field: str) -> None:
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["detail"].startswith(f"{field}: ")
    assert body["errors"] == [{"field": field, "message": body["detail"].removeprefix(f"{field}: ")}]


@pytest.mark.parametrize("field", ["given_name", "family_name", "patronymic", "name_original_script",
                                   "organisation", "email"])
def test_an_api_registration_with_a_nul_in_a_name_is_refused_and_stores_nothing(world, client, field):  # noqa: F811
    body = {"category": "trade-visitor", "person": {**PERSON, field: "Ra\x00uf"}}
    response = client.post(f"/api/v1/events/{world.event.slug}/registrations", json.dumps(body),
                           content_type="application/json", **_token(world.organiser))
    _refused_json(response, f"person.{field}")
    assert "Ra\x00uf" not in response.content.decode() and "Rauf" not in response.content.decode()
    assert not Person.objects.exists() and not Registration.objects.exists()


def test_a_device_named_with_a_nul_is_refused(world, client):  # noqa: F811
    from pavilion.accreditation import defaults

    defaults.set_up(actor=world.organiser, event=world.event)
    gate = Gate.objects.filter(event=world.event).first()
    response = client.post(f"/api/v1/events/{world.event.slug}/devices", {"name": "Hall\x00 1", "gate": gate.code},
                           content_type="application/json", **_token(world.organiser))
    _refused_json(response, "name")
    assert not Device.objects.exists()


def test_a_scan_with_a_nul_is_refused_before_the_gate_is_read(world, client):  # noqa: F811
    from pavilion.accreditation import defaults

    defaults.set_up(actor=world.organiser, event=world.event)
    gate = Gate.objects.filter(event=world.event).first()
    _device, raw = device_enrol(actor=world.organiser, gate=gate, name="Hall scanner")
    body = {"qr": "x", "gate": gate.code, "direction": "in", "scanned_at": "2024-09-24T12:00:00+04:00",
            "nonce": "n\x001"}
    response = client.post("/api/v1/scans", body, content_type="application/json",
                           headers={"Authorization": f"Device {raw}"})
    _refused_json(response, "nonce")


@pytest.mark.parametrize("query", ["q", "show", "category", "country"])
def test_an_api_list_filter_with_a_nul_is_refused(world, client, query):  # noqa: F811
    response = client.get(f"/api/v1/events/{world.event.slug}/exhibitors", {query: "a\x00"})
    _refused_json(response, query)


def test_an_api_address_with_a_nul_is_refused(world, client):  # noqa: F811
    response = client.get("/api/v1/events/%00/shows")
    _refused_json(response, "path")
    assert response.json()["detail"] == "path: the address contains a NUL character (U+0000), which no text may contain."


def test_a_json_body_that_is_one_string_with_a_nul_is_refused(world, client):  # noqa: F811
    response = client.post(f"/api/v1/events/{world.event.slug}/registrations", json.dumps("\x00"),
                           content_type="application/json", **_token(world.organiser))
    _refused_json(response, "body")


def test_a_page_filter_with_a_nul_gets_a_plain_400_in_the_page_language(world, client):  # noqa: F811
    response = client.get(f"/events/{world.event.slug}/exhibitors/", {"q": "\x00"}, headers={"accept-language": "en"})
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().startswith("Bad request: q contains a NUL character")


def test_a_form_field_with_a_nul_is_left_to_the_form(world, client):  # noqa: F811
    form = {"given_name": "Ni\x00gar", "family_name": "Abbasova", "nationality": "AZ", "birth_date": "1992-07-01",
            "email": "nigar@example.test", "language": "az", "document_type": "passport",
            "document_number": "C07777777", "document_country": "AZ"}
    response = client.post(f"/events/{world.event.slug}/register/trade-visitor/", form)
    assert response.status_code == 400 and "Null characters are not allowed" in response.content.decode()
    assert not Person.objects.exists()


def test_a_clean_request_passes(world, client):  # noqa: F811
    body = {"category": "trade-visitor", "person": {**PERSON, "organisation": "back\\u0000slash"}}
    response = client.post(f"/api/v1/events/{world.event.slug}/registrations", json.dumps(body),
                           content_type="application/json", **_token(world.organiser))
    assert response.status_code == 201, response.content
    assert client.get(f"/api/v1/events/{world.event.slug}/exhibitors", {"q": "Caspian"}).status_code == 200


@pytest.mark.parametrize(("data", "field"), [
    ({"a": {"b": ["x", "y\x00"]}}, "a.b.1"), ({"k\x00": 1}, "k\x00"), ("\x00", ""), ({"a": [1, None, True]}, None),
])
def test_the_field_named_is_the_first_holding_a_nul(data, field):
    assert null_character_field(data) == field


def test_a_nul_in_a_gate_scans_qr_text_is_the_views_to_answer_but_nowhere_else():
    from django.http import QueryDict

    from pavilion.core.middleware import null_field_in

    query = QueryDict("")
    batch = {"scans": [{"qr": "PV1:x\x00", "nonce": "n-1"}, {"qr": "ok", "nonce": "n\x002"}]}
    assert null_field_in("/api/v1/scans/batch", query, batch) == "scans.1.nonce"
    assert null_field_in("/api/v1/scans/batch", query, {"scans": [{"qr": "PV1:x\x00", "nonce": "n-1"}]}) is None
    assert null_field_in("/api/v1/scans", query, {"qr": "\x00", "gate": "hall-1-a"}) is None
    assert null_field_in("/api/v1/scans", query, {"qr": "ok", "gate": "hall\x00"}) == "gate"
    assert null_field_in("/api/v1/badges", query, {"qr": "\x00"}) == "qr"  # only the gate scans' QR text
