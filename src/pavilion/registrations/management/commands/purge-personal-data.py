import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pavilion.core import clock
from pavilion.core.services import audit_record
from pavilion.registrations.models import Person
from pavilion.registrations.retention import purge_personal_data


class Command(BaseCommand):
    help = ("Delete the personal data of people whose events ended before DATE "
            "(default: today minus PAVILION_RETENTION_DAYS).")

    def add_arguments(self, parser):
        parser.add_argument("--before", help="YYYY-MM-DD")

    def handle(self, *args, **options):
        before = options.get("before")
        if before:
            try:
                day = datetime.date.fromisoformat(before)
            except ValueError:
                raise CommandError(f"--before: {before!r} is not a date (YYYY-MM-DD)", returncode=2) from None
        else:
            day = clock.now().date() - datetime.timedelta(days=settings.PAVILION_RETENTION_DAYS)
        count = purge_personal_data(before=day)
        audit_record(actor=None, action="personal_data.purge", obj=Person(pk=0),
                     after={"before": day.isoformat(), "people": count})
        self.stdout.write(f"deleted the personal data of {count} people whose events ended before {day}")
