"""Meeting profiles, request rules, requests, slots, locations, schedule runs and meetings.

A participant is an approved registration: the person who takes meetings (an exhibitor's staff
member, a trade visitor, a delegation's head). Requests go from one participant to another; the
accepted ones are placed by the scheduling engine (pavilion.engines.scheduling) into slots and
locations; a run's meetings become visible to the participants when the organiser publishes it.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pavilion.core.i18n import localized


class MeetingSettings(models.Model):
    """The organiser's settings of the B2B programme of one event."""

    event = models.OneToOneField("events.Event", on_delete=models.CASCADE, related_name="meeting_settings")
    requests_open = models.BooleanField(default=True, help_text="participants may send new requests")
    request_quota = models.PositiveSmallIntegerField(
        default=20, help_text="requests one participant may have pending or accepted at a time"
    )
    max_meetings = models.PositiveSmallIntegerField(default=12, help_text="default meetings per participant")
    hall_change_gap = models.BooleanField(default=True, help_text="a free slot between meetings in different halls")
    time_limit_seconds = models.PositiveSmallIntegerField(default=20)

    class Meta:
        verbose_name_plural = "meeting settings"  # the back office said "Meeting settingss"

    def __str__(self) -> str:
        return f"meeting settings of {self.event_id}"


class RequestRule(models.Model):
    """Who may request whom: a row allows participants of one registration category to send
    requests to participants of another (e.g. delegation members to anyone, visitors to exhibitor
    staff only). Without a row, the request is refused."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="meeting_request_rules")
    requester_category = models.CharField(max_length=20, help_text="RegistrationCategory.Code of the requester")
    counterpart_category = models.CharField(max_length=20, help_text="RegistrationCategory.Code of the counterpart")

    class Meta:
        ordering = ["event", "requester_category", "counterpart_category"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "requester_category", "counterpart_category"], name="request_rule_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requester_category} → {self.counterpart_category}"


class MeetingProfile(models.Model):
    """What a participant offers and seeks, shown to others and used by the recommendations."""

    registration = models.OneToOneField(
        "registrations.Registration", on_delete=models.CASCADE, related_name="meeting_profile"
    )
    is_listed = models.BooleanField(default=True, help_text="others find this participant and may request meetings")
    headline = models.CharField(max_length=200, blank=True)
    about = models.TextField(blank=True, help_text="free text: what the participant does and looks for")
    offers_categories = models.ManyToManyField("exhibitors.ProductCategory", blank=True, related_name="+")
    seeks_categories = models.ManyToManyField("exhibitors.ProductCategory", blank=True, related_name="+")
    offers_controls = models.JSONField(default=list, blank=True, help_text="control classes offered, e.g. ['ML6']")
    seeks_controls = models.JSONField(default=list, blank=True, help_text="control classes sought")
    countries = models.JSONField(default=list, blank=True, help_text="ISO alpha-2 countries of interest")
    languages = models.CharField(max_length=50, blank=True, help_text="e.g. 'en, ru'")
    max_meetings = models.PositiveSmallIntegerField(null=True, blank=True, help_text="empty: the event's default")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"profile of registration {self.registration_id}"


class Availability(models.Model):
    """A period of one day in which the participant can take meetings."""

    profile = models.ForeignKey(MeetingProfile, on_delete=models.CASCADE, related_name="availability")
    day = models.DateField()
    start = models.TimeField()
    end = models.TimeField()

    class Meta:
        ordering = ["profile", "day", "start"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="availability_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.start}–{self.end}"


class MeetingSlot(models.Model):
    """One meeting period. Breaks are the gaps between slots; two slots are consecutive when the
    first one's end is the second one's start."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="meeting_slots")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        ordering = ["event", "starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["event", "starts_at"], name="meeting_slot_start_unique"),
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="meeting_slot_has_length"),
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M}"


