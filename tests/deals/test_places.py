"""A deal's place of signing is content in three languages, like its title: the public pages, the
deal's page, the form, the API and the press exports give it in the reader's language, else in English."""

import csv
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from pavilion.core.services import api_token_create
from pavilion.deals import services
from pavilion.deals.models import Deal
from tests.deals.support import at
from tests.factories import EventFactory

PLACES = {"place_en": "Signing area, Hall 2", "place_az": "İmzalanma zonası, 2 saylı zal",
          "place_ru": "Зона подписания, зал 2"}


def _announced(world, **overrides) -> Deal:
    values = {"title_az": "Patrul qayıqlarının tədarükü", "title_ru": "Поставка патрульных катеров", **PLACES}
    deal = world.record(**{**values, **overrides})
    services.deal_announce(actor=world.organiser, deal=deal)
    return deal


@pytest.mark.parametrize("language, key", [("en", "place_en"), ("az", "place_az"), ("ru", "place_ru")])
def test_the_public_page_and_the_deal_page_give_the_place_in_the_readers_language(world, client, language, key):
    deal = _announced(world)
    for url in (f"/events/{world.event.slug}/deals/", f"/events/{world.event.slug}/deals/{deal.pk}/"):
        html = client.get(url, headers={"accept-language": language}).content.decode()
        assert PLACES[key] in html, url
        assert not [other for name, other in PLACES.items() if name != key and other in html], url


def test_a_place_given_in_english_only_is_shown_in_english_on_every_page(world, client):
    deal = _announced(world, place_az="", place_ru="")
    for language in ("az", "ru"):
        for url in (f"/events/{world.event.slug}/deals/", f"/events/{world.event.slug}/deals/{deal.pk}/"):
            assert PLACES["place_en"] in client.get(url, headers={"accept-language": language}).content.decode()


def test_the_deal_model_reads_its_place_in_the_active_language():
    deal = Deal(**PLACES)
    for language, key in (("en", "place_en"), ("az", "place_az"), ("ru", "place_ru")):
        with translation.override(language):
            assert deal.place == PLACES[key]
    with translation.override("ru"):
        assert Deal(place_en="Stand A1").place == "Stand A1"
        assert Deal(place_az="A1 stendi").place == "A1 stendi"  # no English: any language that has one


def test_the_service_trims_the_places_and_refuses_one_too_long_on_its_field(world):
    deal = world.record(place_en="  Stand A1 ", place_ru=" Стенд A1")
    assert (deal.place_en, deal.place_az, deal.place_ru) == ("Stand A1", "", "Стенд A1")
    with pytest.raises(ValidationError) as refused:
        services.deal_update(actor=world.organiser, deal=deal, place_az="x" * 201)
    assert list(refused.value.message_dict) == ["place_az"]
    deal.refresh_from_db()
    assert deal.place_az == ""
    services.deal_update(actor=world.organiser, deal=deal, place_az="A1 stendi")
    deal.refresh_from_db()
    assert deal.place_az == "A1 stendi"


