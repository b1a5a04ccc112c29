from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from pavilion.core.services import api_token_create


class Command(BaseCommand):
    help = "Create an API token for USERNAME and print it (shown once) as the last line."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="what uses the token (shown on the owner's account page)")

    def handle(self, *args, username, name, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user named {username!r}", returncode=2)
        try:  # the service's own checks of the name (its length)
            raw = api_token_create(actor=None, user=user, name=name)
        except ValidationError as error:
            raise CommandError(f"--name: {' '.join(error.messages)}", returncode=2) from error
        self.stdout.write(f"API token for {username} (store it now; it is not shown again):")
        self.stdout.write(raw)
