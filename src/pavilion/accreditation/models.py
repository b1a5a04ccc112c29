"""Zones, grants, the event's badge keys, badges, gate devices and scans.

A badge's token is signed by the engine in pavilion.engines.badges; the rows here keep what a
scanner cannot read from the token: who holds the badge, whether it is still valid, the current
generation, the per-zone windows and the entry state used for anti-passback.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pavilion.core.i18n import localized
from pavilion.core.models import AppendOnlyModel


class Zone(models.Model):
    """An area behind gates: a hall, the outdoor display, the VIP lounge, ... numbered 0-127 for
    the badge token's zone bitmap."""

    class Kind(models.TextChoices):
        HALL = "hall", _("exhibition hall")
        OUTDOOR = "outdoor", _("outdoor display")
        VIP = "vip", _("VIP lounge")
        DELEGATION = "delegation", _("delegation area")
        PRESS = "press", _("press centre")
        CONFERENCE = "conference", _("conference rooms")
        B2B = "b2b", _("B2B area")
        BUILD = "build", _("build-up area")

    class Passback(models.TextChoices):
        NONE = "none", _("none")
        SOFT = "soft", _("soft: allow and alert")
        HARD = "hard", _("hard: deny")

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="zones")
    number = models.PositiveSmallIntegerField(help_text="bit of the badge token's zone bitmap, 0 to 127")
    code = models.SlugField(max_length=40)
    name_en = models.CharField(max_length=100)
    name_az = models.CharField(max_length=100, blank=True)
    name_ru = models.CharField(max_length=100, blank=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    hall = models.ForeignKey("events.Hall", null=True, blank=True, on_delete=models.SET_NULL, related_name="zones")
    passback = models.CharField(max_length=4, choices=Passback.choices, default=Passback.NONE)

    class Meta:
        ordering = ["event", "number"]
        constraints = [
            models.UniqueConstraint(fields=["event", "number"], name="zone_number_unique_in_event"),
            models.UniqueConstraint(fields=["event", "code"], name="zone_code_unique_in_event"),
            models.CheckConstraint(condition=models.Q(number__lte=127), name="zone_number_fits_the_bitmap"),
        ]

    def __str__(self) -> str:
        return self.name  # in the page's language: model choice fields show this

    @property
    def name(self) -> str:
        return localized(self, "name")


class Gate(models.Model):
    """A checkpoint into one zone, where scanners are enrolled."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="gates")
    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="gates")
    code = models.SlugField(max_length=40)
    name_en = models.CharField(max_length=100)  # the API's and the scanners' name
    name_az = models.CharField(max_length=100, blank=True)
    name_ru = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["event", "code"]
        constraints = [models.UniqueConstraint(fields=["event", "code"], name="gate_code_unique_in_event")]

    def __str__(self) -> str:
        return self.name  # in the page's language: the devices form's choices show this

    @property
    def name(self) -> str:
        return localized(self, "name")


class Grant(models.Model):
    """A registration category opens a zone between two moments (stored in UTC, entered in the
    event's time zone): contractors open the build-up areas on build-up days only."""

    category = models.ForeignKey("registrations.RegistrationCategory", on_delete=models.CASCADE, related_name="grants")
    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="grants")
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()

    class Meta:
        ordering = ["category", "zone__number", "opens_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(closes_at__gt=models.F("opens_at")), name="grant_window_ordered")
        ]

    def __str__(self) -> str:
        return f"{self.category} → {self.zone} {self.opens_at:%Y-%m-%d %H:%M}"


class PersonGrant(models.Model):
    """One person's exception to the category's grants: a zone added (with its window) or removed."""

    class Effect(models.TextChoices):
        ADD = "add", _("add")
        REMOVE = "remove", _("remove")

    registration = models.ForeignKey("registrations.Registration", on_delete=models.CASCADE, related_name="zone_changes")
    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+")
    effect = models.CharField(max_length=6, choices=Effect.choices)
    opens_at = models.DateTimeField(null=True, blank=True)
    closes_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["registration", "zone__number"]

    def __str__(self) -> str:
        return f"{self.effect} {self.zone} for {self.registration_id}"


class BadgeKeyRing(models.Model):
    """The event's signing keys (private seeds encrypted at rest) and the sync sequence: every
    change a scanner must learn (a badge issued, reprinted, revoked, held) takes the next number
    while this row is locked, so a scanner asking `since=N` never misses a change."""

    event = models.OneToOneField("events.Event", on_delete=models.CASCADE, related_name="badge_keys")
    private_keys = models.TextField(help_text="the engine's private_json(), encrypted")
    public_keys = models.JSONField(help_text="the engine's public_json(): what scanners get")
    seq = models.BigIntegerField(default=0)
    next_serial = models.PositiveBigIntegerField(default=100001)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"badge keys of {self.event}"


class Badge(models.Model):
    """The credential of an approved registration. A reprint raises the generation (older cards
    are superseded); a revocation is final: its serial is refused for ever. A person whose badge
    was revoked (by mistake, or with a registration rejected and then approved again) gets a
    replacement: a new badge with a new serial becomes the registration's `badge`, and the revoked
    one keeps its holder (`registration`), its scans and its place in the revocation list."""

    class Status(models.TextChoices):
        VALID = "valid", _("valid")
        REVOKED = "revoked", pgettext_lazy("badge status", "revoked")  # ru: отозван (бейдж), not отозвано

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="badges")
    # Whose badge this is or was: scans, the gate and the officers' pages name the holder by it.
    registration = models.ForeignKey("registrations.Registration", on_delete=models.CASCADE,
                                     related_name="badges")
    # The registration this is the badge of now (`registration.badge`): the same registration, or
    # none once a replacement was issued for this revoked badge.
    current_for = models.OneToOneField("registrations.Registration", null=True, blank=True, on_delete=models.CASCADE,
                                       related_name="badge")
    serial = models.PositiveIntegerField()
    generation = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.VALID, db_index=True)
    zones = models.JSONField(default=list, help_text="zone numbers the badge opens")
    windows = models.JSONField(default=dict, help_text="zone number → [[opens, closes], ...] in ISO 8601")
    not_before = models.DateTimeField()
    not_after = models.DateTimeField()
    key_id = models.PositiveSmallIntegerField()
    token = models.CharField(max_length=160, help_text="the exact QR text: no personal data")
    seq = models.BigIntegerField(default=0, db_index=True, help_text="sync sequence of the last change")
    issued_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=200, blank=True)
    # The print queue: when the current generation's card was printed and handed to its holder
    # (marked by the organiser); a reprint (a new generation) empties both, the card is to print again.
    printed_at = models.DateTimeField(null=True, blank=True)
    handed_out_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["event", "serial"]
        constraints = [
            models.UniqueConstraint(fields=["event", "serial"], name="badge_serial_unique_in_event"),
            models.CheckConstraint(
                condition=models.Q(current_for__isnull=True) | models.Q(current_for=models.F("registration")),
                name="badge_current_for_its_holder"),
            models.CheckConstraint(
                condition=models.Q(current_for__isnull=False) | models.Q(status="revoked"),
                name="badge_replaced_only_when_revoked"),
        ]
        indexes = [models.Index(fields=["event", "seq"])]

    def __str__(self) -> str:
        return f"badge {self.serial}/{self.generation}"

    # A badge whose new generation (a postponement moved its windows) is still to be signed by the
    # background task has this key number, which no key of a ring has (accreditation.reprint_tasks):
    # its stored token is the old generation's, refused at the gates, so no card or code shows it.
    UNSIGNED_KEY = 0

    @property
    def awaiting_signature(self) -> bool:
        return self.key_id == self.UNSIGNED_KEY

    @property
    def is_replaced(self) -> bool:
        """A revoked badge a replacement was issued for: no longer the registration's badge."""
        return self.current_for_id is None

    @property
    def revoked_reason_text(self) -> str:
        """The reason in the page's language when the system wrote it (a closed registration, the
        API), as written by the officer otherwise."""
        return str(REVOCATION_REASONS.get(self.revoked_reason, self.revoked_reason))


