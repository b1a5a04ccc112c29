"""A new edition of an event from a previous one: ADEX is held every two years at the same venue, and its
set-up (shows, the stands' layout, national pavilions, zones, gates, categories and their windows, country
policies, programme rooms and tracks, meeting locations, slots and rules, the event's settings) is copied
rather than entered again. Everything timed moves by the days between the two first days, on the event's
clock.

Never copied: people, registrations, delegations, exhibitors and their bookings, badges, the badge keys
(the new event makes its own when it first needs them, as every new event does:
accreditation.services.keyring_row), scanners, scans, sessions and speakers, meetings, deals, the audit log.

The other apps' models and services are imported inside the functions: their models refer to events."""

import datetime
import re
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pavilion.core import parameters, roles
from pavilion.core.i18n import translated_fields
from pavilion.core.services import audit_record
from pavilion.events import services
from pavilion.events.models import Event, NationalPavilion, Show, Stand
from pavilion.events.postponement import shifted

PARTS = {  # in the order they are copied: the settings' build-up days hold the zones' windows, pavilions the stands
    "settings": gettext_lazy("The event's settings: stand currency, build-up and tear-down days, time zone, "
                             "registration opening and closing"),
    "shows": gettext_lazy("Shows, with their names and addresses for the new year"),
    "pavilions": gettext_lazy("National pavilions"),
    "stands": gettext_lazy("The stands' layout: every stand drawn, with its code, shape, kind and price; blocked "
                           "stands stay blocked, the others are available"),
    "accreditation": gettext_lazy("Accreditation zones, gates, registration categories and their zones' windows"),
    "country_policies": gettext_lazy("Country policies"),
    "programme": gettext_lazy("Programme rooms and tracks (not the sessions or speakers)"),
    "meetings": gettext_lazy("Meeting locations (those at stands too, for the stands copied), slots, request rules "
                             "and settings"),
}
NEEDS_SHOWS = ("stands", "pavilions")  # both belong to a show
SLUG_MAX = Event._meta.get_field("slug").max_length
SHOW_SLUG_MAX = Show._meta.get_field("slug").max_length
SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def renamed(text: str, old_year: int, new_year: int) -> str:
    """`text` with the old edition's year replaced by the new one's (ADEX-2024 → ADEX-2026)."""
    return re.sub(rf"(?<!\d){old_year}(?!\d)", str(new_year), text or "")


def suggested(source: Event, start_date: datetime.date) -> dict:
    """The new edition's names and address as the form proposes them for a first day."""
    old, new = source.start_date.year, start_date.year
    names = {field: renamed(getattr(source, field), old, new) for field in ("name_en", "name_az", "name_ru")}
    slug = renamed(source.slug, old, new)
    if slug == source.slug:
        slug = f"{source.slug}-{new}"[:SLUG_MAX]
    return {"slug": slug, **names}


def _free_show_slug(slug: str, old_year: int, new_year: int, taken: set[str]) -> str:
    base = renamed(slug, old_year, new_year)
    candidates = [base] if base != slug else []
    if str(new_year) not in base:
        candidates.append(f"{base[:SHOW_SLUG_MAX - 5]}-{new_year}")
    candidates += [f"{base[:SHOW_SLUG_MAX - 4]}-{number}" for number in range(2, 1000)]
    return next(candidate for candidate in candidates
                if candidate.lower() not in taken and not Show.objects.filter(slug__iexact=candidate).exists())


def show_addresses(source: Event, start_date: datetime.date, reserved=()) -> dict[int, str]:
    """The address each of `source`'s shows gets in an edition starting on `start_date`, by show id, none
    of them one of the `reserved` (those the organiser gave other shows)."""
    old_year, new_year = source.start_date.year, start_date.year
    taken = {address.lower() for address in reserved}
    addresses = {}
    for show in Show.objects.filter(event=source).order_by("pk"):
        addresses[show.pk] = _free_show_slug(show.slug, old_year, new_year, taken)
        taken.add(addresses[show.pk].lower())
    return addresses


