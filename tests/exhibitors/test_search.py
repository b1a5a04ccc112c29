"""Full-text search of the catalogue on the database in use (SQLite FTS5 or PostgreSQL)."""

import pytest
from django.db import connection

from pavilion.exhibitors import search_index, selectors, services
from pavilion.exhibitors.models import Exhibitor, Product
from pavilion.exhibitors.search_index import fold, query_words
from tests.exhibitors.catalogue_data import category
from tests.factories import EventFactory, ExhibitorFactory, ProductFactory, ShowFactory


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
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {search_index.ROWS}")
        if connection.vendor == "sqlite":
            cursor.execute(f"DELETE FROM {search_index.TEXT}")
        else:
            cursor.execute(f"DELETE FROM {search_index.WORDS}")
    assert names(catalogue, "carrier") == []
    written = services.product_search_reindex()
    assert written == 3  # the published products of approved exhibitors
    assert names(catalogue, "carrier") == ["Armoured personnel carrier"]
    assert services.product_search_reindex([catalogue.carrier.pk]) == 1


def test_a_reindex_of_chosen_products_writes_what_the_triggers_wrote(catalogue):
    """reindex() runs the refresh's statements itself for a list of products (planned for its size); they
    must give the rows the database's own refresh gave on every write."""
    table = search_index.WORDS if connection.vendor == "postgresql" else search_index.ROWS

    def rows():
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM {table} ORDER BY 1, 2, 3")
            return cursor.fetchall()

    written = rows()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"DELETE FROM {search_index.TEXT} WHERE rowid IN "
                           f"(SELECT search_key FROM {search_index.ROWS} WHERE product_id = %s)", [catalogue.carrier.pk])
        cursor.execute(f"DELETE FROM {table} WHERE product_id = %s", [catalogue.carrier.pk])
    assert names(catalogue, "carrier") == [] and rows() != written
    assert services.product_search_reindex([catalogue.carrier.pk, catalogue.radar.pk]) == 2
    assert rows() == written
    assert names(catalogue, "carrier") == ["Armoured personnel carrier"]


def test_an_exhibitor_withdrawn_or_approved_again_leaves_or_rejoins_the_search(catalogue):
    catalogue.exhibitor_a.status = Exhibitor.Status.WITHDRAWN
    catalogue.exhibitor_a.save()
    assert names(catalogue, "carrier") == []
    Exhibitor.objects.filter(pk=catalogue.exhibitor_a.pk).update(status=Exhibitor.Status.APPROVED)  # no signal
    assert names(catalogue, "carrier") == ["Armoured personnel carrier"]
    services.product_update(actor=catalogue.admin_a, product=catalogue.carrier, is_published=False)
    assert names(catalogue, "carrier") == []


def test_another_event_at_the_venue_is_not_searched(catalogue):
    later = ShowFactory(event=EventFactory(venue=catalogue.event.venue, slug="adex-later"))
    ProductFactory(exhibitor=ExhibitorFactory(show=later), category=category("radar"), name_en="Coastal radar 2026")
    assert names(catalogue, "coastal") == ["Coastal surveillance radar"]
    assert selectors.catalogue_products(event=later.event, q="coastal").count() == 1


def test_the_exhibitor_filter_applies_with_search(catalogue):
    assert names(catalogue, "armour", exhibitor=catalogue.exhibitor_c) == ["Ceramic body armour plate"]


@pytest.fixture
def broad(catalogue):
    """A broad query: 'zireh' is in 600 products, most only in their descriptions, and the best match
    (the shortest name holding the word) was added last, so it has the highest id."""
    family = category("body-armour")
    exhibitor = catalogue.exhibitor_c
    Product.objects.bulk_create(
        [Product(exhibitor=exhibitor, category=family, name_en=f"Vest model {n} with pouches and plates",
                 description_az="Yüngül zireh, sərhəd qüvvələri üçün.") for n in range(450)]
        + [Product(exhibitor=exhibitor, category=family, name_en=f"Zirehli jilet {n} modul versiya",
                   description_en="Body armour.") for n in range(150)]
    )
    best = ProductFactory(exhibitor=exhibitor, category=family, name_en="Zireh")
    services.product_search_reindex()
    return best


def test_a_broad_query_puts_the_best_match_first_and_counts_exactly(catalogue, broad):
    results = selectors.catalogue_products(event=catalogue.event, q="zireh")
    # 600 + the best match + the carrier and the plate (whose Azerbaijani names hold "zireh...").
    assert results.count() == 603
    first_page = list(results[0:30])
    assert first_page[0] == broad
    assert all(product.name_en.startswith(("Zireh", "Armoured", "Ceramic")) for product in first_page)
    assert len({product.pk for product in results}) == 603  # iterating gives every match once


def test_a_page_within_the_candidates_is_the_page_of_the_full_ranking(catalogue, broad):
    results = selectors.catalogue_products(event=catalogue.event, q="zireh")
    full = [product.pk for product in results]  # iteration ranks every match
    assert [product.pk for product in results[0:30]] == full[:30]
    assert [product.pk for product in results[30:60]] == full[30:60]
    assert [product.pk for product in results[570:600]] == full[570:600]  # past the candidates
    assert list(results[603:633]) == [] and results.count() == 603


