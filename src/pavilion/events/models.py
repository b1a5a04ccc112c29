import datetime
import zoneinfo
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from pavilion.core import clock
from pavilion.core.i18n import localized
from pavilion.core.units import rounded_to_cents


class Organiser(models.Model):
    name = models.CharField(max_length=200)
    website = models.URLField(blank=True)

    def __str__(self) -> str:
        return self.name


class Venue(models.Model):
    """A place where events are held; its name, city and address in the three content languages.

    `name`, `city` and `address` read the reader's language with `localized`'s fallback to English, as
    the events' and shows' names do; giving one of them (`Venue(name=...)`, `venue.city = ...`) sets the
    English, which every other language falls back to. Queries use the stored fields (`name_en`, ...)."""

    name_en = models.CharField(max_length=200)
    name_az = models.CharField(max_length=200, blank=True)
    name_ru = models.CharField(max_length=200, blank=True)
    city_en = models.CharField(max_length=100)
    city_az = models.CharField(max_length=100, blank=True)
    city_ru = models.CharField(max_length=100, blank=True)
    country = CountryField()
    address_en = models.CharField(max_length=300, blank=True)
    address_az = models.CharField(max_length=300, blank=True)
    address_ru = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return self.name  # in the page's language: model choice fields show this

    @property
    def name(self) -> str:
        return localized(self, "name")

    @name.setter
    def name(self, value: str) -> None:
        self.name_en = value

    @property
    def city(self) -> str:
        return localized(self, "city")

    @city.setter
    def city(self, value: str) -> None:
        self.city_en = value

    @property
    def address(self) -> str:
        return localized(self, "address")

    @address.setter
    def address(self, value: str) -> None:
        self.address_en = value


MAX_ACCESS_DAYS = 30  # of build-up, and of tear-down: a month covers the largest outdoor static displays


class Event(models.Model):
    """One occasion at one venue with dates; one badge serves the whole event."""

    slug = models.SlugField(unique=True)
    name_en = models.CharField(max_length=200)
    name_az = models.CharField(max_length=200, blank=True)
    name_ru = models.CharField(max_length=200, blank=True)
    organiser = models.ForeignKey(Organiser, on_delete=models.PROTECT, related_name="events")
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="events")
    start_date = models.DateField()
    end_date = models.DateField()
    time_zone = models.CharField(max_length=64, default="Asia/Baku")
    is_public = models.BooleanField(default=True)
    # The public registration forms take registrations from `registration_opens_at` (empty: as soon as
    # the event is public) until `registration_closes_at` (empty: the end of the event's last day in its
    # time zone); the organiser and security officers register people at any time
    # (registrations.selectors.registration_window).
    registration_opens_at = models.DateTimeField(null=True, blank=True)
    registration_closes_at = models.DateTimeField(null=True, blank=True)
    stand_currency = models.CharField(max_length=3, default="AZN",
                                      help_text="ISO 4217 code of the stands' prices (price_per_m2)")
    # The days at the venue before the first day and after the last: zones' windows and badges may open
    # then for contractors and exhibitors' crews (accreditation.services.event_access_span).
    build_up_days = models.PositiveSmallIntegerField(default=3, validators=[MaxValueValidator(MAX_ACCESS_DAYS)])
    tear_down_days = models.PositiveSmallIntegerField(default=1, validators=[MaxValueValidator(MAX_ACCESS_DAYS)])

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end_date__gte=models.F("start_date")), name="event_dates_ordered"),
            models.CheckConstraint(
                condition=models.Q(registration_opens_at__isnull=True) | models.Q(registration_closes_at__isnull=True)
                | models.Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="event_registration_window_ordered",
                violation_error_message=_("Registration must close after it opens.")),
        ]

    def __str__(self) -> str:
        return self.name  # in the page's language: model choice fields show this

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def registration_closes(self):
        """When the public registration forms close: `registration_closes_at`, else the end of the
        event's last day on its own clock."""
        if self.registration_closes_at is not None:
            return self.registration_closes_at
        return self.end_of_last_day

    @property
    def is_over(self) -> bool:
        """Whether the event's last day has ended, on its own clock."""
        return clock.now() >= self.end_of_last_day

    @property
    def end_of_last_day(self):
        """Midnight after the event's last day, on its own clock."""
        last_day = datetime.datetime.combine(self.end_date + datetime.timedelta(days=1), datetime.time())
        return last_day.replace(tzinfo=zoneinfo.ZoneInfo(self.time_zone))


