"""Accreditation endpoints of specs/api.md: gates, devices, badges, revocation, scans, batch, sync
and occupancy. Gate scanners authenticate with `Authorization: Device <token>`."""

import datetime
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import Field, Path, Query, Router, Schema
from ninja.security import APIKeyHeader
from pydantic import AwareDatetime, field_validator

from pavilion.accreditation import issuing, scanning, selectors, services
from pavilion.accreditation.models import REVOKED_THROUGH_THE_API, Badge, Device, Gate
from pavilion.api.auth import person_token
from pavilion.core import clock, parameters, roles
from pavilion.core.i18n import every_language
from pavilion.events.models import Event

MAX_SERIAL = 2**32 - 1


def _device_token(value: str | None) -> str | None:
    """The raw token of an `Authorization: Device <token>` header, else None."""
    if not value or not value.startswith("Device "):
        return None
    return value.removeprefix("Device ").strip()


def digest_of_authorization(value: str | None) -> str | None:
    """The token digest of an `Authorization: Device <token>` header that could name a device,
    else None (the fast path's check, accreditation/scan_wsgi.py: the device is read with the scan)."""
    raw = _device_token(value)
    return services.token_digest(raw) if raw is not None else None


class DeviceToken(APIKeyHeader):
    """Accepts `Authorization: Device <token>` of a device that is not revoked; for the batch upload
    (`uploads=True`), also of one revoked less than services.REVOKED_UPLOAD_GRACE ago, which may
    hand in only the scans it took before its revocation (scanning.scan_batch)."""

    param_name = "Authorization"
    openapi_description = "`Device <device token>`, shown once when the organiser enrols the scanner"

    def __init__(self, *, uploads: bool = False) -> None:
        self.uploads = uploads
        super().__init__()

    def authenticate(self, request, key):
        raw = _device_token(key)
        if raw is None:
            return None
        device = services.device_for_upload(raw) if self.uploads else services.device_for_token(raw)
        if device is not None:
            request.device = device
        return device


device_token = DeviceToken()
# The same scheme: a revoked device's token is still a device token, good for this one call.
device_upload_token = DeviceToken(uploads=True)
router = Router(tags=["accreditation"])


class Detail(Schema):
    detail: str


ERRORS = {400: Detail, 401: Detail, 403: Detail, 404: Detail, 422: Detail}


class GateOut(Schema):
    code: str
    zone: str = Field(..., alias="zone.code")
    name: str = Field(..., alias="name_en")


class GatePage(Schema):
    items: list[GateOut]
    count: int


class Page(Schema):
    """`?limit=&offset=` of a list (specs/api.md: limit ≤ 500)."""

    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0, le=2**31)


class DeviceIn(Schema):
    name: str = Field(..., min_length=1, max_length=100)
    gate: str = Field(..., min_length=1, max_length=40)


class DeviceCreated(Schema):
    id: int
    token: str


class BadgeOut(Schema):
    serial: int
    generation: int
    registration: int = Field(..., alias="registration_id")
    category: str = Field(..., alias="registration.category.code")
    zones: list[str]
    qr: str = Field(..., description="the QR text; empty while the badge is being signed again after the "
                                      "event moved (its old code is refused at the gates)")
    status: str

    @staticmethod
    def resolve_qr(badge) -> str:
        return "" if badge.awaiting_signature else badge.token


class BadgePage(Schema):
    items: list[BadgeOut]
    count: int


class BadgeFilter(Page):
    status: Literal["valid", "revoked"] | None = None


class Revoked(Schema):
    serial: int
    status: str


REASONS = Literal["invalid", "unknown_key", "wrong_event", "revoked", "superseded", "not_yet_valid", "expired",
                  "zone_not_granted", "passback", "not_cleared"]


class ScanIn(Schema):
    # Any text: a damaged read (a wedge scanner's stray characters, 12 KB of noise) is a well-formed
    # scan denied `invalid` (docs/badge-token.md: over 512 characters without further work), never a
    # 422 that would make a scanner drop the batch it came in.
    qr: str = Field(..., description=(
        "the text read from the QR code, as read; any length (over 512 characters it is `invalid`)"))
    gate: str = Field(..., min_length=1, max_length=40)
    direction: Literal["in", "out"]
    scanned_at: AwareDatetime = Field(..., description=(
        "ISO 8601 with an offset: the device's time of the read (its clock corrected by the sync feed's `now`). "
        "An online scan is decided and recorded at the server's time; a batch's at this time, never later "
        "than its arrival"))
    nonce: str = Field(..., min_length=1, max_length=64, description=(
        "unique per scan of this device: the device sending it again gets the first answer and records nothing new; "
        "the same nonce with another badge's code is refused (400)"))

    @field_validator("scanned_at", mode="before")
    @classmethod
    def _written_as_a_time(cls, value):
        # specs/api.md: ISO 8601 with an offset. Pydantic would also take a number as seconds since 1970.
        if not isinstance(value, str):
            raise ValueError("an ISO 8601 time with an offset, e.g. 2024-09-24T10:00:00+04:00")
        return value

    @field_validator("scanned_at")
    @classmethod
    def _in_the_calendar(cls, moment: datetime.datetime) -> datetime.datetime:
        # 0001-01-01T00:00+14:00 is in year 0 in UTC: it could be neither stored nor shown.
        if not parameters.moment_in_range(moment):
            raise ValueError(parameters.day_out_of_range_message(moment.date()))
        return moment