@pytest.mark.parametrize("size", [30, 37])
def test_paging_through_a_broad_query_shows_every_match_once(catalogue, size):
    """Before, on SQLite the pages within the candidates (the first matches in key order, short names
    first) ranked only them and the later pages every match: matches outside the candidates that rank
    high (long names saying the word many times) came on no page, and candidates came twice."""
    family, exhibitor = category("body-armour"), catalogue.exhibitor_c
    Product.objects.bulk_create(
        [Product(exhibitor=exhibitor, category=family, name_en=f"Qalxan {n}") for n in range(450)]
        + [Product(exhibitor=exhibitor, category=family, name_en=f"Qalxan qalxan qalxan qalxan qalxan qalxan {n}")
           for n in range(100)])
    services.product_search_reindex()
    results = selectors.catalogue_products(event=catalogue.event, q="qalxan")
    assert results.count() == 550
    seen = []
    for offset in range(0, 550, size):
        seen += [product.pk for product in selectors.catalogue_products(event=catalogue.event, q="qalxan")[
            offset:offset + size]]
    assert len(seen) == len(set(seen)) == 550


def test_counts_are_exact_with_filters(catalogue, broad):
    assert selectors.catalogue_products(event=catalogue.event, q="zireh", control="ML").count() == 2
    assert selectors.catalogue_products(event=catalogue.event, q="zireh", category="armoured-vehicles").count() == 1
    assert selectors.catalogue_products(event=catalogue.event, q="zireh jilet").count() == 150
    assert selectors.catalogue_products(event=catalogue.event, q="nothing-like-this").count() == 0


@pytest.mark.parametrize("q", ["zireh", "zireh jilet"])  # one word (PostgreSQL: the words' b-tree) and two
def test_a_page_past_the_last_match_is_empty_and_the_count_still_exact(catalogue, broad, q):
    first = selectors.catalogue_products(event=catalogue.event, q=q)
    expected = first.count()
    results = selectors.catalogue_products(event=catalogue.event, q=q)  # no count known yet
    assert list(results[5000:5030]) == []
    assert results.count() == expected > 0


def test_query_words_fold_and_split():
    assert fold("ŞƏKİ Ağdam") == "seki agdam"
    assert query_words("T-72, 5A002!") == ["t", "72", "5a002"]
    assert query_words("") == []


def test_a_longer_name_that_matches_better_is_still_found_among_many_shorter_ones(catalogue):
    family = category("body-armour")
    Product.objects.bulk_create([Product(exhibitor=catalogue.exhibitor_c, category=family, name_en=f"Zireh model {n}")
                                 for n in range(450)])
    best = ProductFactory(exhibitor=catalogue.exhibitor_c, category=family, name_en="Zireh zireh zireh model",
                          description_az="Zireh sinfi Br4.")
    services.product_search_reindex()
    results = selectors.catalogue_products(event=catalogue.event, q="zireh")
    assert next(iter(results)) == best  # the full ranking: the word thrice in the name and in the description
    assert results[0:30][0] == best  # the page, ranked among the candidates only


def test_products_holding_many_words_of_the_typed_prefix_are_counted_once_and_ranked_as_in_full(catalogue):
    # Six words starting with "zireh" in each name: on PostgreSQL the first word entries hold fewer
    # products than the first pages need, so the search reads them all.
    family = category("body-armour")
    Product.objects.bulk_create([Product(exhibitor=catalogue.exhibitor_c, category=family,
                                         name_en=f"Zireh zirehli zirehi zirehe zirehsiz zirehler {n}")
                                 for n in range(130)])
    services.product_search_reindex()
    results = selectors.catalogue_products(event=catalogue.event, q="zireh")
    full = [product.pk for product in results]
    assert results.count() == len(full) == len(set(full)) == 132  # and the carrier and the plate
    assert [product.pk for product in results[0:30]] == full[:30]
    assert [product.pk for product in results[90:120]] == full[90:120]
    assert [product.pk for product in results[120:150]] == full[120:150]


@pytest.mark.parametrize("q, expected", [
    ("береговой", "Coastal surveillance radar"),  # masculine typed, "Береговая" stored
    ("керамический", "Ceramic body armour plate"),
    ("surveillance radars", "Coastal surveillance radar"),  # a plural typed, the singular stored
    ("carriers", "Armoured personnel carrier"),
])
def test_a_word_typed_with_another_ending_finds_the_product(catalogue, q, expected):
    assert names(catalogue, q) == [expected]


def test_words_are_cut_to_their_stem_only_where_safe():
    assert query_words("Бронированный автомобиль") == ["бронирова", "автомобил"]
    assert query_words("armoured vehicles") == ["armour", "vehicl"]
    # No stem that is not a prefix of the word, or shorter than four letters; codes and numbers as typed.
    assert query_words("happy ship 5A002 ML4 radar") == ["happy", "ship", "5a002", "ml4", "radar"]
    assert query_words("maşınları") == ["masinlari"]  # Azerbaijani: the English rules do not cut it


def test_stems_never_cut_much_nor_azerbaijani_words_nor_names_in_the_directory(catalogue):
    # English would cut "operations" to "oper" and "polis" (police, in Azerbaijani) to "poli".
    assert query_words("operations polis Talış tavas") == ["operations", "polis", "talis", "tavas"]
    assert query_words("vehicles", stems=False) == ["vehicles"]
    # The directory's name search compares names as typed: "tavas" is not "Vltava" cut short.
    ExhibitorFactory(show=catalogue.exhibitor_a.show, company__name="Vltava Ballistics")
    assert selectors._named(catalogue.event, "tavas") == []
