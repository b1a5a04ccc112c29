from django.db import migrations


def create_words(apps, schema_editor):
    """PostgreSQL: the search words beside the search rows (`search_index.py`), filled from every product."""
    from pavilion.exhibitors import search_index

    if schema_editor.connection.vendor == "postgresql":
        search_index.reindex(connection=schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("exhibitors", "0006_search_rows")]

    # Backwards the words stay: the triggers keep writing them, and 0006 backwards drops them with the rows.
    operations = [migrations.RunPython(create_words, migrations.RunPython.noop)]
