from django.core.management.base import BaseCommand, CommandError

from pavilion.events.models import Event
from pavilion.reports import rollup, snapshots


class Command(BaseCommand):
    help = ("Count the dashboard's stored figures of EVENT again: add new gate scans to the hourly rollup "
            "(--rebuild: recount every scan) and count the registration figures.")

    def add_arguments(self, parser):
        parser.add_argument("event", help="the event's slug")
        parser.add_argument("--rebuild", action="store_true", help="recount every scan from scratch")

    def handle(self, *args, event, rebuild, **options):
        event_obj = Event.objects.filter(slug=event).first()
        if event_obj is None:
            raise CommandError(f"no event with the slug {event!r}", returncode=2)
        refresh = rollup.entry_rollup_rebuild if rebuild else rollup.entry_rollup_refresh
        scans = refresh(event_id=event_obj.pk)
        snapshots.registration_snapshot_refresh(event_id=event_obj.pk)
        self.stdout.write(f"{scans} scans added to the hourly rollup; registration figures counted.")
