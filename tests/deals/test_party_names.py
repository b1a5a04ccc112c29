"""A government body or organisation is named in English (required), Azerbaijani and Russian, like a
deal's title: the pages, the press exports and the API read it in their language, else in English."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError

from pavilion.deals import services
from pavilion.deals.models import Deal, DealParty
from pavilion.deals.services import PartyData
from tests.deals.test_api import _payload, _token, _url
from tests.deals.test_pages import _form_data

MODI = ("Ministry of Defence Industry of Azerbaijan", "Azərbaycan Respublikasının Müdafiə Sənayesi Nazirliyi",
        "Министерство оборонной промышленности Азербайджанской Республики")


def _body(name=MODI[0], name_az=MODI[1], name_ru=MODI[2]) -> PartyData:
    return PartyData(kind="government", role="buyer", name=name, name_az=name_az, name_ru=name_ru, country="AZ")


def _announced(world, **body):
    deal = world.record(parties=[world.ours(), _body(**body)])
    services.deal_announce(actor=world.organiser, deal=deal)
    return deal


def test_the_public_page_and_the_press_csv_name_the_body_in_their_language(world, client):
    _announced(world)
    for language, name in zip(("en", "az", "ru"), MODI, strict=True):
        page = client.get(f"/events/{world.event.slug}/deals/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert name in page, language
        rows = list(csv.reader(io.StringIO(b"".join(client.get(
            f"/events/{world.event.slug}/deals/press.csv", {"lang": language}).streaming_content)
            .decode("utf-8-sig"))))
        assert name in rows[1][9] and all(other not in rows[1][9] for other in MODI if other != name)


def test_a_body_without_its_other_languages_falls_back_to_english(world, client):
    _announced(world, name_az="", name_ru="")
    page = client.get(f"/events/{world.event.slug}/deals/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert MODI[0] in page


def test_the_english_name_is_required_and_each_name_is_limited(world):
    with pytest.raises(ValidationError) as raised:
        world.record(parties=[world.ours(), _body(name="")])
    assert "give the name of the body in English" in " ".join(raised.value.message_dict["parties"])
    with pytest.raises(ValidationError) as raised:
        world.record(parties=[world.ours(), _body(name_ru="я" * 251)])
    assert "the name has at most 250 characters" in " ".join(raised.value.message_dict["parties"])
    assert not Deal.objects.exists()


def test_a_company_party_keeps_no_body_names(world):
    deal = world.record(parties=[PartyData(kind="company", company=world.company, name_az="x", name_ru="y"),
                                 _body()])
    company = deal.parties.get(kind="company")
    assert (company.name, company.name_az, company.name_ru) == ("", "", "")


def test_the_form_records_the_names_in_three_languages(world, client):
    client.force_login(world.organiser)
    response = client.post(f"/events/{world.event.slug}/deals/new/", _form_data(
        world, **{"parties-1-name_az": MODI[1], "parties-1-name_ru": MODI[2]}))
    assert response.status_code == 302
    body = DealParty.objects.get(kind="government")
    assert (body.name, body.name_az, body.name_ru) == MODI
    edit = client.get(f"/events/{world.event.slug}/deals/{body.deal_id}/edit/").content.decode()
    assert MODI[1] in edit and MODI[2] in edit


def test_the_api_reads_and_takes_the_names_in_three_languages(world, client):
    payload = _payload(world, parties=[
        {"kind": "company", "company": world.company.pk},
        {"kind": "government", "name_en": MODI[0], "name_az": MODI[1], "name_ru": MODI[2], "country": "az"}])
    response = client.post(_url(world), payload, content_type="application/json", **_token(client, world.organiser))
    assert response.status_code == 201
    body = response.json()["parties"][1]
    assert (body["name"], body["name_en"], body["name_az"], body["name_ru"]) == (MODI[0], *MODI)
    listed = client.get(_url(world, "?lang=az"), **_token(client, world.organiser)).json()["items"][0]["parties"]
    assert listed[1]["name"] == MODI[1]
    assert listed[0]["name"] == listed[0]["name_en"] == "Talış Defence"


def test_the_api_takes_the_older_name_as_english_but_not_two_different_texts(world, client):
    token = _token(client, world.organiser)
    older = _payload(world, parties=[{"kind": "company", "company": world.company.pk},
                                     {"kind": "government", "name": MODI[0], "country": "AZ"}])
    response = client.post(_url(world), older, content_type="application/json", **token)
    assert response.status_code == 201 and response.json()["parties"][1]["name_en"] == MODI[0]
    both = _payload(world, parties=[{"kind": "company", "company": world.company.pk},
                                    {"kind": "government", "name": MODI[0], "name_en": "Another", "country": "AZ"}])
    response = client.post(_url(world), both, content_type="application/json", **token)
    assert response.status_code == 400 and response.json()["detail"].startswith("parties.1.name:")
    assert Deal.objects.count() == 1
