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
        parser.add_argument("--confirm-drop", action="store_true",
                            help="import a file that leaves out more than 10%% of the list's current entries or "
                                 "changes its format (refused without it: the alerts on those entries would close)")

    def handle(self, *args, file: str, name: str, published: str, confirm_drop: bool = False, **options):
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: cannot be read ({error.strerror})", returncode=2) from None
        try:
            version = lists.watch_list_import(actor=None, name=name, file_name=path.name, content=content,
                                              published=published, confirm_drop=confirm_drop)
        except ValidationError as error:
            if hasattr(error, "error_dict") and "confirm_drop" in error.error_dict:
                # The page's box is this command's flag.
                raise CommandError(f"{' '.join(error.messages)} On the command line: --confirm-drop.",
                                   returncode=2) from None
            raise CommandError(" ".join(error.messages), returncode=2) from None
        self.stdout.write(f"{version.watch_list.name} version {version.number}: {version.entry_count} "
                          f"{'entry' if version.entry_count == 1 else 'entries'} "
                          f"({version.skipped_count} skipped)")
