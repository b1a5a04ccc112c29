import secrets
import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from pavilion.core import clock
from pavilion.core.crypto import EncryptedDateField, EncryptedTextField
from pavilion.core.i18n import localized
from pavilion.registrations.private_storage import private_storage


class RegistrationCategory(models.Model):
    """A kind of participant at an event, with its own form and rules."""

    class Code(models.TextChoices):
        TRADE_VISITOR = "trade-visitor", _("trade visitor")
        MEDIA = "media", _("media")
        EXHIBITOR_STAFF = "exhibitor-staff", _("exhibitor staff")
        GUEST = "guest", _("guest of an exhibitor")
        DELEGATION_MEMBER = "delegation-member", _("delegation member")
        VIP = "vip", _("VIP")
        CONTRACTOR = "contractor", _("contractor")
        ORGANISER = "organiser", _("organiser staff")
        SECURITY = "security", _("security staff")

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="registration_categories")
    code = models.CharField(max_length=20, choices=Code.choices)
    name_en = models.CharField(max_length=100)
    name_az = models.CharField(max_length=100, blank=True)
    name_ru = models.CharField(max_length=100, blank=True)
    self_service = models.BooleanField(default=False, help_text="people register themselves on the public form")
    auto_approve = models.BooleanField(
        default=False, help_text="approve at once when screening raises no alert (else an organiser approves)"
    )
    min_age = models.PositiveSmallIntegerField(default=18)
    requires_photo = models.BooleanField(default=True)
    requires_document = models.BooleanField(default=True)
    # A document that backs the registration up, as accreditation systems ask media for one: the press
    # card or a letter of the editor. The label says which, in each language.
    asks_supporting_document = models.BooleanField(
        default=False, help_text="the form asks for a supporting document (PDF, JPEG or PNG), e.g. a press card")
    supporting_document_label_en = models.CharField(max_length=100, blank=True)
    supporting_document_label_az = models.CharField(max_length=100, blank=True)
    supporting_document_label_ru = models.CharField(max_length=100, blank=True)

    class Access(models.TextChoices):
        EVENT = "event", _("the open days of the event")
        BUILD = "build", _("build-up and tear-down days only")
        ALL = "all", _("build-up, open and tear-down days")

    access = models.CharField(
        max_length=5, choices=Access.choices, default=Access.EVENT, help_text="which days the badge is valid"
    )
    staff_per_100_m2 = models.PositiveSmallIntegerField(
        default=0, help_text="exhibitor staff quota: badges per started 100 m² of booked stand space"
    )
    badge_colour = models.CharField(max_length=7, default="#1f4e79")
    order = models.PositiveSmallIntegerField(default=0)
    closes_at = models.DateTimeField(
        null=True, blank=True,
        help_text="registration in this category closes then, if before the event's closing (e.g. media "
                  "accreditation closes early so that every request can be vetted)")

    class Meta:
        ordering = ["event", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["event", "code"], name="category_code_unique_in_event")]
        verbose_name_plural = "registration categories"

    def __str__(self) -> str:
        return self.name  # in the page's language: model choice fields show this

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def supporting_document_label(self) -> str:
        return localized(self, "supporting_document_label") or str(_("Supporting document"))


def photo_path(instance, filename: str) -> str:
    """Where a person's badge photo is stored: a random name, never the file's own ("passport.jpg" could
    be guessed, and named the person); only pages and scanners allowed to show it learn the address."""
    extension = PurePath(filename or "").suffix.lstrip(".").lower()
    return f"photos/{uuid.uuid4().hex}.{extension if extension in ('jpg', 'jpeg', 'png') else 'jpg'}"


SUPPORTING_DOCUMENT_EXTENSIONS = ("pdf", "jpg", "png")


def supporting_document_path(instance, filename: str) -> str:
    """As photo_path: a random name, never the uploaded one. The extension is the one the content was
    found to be (supporting_documents.checked_document names the file it returns by it)."""
    extension = PurePath(filename or "").suffix.lstrip(".").lower()
    return f"documents/{uuid.uuid4().hex}.{extension if extension in SUPPORTING_DOCUMENT_EXTENSIONS else 'pdf'}"


def full_name(given_name: str, patronymic: str, family_name: str) -> str:
    """A person's name as badges and lists show it (also for rows read without the model)."""
    return " ".join(part for part in [given_name, patronymic, family_name] if part)


