"""Rooms, tracks, speakers, sessions, bookmarks and admissions of an event's programme.

A session happens in one room at one time; the services refuse a second session overlapping in
the same room and a speaker in two overlapping sessions. A room may have a zone (and a gate at
its door): a badge scanned there during a session is an admission to that session, recorded
append-only in SessionAdmission.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from pavilion.core.i18n import localized
from pavilion.core.models import AppendOnlyModel

# Languages a session can be spoken in or interpreted into (ISO 639-1).
SESSION_LANGUAGES = [
    ("az", _("Azerbaijani")), ("en", _("English")), ("ru", _("Russian")), ("tr", _("Turkish")),
    ("fr", _("French")), ("de", _("German")), ("ar", _("Arabic")), ("zh", _("Chinese")),
]
LANGUAGE_CODES = [code for code, _name in SESSION_LANGUAGES]


class Room(models.Model):
    """Where sessions take place: a conference hall, a briefing room, the outdoor demonstration
    arena. Its zone (and, when it has one, the gate at its door) is where admission is scanned."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="rooms")
    code = models.SlugField(max_length=40)
    name_en = models.CharField(max_length=100)
    name_az = models.CharField(max_length=100, blank=True)
    name_ru = models.CharField(max_length=100, blank=True)
    capacity = models.PositiveIntegerField(help_text="seats, or people allowed in at once")
    hall = models.ForeignKey("events.Hall", null=True, blank=True, on_delete=models.SET_NULL, related_name="rooms")
    zone = models.ForeignKey("accreditation.Zone", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="rooms", help_text="the accreditation zone the room lies in")
    gate = models.ForeignKey("accreditation.Gate", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="rooms",
                             help_text="the gate at the room's door; empty: every gate of the zone admits to it")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["event", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["event", "code"], name="room_code_unique_in_event")]

    def __str__(self) -> str:
        return self.name  # in the page's language: model choice fields show this

    @property
    def name(self) -> str:
        return localized(self, "name")


class Track(models.Model):
    """A theme that runs through the programme (air defence, UAV, cyber security, ...)."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="tracks")
    code = models.SlugField(max_length=40)
    name_en = models.CharField(max_length=100)
    name_az = models.CharField(max_length=100, blank=True)
    name_ru = models.CharField(max_length=100, blank=True)
    colour = models.CharField(max_length=7, default="#1f4e79", help_text="#rrggbb in the timeline")

    class Meta:
        ordering = ["event", "name_en"]
        constraints = [models.UniqueConstraint(fields=["event", "code"], name="track_code_unique_in_event")]

    def __str__(self) -> str:
        return self.name  # in the page's language: model choice fields show this

    @property
    def name(self) -> str:
        return localized(self, "name")


class Speaker(models.Model):
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(max_length=200)
    title_en = models.CharField(max_length=200, blank=True, help_text="position, e.g. Deputy Minister")
    title_az = models.CharField(max_length=200, blank=True)
    title_ru = models.CharField(max_length=200, blank=True)
    organisation_en = models.CharField(max_length=200, blank=True)
    organisation_az = models.CharField(max_length=200, blank=True)
    organisation_ru = models.CharField(max_length=200, blank=True)
    bio_en = models.TextField(blank=True)
    bio_az = models.TextField(blank=True)
    bio_ru = models.TextField(blank=True)
    country = CountryField(blank=True)
    registration = models.ForeignKey("registrations.Registration", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="speaker_roles", help_text="the speaker's own registration")
    is_demo = models.BooleanField(default=False, help_text="an invented person of the demo data")

    class Meta:
        ordering = ["event", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def organisation(self) -> str:
        return localized(self, "organisation")

    @property
    def bio(self) -> str:
        return localized(self, "bio")


class SessionQuerySet(models.QuerySet):
    def public(self):
        """The sessions a programme shows: published, and cancelled ones (shown as such). Whether the event
        itself may be shown is its page's question (events.selectors.public_event: to everyone once it is
        public, to the organiser as a preview before), so an unpublished event's preview is not empty."""
        return self.filter(status__in=[Session.Status.PUBLISHED, Session.Status.CANCELLED])

    def live(self):
        """Sessions that hold their room and speakers: every state but cancelled."""
        return self.exclude(status=Session.Status.CANCELLED)

    def overlapping(self, starts_at, ends_at):
        return self.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)


