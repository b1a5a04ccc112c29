from django.db import migrations, models


class Migration(migrations.Migration):
    """A national pavilion's name in English, Azerbaijani and Russian; the one name there was is the English."""

    dependencies = [("events", "0005_stand_currency")]

    operations = [
        migrations.RenameField(model_name="nationalpavilion", old_name="name", new_name="name_en"),
        migrations.AddField(model_name="nationalpavilion", name="name_az",
                            field=models.CharField(blank=True, max_length=200)),
        migrations.AddField(model_name="nationalpavilion", name="name_ru",
                            field=models.CharField(blank=True, max_length=200)),
        migrations.AlterModelOptions(name="nationalpavilion", options={"ordering": ["show", "name_en"]}),
    ]
