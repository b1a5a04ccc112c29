from django.db import migrations


def load_taxonomy(apps, schema_editor):
    from pavilion.exhibitors.taxonomy import install_categories

    install_categories(apps.get_model("exhibitors", "ProductCategory"))


class Migration(migrations.Migration):
    dependencies = [("exhibitors", "0001_initial")]

    operations = [migrations.RunPython(load_taxonomy, migrations.RunPython.noop)]
