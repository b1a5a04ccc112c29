import django.db.models.functions.text
from django.db import migrations, models


def number_the_lists_of_one_name(apps, schema_editor):
    """Lists given one name (case aside) before names were unique, e.g. by an import that made a second
    "UN Security Council Consolidated List", keep their entries: the later ones are named "… (2)", "… (3)"."""
    WatchList = apps.get_model("vetting", "WatchList")
    seen: dict[str, int] = {}
    for watch_list in WatchList.objects.order_by("pk"):
        key = watch_list.name.strip().lower()
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            suffix = f" ({seen[key]})"
            watch_list.name = watch_list.name[:200 - len(suffix)] + suffix
            watch_list.save(update_fields=["name"])


class Migration(migrations.Migration):

    dependencies = [
        ("vetting", "0004_list_choice_and_refusal"),
    ]

    operations = [
        migrations.RunPython(number_the_lists_of_one_name, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="watchlist",
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower("name"),
                                               name="watch_list_name_unique_whatever_its_case"),
        ),
    ]
