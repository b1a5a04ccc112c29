"""The place of signing in every content language, like the title: the single-language `place`
becomes `place_en` (its text copied over), with `place_az` and `place_ru` beside it."""

from django.db import migrations, models


def copy_place_forward(apps, schema_editor):
    Deal = apps.get_model("deals", "Deal")
    Deal.objects.exclude(place="").update(place_en=models.F("place"))


def copy_place_back(apps, schema_editor):
    Deal = apps.get_model("deals", "Deal")
    Deal.objects.exclude(place_en="").update(place=models.F("place_en"))


class Migration(migrations.Migration):

    dependencies = [
        ("deals", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="deal",
            name="place_en",
            field=models.CharField(blank=True, help_text="e.g. stand A12, the VIP lounge", max_length=200),
        ),
        migrations.AddField(
            model_name="deal",
            name="place_az",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name="deal",
            name="place_ru",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.RunPython(copy_place_forward, copy_place_back, elidable=False),
        migrations.RemoveField(
            model_name="deal",
            name="place",
        ),
    ]
