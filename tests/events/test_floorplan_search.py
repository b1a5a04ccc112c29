"""The floor plan's exhibitor search folds case and letters as the exhibitor directory does, on every database
(SQLite's LIKE folds only ASCII letters, so "неман" did not find "Неман")."""

import pytest
from django.urls import reverse

from pavilion.events import selectors, services
from tests.events.conftest import make_stand
from tests.factories import CompanyFactory, ExhibitorFactory


@pytest.fixture
def held(venue):
    """Three stands, each held by a company whose name is written with letters SQLite does not fold."""
    stands = {}
    for index, (name, legal_name) in enumerate([
        ("Неман Оборона", "ООО «НЕМАН»"),
        ("Xəzər Dəniz Sistemləri", "XƏZƏR MMC"),
        ("Murovdağ Texnologiya", "Murovdağ Texnologiya MMC"),
    ]):
        exhibitor = ExhibitorFactory(company=CompanyFactory(name=name, legal_name=legal_name), show=venue.show)
        stand = make_stand(venue, f"F{index}", index * 8, 0)
        services.booking_request(actor=venue.organiser, exhibitor=exhibitor, stand_ids=[stand.pk])
        stands[name.split()[0]] = stand
    return stands


def codes(venue, query):
    return [stand.code for stand in selectors.stands_matching_exhibitor(venue.event, query)]


@pytest.mark.parametrize("query, name", [
    ("Неман", "Неман"), ("неман", "Неман"), ("НЕМАН", "Неман"), ("нЕмАн обор", "Неман"),
    ("Xəzər", "Xəzər"), ("XƏZƏR", "Xəzər"), ("Xezer", "Xəzər"), ("xezer deniz", "Xəzər"), ("SİSTEMLƏRİ", "Xəzər"),
    ("Murovdag", "Murovdağ"), ("MUROVDAĞ", "Murovdağ"), ("murovdağ mmc", "Murovdağ"),
])
def test_the_search_folds_case_and_azerbaijani_letters(venue, held, query, name):
    assert codes(venue, query) == [held[name].code]


def test_every_word_must_match_and_a_blank_query_finds_nothing(venue, held):
    assert codes(venue, "неман xezer") == []
    assert codes(venue, "  ") == [] and codes(venue, "«»") == []


def test_the_page_highlights_what_the_folded_search_finds(client, venue, held):
    url = reverse("events:floorplan", kwargs={"event": venue.event.slug})
    html = client.get(url, {"q": "неман"}, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert f'id="stand-{held["Неман"].pk}" class="stand state-reserved highlight"' in html
    assert "highlight" not in html.split(f'id="stand-{held["Xəzər"].pk}"')[1].split(">")[0]


def test_the_plan_alone_and_the_whole_page_are_told_apart_by_browsers(client, venue, held):
    """One address answers htmx with the plan alone and a browser with the whole page: the answer varies on
    HX-Request (so Back does not show the fragment), and htmx's history restore gets the whole page."""
    url = reverse("events:floorplan", kwargs={"event": venue.event.slug})
    fragment = client.get(url, {"q": "неман"}, HTTP_HX_REQUEST="true")
    restored = client.get(url, {"q": "неман"}, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    whole = client.get(url, {"q": "неман"})
    assert "HX-Request" in fragment["Vary"] and "HX-Request" in whole["Vary"]
    assert "<html" not in fragment.content.decode()
    assert "<html" in restored.content.decode() and "<html" in whole.content.decode()
