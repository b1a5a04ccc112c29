from django.db import migrations


def add_names_vector(apps, schema_editor):
    """The names' vector on the product table; 0006 moved it to the search rows and builds those."""


def drop_names_vector(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE exhibitors_product DROP COLUMN IF EXISTS search_names")


class Migration(migrations.Migration):
    dependencies = [("exhibitors", "0004_product_exhibitor_category_index")]

    operations = [migrations.RunPython(add_names_vector, drop_names_vector)]
