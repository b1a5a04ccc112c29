"""Reads shared by pages, the API and reports: badges, the scanners' sync feed and occupancy."""

import datetime
import hashlib
import json
import zoneinfo
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import TruncHour

from pavilion.accreditation.gate_rows import holder_organisation
from pavilion.accreditation.models import (
    Badge,
    BadgeKeyRing,
    Device,
    Gate,
    Grant,
    PersonGrant,
    Presence,
    Scan,
    Zone,
)
from pavilion.accreditation.services import keyring_row
from pavilion.core.i18n import every_language
from pavilion.registrations.models import Registration, RegistrationCategory
from pavilion.registrations.photos import photo_url

BADGE_ROW = ("serial", "generation", "status", "zones", "token", "registration_id", "registration__status",
             "registration__category__code", "registration__category__name_en",
             "registration__category__badge_colour", "registration__organisation", "registration__person__given_name",
             "registration__person__patronymic", "registration__person__family_name",
             "registration__person__photo", "registration__media_outlet", "windows")


# The print queue's states of a valid badge: its current generation's card not printed yet, printed,
# handed to its holder (a reprint puts it back to "to print").
PRINT_STATES = {
    "to_print": Q(status=Badge.Status.VALID, printed_at__isnull=True),
    "printed": Q(status=Badge.Status.VALID, printed_at__isnull=False, handed_out_at__isnull=True),
    "handed_out": Q(status=Badge.Status.VALID, handed_out_at__isnull=False),
}


def _search(text: str) -> Q:
    """A badge by its serial (digits) or its holder's name: every word in a part of the name."""
    text = text.strip()
    if text.isdigit():
        return Q(serial=int(text)) if int(text) < 2**31 else Q(pk__in=[])
    condition = Q()
    for word in text.split()[:5]:
        condition &= (Q(registration__person__given_name__icontains=word)
                      | Q(registration__person__family_name__icontains=word)
                      | Q(registration__person__patronymic__icontains=word))
    return condition


def badges(event, *, status: str | None = None, printing: str | None = None, search: str = ""):
    queryset = (Badge.objects.filter(event=event)
                .select_related("registration__person", "registration__category", "registration__exhibitor__company"))
    if status:
        queryset = queryset.filter(status=status)
    if printing in PRINT_STATES:
        queryset = queryset.filter(PRINT_STATES[printing])
    if search.strip():
        queryset = queryset.filter(_search(search))
    return queryset.order_by("serial")


def print_companies(event):
    """The companies with valid badges of their staff at the event, each once however many of the
    event's shows it exhibits at, with how many of those badges are to print."""
    from pavilion.exhibitors.models import Company

    staff = Q(exhibitors__show__event=event, exhibitors__staff_registrations__badge__status=Badge.Status.VALID)
    return (Company.objects.filter(staff).annotate(
        to_print=Count("exhibitors__staff_registrations__badge", distinct=True,
                       filter=staff & Q(exhibitors__staff_registrations__badge__printed_at__isnull=True)))
            .distinct().order_by("name", "pk"))


def print_delegations(event):
    """The delegations with valid badges, with how many of them are to print."""
    from pavilion.registrations.models import Delegation

    valid = Q(members__badge__status=Badge.Status.VALID)
    return (Delegation.objects.filter(event=event).filter(valid).annotate(
        to_print=Count("members__badge", distinct=True, filter=valid & Q(members__badge__printed_at__isnull=True)))
            .distinct().order_by("pk"))


def replacement_of(badge: Badge) -> Badge | None:
    """The badge issued in place of a revoked one (its registration's badge now), or None."""
    if not badge.is_replaced:
        return None
    return Badge.objects.filter(current_for_id=badge.registration_id).only("serial", "status").first()


def zones(event):
    return Zone.objects.filter(event=event).select_related("hall").order_by("number")


def gates(event):
    return Gate.objects.filter(event=event).select_related("zone").order_by("code")


def gates_with_use(event):
    """The gates with how many devices are enrolled at each (not revoked), whether any scan was
    taken there and the rooms they are the door of: what says whether a gate may be deleted."""
    return gates(event).annotate(
        active_devices=Count("devices", filter=Q(devices__revoked_at__isnull=True), distinct=True),
        scanned=Exists(Scan.objects.filter(gate=OuterRef("pk"))),
        any_device=Exists(Device.objects.filter(gate=OuterRef("pk"))),
    ).prefetch_related("rooms")


def grants(event, *, category: str | None = None):
    """The event's grants by category, zone and window (for the organiser's grant page)."""
    queryset = Grant.objects.filter(zone__event=event).select_related("category", "zone")
    if category:
        queryset = queryset.filter(category__code=category)
    return queryset.order_by("category__order", "category__code", "zone__number", "opens_at")