class Session(models.Model):
    class Kind(models.TextChoices):
        CEREMONY = "ceremony", _("ceremony")
        CONFERENCE = "conference", _("conference")
        PANEL = "panel", _("panel discussion")
        DEMONSTRATION = "demonstration", _("live demonstration")
        BRIEFING = "briefing", _("briefing")
        WORKSHOP = "workshop", _("workshop")
        PRESS = "press", _("press conference")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        CANCELLED = "cancelled", _("cancelled")

    class Admission(models.TextChoices):
        OPEN = "open", _("open to all")
        BADGE = "badge", _("any badge that opens the zone")
        REGISTERED = "registered", _("registered attendees only")
        INVITATION = "invitation", _("by invitation")

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(max_length=14, choices=Kind.choices, default=Kind.CONFERENCE)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    title_en = models.CharField(max_length=250)
    title_az = models.CharField(max_length=250, blank=True)
    title_ru = models.CharField(max_length=250, blank=True)
    abstract_en = models.TextField(blank=True)
    abstract_az = models.TextField(blank=True)
    abstract_ru = models.TextField(blank=True)
    track = models.ForeignKey(Track, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions")
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    languages = models.CharField(max_length=40, default="en",
                                 help_text="spoken languages, ISO 639-1 codes separated by spaces, e.g. 'az en'")
    interpretation = models.CharField(max_length=40, blank=True,
                                      help_text="simultaneous interpretation into these languages, e.g. 'en ru'")
    admission = models.CharField(max_length=10, choices=Admission.choices, default=Admission.BADGE)
    speakers = models.ManyToManyField(Speaker, through="SessionSpeaker", related_name="sessions")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "room__order", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start",
                                   violation_error_message=_("A session must end after it starts.")),
        ]
        indexes = [models.Index(fields=["room", "starts_at"]), models.Index(fields=["event", "starts_at"])]

    def __str__(self) -> str:
        return self.title_en

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def abstract(self) -> str:
        return localized(self, "abstract")

    @property
    def language_codes(self) -> list[str]:
        return self.languages.split()

    @property
    def interpretation_codes(self) -> list[str]:
        return self.interpretation.split()

    @property
    def capacity(self) -> int:
        return self.room.capacity

    @property
    def needs_a_seat(self) -> bool:
        """Admission checks a confirmed bookmark: registered attendees and invited guests."""
        return self.admission in (self.Admission.REGISTERED, self.Admission.INVITATION)


class SessionSpeaker(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("chair")
        MODERATOR = "moderator", _("moderator")
        KEYNOTE = "keynote", _("keynote speaker")
        SPEAKER = "speaker", _("speaker")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="appearances")
    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="appearances")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.SPEAKER)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["session", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "speaker"], name="speaker_once_per_session")]

    def __str__(self) -> str:
        return f"{self.speaker} ({self.role}) in {self.session_id}"


class Bookmark(models.Model):
    """A session in someone's personal programme. For sessions that need a seat (registered
    attendees, invitation) the bookmark is confirmed while seats remain, else waitlisted; an
    invitation is a bookmark the organiser confirmed."""

    class Status(models.TextChoices):
        SAVED = "saved", _("saved")
        CONFIRMED = "confirmed", _("seat confirmed")
        WAITLISTED = "waitlisted", _("on the waiting list")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="bookmarks")
    registration = models.ForeignKey("registrations.Registration", on_delete=models.CASCADE, related_name="bookmarks")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SAVED)
    invited = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session__starts_at", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "registration"], name="one_bookmark_per_session")]
        indexes = [models.Index(fields=["session", "status"])]

    def __str__(self) -> str:
        return f"{self.registration_id} → {self.session_id} ({self.status})"


class SessionAdmission(AppendOnlyModel):
    """One badge read at the room's gate during a session, with the programme's answer."""

    class Result(models.TextChoices):
        GRANTED = "granted", _("granted")
        DENIED = "denied", _("denied")

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="admissions")
    scan = models.OneToOneField("accreditation.Scan", on_delete=models.PROTECT, related_name="session_admission")
    registration = models.ForeignKey("registrations.Registration", on_delete=models.PROTECT, related_name="+")
    badge_serial = models.PositiveIntegerField()
    at = models.DateTimeField()
    result = models.CharField(max_length=7, choices=Result.choices)
    reason = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["session", "result", "registration"])]

    def __str__(self) -> str:
        return f"{self.badge_serial} {self.result} at session {self.session_id}"
