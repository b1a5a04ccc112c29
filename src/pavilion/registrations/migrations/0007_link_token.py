# The person's status link becomes a random token stored with the registration (it was the signed
# registration number, which told how many registrations there are). Old links stop working.

from django.db import migrations, models

import pavilion.core.clock
import pavilion.registrations.models


def fill_tokens(apps, schema_editor):
    Registration = apps.get_model("registrations", "Registration")
    for registration in Registration.objects.only("pk").iterator():
        Registration.objects.filter(pk=registration.pk).update(
            link_token=pavilion.registrations.models.new_link_token())


class Migration(migrations.Migration):

    dependencies = [
        ("registrations", "0006_one_head_per_delegation"),
    ]

    operations = [
        migrations.CreateModel(
            name="LinkRequest",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(db_index=True, max_length=64)),
                ("requested_at", models.DateTimeField(db_index=True, default=pavilion.core.clock.now)),
            ],
        ),
        migrations.AddField(
            model_name="registration",
            name="link_token",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(fill_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="registration",
            name="link_token",
            field=models.CharField(
                default=pavilion.registrations.models.new_link_token, editable=False,
                help_text="the person's status link (/registration/<token>/): random, a password",
                max_length=64, unique=True),
        ),
    ]