class Person(models.Model):
    """Someone who registers; identity data vetting needs is encrypted at rest."""

    class DocumentType(models.TextChoices):
        PASSPORT = "passport", _("passport")
        NATIONAL_ID = "national-id", _("national identity card")
        DIPLOMATIC = "diplomatic", _("diplomatic passport")

    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    patronymic = models.CharField(max_length=100, blank=True)
    name_original_script = models.CharField(max_length=200, blank=True, help_text="the name as written in the passport's own script")
    gender = models.CharField(max_length=1, blank=True, choices=[("f", _("female")), ("m", _("male"))])
    nationality = CountryField()
    email = models.EmailField()
    phone = models.CharField(max_length=40, blank=True)
    language = models.CharField(max_length=5, choices=settings.LANGUAGES, default="en")
    birth_date = EncryptedDateField(null=True, blank=True)
    document_type = models.CharField(max_length=12, choices=DocumentType.choices, blank=True)
    document_number = EncryptedTextField(blank=True)
    document_country = CountryField(blank=True)
    photo = models.ImageField(upload_to=photo_path, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="persons"
    )
    fingerprint = models.CharField(max_length=64, db_index=True, help_text="keyed hash of name, birth date and document")
    is_blocked = models.BooleanField(default=False, help_text="a confirmed watch-list match: no further registrations")
    created_at = models.DateTimeField(auto_now_add=True)
    purged_at = models.DateTimeField(null=True, blank=True, help_text="personal data deleted under the retention rule")

    class Meta:
        ordering = ["family_name", "given_name"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return full_name(self.given_name, self.patronymic, self.family_name)


class Delegation(models.Model):
    """An official foreign delegation: country, sending body, head, members, liaison, programme."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="delegations")
    country = CountryField()
    sending_body = models.CharField(max_length=250, help_text="e.g. Ministry of Defence")
    liaison = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="delegations",
        help_text="the delegation liaison account that manages it",
    )
    liaison_officer = models.CharField(max_length=200, blank=True, help_text="the host escort officer")
    liaison_officer_phone = models.CharField(max_length=40, blank=True)
    arrival = models.DateTimeField(null=True, blank=True)
    departure = models.DateTimeField(null=True, blank=True)
    interpreter_languages = models.CharField(max_length=100, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        ordering = ["event", "country"]

    def __str__(self) -> str:
        return f"{self.country.name}: {self.sending_body}"


class DelegationVisit(models.Model):
    """One item of a delegation's programme: a stand visit or a meeting."""

    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="programme")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    exhibitor = models.ForeignKey("exhibitors.Exhibitor", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(max_length=200)
    place = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return self.title


class InvitationCode(models.Model):
    """A code an exhibitor gives its guests; each registration with it uses one of its quota."""

    exhibitor = models.ForeignKey("exhibitors.Exhibitor", on_delete=models.CASCADE, related_name="invitation_codes")
    code = models.CharField(max_length=16, unique=True)
    quota = models.PositiveIntegerField(default=10)
    used = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(used__lte=models.F("quota")), name="invitation_within_quota")]

    def __str__(self) -> str:
        return self.code


class CountryPolicy(models.Model):
    class Policy(models.TextChoices):
        INVITED_ONLY = "invited-only", _("invited only: registrations are held for review")
        SUSPENDED = "suspended", _("suspended: registrations are refused")

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="country_policies")
    country = CountryField()
    policy = models.CharField(max_length=12, choices=Policy.choices)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "country"], name="one_policy_per_country")]
        verbose_name_plural = "country policies"

    def __str__(self) -> str:
        return f"{self.country.code}: {self.policy}"


def new_link_token() -> str:
    """The random part of a person's status link: it says nothing (not the registration's number, so a
    link does not tell how many registrations there are) and cannot be guessed."""
    return secrets.token_urlsafe(32)


class LinkRequest(models.Model):
    """One request for one's status links again (views.link_request), kept only to limit how often an
    address or a client may ask: `key` is a keyed hash of the e-mail address or of the client's address,
    never either in clear."""

    key = models.CharField(max_length=64, db_index=True)
    requested_at = models.DateTimeField(default=clock.now, db_index=True)

    def __str__(self) -> str:
        return f"link request {self.pk}"


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status__in=[Registration.Status.REJECTED, Registration.Status.CANCELLED])


class Registration(models.Model):
    """A person in an event in a category, walking through submitted → screening → in review → decided."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        SCREENING = "screening", _("screening")
        IN_REVIEW = "in-review", _("in review")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        CANCELLED = "cancelled", _("cancelled")

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="registrations")
    category = models.ForeignKey(RegistrationCategory, on_delete=models.PROTECT, related_name="registrations")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED, db_index=True)
    organisation = models.CharField(max_length=200, blank=True)
    position = models.CharField(max_length=200, blank=True)
    sector = models.CharField(max_length=100, blank=True)
    media_outlet = models.CharField(max_length=200, blank=True)
    press_card = models.CharField(max_length=60, blank=True)
    supporting_document = models.FileField(
        upload_to=supporting_document_path, storage=private_storage, blank=True,
        help_text="what the category asks for (a press card...): private storage, read through the document view")
    shares_contact = models.BooleanField(
        default=False, help_text="the person agreed that exhibitors who scan their badge get their e-mail and phone")
    exhibitor = models.ForeignKey(
        "exhibitors.Exhibitor", null=True, blank=True, on_delete=models.CASCADE, related_name="staff_registrations",
        help_text="for exhibitor staff and guests: the exhibitor they come with",
    )
    invitation = models.ForeignKey(InvitationCode, null=True, blank=True, on_delete=models.PROTECT, related_name="registrations")
    delegation = models.ForeignKey(Delegation, null=True, blank=True, on_delete=models.CASCADE, related_name="members")
    rank = models.CharField(max_length=100, blank=True, help_text="protocol rank, e.g. Major General")
    protocol_order = models.PositiveSmallIntegerField(default=100, help_text="1 is the head of delegation")
    status_reason = models.CharField(max_length=300, blank=True)
    is_held = models.BooleanField(default=False, help_text="an organiser must review it (e.g. an invited-only country)")
    screened_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(default=clock.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    link_token = models.CharField(max_length=64, unique=True, default=new_link_token, editable=False,
                                  help_text="the person's status link (/registration/<token>/): random, a password")

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at"]
        indexes = [models.Index(fields=["event", "status"]), models.Index(fields=["event", "category"])]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person"],
                condition=~models.Q(status__in=["rejected", "cancelled"]),
                name="one_active_registration_per_person_and_event",
            ),
            # The service refuses a second head under the delegation's lock (services.check_one_head);
            # this is the floor. The head is the one the liaison acts for and the badge batch prints first.
            models.UniqueConstraint(
                fields=["delegation"],
                condition=models.Q(delegation__isnull=False, protocol_order=1)
                & ~models.Q(status__in=["rejected", "cancelled"]),
                name="one_head_per_delegation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.category.code}, {self.status})"

    @property
    def is_head_of_delegation(self) -> bool:
        return self.delegation_id is not None and self.protocol_order == 1
