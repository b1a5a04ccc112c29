from django.core.management.base import BaseCommand

from pavilion.events import announcement_mail


class Command(BaseCommand):
    help = ("E-mail every announcement that is out and asked to be e-mailed but not sent yet (scheduled ones, "
            "where the task backend runs tasks at once and cannot wait for their time). Each goes once, "
            "however often this runs: meant for a timer every few minutes on show days.")

    def handle(self, *args, **options):
        sent = sum(announcement_mail.send(announcement_id) for announcement_id in announcement_mail.due())
        self.stdout.write(f"{sent} e-mails of announcements sent.")