class Show(models.Model):
    """An exhibition within an event; exhibitors, stands and the catalogue belong to a show."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="shows")
    slug = models.SlugField(unique=True)
    name_en = models.CharField(max_length=200)
    name_az = models.CharField(max_length=200, blank=True)
    name_ru = models.CharField(max_length=200, blank=True)
    description_en = models.TextField(blank=True)
    description_az = models.TextField(blank=True)
    description_ru = models.TextField(blank=True)
    colour = models.CharField(max_length=7, default="#1f4e79", help_text="#rrggbb on floor plans")

    class Meta:
        ordering = ["event", "name_en"]

    def __str__(self) -> str:
        return self.name  # in the page's language: model choice fields show this

    @property
    def name(self) -> str:
        return localized(self, "name")


class Hall(models.Model):
    class Kind(models.TextChoices):
        INDOOR = "indoor", _("indoor hall")
        OUTDOOR = "outdoor", _("outdoor static display")

    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="halls")
    code = models.CharField(max_length=20)
    name_en = models.CharField(max_length=100)
    name_az = models.CharField(max_length=100, blank=True)
    name_ru = models.CharField(max_length=100, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.INDOOR)
    width_m = models.DecimalField(max_digits=7, decimal_places=2)
    depth_m = models.DecimalField(max_digits=7, decimal_places=2)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["venue", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["venue", "code"], name="hall_code_unique_in_venue")]

    def __str__(self) -> str:
        return self.name  # in the page's language: model choice fields show this

    @property
    def name(self) -> str:
        return localized(self, "name")


class NationalPavilion(models.Model):
    """Exhibitors of one country grouped under their national flag at a show."""

    show = models.ForeignKey(Show, on_delete=models.CASCADE, related_name="pavilions")
    country = CountryField()
    name_en = models.CharField(max_length=200)
    name_az = models.CharField(max_length=200, blank=True)
    name_ru = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["show", "name_en"]
        constraints = [models.UniqueConstraint(fields=["show", "country"], name="one_pavilion_per_country_and_show")]

    def __str__(self) -> str:
        return self.name  # in the page's language: model choice fields show this

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def label(self) -> str:
        """As a list of pavilions shows it: the name and the show (a country often has a pavilion at
        each of the event's shows); the show must be loaded with it (select_related)."""
        return f"{self.name} · {self.show.name}"


class Stand(models.Model):
    class Kind(models.TextChoices):
        SHELL_SCHEME = "shell", _("shell scheme")
        SPACE_ONLY = "space", _("space only")
        OUTDOOR = "outdoor", _("outdoor")

    class State(models.TextChoices):
        AVAILABLE = "available", _("available")
        RESERVED = "reserved", _("reserved")
        BOOKED = "booked", _("booked")
        BLOCKED = "blocked", _("blocked")

    show = models.ForeignKey(Show, on_delete=models.CASCADE, related_name="stands")
    # The show's event, kept on the stand so that the database can hold a stand code unique in its
    # hall for one event: a hall belongs to the venue, which every year's event uses again.
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="stands", editable=False)
    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="stands")
    code = models.CharField(max_length=20)
    polygon = models.JSONField(help_text="corners [[x, y], ...] in metres on the hall's plan")
    area_m2 = models.DecimalField(max_digits=8, decimal_places=2, editable=False)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.SHELL_SCHEME)
    state = models.CharField(max_length=10, choices=State.choices, default=State.AVAILABLE, db_index=True)
    pavilion = models.ForeignKey(
        NationalPavilion, null=True, blank=True, on_delete=models.SET_NULL, related_name="stands"
    )
    exhibitor = models.ForeignKey(
        "exhibitors.Exhibitor", null=True, blank=True, on_delete=models.SET_NULL, related_name="stands",
        help_text="the exhibitor holding the stand (reserved or booked)",
    )
    price_per_m2 = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True,
                                       help_text="in the event's stand_currency")

    class Meta:
        ordering = ["hall", "code"]
        constraints = [
            # Both shows of an event share the halls: A12 in Hall 1 is one place for the whole event.
            models.UniqueConstraint(Lower("code"), "hall", "event", name="stand_code_unique_in_hall_and_event"),
        ]

    def __str__(self) -> str:
        return f"{self.hall.code}/{self.code}"

    def save(self, *args, **kwargs):
        self.event_id = self.show.event_id  # bulk loaders set `event` themselves
        super().save(*args, **kwargs)

    @property
    def price(self) -> Decimal | None:
        """The stand's rent (area × price per m², to the cent), in the event's stand currency."""
        if self.price_per_m2 is None:
            return None
        return rounded_to_cents(self.area_m2 * self.price_per_m2)


