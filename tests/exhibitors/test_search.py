"""Full-text search of the catalogue on the database in use (SQLite FTS5 or PostgreSQL)."""

import pytest
from django.db import connection

from pavilion.exhibitors import selectors, services
from pavilion.exhibitors.search_index import fold, query_words
from tests.exhibitors.catalogue_data import category
from tests.factories import ProductFactory


def names(catalogue, q, **filters):
    return [p.name_en for p in selectors.catalogue_products(event=catalogue.event, q=q, **filters)]


@pytest.mark.parametrize("q, expected", [
    ("carrier", "Armoured personnel carrier"),
    ("transportyor", "Armoured personnel carrier"),
    ("Бронетранспортёр", "Armoured personnel carrier"),
    ("radarı", "Coastal surveillance radar"),
    ("РЛС", "Coastal surveillance radar"),
    ("бронепласт", "Ceramic body armour plate"),
])
def test_each_language_finds_its_product(catalogue, q, expected):
    assert names(catalogue, q) == [expected]


@pytest.mark.parametrize("q", ["zireh", "Zir", "ZIREHLI", "bədən zir"])
def test_partly_typed_words_match_by_prefix(catalogue, q):
    assert "Armoured personnel carrier" in names(catalogue, q) or "Ceramic body armour plate" in names(catalogue, q)


def test_azerbaijani_letters_fold_to_their_plain_forms(catalogue):
    assert names(catalogue, "bedeN") == ["Ceramic body armour plate"]
    assert names(catalogue, "musahide") == ["Coastal surveillance radar"]
    assert names(catalogue, "Бронетранспортер") == ["Armoured personnel carrier"]  # ё typed as е


def test_a_name_match_ranks_above_a_description_match(catalogue):
    # "armour..." is in the names of the carrier and the plate, and only in the radar's description.
    found = names(catalogue, "armour")
    assert set(found) == {"Armoured personnel carrier", "Ceramic body armour plate", "Coastal surveillance radar"}
    assert found[-1] == "Coastal surveillance radar"


def test_every_word_must_match(catalogue):
    assert names(catalogue, "armour plate") == ["Ceramic body armour plate"]
    assert names(catalogue, "armour nothing-like-this") == []


def test_unpublished_products_and_punctuation_only_queries_find_nothing(catalogue):
    assert names(catalogue, "hidden draft") == []
    assert names(catalogue, "*** \"' -") == []


def test_filters_apply_with_search(catalogue):
    assert names(catalogue, "armour", category="protective-equipment") == ["Ceramic body armour plate"]
    assert names(catalogue, "armour", control="ML6") == ["Armoured personnel carrier"]
    assert names(catalogue, "armour", control="dual-use") == ["Coastal surveillance radar"]


def test_writes_keep_the_index_current(catalogue):
    services.product_update(actor=catalogue.admin_b, product=catalogue.radar, name_az="Dəniz radarı")
    assert names(catalogue, "deniz") == ["Coastal surveillance radar"]
    assert names(catalogue, "sahil") == []
    services.product_delete(actor=catalogue.admin_b, product=catalogue.radar)
    assert names(catalogue, "deniz") == []
    created = ProductFactory(exhibitor=catalogue.exhibitor_a, category=category("helicopters"),
                             name_ru="Ударный вертолёт")
    assert names(catalogue, "вертол") == [created.name_en]


def test_reindex_repairs_a_damaged_index(catalogue):
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM exhibitors_product_search")
        assert names(catalogue, "carrier") == []
    written = services.product_search_reindex()
    assert written >= 4
    assert names(catalogue, "carrier") == ["Armoured personnel carrier"]
    assert services.product_search_reindex([catalogue.carrier.pk]) == 1


def test_query_words_fold_and_split():
    assert fold("ŞƏKİ Ağdam") == "seki agdam"
    assert query_words("T-72, 5A002!") == ["t", "72", "5a002"]
    assert query_words("") == []
