"""Reports read the other apps' tables; their own rows are only the background exports and the
hourly rollup of gate scans that keeps the dashboard fast with a million scans."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportJob(models.Model):
    """An export too large to stream in a request (beyond PAVILION_EXPORT_BACKGROUND_ROWS rows),
    written by a background task into a private file that only organisers download. The file holds
    personal data, so it is deleted PAVILION_EXPORT_KEEP_HOURS after it was written (the job stays,
    expired, as the record that it existed)."""

    class Kind(models.TextChoices):
        REGISTRATIONS = "registrations", _("registrations")
        ENTRIES = "entries", _("gate entries")
        MEETINGS = "meetings", _("meetings")
        DEALS = "deals", _("deals")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")
        EXPIRED = "expired", _("expired")

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="export_jobs")
    kind = models.CharField(max_length=14, choices=Kind.choices)
    format = models.CharField(max_length=4, choices=Format.choices)
    filters = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    file_name = models.CharField(max_length=200, blank=True, help_text="inside PAVILION_EXPORT_ROOT, never public")
    error = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"export {self.pk}: {self.kind}.{self.format} ({self.status})"

    @property
    def progress(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return min(99, round(100 * self.done / self.total)) if self.total else 0


class EntryRollup(models.Model):
    """Gate scans of one zone in one hour (UTC), added up from the scans by the rollup task;
    scans are append-only, so the task adds the scans numbered after its mark."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="+")
    zone = models.ForeignKey("accreditation.Zone", on_delete=models.CASCADE, related_name="+")
    hour = models.DateTimeField(help_text="start of the hour, UTC")
    entries = models.PositiveIntegerField(default=0, help_text="granted entries")
    exits = models.PositiveIntegerField(default=0, help_text="granted exits")
    denied = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["event", "hour", "zone"]
        constraints = [models.UniqueConstraint(fields=["zone", "hour"], name="entry_rollup_unique_hour")]
        indexes = [models.Index(fields=["event", "hour"])]

    def __str__(self) -> str:
        return f"{self.zone_id} {self.hour:%Y-%m-%d %H}: {self.entries}"


class RollupMark(models.Model):
    """How far the rollup of an event's scans has got: the last scan added, and when."""

    event = models.OneToOneField("events.Event", on_delete=models.CASCADE, related_name="+")
    last_scan_id = models.BigIntegerField(default=0)
    refreshed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"rollup of {self.event_id} to scan {self.last_scan_id}"


class FigureSnapshot(models.Model):
    """Figures too costly to count on every page view (registrations by day, status, category and
    country: a pass over every registration), stored as JSON by a task and shown with their time;
    the dashboard asks for a new one when it is older than a minute."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="+")
    name = models.SlugField(max_length=40)
    data = models.JSONField(default=dict)
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "name"], name="one_snapshot_per_event_and_name")]

    def __str__(self) -> str:
        return f"{self.name} of {self.event_id} at {self.computed_at:%Y-%m-%d %H:%M:%S}"
