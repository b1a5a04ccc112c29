"""Writes of events and their shows: dates, time zone, venue, the registration window and the
build-up and tear-down days of an event; a show's names, address and colour.
"""

import copy
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from pavilion.core import parameters, roles
from pavilion.core.colours import checked_colour
from pavilion.core.services import audit_record, audit_values, delete_unless_used, refuse_while_used
from pavilion.core.units import currency_codes
from pavilion.core.zones import local_when
from pavilion.events import event_uses
from pavilion.events.models import (
    MAX_ACCESS_DAYS,
    Event,
    Show,
    Venue,
)

MAX_EVENT_DAYS = 31
EVENT_FIELDS = ("slug", "name_en", "name_az", "name_ru", "organiser", "venue", "start_date", "end_date", "time_zone",
                "is_public")
# Dates, time zone and venue carry sessions, slots, zones' windows, stands and badges: they change while
# nothing placed would be left outside the new days, clock or halls (events.event_uses).
EVENT_EDITABLE = ("name_en", "name_az", "name_ru", "is_public", "registration_opens_at", "registration_closes_at",
                  "stand_currency", "build_up_days", "tear_down_days", "start_date", "end_date", "time_zone", "venue")
SHOW_FIELDS = ("slug", "name_en", "name_az", "name_ru", "description_en", "description_az", "description_ru", "colour")
SHOW_EDITABLE = SHOW_FIELDS[1:]  # the slug is in the shows' addresses and filters


def _event_snapshot(event: Event) -> dict:
    return {field: str(getattr(event, field)) for field in (*EVENT_FIELDS, *EVENT_EDITABLE[4:])}


def _check_name(fields: dict) -> None:
    if "name_en" in fields and not str(fields["name_en"] or "").strip():
        raise ValidationError({"name_en": _("Give the name in English.")})


def _check_dates(start_date, end_date) -> None:
    for field, day in (("start_date", start_date), ("end_date", end_date)):
        if not parameters.day_in_range(day):
            raise ValidationError({field: parameters.day_out_of_range_message(day)})
    if end_date < start_date:
        raise ValidationError({"end_date": _("The event must end on or after its first day.")})
    if (end_date - start_date).days >= MAX_EVENT_DAYS:
        raise ValidationError({"end_date": _("An event lasts at most %(count)d days, not counting its build-up and "
                                             "tear-down days: set those on the event's page once it is created.")
                                           % {"count": MAX_EVENT_DAYS}})


def _check_time_zone(zone: str) -> None:
    if zone not in zoneinfo.available_timezones():
        raise ValidationError({"time_zone": _("Choose a time zone from the list, e.g. Asia/Baku.")})


def event_create(*, actor, **fields) -> Event:
    """A new event at a venue, with its dates and time zone; its shows are added next."""
    roles.require_organiser_admin(actor, _("Only the organiser's administrators may change events."))
    if set(fields) != set(EVENT_FIELDS):
        raise ValueError(f"an event needs exactly {EVENT_FIELDS}")
    _check_name(fields)
    if Event.objects.filter(slug__iexact=fields["slug"]).exists():
        raise ValidationError({"slug": _("Another event already has this address.")})
    _check_dates(fields["start_date"], fields["end_date"])
    _check_time_zone(fields["time_zone"])
    with transaction.atomic():
        event = Event.objects.create(**fields)
        audit_record(actor=actor, action="event.create", obj=event, after=_event_snapshot(event))
    return event


def _check_registration_window(event: Event, changes: dict) -> None:
    """Registration opens before it closes, and closes by the end of the event's last day: a form open
    after the event would take registrations for badges nobody can use. `event` is the event as it
    will be (its new dates and clock)."""
    opens = changes.get("registration_opens_at", event.registration_opens_at)
    closes = changes.get("registration_closes_at", event.registration_closes_at)
    if opens is not None and closes is not None and closes <= opens:
        raise ValidationError({"registration_closes_at": _("Registration must close after it opens.")})
    if closes is not None and closes > event.end_of_last_day:
        raise ValidationError({"registration_closes_at": _(
            "Registration closes by the end of the event's last day, %(day)s.") % {
                "day": formats.date_format(event.end_date, "j E Y")}})
    if opens is not None and closes is None and opens >= event.end_of_last_day:
        raise ValidationError({"registration_opens_at": _(
            "Registration would open after it closes at the end of the event's last day: open it earlier or give "
            "a later closing time.")})


