from django.db import migrations, models


class Migration(migrations.Migration):
    """A gate's name in English (the API's and the scanners'), Azerbaijani and Russian."""

    dependencies = [
        ("accreditation", "0002_scan_without_redundant_indexes"),
    ]

    operations = [
        migrations.RenameField(model_name="gate", old_name="name", new_name="name_en"),
        migrations.AddField(model_name="gate", name="name_az", field=models.CharField(blank=True, max_length=100)),
        migrations.AddField(model_name="gate", name="name_ru", field=models.CharField(blank=True, max_length=100)),
    ]
