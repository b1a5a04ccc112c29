"""Text written with combining marks is searched as its composed letters on SQLite and PostgreSQL alike:
"i̇" (an "i" and U+0307 COMBINING DOT ABOVE, what Turkish and Azerbaijani lowering makes of "İ"), an "İ"
written as "I" and the dot, and an "ş" written as "s" and a combining cedilla are found by "İstehsal",
"istehsal" and "şəbəkə", in the index its triggers write, after a full reindex and in the typo
vocabulary."""

import pytest
from django.db import connection

from pavilion.exhibitors import search_index, search_spelling, selectors
from pavilion.exhibitors.search_index import composed, fold, query_words
from tests.exhibitors.catalogue_data import category
from tests.factories import ProductFactory

DOT = "\u0307"  # COMBINING DOT ABOVE
CEDILLA = "\u0327"  # COMBINING CEDILLA
LOWERED = f"Yerli i{DOT}stehsal zirehli maşın"  # "Yerli İstehsal …" lowered the Turkish way
CAPITAL = f"I{DOT}STEHSAL RADARI"  # a capital İ written as I and the dot
CEDILLAS = f"Rabitə s{CEDILLA}əbəkəsi, C{CEDILLA}ənlibel"  # "Rabitə şəbəkəsi, Çənlibel": ş and Ç as letter and mark


def found(event, q) -> list[str]:
    return sorted(product.name_en for product in selectors.catalogue_products(event=event, q=q))


@pytest.fixture
def decomposed(catalogue):
    family = category("armoured-vehicles")
    for name_en, name_az in (("Local vehicle", LOWERED), ("Local radar", CAPITAL), ("Local network", CEDILLAS)):
        ProductFactory(exhibitor=catalogue.exhibitor_a, category=family, name_en=name_en, name_az=name_az)
    return catalogue


def test_folding_composes_the_text_and_drops_the_dot_of_a_lowered_capital_i():
    assert fold(LOWERED) == fold("Yerli İstehsal zirehli maşın") == "yerli istehsal zirehli masin"
    assert fold(CAPITAL) == "istehsal radari" and fold(CEDILLAS) == fold("Rabitə şəbəkəsi, Çənlibel") == "rabite sebekesi, cenlibel"
    assert composed(f"I{DOT}") == "İ" and composed("plain") == "plain"
    for typed in ("İstehsal", "istehsal", "ISTEHSAL", f"i{DOT}stehsal", f"I{DOT}stehsal"):
        assert query_words(typed, stems=False) == ["istehsal"], typed


@pytest.mark.parametrize("q", ["İstehsal", "istehsal", "ISTEHSAL", "İSTEHSAL", f"i{DOT}stehsal", "istehs",
                               "yerli istehsal", "İstehsal zirehli"])
def test_the_lowered_capital_i_is_found_however_it_is_typed(decomposed, q):
    assert "Local vehicle" in found(decomposed.event, q)


@pytest.mark.parametrize("q, expected", [
    ("İstehsal radarı", ["Local radar"]),
    ("istehsal radari", ["Local radar"]),
    ("sebekesi", ["Local network"]),
    ("şəbəkə", ["Local network"]),
    (f"s{CEDILLA}əbəkə", ["Local network"]),
    ("Çənlibel", ["Local network"]),
    ("rabitə cenli", ["Local network"]),
])
def test_letters_written_with_combining_marks_are_found(decomposed, q, expected):
    assert found(decomposed.event, q) == expected


def test_a_name_changed_to_the_decomposed_form_is_found_after_the_change_and_after_a_reindex(catalogue):
    product = ProductFactory(exhibitor=catalogue.exhibitor_a, category=category("armoured-vehicles"),
                             name_en="Renamed", name_az="Köhnə ad")
    assert found(catalogue.event, "istehsal") == []
    product.name_az = LOWERED
    product.save()
    assert found(catalogue.event, "İstehsal") == ["Renamed"]
    search_index.reindex()
    assert found(catalogue.event, "İstehsal") == ["Renamed"] == found(catalogue.event, "istehsal")


def test_the_typo_vocabulary_holds_the_folded_word(decomposed):
    vocabulary = search_spelling.vocabulary(decomposed.event.pk)
    assert "istehsal" in vocabulary.languages["az"] and f"i{DOT}stehsal" not in vocabulary.sorted_words
    correction = search_spelling.corrected(selectors.catalogue_products(event=decomposed.event, q="istehsla"),
                                           "istehsla")
    assert correction is not None and correction.shown == "istehsal"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the word table is PostgreSQL's")
def test_postgresql_indexes_the_folded_word_and_no_stray_piece(decomposed):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT word FROM {search_index.WORDS} WHERE event_id = %s", [decomposed.event.pk])
        words = {row[0] for row in cursor.fetchall()}
    assert {"istehsal", "radari", "sebekesi", "cenlibel", "rabite"} <= words
    assert not any(DOT in word or CEDILLA in word for word in words) and "stehsal" not in words
