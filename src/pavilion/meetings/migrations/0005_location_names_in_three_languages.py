from django.db import migrations, models


class Migration(migrations.Migration):
    """A meeting location's name in English, Azerbaijani and Russian; the one name there was is the English."""

    dependencies = [("meetings", "0004_meetingsettings_plural_name")]

    operations = [
        migrations.RenameField(model_name="meetinglocation", old_name="name", new_name="name_en"),
        migrations.AddField(model_name="meetinglocation", name="name_az",
                            field=models.CharField(blank=True, max_length=100)),
        migrations.AddField(model_name="meetinglocation", name="name_ru",
                            field=models.CharField(blank=True, max_length=100)),
    ]