def _access_days(value, field: str) -> int:
    try:
        days = int(value)
    except (TypeError, ValueError):
        days = -1
    if str(value).strip() != str(days) or not 0 <= days <= MAX_ACCESS_DAYS:
        raise ValidationError({field: _("Give a whole number of days from 0 to %(max)d.") % {"max": MAX_ACCESS_DAYS}})
    return days


def _check_zone_windows(event: Event, changes: dict) -> None:
    """Fewer build-up or tear-down days may not leave a zone's window (a category's or a person's)
    outside the days the venue is open to badges; the window is changed first, on the zone's page."""
    from pavilion.accreditation.selectors import timed_windows  # accreditation's models refer to events
    from pavilion.accreditation.services import event_access_span

    if not {"build_up_days", "tear_down_days"} & set(changes):
        return
    planned = Event(time_zone=event.time_zone, start_date=event.start_date, end_date=event.end_date,
                    build_up_days=changes.get("build_up_days", event.build_up_days),
                    tear_down_days=changes.get("tear_down_days", event.tear_down_days))
    first, last = event_access_span(planned)
    windows = [window for timed in timed_windows(event) for window in timed.select_related("zone")]
    early = min((window for window in windows if window.opens_at < first), key=lambda w: w.opens_at, default=None)
    late = max((window for window in windows if window.closes_at and window.closes_at > last),
               key=lambda w: w.closes_at, default=None)
    errors = {}
    if early is not None:
        errors["build_up_days"] = [_("Zone %(zone)s opens to badges from %(moment)s, before the first build-up day "
                                     "this would leave: change that window first.") % {
            "zone": early.zone.name, "moment": local_when(early.opens_at, event.time_zone)}]
    if late is not None:
        errors["tear_down_days"] = [_("Zone %(zone)s stays open to badges until %(moment)s, after the last "
                                      "tear-down day this would leave: change that window first.") % {
            "zone": late.zone.name, "moment": local_when(late.closes_at, event.time_zone)}]
    if errors:
        raise ValidationError(errors)


def _planned(event: Event, changes: dict) -> Event:
    """The event as it would be after `changes`, unsaved: what the checks measure against."""
    planned = copy.copy(event)
    for field, value in changes.items():
        setattr(planned, field, value)
    return planned


def _check_moves(event: Event, planned: Event, changes: dict) -> None:
    """New dates, clock or venue, refused with every reason while something already placed would be
    left outside them (events.event_uses); the registration window is measured against the new days."""
    errors: dict[str, list[str]] = {}
    try:
        _check_registration_window(planned, changes)
    except ValidationError as error:
        errors.update(error.message_dict)
    moved = planned.start_date != event.start_date or planned.end_date != event.end_date
    checks = [("dates", moved, lambda: event_uses.outside_new_days(event, planned)),
              ("time_zone", planned.time_zone != event.time_zone, lambda: event_uses.bound_to_clock(planned)),
              ("venue", planned.venue_id != event.venue_id, lambda: event_uses.bound_to_venue(event))]
    for field, changed, uses in checks:
        if changed:
            try:
                refuse_while_used(field, uses())
            except ValidationError as error:
                errors.update(error.message_dict)
    if not moved:
        try:
            _check_zone_windows(event, changes)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)


