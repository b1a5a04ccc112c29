"""Where meetings are held: tables in a hall (added in bulk), secure rooms, exhibitors' stands."""

import re
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from pavilion.core import clock
from pavilion.core.i18n import translated_fields
from pavilion.core.services import audit_record
from pavilion.events.models import Hall, Stand
from pavilion.meetings.models import Meeting, MeetingLocation

MAX_TABLES = 500

# A location's code as the organiser writes it (it is in the schedule's files and the grid): kept as typed.
CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*")


def _hall_of(event, hall: Hall | None) -> Hall | None:
    if hall is not None and hall.venue_id != event.venue_id:
        raise ValidationError({"hall": _("The hall %(hall)s is not in the event's venue.") % {"hall": hall.code}})
    return hall


def _next_numbers(event, prefix: str, count: int) -> list[int]:
    taken = {code.upper() for code in MeetingLocation.objects.filter(event=event, code__istartswith=prefix + "-")
             .values_list("code", flat=True)}
    numbers, number = [], 1
    while len(numbers) < count:
        if f"{prefix}-{number:02d}".upper() not in taken:
            numbers.append(number)
        number += 1
    return numbers


def locations_add_tables(*, actor, event, hall: Hall | None, count: int, prefix: str = "T",
                         capacity: int = 4) -> list[MeetingLocation]:
    """Add `count` tables in a hall, numbered on from the tables already there (T-01, T-02…)."""
    if not 1 <= count <= MAX_TABLES:
        raise ValidationError({"count": _("Add between 1 and %(max)s tables at a time.") % {"max": MAX_TABLES}})
    prefix = (prefix or "").strip().upper()
    if not prefix:
        raise ValidationError({"prefix": _("The code prefix needs at least one letter or digit.")})
    if not CODE.fullmatch(prefix) or len(prefix) > 20:
        # Said, not silently rewritten: "Ş!" would have become "S".
        raise ValidationError({"prefix": _("Write the prefix in Latin letters, digits and hyphens, at most 20, "
                                           "e.g. B2B.")})
    _hall_of(event, hall)
    with transaction.atomic():
        type(event).objects.select_for_update().filter(pk=event.pk).first()
        numbers = _next_numbers(event, prefix, count)
        tables = MeetingLocation.objects.bulk_create([
            MeetingLocation(event=event, code=f"{prefix}-{number:02d}", kind=MeetingLocation.Kind.TABLE, hall=hall,
                            capacity=capacity,
                            **translated_fields("name", gettext_lazy("Table %(code)s"), {"code": f"{prefix}-{number:02d}"}))
            for number in numbers
        ])
        audit_record(actor=actor, action="meeting_locations.add_tables", obj=event,
                     after={"count": count, "prefix": prefix, "hall": hall.code if hall else None})
    return tables


def location_create(*, actor, event, kind: str, code: str, name_en: str, name_az: str = "", name_ru: str = "",
                    hall: Hall | None = None, stand: Stand | None = None, capacity: int = 4) -> MeetingLocation:
    """One secure room, stand or table, named in the three languages (English at least; empty: the
    code). A stand location takes its hall from the stand."""
    if kind not in MeetingLocation.Kind.values:
        raise ValidationError({"kind": _("Choose a table, a secure room or a stand.")})
    code = (code or "").strip()
    if not code:
        raise ValidationError({"code": _("The code needs at least one letter or digit.")})
    if not CODE.fullmatch(code) or len(code) > 40:
        raise ValidationError({"code": _("Write the code in Latin letters, digits and hyphens, at most 40, "
                                         "e.g. secure-1.")})
    if kind == MeetingLocation.Kind.STAND:
        if stand is None:
            raise ValidationError({"stand": _("Choose the stand.")})
        if stand.show.event_id != event.pk:
            raise ValidationError({"stand": _("The stand %(stand)s is not in this event.") % {"stand": stand.code}})
        hall = stand.hall
    _hall_of(event, hall)
    taken = ValidationError({"code": _("There is already a location with the code %(code)s.") % {"code": code}})
    if MeetingLocation.objects.filter(event=event, code__iexact=code).exists():
        raise taken
    try:
        with transaction.atomic():
            location = MeetingLocation.objects.create(
                event=event, kind=kind, code=code, name_en=name_en.strip() or code, name_az=name_az.strip(),
                name_ru=name_ru.strip(), hall=hall, stand=stand if kind == MeetingLocation.Kind.STAND else None,
                capacity=capacity)
            audit_record(actor=actor, action="meeting_location.create", obj=location,
                         after={"code": code, "kind": kind, "hall": hall.code if hall else None})
    except IntegrityError as error:  # the same code added a moment ago by another request
        raise taken from error
    return location


