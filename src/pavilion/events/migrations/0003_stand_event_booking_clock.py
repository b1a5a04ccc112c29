import django.db.models.deletion
import django.db.models.functions.text
from django.db import migrations, models

import pavilion.core.clock


def fill_stand_events(apps, schema_editor):
    Stand = apps.get_model("events", "Stand")
    Show = apps.get_model("events", "Show")
    for show_id, event_id in Show.objects.values_list("id", "event_id"):
        Stand.objects.filter(show_id=show_id).update(event_id=event_id)


class Migration(migrations.Migration):
    """Stand codes are unique in a hall for one event (the venue's halls serve every year's event),
    and a booking's request time follows PAVILION_CLOCK like every other time the server records."""

    dependencies = [("events", "0002_initial")]

    operations = [
        migrations.AddField(
            model_name="stand",
            name="event",
            field=models.ForeignKey(
                editable=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="stands",
                to="events.event",
            ),
        ),
        migrations.RunPython(fill_stand_events, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="stand",
            name="event",
            field=models.ForeignKey(
                editable=False, on_delete=django.db.models.deletion.CASCADE, related_name="stands", to="events.event"
            ),
        ),
        migrations.RemoveConstraint(model_name="stand", name="stand_code_unique_in_hall"),
        migrations.AddConstraint(
            model_name="stand",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("code"), "hall", "event", name="stand_code_unique_in_hall_and_event"
            ),
        ),
        migrations.AlterField(
            model_name="standbooking",
            name="requested_at",
            field=models.DateTimeField(default=pavilion.core.clock.now, editable=False),
        ),
    ]
