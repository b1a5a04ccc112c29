"""The catalogue's search: the same word finds the same products however its i's are cased, and a word the
catalogue does not hold is searched as the nearest words it holds (typo tolerance)."""

import pytest
from django.urls import reverse

from pavilion.exhibitors import search, search_spelling, selectors, services
from pavilion.exhibitors.models import Product
from pavilion.exhibitors.search_index import fold, query_words
from tests.exhibitors.catalogue_data import category
from tests.factories import ProductFactory


def names(results):
    return sorted(product.name_en for product in results)


def found(catalogue, q):
    return names(selectors.catalogue_products(event=catalogue.event, q=q))


def corrected(catalogue, q):
    return search_spelling.corrected(selectors.catalogue_products(event=catalogue.event, q=q), q)


def products_url(catalogue):
    return reverse("exhibitors:products", kwargs={"event": catalogue.event.slug})


# İ, ı, I, i ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["zirehli", "ZIREHLI", "ZİREHLİ", "zİrehlİ", "Zırehlı", "zi\u0307rehli\u0307"])
def test_every_way_of_writing_the_i_is_one_word_cut_alike(typed):
    assert fold(typed.replace("\u0307", "")) == "zirehli"
    assert query_words(typed) == query_words("zirehli")


def test_a_capital_dotted_i_finds_what_the_plain_word_finds(catalogue):
    family = category("armoured-vehicles")
    ProductFactory(exhibitor=catalogue.exhibitor_a, category=family, name_en="Light vehicle", name_az="Zirehlər")
    expected = found(catalogue, "zirehli")
    assert "Light vehicle" in expected and "Armoured personnel carrier" in expected
    for typed in ("ZİREHLİ", "zİrehlİ", "ZIREHLI"):
        assert found(catalogue, typed) == expected, typed


# Typo tolerance ------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed, shown, expected", [
    ("armored", "armoured", ["Armoured personnel carrier", "Ceramic body armour plate", "Coastal surveillance radar"]),
    ("survelance radar", "surveillance radar", ["Coastal surveillance radar"]),
    ("zirhli", "zirehli", ["Armoured personnel carrier", "Ceramic body armour plate"]),  # "zireh..." both
    ("Бронетранспартёр", "бронетранспортер", ["Armoured personnel carrier"]),
    ("кирамическая", "керамическая", ["Ceramic body armour plate"]),
    ("бронепласт", None, ["Ceramic body armour plate"]),  # held (a start of a word): searched as typed
])
def test_a_word_the_catalogue_does_not_hold_is_searched_as_the_nearest_it_holds(catalogue, typed, shown, expected):
    correction = corrected(catalogue, typed)
    if shown is None:
        assert correction is None and found(catalogue, typed) == expected
        return
    assert found(catalogue, typed) == []
    assert correction.shown == shown
    assert names(correction.search) == expected


def test_a_partly_typed_word_is_corrected_to_the_start_of_the_nearest_words(catalogue):
    correction = corrected(catalogue, "керамич бронеплас")
    assert correction is None  # both held
    correction = corrected(catalogue, "керомич")
    assert correction.shown == "керамич" and names(correction.search) == ["Ceramic body armour plate"]


@pytest.mark.parametrize("typed", [
    "rdar",  # under five letters: too short to tell a typo from another word
    "qwertyuiop",  # nothing near
    "бронеавтомобиль",  # a compound nothing near: nothing is invented
    "armour qwertyuiop",  # every word must match: one without anything near finds nothing
    "5A003",  # codes are not corrected
])
def test_nothing_is_proposed_when_nothing_is_near(catalogue, typed):
    assert corrected(catalogue, typed) is None


def test_a_search_that_finds_something_is_never_changed(catalogue, django_assert_num_queries):
    results = selectors.catalogue_products(event=catalogue.event, q="armour")
    with django_assert_num_queries(1):  # the search itself: no vocabulary read
        assert search_spelling.corrected(results, "armour") is None


def test_a_word_is_corrected_to_any_of_its_nearest_spellings(catalogue):
    family = category("armoured-vehicles")
    ProductFactory(exhibitor=catalogue.exhibitor_a, category=family, name_en="Patrol boat")
    ProductFactory(exhibitor=catalogue.exhibitor_a, category=family, name_en="Patrol boot")
    # "boaot" is one edit from both "boat" and "boot" (and from the start of no longer word).
    correction = corrected(catalogue, "patrol boaot")
    assert names(correction.search) == ["Patrol boat", "Patrol boot"]
    assert isinstance(correction.search.words[1], tuple) and set(correction.search.words[1]) == {"boat", "boot"}


