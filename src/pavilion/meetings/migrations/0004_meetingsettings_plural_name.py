from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0003_recommendation_refresh"),
    ]

    operations = [
        migrations.AlterModelOptions(name="meetingsettings", options={"verbose_name_plural": "meeting settings"}),
    ]
