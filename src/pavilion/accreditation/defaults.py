"""An event's starting zones, gates and grants: one zone per hall, the outdoor display, the VIP
lounge, the press centre, conference rooms, the B2B area and the build-up areas; each category
opens its zones on its days (contractors on build-up and tear-down days only), all in the
event's time zone."""

import datetime
import zoneinfo

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_noop

from pavilion.accreditation import services
from pavilion.accreditation.models import Gate, Grant, Zone
from pavilion.core.i18n import CONTENT_LANGUAGES, in_language
from pavilion.core.services import audit_records
from pavilion.events.models import Hall
from pavilion.registrations.categories import ensure_categories
from pavilion.registrations.models import RegistrationCategory

Kind = Zone.Kind
Code = RegistrationCategory.Code
Access = RegistrationCategory.Access

# code, kind, en, az, ru
OTHER_ZONES = [
    ("vip-lounge", Kind.VIP, "VIP lounge", "VIP zalı", "VIP-зал"),
    ("delegation-lounge", Kind.DELEGATION, "Delegation lounge", "Nümayəndə heyətləri zalı", "Зал делегаций"),
    ("press-centre", Kind.PRESS, "Press centre", "Mətbuat mərkəzi", "Пресс-центр"),
    ("conference-rooms", Kind.CONFERENCE, "Conference rooms", "Konfrans zalları", "Конференц-залы"),
    ("b2b-area", Kind.B2B, "B2B meeting area", "B2B görüş zonası", "Зона B2B-встреч"),
    ("build-up-areas", Kind.BUILD, "Build-up areas and loading bays", "Quraşdırma zonaları",
     "Зоны монтажа и разгрузки"),
]
PUBLIC = {Kind.HALL, Kind.OUTDOOR, Kind.CONFERENCE}
# Which kinds of zone each category opens.
CATEGORY_KINDS = {
    Code.TRADE_VISITOR: PUBLIC | {Kind.B2B},
    Code.MEDIA: PUBLIC | {Kind.PRESS},
    Code.EXHIBITOR_STAFF: PUBLIC | {Kind.B2B, Kind.BUILD},
    Code.GUEST: PUBLIC,
    Code.DELEGATION_MEMBER: PUBLIC | {Kind.B2B, Kind.VIP, Kind.DELEGATION},
    Code.VIP: PUBLIC | {Kind.B2B, Kind.VIP, Kind.PRESS},
    Code.CONTRACTOR: {Kind.HALL, Kind.OUTDOOR, Kind.BUILD},
    Code.ORGANISER: set(Kind.values),
    Code.SECURITY: set(Kind.values),
}
OPEN_HOURS = (datetime.time(9, 0), datetime.time(18, 0))
STAFF_HOURS = (datetime.time(8, 0), datetime.time(19, 30))  # exhibitors and staff come early, leave late
BUILD_HOURS = (datetime.time(7, 0), datetime.time(22, 0))


def _days(first: datetime.date, last: datetime.date):
    day = first
    while day <= last:
        yield day
        day += datetime.timedelta(days=1)


def access_days(event, access: str, build_up_days: int, tear_down_days: int) -> list[datetime.date]:
    build = list(_days(event.start_date - datetime.timedelta(days=build_up_days),
                       event.start_date - datetime.timedelta(days=1)))
    tear = list(_days(event.end_date + datetime.timedelta(days=1), event.end_date + datetime.timedelta(days=tear_down_days)))
    show = list(_days(event.start_date, event.end_date))
    return {Access.BUILD: build + tear, Access.EVENT: show, Access.ALL: build + show + tear}[access]


def windows(event, category, build_up_days: int | None = None, tear_down_days: int | None = None):
    """(opens, closes) per day the category may come, as aware datetimes in the event's time zone."""
    tz = zoneinfo.ZoneInfo(event.time_zone)
    show_days = set(_days(event.start_date, event.end_date))
    staff = category.code not in (Code.TRADE_VISITOR, Code.MEDIA, Code.GUEST, Code.DELEGATION_MEMBER, Code.VIP)
    build_up_days = event.build_up_days if build_up_days is None else build_up_days
    tear_down_days = event.tear_down_days if tear_down_days is None else tear_down_days
    for day in access_days(event, category.access, build_up_days, tear_down_days):
        opens, closes = (STAFF_HOURS if staff else OPEN_HOURS) if day in show_days else BUILD_HOURS
        yield (datetime.datetime.combine(day, opens, tzinfo=tz), datetime.datetime.combine(day, closes, tzinfo=tz))