class BatchScanIn(ScanIn):
    offline_result: Literal["granted", "denied"] | None = Field(None, description=(
        "what the scanner decided offline, which is what happened at the gate: the scan is recorded and moves "
        "the holder by it; when the server would have decided otherwise, the scan keeps the server's reason and "
        "the alert `offline_let_in` (let in) for the officers. Left out: the server decides, as before"))
    offline_reason: REASONS | None = Field(None, description="the scanner's reason for an offline denial")


class BadgeSummary(Schema):
    serial: int
    generation: int
    category: str
    category_name: str
    colour: str
    name: str
    organisation: str
    photo: str | None


class ScanOut(Schema):
    result: Literal["granted", "denied"]
    reason: REASONS | None = Field(..., description=(
        "why a scan was denied: one of this fixed list (specs/api.md); with `granted`, only for a batch's scan "
        "let in offline that the server would have denied, and why"))
    badge: BadgeSummary | None
    detail: Literal["not_on_session_list", "session_full"] | None = Field(None, description=(
        "only with `zone_not_granted` at the door of a programme room: the session behind it refused the badge"))
    refused: Literal["device_revoked"] | None = Field(None, description=(
        "only in a batch of a revoked device, with `denied`: this scan was taken at or after the device's "
        "revocation and was not recorded"))


class BatchIn(Schema):
    scans: list[BatchScanIn] = Field(..., max_length=500)


class BatchOut(Schema):
    results: list[ScanOut]


class SyncQuery(Schema):
    since: int = Field(0, ge=0, le=2**62)


class OccupancyOut(Schema):
    zone: str
    name: str
    inside: int


class OccupancyPage(Schema):
    items: list[OccupancyOut]
    count: int
    inside: int = Field(..., description="people inside now: distinct badges, however many zones each is in")


def _event(slug: str) -> Event:
    event = Event.objects.filter(slug=slug).first()
    if event is None:
        raise Http404(f"event: no event {slug!r}")
    return event


def _organiser(request) -> None:
    if not roles.is_organiser(request.user):
        raise PermissionDenied("only the organiser may use this endpoint")


def _device(request) -> Device:
    device = getattr(request, "device", None)
    if device is None:
        raise PermissionDenied("this endpoint is for gate devices: Authorization: Device <token>")
    return device


@router.get("/events/{event}/gates", response={200: GatePage, **ERRORS}, auth=[device_token, person_token])
def gate_list(request, event: str, page: Query[Page]):
    """The event's gates and their zones (the organiser, a security officer or the event's devices)."""
    event_obj = _event(event)
    device = getattr(request, "device", None)
    if device is not None and device.event_id != event_obj.pk:
        raise PermissionDenied("this device belongs to another event")
    if device is None and not (roles.is_organiser(request.user) or roles.is_security_officer(request.user)):
        raise PermissionDenied("only the organiser, a security officer or a device may list gates")
    gates = selectors.gates(event_obj)
    return {"items": list(gates[page.offset:page.offset + page.limit]), "count": gates.count()}


@router.post("/events/{event}/devices", response={201: DeviceCreated, **ERRORS}, auth=person_token)
def device_create(request, event: str, payload: DeviceIn):
    """Enrol a scanner at a gate (organiser). The token is shown in this answer only."""
    _organiser(request)
    event_obj = _event(event)
    gate = Gate.objects.filter(event=event_obj, code=payload.gate).first()
    if gate is None:
        raise ValidationError({"gate": f"{payload.gate!r} is not a gate of this event"})
    device, raw = services.device_enrol(actor=request.user, gate=gate, name=payload.name)
    return 201, {"id": device.pk, "token": raw}


