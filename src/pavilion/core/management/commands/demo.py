"""`pavilion demo`: load the demo data (idempotent: a second run changes nothing)."""

import time

from django.core.management.base import BaseCommand, CommandError

from pavilion.core import demo as demo_data
from pavilion.core.demo.accounts import ACCOUNTS


class Command(BaseCommand):
    help = (
        "Load the demo: ADEX & Securex Caspian 2024 at the Baku Expo Center, about 250 exhibitors, "
        "1,500 products, the floor plans and one account per role (password = username). "
        "Creates only what is missing, so running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=1.0,
            help="share of the full demo's exhibitors and products, above 0 and at most 1 (default 1)",
        )

    def handle(self, *args, scale: float, **options):
        if not 0 < scale <= 1:
            raise CommandError(f"--scale: must be above 0 and at most 1, not {scale}", returncode=2)
        started = time.monotonic()
        created = demo_data.run(demo_data.Demo(scale=scale))
        elapsed = time.monotonic() - started
        if created:
            summary = ", ".join(f"{number} {what}" for what, number in created.items())
            self.stdout.write(f"Demo loaded in {elapsed:.1f} s: created {summary}.")
        else:
            self.stdout.write(f"Demo already loaded: nothing to create ({elapsed:.1f} s).")
        self.stdout.write("Demo accounts (password = username): " + ", ".join(a[0] for a in ACCOUNTS))
