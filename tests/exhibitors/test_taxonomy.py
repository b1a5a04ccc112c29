from pavilion.exhibitors.models import ProductCategory
from pavilion.exhibitors.taxonomy import install_categories, taxonomy


def test_the_migration_loaded_the_whole_taxonomy(db):
    families = taxonomy()
    expected = len(families) + sum(len(family["children"]) for family in families)
    assert ProductCategory.objects.count() == expected
    assert ProductCategory.objects.filter(parent__isnull=True).count() == len(families)
    for slug in ["land-systems", "air-systems-uavs", "naval", "c4isr-electronics", "weapons-ammunition",
                 "protective-equipment", "simulation-training", "border-perimeter-security", "law-enforcement",
                 "rescue-emergency", "cyber-security"]:
        assert ProductCategory.objects.filter(slug=slug, parent__isnull=True).exists()


def test_every_category_is_named_in_three_languages(db):
    for category in ProductCategory.objects.all():
        assert category.name_en and category.name_az and category.name_ru, category.slug
        assert category.name_ru != category.name_en
    assert any(ch in "абвгдеёжзийклмнопрстуфхцчшщыэюя" for ch in ProductCategory.objects.get(slug="naval").name_ru)


def test_installing_again_changes_nothing(db):
    before = list(ProductCategory.objects.values_list("id", "slug", "parent_id", "name_az"))
    install_categories(ProductCategory)
    assert list(ProductCategory.objects.values_list("id", "slug", "parent_id", "name_az")) == before


def test_a_flushed_database_gets_the_taxonomy_back(transactional_db):
    from django.core.management import call_command

    from pavilion.exhibitors.taxonomy import slugs

    call_command("flush", interactive=False, verbosity=0)  # deletes the rows migration 0002 installed
    assert set(ProductCategory.objects.values_list("slug", flat=True)) == slugs()
    assert ProductCategory.objects.get(slug="naval").parent is None


def test_installing_puts_back_what_was_changed_and_removed_in_a_few_queries(db, django_assert_max_num_queries):
    naval = ProductCategory.objects.get(slug="naval")
    child = ProductCategory.objects.filter(parent=naval).first()
    expected = (child.parent_id, child.name_en, child.order)
    ProductCategory.objects.filter(pk=child.pk).update(parent=None, name_en="Renamed", order=999)
    ProductCategory.objects.filter(pk=naval.pk).update(name_az="")
    removed = ProductCategory.objects.filter(parent__isnull=False).exclude(pk=child.pk).last()
    removed_slug, removed_parent = removed.slug, removed.parent.slug
    removed.delete()
    with django_assert_max_num_queries(3):  # the rows, the missing one created, the changes written
        install_categories(ProductCategory)
    child.refresh_from_db()
    assert (child.parent_id, child.name_en, child.order) == expected
    assert ProductCategory.objects.get(slug="naval").name_az
    assert ProductCategory.objects.get(slug=removed_slug).parent.slug == removed_parent