def _check_show_addresses(source: Event, addresses: dict) -> None:
    """Addresses the organiser gave the new shows: each a slug no show has, and no two alike."""
    errors, seen = {}, set()
    shows = set(Show.objects.filter(event=source).values_list("pk", flat=True))
    for pk, address in addresses.items():
        if pk not in shows:
            raise ValueError(f"show {pk} is not one of {source.slug}'s")
        field, address = f"show_{pk}_slug", str(address or "").strip()
        if not SLUG.fullmatch(address) or len(address) > SHOW_SLUG_MAX:
            errors[field] = [_("Write the address in Latin letters, digits and hyphens, at most %(max)d, e.g. "
                               "adex-2026.") % {"max": SHOW_SLUG_MAX}]
        elif address.lower() in seen or Show.objects.filter(slug__iexact=address).exists():
            errors[field] = [_("Another show already has this address.")]
        seen.add(address.lower())
    if errors:
        raise ValidationError(errors)


def _span(event: Event, start_date=None, end_date=None) -> tuple[datetime.date, datetime.date]:
    """The days the event holds the venue, build-up and tear-down included (for another first day, with
    the same length when no last day is given, as the edition takes them)."""
    first = start_date or event.start_date
    last = end_date or first + (event.end_date - event.start_date)
    return (first - datetime.timedelta(days=event.build_up_days), last + datetime.timedelta(days=event.tear_down_days))


def _overlap(one: tuple, other: tuple) -> bool:
    return one[0] <= other[1] and other[0] <= one[1]


def _check_input(*, source: Event, name_en: str, start_date, end_date, parts) -> None:
    errors: dict[str, list[str]] = {}
    unknown = set(parts) - set(PARTS)
    if unknown:
        errors["parts"] = [_("Choose the parts to copy from the list.")]
    elif not parts:
        errors["parts"] = [_("Choose at least one part of %(event)s to copy.") % {"event": source.name}]
    elif set(NEEDS_SHOWS) & set(parts) and "shows" not in parts:
        errors["parts"] = [_("The stands' layout and the national pavilions belong to the shows: copy the shows "
                             "too.")]
    name = str(name_en or "").strip()
    if not name:
        errors["name_en"] = [_("Give the name in English.")]
    elif Event.objects.filter(name_en__iexact=name).exists():
        errors["name_en"] = [_("Another event is already named %(name)s.") % {"name": name}]
    if start_date is None:
        errors["start_date"] = [_("Give the new edition's first day.")]
    elif not parameters.day_in_range(start_date):  # before the last day is worked out from it: year 9999 overflows
        errors["start_date"] = [parameters.day_out_of_range_message(start_date)]
    elif end_date is not None and end_date < start_date:
        errors["end_date"] = [_("The event must end on or after its first day.")]
    elif start_date == source.start_date:
        errors["start_date"] = [_("A new edition starts on another day than %(event)s.") % {"event": source.name}]
    elif _overlap(_span(source, start_date, end_date), held := _span(source)):
        # The same venue, halls and stands: two events on the same days would hold the same stands twice.
        held_first, held_last = held
        errors["start_date"] = [_("At the same venue, the new edition's days with build-up and tear-down would "
                                  "overlap those of %(event)s (%(first)s to %(last)s): choose other days.") % {
            "event": source.name, "first": formats.date_format(held_first, "j E Y"),
            "last": formats.date_format(held_last, "j E Y")}]
    if errors:
        raise ValidationError(errors)


def edition_create(*, actor, source: Event, slug: str, name_en: str, start_date: datetime.date,
                   end_date: datetime.date | None = None, name_az: str = "", name_ru: str = "",
                   parts=tuple(PARTS), show_slugs: dict[int, str] | None = None) -> Event:
    """A new event at `source`'s venue, with the chosen `parts` of its set-up copied and every window
    moved by the days between the two first days; all of it or, on any refusal, nothing. `end_date`
    empty: the new edition lasts as many days as `source`. Refusals name the form's field (a part that
    cannot be copied names `parts`, with the reason). `show_slugs`: the new shows' addresses by the source
    show's id, where the organiser gave one; the others are derived (show_addresses)."""
    roles.require_organiser_admin(actor, _("Only the organiser's administrators may change events."))
    parts = [part for part in PARTS if part in set(parts)] + sorted(set(parts) - set(PARTS))
    _check_input(source=source, name_en=name_en, start_date=start_date, end_date=end_date, parts=parts)
    show_slugs = {pk: str(address).strip() for pk, address in (show_slugs or {}).items() if address}
    if "shows" in parts:
        _check_show_addresses(source, show_slugs)
    if end_date is None:
        end_date = start_date + (source.end_date - source.start_date)
    try:
        return _create(actor=actor, source=source, slug=slug, names=(name_en, name_az, name_ru),
                       days=(start_date, end_date), parts=parts, show_slugs=show_slugs)
    except IntegrityError:  # another administrator took the address a moment ago (event_create looked first)
        if Event.objects.filter(slug__iexact=slug).exists():
            raise ValidationError({"slug": _("Another event already has this address.")}) from None
        raise


