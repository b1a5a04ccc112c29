"""Public pages: they render, filter, paginate and issue a fixed number of queries."""

import pytest
from django.urls import reverse

from tests.exhibitors.catalogue_data import category
from tests.factories import ExhibitorFactory, ProductFactory, StandFactory


def more_rows(catalogue, count=12):
    """Extra exhibitors with stands and products: a page issuing one query per row would show it."""
    for n in range(count):
        exhibitor = ExhibitorFactory(show=catalogue.adex, company__name=f"Zeta {n:02d}", company__country="GE")
        StandFactory(show=catalogue.adex, hall=catalogue.stands_a[0].hall, exhibitor=exhibitor, state="booked",
                     code=f"Z{n}", polygon=[[n * 2.0, 10.0], [n * 2.0 + 1.5, 10.0], [n * 2.0 + 1.5, 12.0],
                                            [n * 2.0, 12.0]])
        ProductFactory(exhibitor=exhibitor, category=category("radar"), name_en=f"Zeta radar {n}", control="5A002")


def url(name, catalogue, **kwargs):
    return reverse(f"exhibitors:{name}", kwargs={"event": catalogue.event.slug, **kwargs})


def test_directory_shows_exhibitors_with_country_stand_and_pavilion(client, catalogue):
    page = client.get(url("directory", catalogue)).content.decode()
    assert "Caspian Armour Works" in page and "Türkiye National Pavilion" in page
    assert "H1/A1" in page and "Baltic Sentinel" in page


def test_directory_filters_and_paginates(client, catalogue):
    more_rows(catalogue, count=30)
    first = client.get(url("directory", catalogue), {"country": "GE"}).content.decode()
    assert "Zeta 00" in first and "Caspian Armour Works" not in first and "Page 1 of 2" in first
    second = client.get(url("directory", catalogue), {"country": "GE", "page": 2}).content.decode()
    assert "Zeta 29" in second and "Zeta 00" not in second


def test_directory_ignores_filters_it_does_not_understand(client, catalogue):
    response = client.get(url("directory", catalogue), {"pavilion": "x", "country": "ZZ", "page": "last"})
    assert response.status_code == 200


def test_a_filter_not_understood_drops_only_itself_and_says_so(client, catalogue):
    page = client.get(url("directory", catalogue), {"q": "Caspian", "country": "ZZ"}).content.decode()
    assert "Caspian Armour Works" in page and "Baltic Sentinel" not in page and "not understood" in page
    products = client.get(url("products", catalogue), {"q": "radar", "category": "nonexistent"}).content.decode()
    everything = client.get(url("products", catalogue)).content.decode()
    searched = client.get(url("products", catalogue), {"q": "radar"}).content.decode()
    assert "not understood" in products and products.count('class="product') == searched.count('class="product')
    assert everything.count('class="product') > searched.count('class="product')
    long = client.get(url("products", catalogue), {"q": "radar " + "x" * 400})
    assert long.status_code == 200 and "not understood" not in long.content.decode()


@pytest.mark.parametrize("rows", [0, 12])
def test_directory_query_count_is_fixed(client, catalogue, django_assert_num_queries, rows):
    more_rows(catalogue, count=rows)
    with django_assert_num_queries(9):
        assert client.get(url("directory", catalogue), {"show": "adex-test-show"}).status_code == 200


@pytest.mark.parametrize("rows", [0, 12])
def test_catalogue_query_count_is_fixed(client, catalogue, django_assert_num_queries, rows):
    more_rows(catalogue, count=rows)
    with django_assert_num_queries(6):
        assert client.get(url("products", catalogue)).status_code == 200
    with django_assert_num_queries(6):
        assert client.get(url("products", catalogue), {"q": "radar", "control": "dual-use"}).status_code == 200


def test_exhibitor_page_shows_profile_products_and_highlighted_stand(client, catalogue):
    page = client.get(url("exhibitor", catalogue, exhibitor=catalogue.exhibitor_a.pk)).content.decode()
    assert "Caspian Armour Works" in page and "Armoured personnel carrier" in page
    assert "<svg" in page
    stand = catalogue.stands_a[0]
    assert f'id="stand-{stand.pk}" class="stand state-booked highlight"' in page
    assert "Ground vehicles and components" in page  # the control class with its title


def test_exhibitor_page_of_another_event_or_missing_is_404(client, catalogue):
    assert client.get(url("exhibitor", catalogue, exhibitor=999999)).status_code == 404
    other = ExhibitorFactory()
    assert client.get(url("exhibitor", catalogue, exhibitor=other.pk)).status_code == 404


