from django.db import migrations, models


class Migration(migrations.Migration):
    """A venue's name, city and address in English, Azerbaijani and Russian; the one value there was is the
    English (the renames keep it), which the other languages fall back to until they are given."""

    dependencies = [("events", "0008_event_build_up_tear_down_days")]

    operations = [
        migrations.RenameField(model_name="venue", old_name="name", new_name="name_en"),
        migrations.AddField(model_name="venue", name="name_az", field=models.CharField(blank=True, max_length=200)),
        migrations.AddField(model_name="venue", name="name_ru", field=models.CharField(blank=True, max_length=200)),
        migrations.RenameField(model_name="venue", old_name="city", new_name="city_en"),
        migrations.AddField(model_name="venue", name="city_az", field=models.CharField(blank=True, max_length=100)),
        migrations.AddField(model_name="venue", name="city_ru", field=models.CharField(blank=True, max_length=100)),
        migrations.RenameField(model_name="venue", old_name="address", new_name="address_en"),
        migrations.AddField(model_name="venue", name="address_az",
                            field=models.CharField(blank=True, max_length=300)),
        migrations.AddField(model_name="venue", name="address_ru",
                            field=models.CharField(blank=True, max_length=300)),
    ]
