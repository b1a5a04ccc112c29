from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from pavilion.core import clock


class WatchList(models.Model):
    """A sanctions or watch list the organiser screens against (UN Consolidated List, …)."""

    class Format(models.TextChoices):
        UN_XML = "un-xml", _("UN Consolidated List XML")
        FTM = "ftm", _("FollowTheMoney JSON lines")
        CSV = "csv", _("CSV")

    # Unicode slugs, made unique with a suffix: two lists never share one because their names in another
    # script (Список ЕС, Список США) would both be "list" in ASCII.
    slug = models.SlugField(unique=True, allow_unicode=True)
    name = models.CharField(max_length=200)
    source = models.CharField(max_length=300, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        # Two imports racing to create one new list must not both succeed (the service checks first).
        constraints = [models.UniqueConstraint(Lower("name"), name="watch_list_name_unique_whatever_its_case")]

    def __str__(self) -> str:
        return self.name

    @property
    def current_version(self):
        return self.versions.filter(is_current=True).first()


class WatchListVersion(models.Model):
    """One imported copy of a list; a new version re-screens every active registration."""

    watch_list = models.ForeignKey(WatchList, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    format = models.CharField(max_length=10, choices=WatchList.Format.choices)
    file_name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    published = models.CharField(max_length=40, blank=True, help_text="the date the list's publisher gives")
    imported_at = models.DateTimeField(default=clock.now, editable=False)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    entry_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)
    is_current = models.BooleanField(default=False)

    class Meta:
        ordering = ["watch_list", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["watch_list", "number"], name="version_number_unique"),
            models.UniqueConstraint(fields=["watch_list"], condition=models.Q(is_current=True), name="one_current_version"),
        ]

    def __str__(self) -> str:
        return f"{self.watch_list.name} v{self.number}"


class WatchListImport(models.Model):
    """An uploaded file, checked, waiting to be stored as a list version by a background task: a list
    of hundreds of thousands of entries takes a minute to store, longer than a page may wait."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("importing")
        DONE = "done", _("imported")
        FAILED = "failed", _("failed")

    watch_list = models.ForeignKey(WatchList, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                                   help_text="the list the file becomes a new version of; none for a new list")
    name = models.CharField(max_length=200, help_text="the list's name: of the new list, or of the chosen one")
    file_name = models.CharField(max_length=200)
    published = models.CharField(max_length=40, blank=True)
    content = models.BinaryField(help_text="the file, emptied once it is imported or refused")
    language = models.CharField(max_length=10, help_text="the page's language, for the reason of a failure")
    entry_count = models.PositiveIntegerField(default=0)
    drop_confirmed = models.BooleanField(
        default=False, help_text="the officer confirmed a file that drops much of the list or changes its format")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    version = models.ForeignKey(WatchListVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    error = models.CharField(max_length=500, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    requested_at = models.DateTimeField(default=clock.now, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"import {self.pk} of {self.file_name} ({self.status})"


class WatchListEntry(models.Model):
    """An entry of one list version, as the screening engine reads it (names, dates, nationalities)."""

    version = models.ForeignKey(WatchListVersion, on_delete=models.CASCADE, related_name="entries")
    entry_id = models.CharField(max_length=100)
    digest = models.CharField(max_length=64, help_text="hash of the entry's content, to see what changed")
    schema = models.CharField(max_length=20, default="Person")
    name = models.CharField(max_length=300)
    data = models.JSONField(default=dict, help_text="aliases, birth dates, nationalities, remarks")

    class Meta:
        ordering = ["version", "entry_id"]
        constraints = [models.UniqueConstraint(fields=["version", "entry_id"], name="entry_unique_in_version")]
        verbose_name_plural = "watch list entries"

    def __str__(self) -> str:
        return f"{self.entry_id} {self.name}"


class ScreeningRun(models.Model):
    """One pass of the engine over registrations: after a registration changes or a list version arrives."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="screening_runs")
    trigger = models.CharField(max_length=40, help_text="registration, list-version or manual")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    alerts_raised = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"run {self.pk} ({self.trigger}, {self.status})"

    @property
    def progress(self) -> int:
        return round(100 * self.done / self.total) if self.total else (100 if self.status == "done" else 0)


class AlertQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=[Alert.Status.OPEN, Alert.Status.AWAITING_CONFIRMATION])


class Alert(models.Model):
    """A candidate match of a registration's person with a list entry, waiting for an officer."""

    class Band(models.TextChoices):
        HOLD = "hold", _("hold")
        REVIEW = "review", _("review")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        AWAITING_CONFIRMATION = "awaiting", _("cleared, awaiting a second officer")
        CLEARED = "cleared", _("false positive, cleared")
        TRUE_MATCH = "match", _("true match")
        SUPERSEDED = "superseded", _("superseded")

    registration = models.ForeignKey("registrations.Registration", on_delete=models.CASCADE, related_name="alerts")
    entry = models.ForeignKey(WatchListEntry, on_delete=models.PROTECT, related_name="alerts")
    run = models.ForeignKey(ScreeningRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="alerts")
    score = models.FloatField()
    band = models.CharField(max_length=6, choices=Band.choices)
    explanation = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        ordering = ["-score", "created_at"]
        constraints = [models.UniqueConstraint(fields=["registration", "entry"], name="one_alert_per_registration_and_entry")]

    def __str__(self) -> str:
        return f"alert {self.pk}: {self.entry.entry_id} {self.score:.2f} ({self.status})"


class Decision(models.Model):
    """An officer's verdict on an alert; a clearance may need a second officer's confirmation."""

    class Verdict(models.TextChoices):
        TRUE_MATCH = "match", _("true match: reject and block")
        FALSE_POSITIVE = "false-positive", _("false positive: clear")
        # A second officer's refusal of a clearance waiting for them: the alert is open again.
        CLEARANCE_REFUSED = "refused", _("clearance refused by a second officer")

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="decisions")
    verdict = models.CharField(max_length=15, choices=Verdict.choices)
    reason = models.CharField(max_length=500)
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=clock.now, editable=False)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-decided_at"]

    def __str__(self) -> str:
        return f"{self.verdict} on alert {self.alert_id}"


class Clearance(models.Model):
    """A remembered false positive: this person is not this entry of this list version."""

    person = models.ForeignKey("registrations.Person", on_delete=models.CASCADE, related_name="clearances")
    watch_list = models.ForeignKey(WatchList, on_delete=models.CASCADE, related_name="+")
    entry_id = models.CharField(max_length=100)
    version = models.ForeignKey(WatchListVersion, on_delete=models.CASCADE, related_name="+")
    entry_digest = models.CharField(
        max_length=64, help_text="hash of the entry's content: a changed entry in a later version is screened again"
    )
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="+")
    screened = models.CharField(
        max_length=64, blank=True, default="",
        help_text="keyed hash of what screening read of the person when the officer cleared them (names, birth "
                  "date, nationality, gender): an edit of those clears nothing; empty on clearances made before "
                  "it was kept",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "watch_list", "entry_id", "version"], name="one_clearance_per_entry_version")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} ≠ {self.entry_id}"
