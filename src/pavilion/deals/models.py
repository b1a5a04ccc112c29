"""Contracts, memoranda and letters of intent signed at the show, their parties and announcement.

Confidentiality decides who sees a deal: the public only ever sees public deals that have been
announced; organiser-only deals are seen by the organiser; parties-only deals by the organiser and
the people of the parties (the exhibitor's company members, the delegation's liaison).
"""

import decimal

from django.conf import settings
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from pavilion.core.i18n import in_language, localized


class AmountField(models.DecimalField):
    """A decimal that is always read back, whatever a row holds. SQLite keeps a decimal as a REAL of
    15 significant digits, and Django reads it into a context of `max_digits`: a row written before
    the value was limited (or by hand) would raise InvalidOperation on every page listing it.
    Reading with the default precision never fails; the limit on what is written is the service's."""

    @cached_property
    def context(self):
        return decimal.Context(prec=max(28, self.max_digits or 0))


class DealQuerySet(models.QuerySet):
    def announced(self, now):
        """Announced, or planned for an announcement time that has come."""
        return self.filter(
            models.Q(announcement=Deal.Announcement.ANNOUNCED)
            | models.Q(announcement=Deal.Announcement.PLANNED, announced_at__lte=now)
        )


class Deal(models.Model):
    class Kind(models.TextChoices):
        CONTRACT = "contract", _("contract")
        MOU = "mou", _("memorandum of understanding")
        LOI = "loi", _("letter of intent")

    class Confidentiality(models.TextChoices):
        PUBLIC = "public", _("public")
        ORGANISER = "organiser", _("organiser only")
        PARTIES = "parties", _("parties only")

    class Announcement(models.TextChoices):
        DRAFT = "draft", _("not announced")
        PLANNED = "planned", _("announcement planned")
        ANNOUNCED = "announced", _("announced")
        WITHDRAWN = "withdrawn", pgettext_lazy("deal announcement", "withdrawn")

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="deals")
    show = models.ForeignKey("events.Show", null=True, blank=True, on_delete=models.SET_NULL, related_name="deals")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    title_en = models.CharField(max_length=250)
    title_az = models.CharField(max_length=250, blank=True)
    title_ru = models.CharField(max_length=250, blank=True)
    subject_en = models.TextField(blank=True)
    subject_az = models.TextField(blank=True)
    subject_ru = models.TextField(blank=True)
    categories = models.ManyToManyField("exhibitors.ProductCategory", blank=True, related_name="deals")
    control = models.CharField(
        max_length=12, default="none", help_text="export-control class of the subject: ML6, 5A002 or none"
    )
    # At most 15 significant digits, so that every value written reads back exactly on SQLite (a REAL)
    # as on PostgreSQL: 999,999,999,999.99, beyond the largest defence contracts signed at a show.
    value = AmountField(max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True, help_text="ISO 4217, required with a value")
    value_disclosed = models.BooleanField(default=False, help_text="the value may be announced")
    confidentiality = models.CharField(max_length=10, choices=Confidentiality.choices, default=Confidentiality.ORGANISER)
    signed_at = models.DateTimeField()
    place_en = models.CharField(max_length=200, blank=True, help_text="e.g. stand A12, the VIP lounge")
    place_az = models.CharField(max_length=200, blank=True)
    place_ru = models.CharField(max_length=200, blank=True)
    stand = models.ForeignKey("events.Stand", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    announcement = models.CharField(max_length=10, choices=Announcement.choices, default=Announcement.DRAFT)
    announced_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)

    objects = DealQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_at"]
        indexes = [
            models.Index(fields=["event", "confidentiality", "announcement"]),
            models.Index(fields=["event", "signed_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(value__isnull=True) | ~models.Q(currency=""), name="deal_value_has_currency"
            ),
        ]

    def __str__(self) -> str:
        return self.title_en

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def subject(self) -> str:
        return localized(self, "subject")

    @property
    def place(self) -> str:
        """The place of signing in the reader's language, else English, else any language given."""
        return localized(self, "place")


class DealParty(models.Model):
    """A signatory of a deal: an exhibitor's company, an official delegation or another body
    (a ministry, an agency) named by text."""

    class Kind(models.TextChoices):
        COMPANY = "company", _("company")
        DELEGATION = "delegation", _("delegation")
        GOVERNMENT = "government", _("government body")
        OTHER = "other", _("other organisation")

    class Role(models.TextChoices):
        SUPPLIER = "supplier", _("supplier")
        BUYER = "buyer", _("buyer")
        PARTNER = "partner", _("partner")

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="parties")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    role = models.CharField(max_length=8, choices=Role.choices, default=Role.PARTNER)
    company = models.ForeignKey("exhibitors.Company", null=True, blank=True, on_delete=models.PROTECT, related_name="deal_parties")
    delegation = models.ForeignKey(
        "registrations.Delegation", null=True, blank=True, on_delete=models.PROTECT, related_name="deal_parties"
    )
    # The body's name when it is not a company or delegation: `name` in English (required for a body),
    # beside it in Azerbaijani and Russian, read in the reader's language with English as the fallback.
    name = models.CharField(max_length=250, blank=True, help_text="the body's name in English, when it is not a "
                                                                   "company or delegation")
    name_az = models.CharField(max_length=250, blank=True)
    name_ru = models.CharField(max_length=250, blank=True)
    country = CountryField()
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["deal", "order", "pk"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.company_id:
            return self.company.name
        if self.delegation_id:
            return str(self.delegation)
        return self.body_name()

    def body_name(self, language: str | None = None) -> str:
        """The body's name in `language` (else the current one), else English, else any given."""
        return in_language({"en": self.name, "az": self.name_az, "ru": self.name_ru}, language)