def test_the_form_records_and_shows_the_place_in_three_languages(world, client):
    from tests.deals.test_pages import _form_data

    client.force_login(world.organiser)
    data = {**_form_data(world), **PLACES}
    response = client.post(f"/events/{world.event.slug}/deals/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    deal = Deal.objects.get()
    assert (deal.place_en, deal.place_az, deal.place_ru) == tuple(PLACES.values())
    form = client.get(f"/events/{world.event.slug}/deals/{deal.pk}/edit/").content.decode()
    for name, value in PLACES.items():
        assert f'name="{name}"' in form and f'value="{value}"' in form
    assert 'name="place"' not in form
    data["place_ru"] = "я" * 201
    client.post(f"/events/{world.event.slug}/deals/{deal.pk}/edit/", data)
    deal.refresh_from_db()
    assert deal.place_ru == PLACES["place_ru"]


def _token(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Token {api_token_create(actor=None, user=user)}"}


def test_the_api_lists_the_place_in_the_language_asked_for_and_in_every_language(world, client):
    _announced(world)
    url = f"/api/v1/events/{world.event.slug}/deals"
    for lang, key in (("", "place_en"), ("?lang=az", "place_az"), ("?lang=ru", "place_ru")):
        item = client.get(url + lang).json()["items"][0]
        assert item["place"] == PLACES[key]
        assert {name: item[name] for name in PLACES} == PLACES


def _payload(world, **place) -> dict:
    return {"kind": "loi", "title_en": "Letter on radars", "parties": [{"kind": "company", "company": world.company.pk}],
            "confidentiality": "parties", "signed_at": "2024-09-25T16:00:00+04:00", **place}


def test_the_api_records_the_place_in_three_languages_and_takes_place_as_the_english_one(world, client):
    url = f"/api/v1/events/{world.event.slug}/deals"
    response = client.post(url, _payload(world, **PLACES), content_type="application/json",
                           **_token(world.organiser))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["place"] == PLACES["place_en"] and body["place_ru"] == PLACES["place_ru"]
    deal = Deal.objects.get(pk=body["id"])
    assert (deal.place_en, deal.place_az, deal.place_ru) == tuple(PLACES.values())
    response = client.post(url, _payload(world, place="Stand A1", title_en="Letter on sonars"),
                           content_type="application/json", **_token(world.organiser))
    assert response.status_code == 201, response.json()
    assert Deal.objects.get(pk=response.json()["id"]).place_en == "Stand A1"


@pytest.mark.parametrize("place, field", [
    ({"place": "Stand A1", "place_en": "Stand B2"}, "place"),
    ({"place_az": "x" * 201}, "place_az"),
    ({"place_ru": 12}, "place_ru"),
])
def test_a_bad_place_in_the_api_gets_a_4xx_naming_the_field_and_changes_nothing(world, client, place, field):
    response = client.post(f"/api/v1/events/{world.event.slug}/deals", _payload(world, **place),
                           content_type="application/json", **_token(world.organiser))
    assert 400 <= response.status_code < 500 and field in response.json()["detail"], response.json()
    assert not Deal.objects.exists()


def _streamed(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("language, key", [("en", "place_en"), ("az", "place_az"), ("ru", "place_ru")])
def test_the_press_exports_give_the_place_in_their_language_and_in_every_language(world, client, language, key):
    _announced(world)
    base = f"/events/{world.event.slug}/deals/press"
    rows = list(csv.reader(io.StringIO(_streamed(client.get(f"{base}.csv?lang={language}")).decode("utf-8-sig"))))
    workbook = openpyxl.load_workbook(io.BytesIO(_streamed(client.get(f"{base}.xlsx?lang={language}"))),
                                      read_only=True)
    sheet = [["" if cell is None else str(cell) for cell in row] for row in workbook.active.iter_rows(values_only=True)]
    for header, row in (rows, sheet):
        place = header.index({"en": "Place", "az": "Yer", "ru": "Место"}[language])
        assert row[place] == PLACES[key]
        assert row[place + 1:place + 4] == list(PLACES.values())
        assert len(header) == len(row) == place + 4


@pytest.mark.django_db(transaction=True)
def test_the_migration_copies_the_old_place_into_the_english_one():
    event = EventFactory(slug="old-event")  # the events app is not migrated back: its rows stay
    before, after = [("deals", "0001_initial")], [("deals", "0002_place_in_languages")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = MigrationExecutor(connection).loader.project_state(before).apps.get_model("deals", "Deal")
        old.objects.create(event_id=event.pk, kind="mou", title_en="Old deal", signed_at=at(25), created_at=at(25),
                           place="VIP lounge, Hall 1")
        old.objects.create(event_id=event.pk, kind="mou", title_en="Deal with no place", signed_at=at(25),
                           created_at=at(25))
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        new = MigrationExecutor(connection).loader.project_state(after).apps.get_model("deals", "Deal")
        assert dict(new.objects.values_list("title_en", "place_en")) == {"Old deal": "VIP lounge, Hall 1",
                                                                          "Deal with no place": ""}
        assert set(new.objects.values_list("place_az", "place_ru")) == {("", "")}
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
