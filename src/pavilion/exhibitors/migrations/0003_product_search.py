import django.db.models.deletion
from django.db import migrations, models



def create_index(apps, schema_editor):
    """The first full-text index lived here; 0006 replaced it with the search rows and builds those."""


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS exhibitors_product_search")
        for suffix in ("insert", "update", "delete"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS exhibitors_product_search_{suffix}")
    elif vendor == "postgresql":
        schema_editor.execute("ALTER TABLE exhibitors_product DROP COLUMN IF EXISTS search_document")


class Migration(migrations.Migration):
    dependencies = [("exhibitors", "0002_product_categories")]

    operations = [
        migrations.CreateModel(
            name="ProductSearchEntry",
            fields=[
                (
                    "product",
                    models.OneToOneField(
                        db_column="rowid",
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="search_entry",
                        serialize=False,
                        to="exhibitors.product",
                    ),
                ),
                ("document", models.TextField(db_column="exhibitors_product_search")),
                ("rank", models.FloatField()),
            ],
            options={"db_table": "exhibitors_product_search", "managed": False},
        ),
        migrations.RunPython(create_index, drop_index),
    ]
