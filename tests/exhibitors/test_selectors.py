from pavilion.exhibitors import selectors


def directory_names(catalogue, **filters):
    return [e.company.name for e in selectors.exhibitor_directory(event=catalogue.event, **filters)]


def test_directory_lists_approved_exhibitors_by_name(catalogue):
    catalogue.exhibitor_c.status = "withdrawn"
    catalogue.exhibitor_c.save()
    assert directory_names(catalogue) == ["Baltic Sentinel", "Caspian Armour Works"]


def test_directory_filters(catalogue):
    assert directory_names(catalogue, show="securex-test-show") == ["Baltic Sentinel"]
    assert directory_names(catalogue, country="tr") == ["Caspian Armour Works"]
    assert directory_names(catalogue, pavilion=catalogue.exhibitor_a.pavilion_id) == ["Caspian Armour Works"]
    assert directory_names(catalogue, category="protective-equipment") == ["Absheron Optics"]
    assert directory_names(catalogue, category="radar") == ["Baltic Sentinel"]
    assert directory_names(catalogue, q="sentinel") == ["Baltic Sentinel"]


def test_a_declared_category_counts_without_products(catalogue):
    from pavilion.exhibitors.models import ProductCategory

    catalogue.exhibitor_a.categories.add(ProductCategory.objects.get(slug="simulators"))
    assert directory_names(catalogue, category="simulation-training") == ["Caspian Armour Works"]


def test_products_without_query_are_sorted_and_exclude_drafts(catalogue):
    products = selectors.catalogue_products(event=catalogue.event)
    assert [p.name_en for p in products] == [
        "Armoured personnel carrier", "Ceramic body armour plate", "Coastal surveillance radar"]


def test_product_control_filters(catalogue):
    def controls(control):
        return sorted(p.control for p in selectors.catalogue_products(event=catalogue.event, control=control))

    assert controls("ML") == ["ML13", "ML6"]
    assert controls("dual-use") == ["5A002"]
    assert controls("ml6") == ["ML6"]
    assert controls("none") == []


def test_products_of_other_events_are_not_listed(catalogue):
    from tests.factories import ProductFactory

    ProductFactory(name_en="Armoured elsewhere")
    assert "Armoured elsewhere" not in [p.name_en for p in selectors.catalogue_products(event=catalogue.event)]