def locations_add_stands(*, actor, event) -> list[MeetingLocation]:
    """A meeting location for every booked stand that has none yet: meetings of that exhibitor's
    staff are then held at their stand (see services/scheduling.py)."""
    with transaction.atomic():
        have = set(MeetingLocation.objects.filter(event=event, stand__isnull=False).values_list("stand_id", flat=True))
        codes = {code.lower() for code in MeetingLocation.objects.filter(event=event).values_list("code", flat=True)}
        stands = (Stand.objects.filter(show__event=event, exhibitor__isnull=False, state=Stand.State.BOOKED)
                  .exclude(pk__in=have).select_related("hall", "exhibitor__company").order_by("hall__code", "code"))
        new = []
        for stand in stands:
            code = slugify(f"stand-{stand.hall.code}-{stand.code}")[:40]
            if code in codes:
                continue
            codes.add(code)
            new.append(MeetingLocation(event=event, code=code, kind=MeetingLocation.Kind.STAND, hall=stand.hall,
                                       stand=stand, **translated_fields(
                                           "name", gettext_lazy("Stand %(stand)s, %(company)s"),
                                           {"stand": stand.code, "company": stand.exhibitor.company.name})))
        created = MeetingLocation.objects.bulk_create(new)
        audit_record(actor=actor, action="meeting_locations.add_stands", obj=event, after={"count": len(created)})
    return created


SHOWN_TIMES = 3  # the refusal names the first few meetings' times


def _still_to_come(location: MeetingLocation):
    """The published meetings at this location that are not over yet, soonest first."""
    return Meeting.objects.filter(location=location, status=Meeting.Status.SCHEDULED,
                                  ends_at__gt=clock.now()).order_by("starts_at", "pk")


def location_set_active(*, actor, location: MeetingLocation, active: bool) -> MeetingLocation:
    """A location out of use gets no new meetings. It is refused while published meetings still to be
    held sit there (their participants would go to a table the organiser has closed): the refusal
    counts them and gives the first times, to move or cancel them first. Moving them here would take
    every check of the engine for each one, and a table in good use seldom has a free twin, so the
    organiser decides. Meetings already held stay as they were."""
    with transaction.atomic():
        # The event first, as a move of a published meeting and a publication take it: a meeting moved here
        # meanwhile is counted, not left at a closed table.
        type(location.event).objects.select_for_update().filter(pk=location.event_id).first()
        location = MeetingLocation.objects.select_for_update().get(pk=location.pk)
        if not active and location.is_active:
            waiting = _still_to_come(location)
            count = waiting.count()
            if count:
                zone = zoneinfo.ZoneInfo(location.event.time_zone)
                times = "; ".join(date_format(meeting.starts_at.astimezone(zone), "D j E, H:i")
                                  for meeting in waiting[:SHOWN_TIMES])
                if count > SHOWN_TIMES:
                    times += "; …"
                raise ValidationError(ngettext(
                    "%(location)s cannot be taken out of use: %(count)d published meeting is still to be held "
                    "there (%(times)s). Move or cancel it first.",
                    "%(location)s cannot be taken out of use: %(count)d published meetings are still to be held "
                    "there (%(times)s). Move or cancel them first.", count)
                    % {"location": location.name, "count": count, "times": times})
        location.is_active = active
        location.save(update_fields=["is_active"])
        audit_record(actor=actor, action="meeting_location.set_active", obj=location, after={"is_active": active})
    return location