def event_update(*, actor, event: Event, **changes) -> Event:
    """The event's names, whether the public sees it, when its public registration forms open and close,
    the currency of its stands' prices, its build-up and tear-down days at the venue; and its dates, time
    zone and venue (a postponement, a move) while nothing placed would be left outside them."""
    roles.require_organiser_admin(actor, _("Only the organiser's administrators may change events."))
    unknown = set(changes) - set(EVENT_EDITABLE)
    if unknown:
        raise ValueError(f"not editable on an event: {sorted(unknown)}")
    _check_name(changes)
    if "stand_currency" in changes:
        changes["stand_currency"] = str(changes["stand_currency"] or "").strip().upper()
        if changes["stand_currency"] not in currency_codes():
            raise ValidationError({"stand_currency": _("Give the currency's ISO 4217 code, e.g. AZN, EUR or USD.")})
    for field in ("build_up_days", "tear_down_days"):
        if field in changes:
            changes[field] = _access_days(changes[field], field)
    if "start_date" in changes or "end_date" in changes:
        _check_dates(changes.get("start_date", event.start_date), changes.get("end_date", event.end_date))
    if "time_zone" in changes:
        _check_time_zone(changes["time_zone"])
    if "venue" in changes and not isinstance(changes["venue"], Venue):
        raise ValidationError({"venue": _("Choose the venue from the list.")})
    with transaction.atomic():
        current = Event.objects.select_for_update().get(pk=event.pk)  # two administrators: one change at a time
        _check_moves(current, _planned(current, changes), changes)
        before = _event_snapshot(current)
        for field, value in changes.items():
            setattr(current, field, value)
        current.save(update_fields=list(changes) or None)
        audit_record(actor=actor, action="event.update", obj=current, before=before, after=_event_snapshot(current))
    for field in changes:
        setattr(event, field, getattr(current, field))
    return current


def event_delete(*, actor, event: Event) -> None:
    """An event nothing belongs to yet (one created by mistake), refused with everything that does,
    counted (events.event_uses.belonging_to); the audit log keeps what it was."""
    roles.require_organiser_admin(actor, _("Only the organiser's administrators may change events."))
    delete_unless_used(actor=actor, obj=event, action="event.delete", field="event", uses=event_uses.belonging_to,
                       snapshot=_event_snapshot)


def _save_audited(*, actor, obj, changes: dict, action: str, snapshot) -> None:
    """Set the checked `changes` on `obj`, save it and audit it with `snapshot` before and after."""
    with transaction.atomic():
        before = snapshot(obj)
        for field, value in changes.items():
            setattr(obj, field, value)
        obj.save()
        audit_record(actor=actor, action=action, obj=obj, before=before, after=snapshot(obj))


def _check_show(fields: dict, *, event: Event, show: Show | None = None) -> None:
    _check_name(fields)
    # Visitors pick a show by its name on the directory, the plan and the badges: two alike are one too many.
    name = str(fields.get("name_en") or "").strip()
    if name and Show.objects.filter(event=event, name_en__iexact=name).exclude(pk=show.pk if show else None).exists():
        raise ValidationError({"name_en": _("Another show of this event is already named %(name)s.") % {"name": name}})
    if "slug" in fields and Show.objects.filter(slug__iexact=fields["slug"]).exclude(
            pk=show.pk if show else None).exists():
        raise ValidationError({"slug": _("Another show already has this address.")})
    if "colour" in fields:  # the show's stands are filled and outlined in it on the white plan (WCAG 1.4.11: 3:1)
        checked_colour(fields["colour"], "colour", least_contrast=3, too_light=_(
            "This colour is too light: the show's stands would hardly show on the white floor plan. Choose a "
            "darker one."))


def show_create(*, actor, event: Event, **fields) -> Show:
    roles.require_organiser_admin(actor, _("Only the organiser's administrators may change events."))
    unknown = set(fields) - set(SHOW_FIELDS)
    if unknown:
        raise ValueError(f"not a show field: {sorted(unknown)}")
    _check_show(fields, event=event)
    with transaction.atomic():
        show = Show.objects.create(event=event, **fields)
        audit_record(actor=actor, action="show.create", obj=show, after=audit_values(show, SHOW_FIELDS))
    return show


def show_update(*, actor, show: Show, **changes) -> Show:
    roles.require_organiser_admin(actor, _("Only the organiser's administrators may change events."))
    unknown = set(changes) - set(SHOW_EDITABLE)
    if unknown:
        raise ValueError(f"not editable on a show: {sorted(unknown)}")
    _check_show(changes, event=show.event, show=show)
    _save_audited(actor=actor, obj=show, changes=changes, action="show.update",
                  snapshot=lambda obj: audit_values(obj, SHOW_FIELDS))
    return show



def show_delete(*, actor, show: Show) -> None:
    """A show nothing belongs to yet (one added by mistake): no exhibitor, stand, national pavilion or deal."""
    roles.require_organiser_admin(actor, _("Only the organiser's administrators may change events."))
    delete_unless_used(actor=actor, obj=show, action="show.delete", field="show", uses=event_uses.show_uses,
                       snapshot=lambda locked: audit_values(locked, ("slug", "name_en"), as_text=True))
