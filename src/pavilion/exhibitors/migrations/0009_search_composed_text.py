from django.db import migrations


def reindex(apps, schema_editor):
    """PostgreSQL: the refresh function folds the text composed (NFC) and drops the combining dot above
    (`search_index.py`); every product is indexed again with it. SQLite's tokenizer already drops the
    combining marks: its index is kept."""
    from pavilion.exhibitors import search_index

    if schema_editor.connection.vendor == "postgresql":
        search_index.reindex(connection=schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("exhibitors", "0008_lead")]

    # Backwards nothing is undone: the older function finds the rows folded this way as well.
    operations = [migrations.RunPython(reindex, migrations.RunPython.noop)]
