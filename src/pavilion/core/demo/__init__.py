"""The demo data behind `pavilion demo`.

The demo is a list of steps, one module per area. Each step creates what is missing and leaves
every existing row alone, so running the demo twice changes nothing and duplicates nothing. A later
area (registrations, vetting, badges, meetings, programme, deals) adds its module here and one
entry to STEPS; steps find each other's rows by natural keys (slugs, codes, usernames, names).
"""

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module

from django.core import mail
from django.db import transaction
from django.test.utils import override_settings

EVENT_SLUG = "adex-securex-2024"
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
ADEX = "adex-2024"
SECUREX = "securex-caspian-2024"

# "module:function", run in this order inside one transaction.
STEPS = [
    "pavilion.core.demo.accounts:create_accounts",
    "pavilion.core.demo.venue:create_event",
    "pavilion.core.demo.companies:create_exhibitors",
    "pavilion.core.demo.floorplan:create_stands",
    "pavilion.core.demo.catalogue:create_products",
    "pavilion.core.demo.accounts:link_exhibitor_account",
    "pavilion.core.demo.accounts:create_account_settings",
    "pavilion.core.demo.vetting:create_registrations",
    "pavilion.core.demo.accreditation:create_badges",
    "pavilion.core.demo.leads:create_leads",
    "pavilion.core.demo.meetings:create_meeting_requests",
    "pavilion.core.demo.meeting_schedule:create_schedule",
    "pavilion.core.demo.programme:create_programme",
    "pavilion.core.demo.accreditation:print_badges",
    "pavilion.core.demo.deals:create_deals",
    "pavilion.core.demo.announcements:create_announcements",
    "pavilion.core.demo.history:spread_registrations",
]


@dataclass
class Demo:
    """What the steps share: the scale, deterministic randomness and the tally of created rows."""

    scale: float = 1.0
    seed: int = 2024
    created: Counter = field(default_factory=Counter)

    def rng(self, purpose: str) -> random.Random:
        # One generator per purpose, so a step draws the same values however the others changed.
        return random.Random(f"{self.seed}:{purpose}")

    def count(self, what: str, number: int) -> None:
        if number:
            self.created[what] += number


def resolve(step: str) -> Callable[[Demo], None]:
    module_name, function_name = step.split(":")
    return getattr(import_module(module_name), function_name)


def run(demo: Demo | None = None, *, steps: list | None = None) -> Counter:
    """Run the steps (STEPS unless given: "module:function" or callables) in one transaction, so
    that a failure leaves the database as it was; return the tally of created rows."""
    demo = demo or Demo()
    # The demo's people are fictional: the e-mails its steps cause (decisions, meeting requests, the
    # published schedule) are written into memory and counted, not sent or printed; its tasks run at
    # once even where a worker takes them otherwise, so that none is left to send mail later.
    sent_before = len(getattr(mail, "outbox", []))
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend", TASKS=IMMEDIATE_TASKS), \
            transaction.atomic():
        for step in steps or STEPS:
            (step if callable(step) else resolve(step))(demo)
    demo.count("e-mails written (not sent)", len(getattr(mail, "outbox", [])) - sent_before)
    return demo.created