def timed_windows(event):
    """The event's zone windows set on its clock, as two querysets: the categories' (grants) and the
    people's own that carry a time (a person's removal of a zone, or an addition for the category's
    windows, has none). What a change of the event's days or time zone must find inside or refuse for."""
    return (Grant.objects.filter(zone__event=event),
            PersonGrant.objects.filter(zone__event=event, opens_at__isnull=False))


def devices(event):
    return Device.objects.filter(event=event).select_related("gate__zone").order_by("gate__code", "name")


def _seconds(text: str) -> int | float:
    moment = datetime.datetime.fromisoformat(text).timestamp()
    return int(moment) if moment == int(moment) else moment


def window_set(windows: dict) -> tuple[str, dict]:
    """A badge's windows per zone (zone number → [[opens, closes], ...] as POSIX seconds) and the
    name the sync feed gives them: a digest of their content, so that the thousands of badges of a
    category share one set and a person's own changes make a set of their own."""
    compact = {zone: [[_seconds(opens), _seconds(closes)] for opens, closes in spans]
               for zone, spans in sorted(windows.items(), key=lambda item: int(item[0]))}
    name = hashlib.sha256(json.dumps(compact, sort_keys=True).encode()).hexdigest()[:16]
    return name, compact


def _badge_item(row: dict) -> dict:
    name = " ".join(part for part in (row["registration__person__given_name"], row["registration__person__patronymic"],
                                      row["registration__person__family_name"]) if part)
    return {
        "serial": row["serial"], "generation": row["generation"], "status": row["status"],
        "cleared": row["registration__status"] == Registration.Status.APPROVED, "zones": row["zones"],
        "category": row["registration__category__code"], "category_name": row["registration__category__name_en"],
        "colour": row["registration__category__badge_colour"], "name": name,
        "organisation": holder_organisation(row["registration__organisation"], row["registration__media_outlet"]),
        "photo": photo_url(row["registration__person__photo"]),
        "windows": row["windows"],
    }


def _keys_of(event):
    """The event's key row: already joined when the event came with its device, else read."""
    try:
        return event.badge_keys
    except BadgeKeyRing.DoesNotExist:
        return keyring_row(event)


def sync_feed(event, *, since: int) -> dict:
    """Everything a scanner needs to decide offline, changed after `since` (0: everything): the
    event's public keys, revocations and current generations, badge holders, gates and zones, and
    with changed badges their windows per zone (`window_sets`, each badge naming its set) and the
    categories' names in each language."""
    row = _keys_of(event)
    seq = row.seq  # read first: a change committed meanwhile has a higher number and comes next time
    # A scanner polls every few seconds and is mostly up to date: then nothing is asked for the
    # badges, and zones and gates come as plain rows (no model instances).
    changed = [_badge_item(item) for item in Badge.objects.filter(event=event, seq__gt=since, seq__lte=seq)
               .order_by("seq").values(*BADGE_ROW)] if since < seq else []
    # Each badge's windows per zone, as the online check reads them (scan_decisions.window_reason): the
    # badge names its set, the sets come once each (a category's badges share one).
    window_sets = {}
    for item in changed:
        name, spans = window_set(item["windows"] or {})
        item["windows"], window_sets[name] = name, spans
    revoked = [item["serial"] for item in changed if item["status"] == Badge.Status.REVOKED]
    generations = {str(item["serial"]): item["generation"] for item in changed if item["generation"] > 1}
    feed = {
        "event": event.slug, "event_id": event.pk, "time_zone": event.time_zone, "since": since, "seq": seq,
        "keys": row.public_keys,
        "revocations": {"revoked": revoked, "generations": generations},
        "badges": changed,
        "window_sets": window_sets,
        "zones": [{"number": number, "code": code, "name": name, "passback": passback}
                  for number, code, name, passback in Zone.objects.filter(event=event).order_by("number")
                  .values_list("number", "code", "name_en", "passback")],
        "gates": [{"code": code, "zone": zone, "zone_number": number, "name": name}
                  for code, zone, number, name in Gate.objects.filter(event=event).order_by("code")
                  .values_list("code", "zone__code", "zone__number", "name_en")],
    }
    if since < seq:
        # The badge categories' names in each language (a badge carries the English one), so that a
        # scanner deciding offline names the category in its page's language; with the badges only,
        # so that a scanner that is up to date still costs no more queries.
        feed["categories"] = {category.code: every_language(category, "name") for category
                              in RegistrationCategory.objects.filter(event=event).only("code", "name_en", "name_az", "name_ru")}
    return feed


def local_day(event, moment: datetime.datetime) -> datetime.date:
    return moment.astimezone(zoneinfo.ZoneInfo(event.time_zone)).date()


def people_inside(zone: Zone, *, now: datetime.datetime):
    """Who is inside `zone` now, the latest entry first: the roll call of an evacuation or a search.
    The same rule as the counts (occupancy): the badge's last movement today was an entry."""
    return (Presence.objects.filter(zone=zone, inside=True, day=local_day(zone.event, now), moved_at__lte=now)
            .select_related("badge__registration__person", "badge__registration__category",
                            "badge__registration__exhibitor__company", "badge__registration__delegation")
            .order_by("-moved_at", "badge__serial"))


