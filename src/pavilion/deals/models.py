"""Contracts, memoranda and letters of intent signed at the show, their parties and announcement.

Confidentiality decides who sees a deal: the public only ever sees public deals that have been
announced; organiser-only deals are seen by the organiser; parties-only deals by the organiser and
the people of the parties (the exhibitor's company members, the delegation's liaison).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from pavilion.core.i18n import localized


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
    value = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
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
    name = models.CharField(max_length=250, blank=True, help_text="the body's name when it is not a company or delegation")
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
        return self.name