class MeetingLocation(models.Model):
    """Where meetings are held: a table in the B2B area, a secure room, an exhibitor's stand."""

    class Kind(models.TextChoices):
        TABLE = "table", _("table")
        SECURE_ROOM = "secure-room", _("secure room")
        STAND = "stand", _("stand")

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="meeting_locations")
    code = models.SlugField(max_length=40)
    name_en = models.CharField(max_length=100)
    name_az = models.CharField(max_length=100, blank=True)
    name_ru = models.CharField(max_length=100, blank=True)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.TABLE)
    hall = models.ForeignKey("events.Hall", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    stand = models.ForeignKey("events.Stand", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    capacity = models.PositiveSmallIntegerField(default=4)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["event", "kind", "code"]
        constraints = [
            # One code per event whatever the letters' case (the pages find "SR-9" when "sr-9" is typed).
            models.UniqueConstraint(Lower("code"), "event", name="meeting_location_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name  # in the page's language: model choice fields show this

    @property
    def name(self) -> str:
        return localized(self, "name")


class MeetingRequest(models.Model):
    """A request from one participant to another, with the export-control decision taken on it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        PROPOSED = "proposed", _("other time proposed")
        CANCELLED = "cancelled", _("cancelled")
        BLOCKED = "blocked", pgettext_lazy("meeting request", "blocked")

    class Compliance(models.TextChoices):
        ALLOWED = "allowed", _("allowed")
        WARNING = "warning", _("allowed with a warning")
        REVIEW = "review", _("compliance review")
        BLOCKED = "blocked", pgettext_lazy("meeting request", "blocked")

    class Review(models.TextChoices):
        NOT_NEEDED = "", _("not needed")
        WAITING = "waiting", _("waiting for review")
        CLEARED = "cleared", _("cleared")
        REFUSED = "refused", _("refused")

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="meeting_requests")
    requester = models.ForeignKey(
        "registrations.Registration", on_delete=models.CASCADE, related_name="meeting_requests_sent"
    )
    counterpart = models.ForeignKey(
        "registrations.Registration", on_delete=models.CASCADE, related_name="meeting_requests_received"
    )
    team = models.ManyToManyField(
        "registrations.Registration", blank=True, related_name="+",
        help_text="colleagues or delegation members who attend with the requester",
    )
    products = models.ManyToManyField("exhibitors.Product", blank=True, related_name="meeting_requests")
    message = models.TextField(blank=True)
    priority = models.PositiveSmallIntegerField(default=2, help_text="1 low, 2 normal, 3 high, 5 essential")
    length = models.PositiveSmallIntegerField(default=1, help_text="consecutive slots")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    proposed_slot = models.ForeignKey(
        MeetingSlot, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="the other time the counterpart proposed",
    )
    response = models.TextField(blank=True)
    compliance = models.CharField(max_length=8, choices=Compliance.choices, default=Compliance.ALLOWED)
    compliance_message = models.TextField(blank=True)
    compliance_rules = models.JSONField(default=list, blank=True, help_text="the rules applied, with their data's date")
    review = models.CharField(max_length=8, choices=Review.choices, default=Review.NOT_NEEDED, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True, help_text="the compliance reviewer's reason, for the reviewers only")
    review_message = models.TextField(blank=True, help_text="what the reviewer tells the requester of the decision")
    created_at = models.DateTimeField()
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["event", "status"]),
            models.Index(fields=["requester", "status"]),
            models.Index(fields=["counterpart", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(requester=models.F("counterpart")), name="meeting_request_not_to_oneself"
            ),
            # The service refuses a duplicate in either direction under row locks; this is the floor.
            models.UniqueConstraint(
                fields=["requester", "counterpart"], condition=models.Q(status__in=["pending", "proposed", "accepted"]),
                name="one_open_request_per_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"request {self.pk}: {self.requester_id} → {self.counterpart_id}"


class ScheduleRun(models.Model):
    """One run of the scheduling engine over the accepted requests, its progress and result."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")
        PUBLISHED = "published", _("published")
        SUPERSEDED = "superseded", _("superseded")

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="schedule_runs")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    progress = models.PositiveSmallIntegerField(default=0, help_text="percent")
    stage = models.CharField(max_length=100, blank=True)
    time_limit_seconds = models.PositiveSmallIntegerField(default=20)
    seed = models.PositiveIntegerField(default=0)
    requests = models.PositiveIntegerField(default=0)
    scheduled = models.PositiveIntegerField(default=0)
    objective = models.PositiveIntegerField(null=True, blank=True)
    upper_bound = models.PositiveIntegerField(null=True, blank=True)
    solver_status = models.CharField(max_length=10, blank=True, help_text="optimal or feasible")
    solve_seconds = models.FloatField(null=True, blank=True)
    unscheduled = models.JSONField(default=list, blank=True, help_text="[{request, reason}]")
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"schedule run {self.pk} ({self.status})"


class Meeting(models.Model):
    """A placed meeting. Draft meetings belong to a run that is not published; publishing makes
    them scheduled; a cancellation frees the slot and location."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SCHEDULED = "scheduled", _("scheduled")
        CANCELLED = "cancelled", _("cancelled")

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="meetings")
    request = models.ForeignKey(MeetingRequest, on_delete=models.CASCADE, related_name="meetings")
    run = models.ForeignKey(ScheduleRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    slot = models.ForeignKey(MeetingSlot, on_delete=models.PROTECT, related_name="meetings", help_text="first slot")
    length = models.PositiveSmallIntegerField(default=1)
    location = models.ForeignKey(MeetingLocation, on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    participants = models.ManyToManyField(
        "registrations.Registration", through="MeetingParticipant", related_name="meetings"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["starts_at", "location"]
        indexes = [models.Index(fields=["event", "status", "starts_at"])]

    def __str__(self) -> str:
        return f"meeting {self.pk} at {self.starts_at:%Y-%m-%d %H:%M}"


class MeetingOccupancy(models.Model):
    """One slot a meeting holds at its location: a meeting of length 2 has two rows. The unique
    constraint is what keeps two meetings of one run off the same table at the same time; a
    cancellation deletes the rows and so frees the slot."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="occupancy")
    run = models.ForeignKey(ScheduleRun, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    slot = models.ForeignKey(MeetingSlot, on_delete=models.CASCADE, related_name="+")
    location = models.ForeignKey(MeetingLocation, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "slot", "location"], name="one_meeting_per_location_and_slot"),
        ]

    def __str__(self) -> str:
        return f"meeting {self.meeting_id} in slot {self.slot_id} at {self.location_id}"


class MeetingParticipant(models.Model):
    """A participant of a meeting and what they reported afterwards."""

    class Attendance(models.TextChoices):
        UNKNOWN = "", _("not marked")
        HELD = "held", _("held")
        NO_SHOW = "no-show", _("no-show")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    registration = models.ForeignKey("registrations.Registration", on_delete=models.CASCADE, related_name="+")
    attendance = models.CharField(max_length=8, choices=Attendance.choices, default=Attendance.UNKNOWN, blank=True)
    marked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "registration"], name="meeting_participant_unique"),
        ]

    def __str__(self) -> str:
        return f"registration {self.registration_id} in meeting {self.meeting_id}"


class RecommendationSet(models.Model):
    """One participant's stored recommendations (the engine's ranked lists with reasons and
    outcomes) and the stamp of the data they were computed from: a page reads this row, and the
    adapter recomputes the event's rows only when the stamp no longer matches."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="+")
    registration = models.OneToOneField(
        "registrations.Registration", on_delete=models.CASCADE, related_name="meeting_recommendations"
    )
    stamp = models.CharField(max_length=300, help_text="what the lists were computed from")
    data = models.JSONField(default=dict, help_text="{exhibitors, products, people}: [{id, score, reasons, outcome}]")
    rules_last_verified = models.CharField(max_length=10, blank=True)
    computed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"recommendations of registration {self.registration_id}"


class RecommendationRefresh(models.Model):
    """The last time an event's recommendations were queued for recomputing, and for which stamp:
    a busy page of a large event queues the work once, not once per view."""

    event = models.OneToOneField("events.Event", on_delete=models.CASCADE, related_name="+")
    stamp = models.CharField(max_length=300)
    requested_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"recommendations of event {self.event_id} queued at {self.requested_at:%Y-%m-%d %H:%M}"
