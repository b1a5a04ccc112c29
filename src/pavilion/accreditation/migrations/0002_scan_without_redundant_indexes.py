"""Drop the single-column indexes of Scan.event and Scan.zone: the (event, scanned_at), (zone,
scanned_at) and (event, nonce) indexes start with those columns and serve the same lookups, and
every scan insert kept two more b-trees. The indexes are dropped by name, leaving the foreign keys
as they are (Django's own operation would drop and re-add the constraints, checking every scan)."""

import django.db.models.deletion
from django.db import migrations, models

INDEXES = {"accreditation_scan_event_id_f37ba373": "event_id", "accreditation_scan_zone_id_5fdbf2a3": "zone_id"}


class Migration(migrations.Migration):

    dependencies = [
        ("accreditation", "0001_initial"),
        ("events", "0003_stand_event_booking_clock"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(f'DROP INDEX IF EXISTS "{name}"',
                                  reverse_sql=f'CREATE INDEX "{name}" ON "accreditation_scan" ("{column}")')
                for name, column in INDEXES.items()
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="scan",
                    name="event",
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE,
                                            related_name="scans", to="events.event"),
                ),
                migrations.AlterField(
                    model_name="scan",
                    name="zone",
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT,
                                            related_name="scans", to="accreditation.zone"),
                ),
            ],
        ),
    ]