class StandBooking(models.Model):
    """An exhibitor's request for a stand and the organiser's answer."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("requested")
        CONFIRMED = "confirmed", _("confirmed")
        DECLINED = "declined", _("declined")
        CANCELLED = "cancelled", _("cancelled")

    stand = models.ForeignKey(Stand, on_delete=models.CASCADE, related_name="bookings")
    exhibitor = models.ForeignKey("exhibitors.Exhibitor", on_delete=models.CASCADE, related_name="bookings")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED, db_index=True)
    note = models.CharField(max_length=500, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=clock.now, editable=False)
    language = models.CharField(max_length=5, choices=settings.LANGUAGES, default="en",
                                help_text="the requester's page language: the organiser's decision is e-mailed in it")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            # At most one live (requested or confirmed) booking per stand: the database is the last guard.
            models.UniqueConstraint(
                fields=["stand"],
                condition=models.Q(status__in=["requested", "confirmed"]),
                name="one_live_booking_per_stand",
            )
        ]

    def __str__(self) -> str:
        return f"{self.stand} → {self.exhibitor} ({self.status})"


ANNOUNCEMENT_TITLE_MAX = 150
ANNOUNCEMENT_BODY_MAX = 2000  # a notice read on a phone at the gate, not a newsletter


class Announcement(models.Model):
    """What the organiser tells the event's people ("Hall 3 closes at 17:00"), from `publish_at` until
    `expires_at` or withdrawal, to one audience. Title and body in the three content languages; English
    is required and the others fall back to it (`title`, `body`)."""

    class Audience(models.TextChoices):
        PUBLIC = "public", _("everyone, also on the public pages")
        EVERYONE = "everyone", _("everyone registered")
        EXHIBITORS = "exhibitors", _("exhibitors' staff")
        VISITORS = "visitors", _("trade visitors")
        MEDIA = "media", _("media")
        DELEGATIONS = "delegations", _("delegations")

    class Importance(models.TextChoices):
        NORMAL = "normal", _("normal")
        URGENT = "urgent", _("urgent")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="announcements")
    title_en = models.CharField(max_length=ANNOUNCEMENT_TITLE_MAX)
    title_az = models.CharField(max_length=ANNOUNCEMENT_TITLE_MAX, blank=True)
    title_ru = models.CharField(max_length=ANNOUNCEMENT_TITLE_MAX, blank=True)
    body_en = models.TextField(max_length=ANNOUNCEMENT_BODY_MAX)
    body_az = models.TextField(max_length=ANNOUNCEMENT_BODY_MAX, blank=True)
    body_ru = models.TextField(max_length=ANNOUNCEMENT_BODY_MAX, blank=True)
    audience = models.CharField(max_length=12, choices=Audience.choices, default=Audience.EVERYONE)
    importance = models.CharField(max_length=6, choices=Importance.choices, default=Importance.NORMAL)
    publish_at = models.DateTimeField(default=clock.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    send_email = models.BooleanField(default=False, help_text="e-mail it to its audience when it is published")
    # Set when the e-mail went: a retried task finds it and mails nobody twice.
    emailed_at = models.DateTimeField(null=True, blank=True, editable=False)
    emailed_count = models.PositiveIntegerField(default=0, editable=False)
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=clock.now, editable=False)
    updated_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        ordering = ["-publish_at", "-id"]
        indexes = [models.Index(fields=["event", "publish_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=models.F("publish_at")),
                name="announcement_expires_after_publication",
                violation_error_message=_("An announcement must expire after it is published.")),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def body(self) -> str:
        return localized(self, "body")

    @property
    def is_urgent(self) -> bool:
        return self.importance == self.Importance.URGENT

    def state(self, now) -> str:
        """withdrawn, scheduled, expired or current, at `now` (the organiser's list shows it)."""
        if self.withdrawn_at is not None:
            return "withdrawn"
        if self.publish_at > now:
            return "scheduled"
        if self.expires_at is not None and self.expires_at <= now:
            return "expired"
        return "current"
