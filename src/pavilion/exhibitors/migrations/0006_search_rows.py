from django.db import migrations

OLD_SQLITE = [
    "DROP TRIGGER IF EXISTS exhibitors_product_search_insert",
    "DROP TRIGGER IF EXISTS exhibitors_product_search_update",
    "DROP TRIGGER IF EXISTS exhibitors_product_search_delete",
    "DROP TABLE IF EXISTS exhibitors_product_search",
]
OLD_POSTGRES = [
    "DROP INDEX IF EXISTS exhibitors_product_search_gin",
    "ALTER TABLE exhibitors_product DROP COLUMN IF EXISTS search_names",
    "ALTER TABLE exhibitors_product DROP COLUMN IF EXISTS search_document",
]


def create_rows(apps, schema_editor):
    """The narrow search rows replace the full-text index on the product table (`search_index.py`)."""
    from pavilion.exhibitors import search_index

    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": OLD_SQLITE, "postgresql": OLD_POSTGRES}.get(vendor, []):
        schema_editor.execute(statement)
    search_index.ensure_index(schema_editor.connection)
    search_index.reindex(connection=schema_editor.connection)


def drop_rows(apps, schema_editor):
    from pavilion.exhibitors import search_index

    search_index.drop_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("exhibitors", "0005_search_names"), ("events", "0003_stand_event_booking_clock")]

    operations = [
        migrations.DeleteModel(name="ProductSearchEntry"),
        migrations.RunPython(create_rows, drop_rows),
    ]