@router.get("/events/{event}/badges", response={200: BadgePage, **ERRORS}, auth=person_token)
def badge_list(request, event: str, filters: Query[BadgeFilter]):
    """The event's badges with the exact QR text (organiser)."""
    _organiser(request)
    event_obj = _event(event)
    queryset = selectors.badges(event_obj, status=filters.status)
    count = queryset.count()
    page = list(queryset[filters.offset:filters.offset + filters.limit])
    names = {zone.number: zone.code for zone in selectors.zones(event_obj)}
    for badge in page:
        badge.zones = [names.get(number, str(number)) for number in badge.zones]
    return {"items": page, "count": count}


@router.post("/events/{event}/badges/{serial}/revoke", response={200: Revoked, **ERRORS}, auth=person_token)
def badge_revoke(request, event: str, serial: int = Path(..., ge=0, le=MAX_SERIAL)):
    """Revoke a badge (organiser or security officer): denied online at once, offline after a sync."""
    if not (roles.is_organiser(request.user) or roles.is_security_officer(request.user)):
        raise PermissionDenied("only the organiser or a security officer may revoke badges")
    event_obj = _event(event)
    badge = Badge.objects.filter(event=event_obj, serial=serial).first()
    if badge is None:
        raise Http404(f"serial: no badge {serial} in this event")
    badge = issuing.badge_revoke(actor=request.user, badge=badge, reason=REVOKED_THROUGH_THE_API)
    return {"serial": badge.serial, "status": badge.status}


def scan_input(scan: ScanIn) -> scanning.ScanInput:
    """The scan as the scanning module takes it; a batch's item with the scanner's own decision."""
    return scanning.ScanInput(qr=scan.qr, gate=scan.gate, direction=scan.direction,
                              scanned_at=scan.scanned_at, nonce=scan.nonce,
                              offline_result=getattr(scan, "offline_result", None),
                              offline_reason=getattr(scan, "offline_reason", None))


# On PostgreSQL, accreditation/scan_wsgi.py answers this in front of Django with the same parts.
@router.post("/scans", response={200: ScanOut, **ERRORS}, auth=device_token, exclude_unset=True)
def scan(request, payload: ScanIn):
    """One online scan. A bad or foreign badge is a well-formed request: 200 with `denied`."""
    device = _device(request)
    services.device_seen(device=device, at=clock.now())
    point = scanning.Checkpoint.load(device)
    return scanning.scan_record(point=point, scan=scan_input(payload)).as_json()


@router.post("/scans/batch", response={200: BatchOut, **ERRORS}, auth=device_upload_token, exclude_unset=True)
def scan_batch(request, payload: BatchIn):
    """Scans taken offline, recorded as they happened and de-duplicated by nonce. A device revoked
    less than 24 hours ago may still upload the scans it took before its revocation: they are recorded
    and count, with the alert `revoked_device` for the officers, and answered without the holder; each
    scan taken after the revocation is answered `denied`, `revoked`, `"refused": "device_revoked"` and
    not recorded. Every other call of a revoked device is refused (401)."""
    device = _device(request)
    services.device_seen(device=device, at=clock.now())
    point = scanning.Checkpoint.load(device)
    answers = scanning.scan_batch(point=point, scans=[scan_input(item) for item in payload.scans])
    return {"results": [answer.as_json() for answer in answers]}


@router.get("/sync", auth=device_token, response={200: dict, **ERRORS})
def sync(request, query: Query[SyncQuery]):
    """The event's public keys, revocations since `since`, badge holders, gates and zones, the new
    `seq` to send next time, and `now`: the server's time (ISO 8601), by which the scanner corrects
    its clock for the scans it decides offline. Each changed badge names in `windows` its set of
    windows per zone, given once in `window_sets` (set → zone number → [[opens, closes], ...] in
    POSIX seconds), so that offline decisions keep the same windows as the server."""
    device = _device(request)
    services.device_seen(device=device, at=clock.now())
    feed = selectors.sync_feed(device.event, since=query.since)
    gate = device.gate
    feed["device"] = {"name": device.name, "gate": gate.code, "gate_name": gate.name_en,
                      "gate_names": every_language(gate, "name"),
                      "time_zone": device.event.time_zone}
    # The server's time, by which the scanner corrects its own clock for the scans it decides offline.
    feed["now"] = clock.now().isoformat()
    return feed


@router.get("/events/{event}/occupancy", response={200: OccupancyPage, **ERRORS}, auth=person_token)
def occupancy(request, event: str, page: Query[Page]):
    """People inside each zone now, from the scans (organiser); zones paginated as every list, `inside`
    counts the whole event."""
    _organiser(request)
    items = selectors.occupancy(_event(event), now=clock.now())
    return {"items": items[page.offset:page.offset + page.limit], "count": len(items), "inside": items.people}
