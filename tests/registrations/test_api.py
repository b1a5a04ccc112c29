"""The registration endpoints of specs/api.md, exactly, and their errors."""

import json

import pytest

from pavilion.core.models import AuditEntry
from pavilion.core.services import api_token_create
from pavilion.registrations.models import Registration
from tests.registrations.support import listed_person

BODY = {
    "category": "trade-visitor",
    "person": {"given_name": "Rauf", "family_name": "Əliyev", "birth_date": "1985-04-12", "nationality": "AZ",
               "email": "rauf@example.test", "organisation": "Azersec"},
}


@pytest.fixture
def headers(world):
    def make(user):
        return {"HTTP_AUTHORIZATION": f"Token {api_token_create(actor=None, user=user)}"}

    return make


def _post(client, world, body, headers):
    return client.post(f"/api/v1/events/{world.event.slug}/registrations", json.dumps(body),
                       content_type="application/json", **headers)


def test_create_and_read_a_registration(world, client, headers, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, world, BODY, headers(world.organiser))
    assert response.status_code == 201
    created = response.json()
    assert set(created) >= {"id", "status"}
    detail = client.get(f"/api/v1/events/{world.event.slug}/registrations/{created['id']}",
                        **headers(world.officer)).json()
    assert detail["id"] == created["id"]
    assert detail["status"] == "in-review"
    assert detail["alerts"] == []
    assert AuditEntry.objects.filter(action="vetting_record.view", actor=world.officer).count() == 1


def test_a_listed_person_shows_an_alert_and_is_not_approved(world, un_list, client, headers,
                                                           django_capture_on_commit_callbacks):
    data = listed_person()
    body = {"category": "trade-visitor", "person": {
        "given_name": data.given_name, "family_name": data.family_name, "birth_date": "1965-03-01",
        "nationality": "AF", "email": "x@example.test", "organisation": ""}}
    with django_capture_on_commit_callbacks(execute=True):
        created = _post(client, world, body, headers(world.organiser)).json()
    detail = client.get(f"/api/v1/events/{world.event.slug}/registrations/{created['id']}",
                        **headers(world.organiser)).json()
    assert detail["status"] == "in-review"
    assert detail["alerts"][0]["entry"] == "TAi.108"
    assert detail["alerts"][0]["list"] == "un-consolidated-list"
    assert 0.9 <= detail["alerts"][0]["score"] <= 1


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"category": "astronaut"}, 400, "category"),
        ({"person": {**BODY["person"], "birth_date": "2015-01-01"}}, 400, "person.birth_date"),
        ({"person": {**BODY["person"], "birth_date": "not a date"}}, 422, "birth_date"),
        ({"person": {**BODY["person"], "nationality": "XX"}}, 400, "person.nationality"),
        ({"person": {k: v for k, v in BODY["person"].items() if k != "family_name"}}, 422, "family_name"),
        ({"person": {**BODY["person"], "email": "nobody"}}, 400, "person.email"),
        ({"person": {**BODY["person"], "email": "@"}}, 400, "person.email"),
        ({"person": {**BODY["person"], "email": "rauf@"}}, 400, "person.email"),
        ({"person": {**BODY["person"], "email": "@example.test"}}, 400, "person.email"),
        ({"person": {**BODY["person"], "email": "rauf @example.test"}}, 400, "person.email"),
        ({"person": {**BODY["person"], "document_type": "id-card"}}, 400, "person.document_type"),
    ],
)
def test_bad_requests_get_a_4xx_naming_the_field(world, client, headers, change, status, field):
    response = _post(client, world, {**BODY, **change}, headers(world.organiser))
    assert response.status_code == status
    assert field in response.json()["detail"]


