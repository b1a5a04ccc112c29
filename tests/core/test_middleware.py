"""A Content-Length that is not a number in ASCII digits is answered with a plain 400 before anything
reads the body, on forms and on the API (Django's int() took "١٢" as 12 and raised on "²": a 500),
and nothing is stored."""

import json
import logging

import pytest

from pavilion.core.services import api_token_create
from pavilion.registrations.models import Person, Registration
from tests.registrations.support import _registration_settings, world  # noqa: F401

# Arabic-Indic, superscript, full-width and Devanagari digits; a sign, an underscore, spaces, words.
BAD_LENGTHS = ["١٢", "²", "１２", "१२", "-1", "+12", "1_0", " 12", "12 ", "0x10", "twelve"]
FORM = {"given_name": "Nigar", "family_name": "Abbasova", "nationality": "AZ", "birth_date": "1992-07-01",
        "email": "nigar@example.test", "language": "az", "document_type": "passport",
        "document_number": "C07777777", "document_country": "AZ", "organisation": "Azercosmos"}
API_BODY = {"category": "trade-visitor", "person": {
    "given_name": "Rauf", "family_name": "Əliyev", "birth_date": "1985-04-12", "nationality": "AZ",
    "email": "rauf@example.test", "organisation": "Azersec"}}


def _refused(response) -> None:
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Content-Length" in response.content.decode()


@pytest.mark.parametrize("length", BAD_LENGTHS)
def test_a_form_post_with_a_bad_length_is_refused_and_stores_nothing(world, client, length, caplog):  # noqa: F811
    with caplog.at_level(logging.DEBUG):
        response = client.post(f"/events/{world.event.slug}/register/trade-visitor/", FORM, CONTENT_LENGTH=length)
    _refused(response)
    assert not Person.objects.exists()
    assert "Abbasova" not in caplog.text and "nigar@" not in caplog.text  # no personal data in the log


@pytest.mark.parametrize("length", BAD_LENGTHS)
def test_an_api_post_with_a_bad_length_is_refused(world, client, length):  # noqa: F811
    headers = {"HTTP_AUTHORIZATION": f"Token {api_token_create(actor=None, user=world.organiser)}"}
    response = client.post(f"/api/v1/events/{world.event.slug}/registrations", json.dumps(API_BODY),
                           content_type="application/json", CONTENT_LENGTH=length, **headers)
    _refused(response)
    assert not Registration.objects.exists()


def test_the_sign_in_form_too_and_in_the_page_language(client, db):
    response = client.post("/accounts/login/", {"username": "x", "password": "y"}, CONTENT_LENGTH="²",
                           headers={"accept-language": "ru"})
    assert response.status_code == 400 and response["Content-Language"] == "ru"


@pytest.mark.parametrize("length", ["", None])
def test_a_good_length_an_empty_one_or_none_passes(world, client, length):  # noqa: F811
    url = f"/events/{world.event.slug}/register/trade-visitor/"
    extra = {} if length is None else {"CONTENT_LENGTH": length}
    assert client.get(url, **extra).status_code == 200
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})  # ASCII digits, as sent
    assert response.status_code == 200