# Reasons the system writes for a revocation, stored in English (the audit log's and older rows'
# words) and shown in the reader's language.
REGISTRATION_REJECTED = "registration rejected"
REGISTRATION_WITHDRAWN = "registration withdrawn"
REVOKED_THROUGH_THE_API = "revoked through the API"
REVOCATION_REASONS = {
    REGISTRATION_REJECTED: _("registration rejected"),
    REGISTRATION_WITHDRAWN: _("registration withdrawn"),
    "registration cancelled": _("registration withdrawn"),  # written before the reason was a fixed text
    REVOKED_THROUGH_THE_API: _("revoked through the API"),
}


class DeviceQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class Device(models.Model):
    """A scanner enrolled at a gate: its token is shown once and stored as a SHA-256 hash."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="devices")
    gate = models.ForeignKey(Gate, on_delete=models.CASCADE, related_name="devices")
    name = models.CharField(max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)

    objects = DeviceQuerySet.as_manager()

    class Meta:
        ordering = ["event", "gate", "name"]

    def __str__(self) -> str:
        return f"{self.name} at {self.gate}"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @staticmethod
    def generate() -> str:
        return secrets.token_urlsafe(32)


class Scan(AppendOnlyModel):
    """One read at one gate, append-only: entries, exits, occupancy and alerts derive from scans."""

    class Direction(models.TextChoices):
        IN = "in", _("in")
        OUT = "out", _("out")

    class Result(models.TextChoices):
        GRANTED = "granted", _("granted")
        DENIED = "denied", _("denied")

    # No single-column indexes on event and zone: the indexes below start with them and serve the
    # same lookups; every scan insert would keep two more b-trees.
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="scans", db_index=False)
    device = models.ForeignKey(Device, null=True, blank=True, on_delete=models.PROTECT, related_name="scans")
    gate = models.ForeignKey(Gate, on_delete=models.PROTECT, related_name="scans")
    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="scans", db_index=False)
    badge = models.ForeignKey(Badge, null=True, blank=True, on_delete=models.PROTECT, related_name="scans")
    generation = models.PositiveSmallIntegerField(null=True, blank=True, help_text="the card's generation, as read")
    direction = models.CharField(max_length=3, choices=Direction.choices)
    result = models.CharField(max_length=7, choices=Result.choices)
    reason = models.CharField(max_length=20, blank=True)
    alert = models.CharField(max_length=20, blank=True, help_text="e.g. passback: allowed but reported")
    scanned_at = models.DateTimeField(help_text="when the badge was read: the server's time for an online scan, "
                                                "the scanner's (never after its arrival) for one taken offline")
    received_at = models.DateTimeField(help_text="the server's time")
    nonce = models.CharField(max_length=64)
    offline = models.BooleanField(default=False)
    override_reason = models.CharField(max_length=300, blank=True)
    supervisor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-scanned_at", "-id"]
        # A nonce is the device's own (specs/api.md: the same nonce again returns the first answer):
        # unique per device, so that another device's nonce never fetches that device's answer.
        constraints = [models.UniqueConstraint(fields=["device", "nonce"], name="scan_nonce_unique_per_device")]
        indexes = [models.Index(fields=["event", "scanned_at"]), models.Index(fields=["zone", "scanned_at"])]

    def __str__(self) -> str:
        return f"{self.direction} {self.result} at {self.gate_id} ({self.scanned_at:%Y-%m-%d %H:%M})"


class Presence(models.Model):
    """A badge's entry state in one zone, derived from its scans and changed only under a lock on
    the badge: whether the holder is inside, and since when (passback resets each local day)."""

    badge = models.ForeignKey(Badge, on_delete=models.CASCADE, related_name="presences")
    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="presences")
    inside = models.BooleanField(default=False)
    day = models.DateField(help_text="the local day of the last movement")
    moved_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["badge", "zone"], name="one_presence_per_badge_and_zone")]
        indexes = [models.Index(fields=["zone", "day", "inside"])]

    def __str__(self) -> str:
        return f"{self.badge_id} {'in' if self.inside else 'out'} {self.zone_id}"


class AlertAcknowledgement(models.Model):
    """An officer saw an alert scan (the occupancy page's Alerts): who and when. The scan stays in the
    gate log (scans are append-only); the live panel no longer lists it."""

    scan = models.OneToOneField(Scan, on_delete=models.CASCADE, related_name="acknowledgement")
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="+")
    acknowledged_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"alert {self.scan_id} acknowledged {self.acknowledged_at:%Y-%m-%d %H:%M}"