def _create(*, actor, source: Event, slug: str, names: tuple, days: tuple, parts: list, show_slugs: dict) -> Event:
    (name_en, name_az, name_ru), (start_date, end_date) = names, days
    with transaction.atomic():
        # The source as it is now, held still while it is read: a stand drawn meanwhile is copied or not, never half.
        source = Event.objects.select_for_update().select_related("venue", "organiser").get(pk=source.pk)
        copy_settings = "settings" in parts
        event = services.event_create(
            actor=actor, slug=slug, name_en=name_en.strip(), name_az=(name_az or "").strip(),
            name_ru=(name_ru or "").strip(), organiser=source.organiser, venue=source.venue, start_date=start_date,
            end_date=end_date,
            time_zone=source.time_zone if copy_settings else Event._meta.get_field("time_zone").default,
            is_public=False)  # shown to the public once the organiser has checked it
        copy = _Copy(actor=actor, source=source, event=event, show_slugs=show_slugs)
        counts = {}
        for part in parts:
            try:
                counts[part] = getattr(copy, f"copy_{part}")()
            except ValidationError as error:
                raise ValidationError({"parts": [
                    _("%(part)s could not be copied: %(reason)s") % {"part": PARTS[part], "reason": message}
                    for message in error.messages]}) from error
        audit_record(actor=actor, action="event.create_edition", obj=event, after={
            "source": source.slug, "days": copy.days, "parts": parts, "copied": counts})
    return event


