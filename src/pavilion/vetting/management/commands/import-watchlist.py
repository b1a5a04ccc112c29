from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from pavilion.vetting import lists


class Command(BaseCommand):
    help = ("Import a watch-list file (UN Consolidated List XML, FollowTheMoney JSON lines or CSV) as the next "
            "version of the named list, and re-screen the active registrations of coming events against it.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--name", default="UN Security Council Consolidated List", help="the list's name")
        parser.add_argument("--published", default="", help="the publication date the list gives")

    def handle(self, *args, file: str, name: str, published: str, **options):
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: cannot be read ({error.strerror})", returncode=2) from None
        try:
            version = lists.watch_list_import(actor=None, name=name, file_name=path.name, content=content,
                                              published=published)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages), returncode=2) from None
        self.stdout.write(f"{version.watch_list.name} version {version.number}: {version.entry_count} "
                          f"{'entry' if version.entry_count == 1 else 'entries'} "
                          f"({version.skipped_count} skipped)")