def create_zones(*, actor, event) -> list[Zone]:
    """A zone per hall of the venue and the OTHER_ZONES, those not made yet, numbered from the
    lowest free numbers (as services.zone_create numbers one), written and audited at once."""
    # Codes and English names are told apart regardless of case (services.zone_create): a zone the
    # organiser already made under the code or the name is that zone, not one more.
    existing = {value.casefold() for zone in Zone.objects.filter(event=event) for value in (zone.code, zone.name_en)}
    zones = []
    for hall in Hall.objects.filter(venue=event.venue).order_by("order", "code"):
        code = f"hall-{hall.code.lower()}"
        if code not in existing and hall.name_en.strip().casefold() not in existing:
            kind = Kind.OUTDOOR if hall.kind == Hall.Kind.OUTDOOR else Kind.HALL
            zones.append(Zone(event=event, code=code, kind=kind, hall=hall, name_en=hall.name_en,
                              name_az=hall.name_az, name_ru=hall.name_ru))
            existing |= {code, hall.name_en.strip().casefold()}
    for code, kind, name_en, name_az, name_ru in OTHER_ZONES:
        if code not in existing and name_en.casefold() not in existing:
            zones.append(Zone(event=event, code=code, kind=kind, name_en=name_en, name_az=name_az, name_ru=name_ru))
    for zone, number in zip(zones, services.free_zone_numbers(event, len(zones)), strict=True):
        services.check_zone(event, name_en=zone.name_en, kind=zone.kind, passback=None, hall=zone.hall)
        zone.number, zone.passback = number, services.PASSBACK_BY_KIND.get(zone.kind, Zone.Passback.NONE)
    Zone.objects.bulk_create(zones)
    audit_records(actor=actor, action="zone.create", created=[(zone, {"code": zone.code, "number": zone.number})
                                                              for zone in zones])
    return zones


# "Hall 1, gate A"; a room's door "Plenary hall, door" (core/demo/programme.py).
GATE_NAME = gettext_noop("%(name)s, gate %(letter)s")
DOOR_NAME = gettext_noop("%(name)s, door")


def gate_names(pattern: str, place: dict[str, str], **values) -> dict[str, str]:
    """A gate's name in English, Azerbaijani and Russian from a translatable `pattern` with a
    `%(name)s`: `place` is the zone's or room's name by language (English where one is empty)."""
    names = {}
    for language in CONTENT_LANGUAGES:
        with translation.override(language):
            names[language] = translation.gettext(pattern) % {"name": in_language(place, language), **values}
    return {"name": names["en"], "name_az": names["az"], "name_ru": names["ru"]}


def create_gates(*, actor, event) -> list[Gate]:
    """Two gates (A and B) into each hall, one into every other zone, named in the three languages."""
    codes = {code.casefold() for code in Gate.objects.filter(event=event).values_list("code", flat=True)}
    gates = []
    for zone in Zone.objects.filter(event=event).order_by("number"):
        letters = "AB" if zone.kind == Kind.HALL else "A"
        for letter in letters:
            code = f"{zone.code}-{letter.lower()}"
            if code.casefold() not in codes:
                names = gate_names(GATE_NAME, {"en": zone.name_en, "az": zone.name_az, "ru": zone.name_ru},
                                   letter=letter)
                gates.append(Gate(event=event, zone=zone, code=code, name_en=names["name"], name_az=names["name_az"],
                                  name_ru=names["name_ru"]))
    Gate.objects.bulk_create(gates)  # written and audited at once, as services.gate_create writes one
    audit_records(actor=actor, action="gate.create", created=[(gate, {"code": gate.code, "zone": gate.zone.code})
                                                              for gate in gates])
    return gates


def create_grants(*, actor, event, build_up_days: int | None = None, tear_down_days: int | None = None) -> int:
    """The grants of every category that has none yet (one audit entry per category), on the event's own
    build-up and tear-down days unless told otherwise."""
    zones = list(Zone.objects.filter(event=event).order_by("number"))
    show_days = set(_days(event.start_date, event.end_date))
    categories = ensure_categories(event)
    granted = set(Grant.objects.filter(category__in=categories.values()).values_list("category_id", flat=True))
    grants, audited = [], []
    for code, category in categories.items():
        if category.pk in granted:
            continue
        theirs = [
            Grant(category=category, zone=zone, opens_at=opens, closes_at=closes)
            for zone in zones if zone.kind in CATEGORY_KINDS.get(code, set())
            for opens, closes in windows(event, category, build_up_days, tear_down_days)
            # exhibitors use the loading bays on build-up and tear-down days only
            if not (zone.kind == Kind.BUILD and code == Code.EXHIBITOR_STAFF and opens.date() in show_days)
        ]
        if theirs:
            grants += theirs
            audited.append((category, {"zones": sorted({grant.zone.code for grant in theirs}), "grants": len(theirs)}))
    Grant.objects.bulk_create(grants)
    audit_records(actor=actor, action="grant.create_defaults", created=audited)
    return len(grants)


def set_up(*, actor, event) -> dict:
    with transaction.atomic():
        zones = create_zones(actor=actor, event=event)
        gates = create_gates(actor=actor, event=event)
        grants = create_grants(actor=actor, event=event)
        services.keyring_row(event)
    return {"zones": len(zones), "gates": len(gates), "grants": grants}