def test_duplicate_unknown_and_forbidden_requests(world, client, headers, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = _post(client, world, BODY, headers(world.organiser)).json()
    again = _post(client, world, BODY, headers(world.organiser))
    assert again.status_code == 400 and "already registered" in again.json()["detail"]
    assert client.get(f"/api/v1/events/nope/registrations/{first['id']}",
                      **headers(world.organiser)).status_code == 404
    missing = client.get(f"/api/v1/events/{world.event.slug}/registrations/999999", **headers(world.organiser))
    assert missing.status_code == 404 and "registration" in missing.json()["detail"]
    forbidden = client.get(f"/api/v1/events/{world.event.slug}/registrations/{first['id']}",
                           **headers(world.visitor))
    assert forbidden.status_code == 403 and forbidden.json()["detail"]
    anonymous = client.get(f"/api/v1/events/{world.event.slug}/registrations/{first['id']}")
    assert anonymous.status_code == 401
    broken = client.post(f"/api/v1/events/{world.event.slug}/registrations", "{not json",
                         content_type="application/json", **headers(world.organiser))
    assert 400 <= broken.status_code < 500


def test_an_email_without_a_name_or_domain_is_refused_and_nothing_is_registered(world, client, headers):
    before = Registration.objects.count()
    response = _post(client, world, {**BODY, "person": {**BODY["person"], "email": "@"}}, headers(world.organiser))
    assert response.status_code == 400 and "person.email" in response.json()["detail"]
    assert Registration.objects.count() == before
    padded = {**BODY, "person": {**BODY["person"], "email": "  rauf@example.test "}}
    assert _post(client, world, padded, headers(world.organiser)).status_code == 201
    assert Registration.objects.count() == before + 1


def test_exhibitor_staff_are_registered_for_the_exhibitor_named_by_id_or_by_organisation(world, client, headers):
    """specs/api.md lists exhibitor-staff among the categories of POST /registrations; before, the API
    refused them."""
    staff = {**BODY, "category": "exhibitor-staff",
             "person": {**BODY["person"], "organisation": world.exhibitor.company.name.upper()}}
    response = _post(client, world, staff, headers(world.organiser))
    assert response.status_code == 201, response.content
    assert Registration.objects.get(pk=response.json()["id"]).exhibitor == world.exhibitor
    by_id = {**staff, "exhibitor": world.exhibitor.pk,
             "person": {**staff["person"], "given_name": "Leyla", "email": "leyla@example.test"}}
    response = _post(client, world, by_id, headers(world.organiser))
    assert response.status_code == 201, response.content
    assert Registration.objects.get(pk=response.json()["id"]).exhibitor == world.exhibitor
    # The exhibitor's own rules hold as on the web: one without booked stand space has no staff places.
    quota = _post(client, world, {**by_id, "exhibitor": world.other_exhibitor.pk,
                                  "person": {**by_id["person"], "given_name": "Kamal"}}, headers(world.organiser))
    assert quota.status_code == 400 and "quota" in quota.json()["detail"]
    before = Registration.objects.count()
    for body, words in [
        ({**staff, "person": {**staff["person"], "given_name": "Nobody", "organisation": "No Such Company"}},
         "names no exhibitor"),
        ({**staff, "exhibitor": 999999, "person": {**staff["person"], "given_name": "Nobody"}}, "no exhibitor 999999"),
    ]:
        refused = _post(client, world, body, headers(world.organiser))
        assert refused.status_code == 400 and "exhibitor" in refused.json()["detail"]
        assert words in refused.json()["detail"]
    assert Registration.objects.count() == before


def test_a_missing_body_is_named_and_a_boolean_is_no_exhibitor(world, client, headers):
    """specs/api.md: a malformed request's detail names the field or object; with no body at all it named
    nothing ("Field required"). And `"exhibitor": true` was taken as exhibitor 1."""
    empty = client.post(f"/api/v1/events/{world.event.slug}/registrations", "", content_type="application/json",
                        **headers(world.organiser))
    assert empty.status_code == 422 and empty.json()["detail"].startswith("body: ")
    staff = {**BODY, "category": "exhibitor-staff", "exhibitor": True}
    refused = _post(client, world, staff, headers(world.organiser))
    assert refused.status_code == 422 and "exhibitor" in refused.json()["detail"]
    assert not Registration.objects.exists()
