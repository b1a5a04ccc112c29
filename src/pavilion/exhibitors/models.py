from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from pavilion.core.i18n import localized

# The longest description (of a company or a product, in each language) the portal and the API accept: some
# pages of text; a longer one is a paste gone wrong.
DESCRIPTION_MAX_LENGTH = 20_000


class Company(models.Model):
    legal_name = models.CharField(max_length=250)
    name = models.CharField(max_length=200, help_text="the name shown in the directory")
    country = CountryField()
    website = models.URLField(blank=True)
    description_en = models.TextField(blank=True)
    description_az = models.TextField(blank=True)
    description_ru = models.TextField(blank=True)
    logo = models.ImageField(upload_to="logos/", blank=True)
    is_demo = models.BooleanField(default=False, help_text="invented for the demo")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "companies"

    def __str__(self) -> str:
        return self.name

    @property
    def description(self) -> str:
        return localized(self, "description")


class CompanyMember(models.Model):
    """Ties a user to the company they act for; the object-level scope of exhibitor roles."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("exhibitor admin")
        STAFF = "staff", _("exhibitor staff")

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="company_memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.STAFF)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["company", "user"], name="one_membership_per_company")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.company} ({self.role})"


class ProductCategory(models.Model):
    """A defence and security product family of the shipped taxonomy (two levels)."""

    slug = models.SlugField(unique=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    name_en = models.CharField(max_length=150)
    name_az = models.CharField(max_length=150, blank=True)
    name_ru = models.CharField(max_length=150, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name_plural = "product categories"

    def __str__(self) -> str:
        return self.name  # in the page's language: model choice fields show this

    @property
    def name(self) -> str:
        return localized(self, "name")


class Exhibitor(models.Model):
    """A company exhibiting at one show."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("applied")
        APPROVED = "approved", _("approved")
        WITHDRAWN = "withdrawn", _("withdrawn")

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="exhibitors")
    show = models.ForeignKey("events.Show", on_delete=models.CASCADE, related_name="exhibitors")
    pavilion = models.ForeignKey(
        "events.NationalPavilion", null=True, blank=True, on_delete=models.SET_NULL, related_name="exhibitors"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.APPROVED, db_index=True)
    categories = models.ManyToManyField(ProductCategory, blank=True, related_name="exhibitors")

    class Meta:
        ordering = ["company__name"]
        constraints = [models.UniqueConstraint(fields=["company", "show"], name="one_exhibitor_per_company_and_show")]

    def __str__(self) -> str:
        return f"{self.company} at {self.show}"

    @property
    def name(self) -> str:
        return self.company.name


class Product(models.Model):
    exhibitor = models.ForeignKey(Exhibitor, on_delete=models.CASCADE, related_name="products")
    name_en = models.CharField(max_length=200, blank=True)
    name_az = models.CharField(max_length=200, blank=True)
    name_ru = models.CharField(max_length=200, blank=True)
    description_en = models.TextField(blank=True)
    description_az = models.TextField(blank=True)
    description_ru = models.TextField(blank=True)
    category = models.ForeignKey(ProductCategory, on_delete=models.PROTECT, related_name="products")
    control = models.CharField(
        max_length=20,
        default="none",
        db_index=True,
        help_text="export-control class: a Munitions List category (ML1–ML22), a dual-use code (5A002) or none",
    )
    is_published = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name_en"]
        # The directory's category filter asks "has this exhibitor a published product in these
        # categories?" once per exhibitor: answered from this index alone.
        indexes = [models.Index(fields=["exhibitor", "category", "is_published"], name="product_exhibitor_category")]

    def __str__(self) -> str:
        return self.name_en or self.name_az or self.name_ru

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def description(self) -> str:
        return localized(self, "description")


class ProductImage(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(upload_to="products/")
    caption = models.CharField(max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.caption or self.image.name


class Lead(models.Model):
    """A person whose badge a company's staff scanned at the show (lead retrieval): who, when, how
    often, and the staff's own rating and note. One per company and registration; a second scan
    counts. The company sees what the printed badge shows, and the e-mail and phone only where the
    person agreed (`Registration.shares_contact`)."""

    class Rating(models.TextChoices):
        HOT = "hot", _("hot")
        WARM = "warm", _("warm")
        COLD = "cold", _("cold")

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="leads")
    registration = models.ForeignKey("registrations.Registration", on_delete=models.CASCADE, related_name="leads")
    scanned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    first_scanned_at = models.DateTimeField()
    last_scanned_at = models.DateTimeField()
    scans = models.PositiveIntegerField(default=1)
    rating = models.CharField(max_length=4, choices=Rating.choices, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-last_scanned_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["company", "registration"], name="one_lead_per_company_person")]

    def __str__(self) -> str:
        return f"lead {self.pk} of company {self.company_id}"