class Occupancy(list):
    """The zones with the people inside each (a list, as before), and `people`: how many people are
    inside any zone, each once however many zones they are in (one person inside Hall 1, the VIP
    lounge and the plenary is one person, not three)."""

    people: int = 0


def occupancy(event, *, now: datetime.datetime) -> Occupancy:
    """People inside each zone now: badges whose last movement today (local day) was an entry; and
    the people inside the event's zones (distinct badges), asked in the same query."""
    today = local_day(event, now)
    inside = Presence.objects.filter(zone__event=event, inside=True, day=today, moved_at__lte=now)
    people = inside.order_by().values("zone__event").annotate(people=Count("badge_id", distinct=True)).values("people")
    rows = list(inside.order_by().values_list("zone_id").annotate(count=Count("id"), people=Subquery(people))
                .values_list("zone_id", "count", "people"))
    counts = {zone_id: count for zone_id, count, _people in rows}
    result = Occupancy({"zone": zone.code, "id": zone.pk, "name": zone.name, "kind": zone.kind,
                        "inside": counts.get(zone.pk, 0)} for zone in zones(event))
    result.people = rows[0][2] if rows else 0
    return result


def entries_per_hour(event, *, day: datetime.date) -> list[tuple[int, int]]:
    """(local hour, granted entries) for every hour of a local day."""
    tz = zoneinfo.ZoneInfo(event.time_zone)
    start = datetime.datetime.combine(day, datetime.time(0), tzinfo=tz)
    rows = (Scan.objects.filter(event=event, direction="in", result="granted", scanned_at__gte=start,
                                scanned_at__lt=start + datetime.timedelta(days=1))
            .annotate(hour=TruncHour("scanned_at", tzinfo=tz)).values("hour").annotate(count=Count("id")))
    counts = {row["hour"].astimezone(tz).hour: row["count"] for row in rows}
    return [(hour, counts.get(hour, 0)) for hour in range(24)]


# Refusals the officers on duty must see at once, beside the alerts (passback let through, overrides):
# a second entry refused, a revoked or replaced card, a holder whose registration is no longer cleared
# (held by screening: a new watch-list match), a token that is forged, unreadable, signed by a key the
# event does not know, or of another event. An expired badge, one too early or one at a zone it does
# not open is the gate staff's everyday business and stays in the scan lists.
ALERT_REASONS = ("passback", "revoked", "superseded", "not_cleared", "invalid", "unknown_key", "wrong_event")


def alert_scans(event):
    """Every alert scan of the event (acknowledged or not): what the gate log's `alert=all` lists."""
    return Scan.objects.filter(event=event).filter(Q(alert__gt="") | Q(reason__in=ALERT_REASONS))


# Repeats of one alert (the same badge, gate, result, reason and alert) no more than this apart are
# one row on the live panel: a card presented 21 times in a minute is one incident, not 21 rows.
ALERT_REPEAT_WINDOW = datetime.timedelta(minutes=10)
# How many of the newest unacknowledged alert scans the live panel groups (one query).
ALERT_SCANS_READ = 500


@dataclass
class AlertGroup:
    """One row of the live Alerts table: a scan and its repeats, newest first."""

    scans: list = field(default_factory=list)

    @property
    def last(self) -> Scan:
        return self.scans[0]

    @property
    def first(self) -> Scan:
        return self.scans[-1]

    @property
    def count(self) -> int:
        return len(self.scans)

    @property
    def ids(self) -> str:
        return ",".join(str(scan.pk) for scan in self.scans)


def _alert_key(scan: Scan) -> tuple:
    return (scan.badge_id, scan.gate_id, scan.result, scan.reason, scan.alert, scan.override_reason)


def alerts(event, *, limit: int = 20) -> list[AlertGroup]:
    """The newest `limit` unacknowledged alerts for the live panel, repeats grouped: a scan joins the
    row of the same badge, gate, result, reason and alert when it is no more than
    ALERT_REPEAT_WINDOW before that row's earliest scan. One query."""
    scans = (alert_scans(event).filter(acknowledgement__isnull=True)
             .select_related("gate", "badge__registration__person").order_by("-scanned_at", "-id")[:ALERT_SCANS_READ])
    groups: list[AlertGroup] = []
    open_groups: dict[tuple, AlertGroup] = {}
    for scan in scans:
        key = _alert_key(scan)
        group = open_groups.get(key)
        if group is None or group.first.scanned_at - scan.scanned_at > ALERT_REPEAT_WINDOW:
            if len(groups) == limit:
                # a new row past the limit: the rows shown only gain their older repeats now
                open_groups.pop(key, None)
                continue
            group = AlertGroup()
            groups.append(group)
            open_groups[key] = group
        group.scans.append(scan)
    return groups