def test_alternative_spellings_match_any_of_them(catalogue):
    results = search.ProductSearch(products=Product.objects.all(), words=[("carrier", "plate")],
                                   filters=search.Filters(event_id=catalogue.event.pk))
    assert names(results) == ["Armoured personnel carrier", "Ceramic body armour plate"] and results.count() == 2
    results = search.ProductSearch(products=Product.objects.all(), words=["armour", ("carrier", "radar")],
                                   filters=search.Filters(event_id=catalogue.event.pk, control="ML6"))
    assert names(results) == ["Armoured personnel carrier"]


def test_the_vocabulary_is_built_once_per_index_version(catalogue):
    event_id = catalogue.event.pk
    first = search_spelling.vocabulary(event_id)
    assert search_spelling.vocabulary(event_id) is first
    assert corrected(catalogue, "helicoptr") is None
    ProductFactory(exhibitor=catalogue.exhibitor_a, category=category("helicopters"), name_en="Attack helicopter")
    assert search_spelling.vocabulary(event_id) is not first
    assert names(corrected(catalogue, "helicoptr").search) == ["Attack helicopter"]
    services.product_update(actor=catalogue.admin_b, product=catalogue.radar, name_en="Coastal watch radar")
    assert corrected(catalogue, "survelance") is None  # the word left the catalogue with the edit


def test_the_vocabulary_keeps_each_language_apart():
    vocabulary = search_spelling.Vocabulary.of([
        ("Armoured carrier", "", "Zirehli transportyor", "", "Бронетранспортёр", "Защита"),
        ("Radar", "", "Radar", "", "Радар", ""),
    ])
    assert vocabulary.languages["en"] == {"armoured": 1, "carrier": 1, "radar": 1}
    assert vocabulary.languages["az"]["radar"] == 1 and vocabulary.languages["ru"]["радар"] == 1
    assert vocabulary.nearest("защиты") == ["защита"]  # a Cyrillic word is compared with Cyrillic words
    assert vocabulary.nearest("carier") == ["carrier"]


# The page ----------------------------------------------------------------------------------------

def test_the_page_says_what_it_searched_for_and_links_to_the_words_as_typed(client, catalogue):
    page = client.get(products_url(catalogue), {"q": "armored", "control": "ML6"}).content.decode()
    assert "Showing results for “armoured”" in page and "Armoured personnel carrier" in page
    assert "Search instead for “armored”" in page and "exact=1" in page and "control=ML6" in page
    exact = client.get(products_url(catalogue), {"q": "armored", "exact": "1"}).content.decode()
    assert "Showing results for" not in exact and "Armoured personnel carrier" not in exact
    assert "No product matches." in exact
    plain = client.get(products_url(catalogue), {"q": "armoured"}).content.decode()
    assert "Showing results for" not in plain and "Armoured personnel carrier" in plain


def test_the_correction_comes_with_the_results_htmx_swaps_in(client, catalogue):
    partial = client.get(products_url(catalogue), {"q": "zirhli"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "Showing results for “zirehli”" in partial


def test_the_count_quotes_the_query_in_the_page_language(client, catalogue):
    page = client.get(products_url(catalogue), {"q": "радар"}, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "«радар»" in page and "“радар”" not in page
    page = client.get(products_url(catalogue), {"q": "radar"}).content.decode()
    assert "“radar”" in page


# History -------------------------------------------------------------------------------------------

def test_the_results_and_the_page_are_told_apart_by_caches_and_htmx_gets_the_page_back(client, catalogue):
    partial = client.get(products_url(catalogue), {"q": "radar"}, HTTP_HX_REQUEST="true")
    assert "HX-Request" in partial["Vary"]  # Back from another page must not show the results alone
    restored = client.get(products_url(catalogue), {"q": "radar"}, HTTP_HX_REQUEST="true",
                          HTTP_HX_HISTORY_RESTORE_REQUEST="true").content.decode()
    assert "<html" in restored and 'value="radar"' in restored


def test_typing_replaces_the_address(client, catalogue):
    page = client.get(products_url(catalogue)).content.decode()
    assert 'hx-replace-url="true"' in page and "hx-push-url" not in page