class _Copy:
    """One part of the source's set-up per method, each returning how many things it copied. The ids
    of the source's shows, pavilions, zones and gates map to the copies, for the parts that refer to them."""

    def __init__(self, *, actor, source: Event, event: Event, show_slugs: dict):
        self.actor, self.source, self.event, self.show_slugs = actor, source, event, show_slugs
        self.days = (event.start_date - source.start_date).days
        self.zone = zoneinfo.ZoneInfo(source.time_zone)
        self.shows: dict[int, Show] = {}
        self.pavilions: dict[int, NationalPavilion] = {}
        self.stands: dict[int, Stand] = {}
        self.zones: dict = {}
        self.gates: dict = {}

    def moved(self, moment):
        """The same time of day `days` later on the event's clock, as a postponement moves it."""
        return None if moment is None else shifted(moment, self.days, self.zone)

    def copy_settings(self) -> int:
        changes = {"stand_currency": self.source.stand_currency, "build_up_days": self.source.build_up_days,
                   "tear_down_days": self.source.tear_down_days,
                   "registration_opens_at": self.moved(self.source.registration_opens_at),
                   "registration_closes_at": self.moved(self.source.registration_closes_at)}
        services.event_update(actor=self.actor, event=self.event, **changes)
        return len(changes)

    def copy_shows(self) -> int:
        old_year, new_year = self.source.start_date.year, self.event.start_date.year
        derived = show_addresses(self.source, self.event.start_date, reserved=self.show_slugs.values())
        for show in Show.objects.filter(event=self.source).order_by("pk"):
            fields = {field: getattr(show, field) for field in services.SHOW_FIELDS}
            fields.update({field: renamed(fields[field], old_year, new_year) for field in ("name_en", "name_az",
                                                                                           "name_ru")})
            fields["slug"] = self.show_slugs.get(show.pk) or derived[show.pk]
            self.shows[show.pk] = services.show_create(actor=self.actor, event=self.event, **fields)
        return len(self.shows)

    def copy_pavilions(self) -> int:
        for pavilion in NationalPavilion.objects.filter(show__event=self.source).order_by("pk"):
            self.pavilions[pavilion.pk] = services.pavilion_create(
                actor=self.actor, show=self.shows[pavilion.show_id], country=pavilion.country.code,
                name_en=pavilion.name_en, name_az=pavilion.name_az, name_ru=pavilion.name_ru)
        return len(self.pavilions)

    def copy_stands(self) -> int:
        """Every stand drawn, in one go: the layout was checked when it was drawn (codes, shapes inside the
        same halls, no overlaps), and the halls cannot have shrunk past it since (services.hall_update).
        Stand by stand, services.stand_create would check each of ADEX's 342 stands against every other of
        its hall again. A blocked stand (a pillar, a fire exit) is blocked in the new edition too; a reserved
        or booked one was its exhibitor's, who has to book again: available."""
        sources = list(Stand.objects.filter(event=self.source).order_by("hall_id", "code"))
        copies = [
            Stand(show=self.shows[stand.show_id], event=self.event, hall_id=stand.hall_id, code=stand.code,
                  polygon=stand.polygon, area_m2=stand.area_m2, kind=stand.kind,
                  state=Stand.State.BLOCKED if stand.state == Stand.State.BLOCKED else Stand.State.AVAILABLE,
                  pavilion=self.pavilions.get(stand.pavilion_id), price_per_m2=stand.price_per_m2)
            for stand in sources
        ]
        Stand.objects.bulk_create(copies)  # sets the copies' ids (PostgreSQL, SQLite): the stand locations need them
        self.stands = {source.pk: copy for source, copy in zip(sources, copies, strict=True)}
        audit_record(actor=self.actor, action="stand.copy", obj=self.event,
                     after={"source": self.source.slug, "count": len(copies),
                            "blocked": sum(copy.state == Stand.State.BLOCKED for copy in copies)})
        return len(copies)

    def copy_accreditation(self) -> int:
        from pavilion.accreditation import services as accreditation
        from pavilion.accreditation.models import Gate, Grant, Zone

        for zone in Zone.objects.filter(event=self.source).order_by("number"):
            self.zones[zone.pk] = accreditation.zone_create(
                actor=self.actor, event=self.event, code=zone.code, name_en=zone.name_en, name_az=zone.name_az,
                name_ru=zone.name_ru, kind=zone.kind, number=zone.number, hall=zone.hall, passback=zone.passback)
        for gate in Gate.objects.filter(event=self.source).order_by("code"):
            self.gates[gate.pk] = accreditation.gate_create(
                actor=self.actor, zone=self.zones[gate.zone_id], code=gate.code, name=gate.name_en,
                name_az=gate.name_az, name_ru=gate.name_ru)
        categories = self._categories()
        grants = Grant.objects.filter(category__event=self.source).order_by("category_id", "zone__number", "opens_at")
        for grant in grants:
            accreditation.grant_create(actor=self.actor, category=categories[grant.category_id],
                                       zone=self.zones[grant.zone_id], opens_at=self.moved(grant.opens_at),
                                       closes_at=self.moved(grant.closes_at))
        return len(self.zones) + len(self.gates) + len(categories) + len(grants)

    def _categories(self) -> dict:
        """The source's categories, with their closing times moved. Written here: registrations has no
        service that creates a category of any settings (categories_create_defaults makes the standard
        ones only); registrations.services.category_update then checks the copy as it checks every change
        (names, age, quota, badge colour, closing within the new days), and audits it."""
        from pavilion.registrations.models import RegistrationCategory
        from pavilion.registrations.services import CATEGORY_FIELDS, category_update

        mapping = {}
        for category in RegistrationCategory.objects.filter(event=self.source).order_by("order", "code"):
            copy = RegistrationCategory.objects.create(event=self.event, code=category.code, name_en=category.name_en)
            audit_record(actor=self.actor, action="category.create", obj=copy,
                         after={"code": copy.code, "copied_from": category.pk})
            values = {field: getattr(category, field) for field in CATEGORY_FIELDS}
            values["closes_at"] = self.moved(category.closes_at)
            mapping[category.pk] = category_update(actor=self.actor, category=copy, **values)
        return mapping

    def copy_country_policies(self) -> int:
        from pavilion.registrations.models import CountryPolicy
        from pavilion.registrations.services import country_policy_set

        policies = list(CountryPolicy.objects.filter(event=self.source).order_by("country"))
        for policy in policies:
            country_policy_set(actor=self.actor, event=self.event, country=policy.country.code, policy=policy.policy,
                               note=policy.note)
        return len(policies)

    def copy_programme(self) -> int:
        from pavilion.programme import services as programme
        from pavilion.programme.models import Room, Track

        tracks = list(Track.objects.filter(event=self.source).order_by("code"))
        for track in tracks:
            programme.track_create(actor=self.actor, event=self.event,
                                   **{field: getattr(track, field) for field in programme.TRACK_FIELDS})
        rooms = list(Room.objects.filter(event=self.source).order_by("order", "code"))
        for room in rooms:
            fields = {field: getattr(room, field) for field in programme.ROOM_FIELDS}
            # Its zone and gate are the new event's copies, when the accreditation is copied too.
            fields["zone"], fields["gate"] = self.zones.get(room.zone_id), self.gates.get(room.gate_id)
            programme.room_create(actor=self.actor, event=self.event, **fields)
        return len(tracks) + len(rooms)

    def copy_meetings(self) -> int:
        from pavilion.meetings.models import MeetingLocation, MeetingSettings, MeetingSlot, RequestRule
        from pavilion.meetings.services import locations, requests_rules, slots

        settings = MeetingSettings.objects.filter(event=self.source).first()
        if settings is not None:
            copied = requests_rules.meeting_settings_update(
                actor=self.actor, event=self.event, requests_open=settings.requests_open,
                request_quota=settings.request_quota)
            # meetings has no service for these three: the engine's settings, kept as the organiser left them.
            copied.max_meetings, copied.hall_change_gap = settings.max_meetings, settings.hall_change_gap
            copied.time_limit_seconds = settings.time_limit_seconds
            copied.save(update_fields=["max_meetings", "hall_change_gap", "time_limit_seconds"])
        rules = list(RequestRule.objects.filter(event=self.source).values_list("requester_category",
                                                                               "counterpart_category"))
        if rules:
            requests_rules.request_rules_set(actor=self.actor, event=self.event, pairs=rules)
        # A stand's location is copied with its stand, when the stands are (before this part: PARTS' order).
        places = [place for place in MeetingLocation.objects.filter(event=self.source).select_related("stand__exhibitor__company")
                  .order_by("kind", "code") if place.kind != MeetingLocation.Kind.STAND or place.stand_id in self.stands]
        for place in places:
            copy = locations.location_create(
                actor=self.actor, event=self.event, kind=place.kind, code=place.code, hall=place.hall,
                stand=self.stands.get(place.stand_id), capacity=place.capacity, **self._location_names(place))
            if not place.is_active:
                locations.location_set_active(actor=self.actor, location=copy, active=False)
        times = [(self.moved(start), self.moved(end)) for start, end in
                 MeetingSlot.objects.filter(event=self.source).order_by("starts_at").values_list("starts_at",
                                                                                                 "ends_at")]
        self._check_slots_in_days(times)
        if times:
            slots.slots_create(actor=self.actor, event=self.event, times=times)
        return (settings is not None) + len(rules) + len(places) + len(times)

    def _location_names(self, place) -> dict:
        """A location's names, but for a stand's named after the exhibitor that had it (locations_add_stands
        names them "Stand A1, <company>"): the new edition's stand has no exhibitor yet, so it is named after
        the stand alone."""
        from pavilion.meetings.models import MeetingLocation

        names = {f"name_{language}": getattr(place, f"name_{language}") for language in ("en", "az", "ru")}
        stand = place.stand if place.kind == MeetingLocation.Kind.STAND else None
        if stand is not None and stand.exhibitor_id and stand.exhibitor.company.name in place.name_en:
            names = translated_fields("name", gettext_lazy("Stand %(stand)s"), {"stand": stand.code})
        return names

    def _check_slots_in_days(self, times) -> None:
        """The meeting slots land on the new edition's days (a shorter edition would leave the last ones
        outside: slots_create does not look at the days, the slot plan does)."""
        zone = zoneinfo.ZoneInfo(self.event.time_zone)
        first = datetime.datetime.combine(self.event.start_date, datetime.time(), tzinfo=zone)
        outside = [start for start, end in times if start < first or end > self.event.end_of_last_day]
        if outside:
            raise ValidationError(_("a meeting slot would fall on %(day)s, after the new edition's last day: give "
                                    "a later last day.") % {"day": f"{outside[0].astimezone(zone):%Y-%m-%d}"})
