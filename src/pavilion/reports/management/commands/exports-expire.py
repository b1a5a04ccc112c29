from django.core.management.base import BaseCommand

from pavilion.reports import exports, services


class Command(BaseCommand):
    help = ("Delete the files of background exports written more than PAVILION_EXPORT_KEEP_HOURS ago "
            "(they hold personal data) and mark their jobs expired. Meant for a daily timer; queuing an "
            "export does the same.")

    def handle(self, *args, **options):
        count = services.export_jobs_expire()
        self.stdout.write(f"{count} export files older than {exports.keep_hours()} hours deleted.")
