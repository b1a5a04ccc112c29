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