def test_catalogue_search_ranks_and_supports_htmx(client, catalogue):
    page = client.get(url("products", catalogue), {"q": "zireh"}).content.decode()
    assert "Armoured personnel carrier" in page and "Coastal surveillance radar" not in page
    partial = client.get(url("products", catalogue), {"q": "radar"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Coastal surveillance radar" in partial and "<html" not in partial


def test_product_page_shows_category_control_title_and_date(client, catalogue):
    page = client.get(url("product", catalogue, product=catalogue.radar.pk)).content.decode()
    assert "Coastal surveillance radar" in page and "Radar systems" in page
    assert "5A002" in page and "Telecommunications and information security" in page and "2025-10" in page


def test_product_pages_in_other_languages(client, catalogue):
    client.cookies["django_language"] = "az"
    page = client.get(url("product", catalogue, product=catalogue.carrier.pk)).content.decode()
    assert "Zirehli transportyor" in page and "Zirehli maşınlar" in page
    assert "Yerüstü nəqliyyat vasitələri və komponentləri" in page  # the ML6 title in Azerbaijani
    client.cookies["django_language"] = "ru"
    page = client.get(url("products", catalogue), {"q": "РЛС"}).content.decode()
    assert "Телекоммуникации и защита информации" in page  # 5A002's title in the catalogue list


def test_country_names_in_azerbaijani_on_the_directory_and_exhibitor_pages(client, catalogue):
    client.cookies["django_language"] = "az"
    page = client.get(url("directory", catalogue)).content.decode()
    assert "Türkiyə" in page and "Litva" in page and "Lithuania" not in page  # rows and the country filter
    page = client.get(url("exhibitor", catalogue, exhibitor=catalogue.exhibitor_b.pk)).content.decode()
    assert "Litva" in page


def test_unpublished_product_page_is_404(client, catalogue):
    draft = catalogue.exhibitor_c.products.get(is_published=False)
    assert client.get(url("product", catalogue, product=draft.pk)).status_code == 404


def test_event_navigation_appears_on_event_pages(client, catalogue):
    page = client.get(url("products", catalogue)).content.decode()
    assert url("directory", catalogue) in page and reverse("events:event", args=[catalogue.event.slug]) in page


@pytest.mark.parametrize("rows", [0, 12])
def test_exhibitor_page_query_count_is_fixed(client, catalogue, django_assert_num_queries, rows):
    for n in range(rows):
        ProductFactory(exhibitor=catalogue.exhibitor_a, category=category("radar"), name_en=f"Extra {n}")
    # event + shows, exhibitor, stands, the hall's plan, products
    with django_assert_num_queries(6):
        assert client.get(url("exhibitor", catalogue, exhibitor=catalogue.exhibitor_a.pk)).status_code == 200


@pytest.mark.parametrize("query", ["caspian armour", "CASPIAN", "armour caspian", "casp"])
def test_the_directory_finds_a_name_by_its_words_whatever_the_case(client, catalogue, query):
    page = client.get(url("directory", catalogue), {"q": query}).content.decode()
    assert "Caspian Armour Works" in page and "Baltic Sentinel" not in page


def test_the_directory_folds_azerbaijani_and_russian_letters_like_the_catalogue(client, catalogue):
    from pavilion.exhibitors.models import Company

    Company.objects.filter(pk=catalogue.exhibitor_a.company_id).update(name="Talış PUA Sistemləri")
    Company.objects.filter(pk=catalogue.exhibitor_b.company_id).update(name="ООО «ТАРБАГАТАЙ»")
    for query, found in (("talis", "Talış PUA"), ("TALIŞ sistemleri", "Talış PUA"), ("тарбагатай", "ТАРБАГАТАЙ")):
        page = client.get(url("directory", catalogue), {"q": query}).content.decode()
        assert found in page, query
    assert "Talış" not in client.get(url("directory", catalogue), {"q": "!!!"}).content.decode()


@pytest.mark.parametrize(("control", "shown", "hidden"), [
    ("5A002", "Coastal surveillance radar", "Armoured personnel carrier"),  # a dual-use code, as the API takes it
    ("ml6", "Armoured personnel carrier", "Coastal surveillance radar"),  # any case, as the API
])
def test_the_catalogue_filters_by_any_class_code_the_api_takes(client, catalogue, control, shown, hidden):
    """Before, the page offered only none / ML / dual-use / ML1–ML22 and dropped any other code silently,
    showing every product, where the API filtered."""
    page = client.get(url("products", catalogue), {"control": control}).content.decode()
    assert shown in page and hidden not in page and "not understood" not in page
    assert f'<option value="{control.upper()}" selected>' in page


def test_a_control_filter_that_is_no_class_is_dropped_and_said(client, catalogue):
    page = client.get(url("products", catalogue), {"control": "5Z999"}).content.decode()
    assert "not understood" in page and "Armoured personnel carrier" in page
