"""Writes of the venue and stand booking: halls, stands, their states, and bookings; events and shows.

Every function is keyword-only, takes the acting user, owns its transaction and writes the audit log.
Bad input raises Django's ValidationError keyed by field name, and changes nothing.
"""

import copy
import re
import zoneinfo
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.defaultfilters import floatformat
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries

from pavilion.core import clock, parameters, roles
from pavilion.core.colours import checked_colour
from pavilion.core.i18n import supported_language
from pavilion.core.services import audit_record, audit_values, refuse_while_used
from pavilion.core.units import currency_codes
from pavilion.core.zones import local_when
from pavilion.events import event_uses, geometry
from pavilion.events.models import (
    MAX_ACCESS_DAYS,
    Event,
    Hall,
    NationalPavilion,
    Show,
    Stand,
    StandBooking,
    Venue,
)
from pavilion.events.permissions import require_exhibitor_admin, require_organiser
from pavilion.exhibitors.models import Exhibitor

# Corners may sit on a hall's wall; floating-point noise from typed decimals must not refuse them.
BOUNDS_TOLERANCE_M = 1e-6
MIN_STAND_M2 = Decimal("1")
MAX_STAND_M2 = Decimal("100000")  # well inside Stand.area_m2's eight digits (999,999.99)
STAND_FIELDS = ("show", "hall", "code", "polygon", "kind", "pavilion", "price_per_m2")


def stand_label(stand: Stand) -> str:
    return f"{stand.code} ({stand.hall.name})"  # in messages: the hall as the page's language names it


def stand_snapshot(stand: Stand) -> dict:
    return {
        "code": stand.code,
        "hall": stand.hall_id,
        "show": stand.show_id,
        "polygon": stand.polygon,
        "area_m2": str(stand.area_m2),
        "kind": stand.kind,
        "state": stand.state,
        "pavilion": stand.pavilion_id,
        "exhibitor": stand.exhibitor_id,
    }


# --- stands -------------------------------------------------------------------------------------


def _shape_errors(*, hall: Hall, polygon) -> tuple[Decimal | None, dict]:
    try:
        shape = geometry.polygon_from_points(polygon)
    except geometry.ShapeError as error:
        return None, {"polygon": [str(error)]}
    min_x, min_y, max_x, max_y = shape.bounds
    width, depth = float(hall.width_m), float(hall.depth_m)
    if min_x < -BOUNDS_TOLERANCE_M or min_y < -BOUNDS_TOLERANCE_M or max_x > width + BOUNDS_TOLERANCE_M or (
        max_y > depth + BOUNDS_TOLERANCE_M
    ):
        message = _("The stand lies outside %(hall)s, which is %(width)s m wide and %(depth)s m deep.") % {
            "hall": hall.name, "width": floatformat(hall.width_m, "-2"), "depth": floatformat(hall.depth_m, "-2"),
        }  # the hall's name and the figures as the page's language writes them
        return None, {"polygon": [message]}
    area = Decimal(str(shape.area)).quantize(Decimal("0.01"))
    if area < MIN_STAND_M2:  # a sliver of a few corners would be a stand nobody can stand on, at a rent of 0
        return None, {"polygon": [_("A stand covers at least 1 m².")]}
    if area > MAX_STAND_M2:  # an outdoor hall may be 1 km across; a stand the size of it is a typing slip
        return None, {"polygon": [_("A stand covers at most %(max)s m².") % {"max": floatformat(MAX_STAND_M2, "g")}]}
    return area, {}


def _overlap_errors(*, hall: Hall, show: Show, polygon, exclude_id: int | None) -> dict:
    """Stands of the same event in the same hall may touch but never share floor."""
    others = Stand.objects.filter(hall=hall, show__event_id=show.event_id).exclude(pk=exclude_id)
    shape = geometry.polygon_from_points(polygon)
    for code, corners in others.order_by("code").values_list("code", "polygon"):
        try:
            other = geometry.polygon_from_points(corners)
        except geometry.ShapeError:
            continue
        if shape.intersection(other).area > geometry.OVERLAP_TOLERANCE_M2:
            message = _("This stand overlaps stand %(code)s in %(hall)s.") % {"code": code, "hall": hall.name}
            return {"polygon": [message]}
    return {}


def stand_validate(
    *, show: Show, hall: Hall, code: str, polygon, pavilion: NationalPavilion | None = None,
    exclude_id: int | None = None,
) -> Decimal:
    """Check a stand's placement and return its area in m²; raise ValidationError naming the field."""
    errors: dict[str, list[str]] = {}
    code = (code or "").strip()
    if not code:
        errors["code"] = [_("Give the stand a code, e.g. A12.")]
    elif Stand.objects.filter(hall=hall, event_id=show.event_id, code__iexact=code).exclude(pk=exclude_id).exists():
        errors["code"] = [_("Stand code %(code)s is already used in %(hall)s.") % {"code": code, "hall": hall.name}]
    if hall.venue_id != show.event.venue_id:
        errors["hall"] = [_("%(hall)s is not at the venue of %(show)s.") % {"hall": hall.name, "show": show.name}]
    if pavilion is not None and pavilion.show_id != show.pk:
        errors["pavilion"] = [_("%(pavilion)s belongs to another show.") % {"pavilion": pavilion.name}]
    area, shape_errors = _shape_errors(hall=hall, polygon=polygon)
    errors.update(shape_errors)
    if not shape_errors and "hall" not in errors:
        errors.update(_overlap_errors(hall=hall, show=show, polygon=polygon, exclude_id=exclude_id))
    if errors:
        raise ValidationError(errors)
    return area


def _normalised_polygon(polygon) -> list[list[float]]:
    return [[round(float(x), 3), round(float(y), 3)] for x, y in polygon]


def stand_create(
    *, actor, show: Show, hall: Hall, code: str, polygon, kind: str = Stand.Kind.SHELL_SCHEME,
    pavilion: NationalPavilion | None = None, price_per_m2: Decimal | None = None,
) -> Stand:
    require_organiser(actor)
    with transaction.atomic():
        # Under the hall's lock, as a CSV import of the hall's stands: neither sees the other half done (two
        # stands of one code, or overlapping, which no database constraint catches).
        Hall.objects.select_for_update().filter(pk=hall.pk).first()
        area = stand_validate(show=show, hall=hall, code=code, polygon=polygon, pavilion=pavilion)
        stand = Stand.objects.create(
            show=show, hall=hall, code=code.strip(), polygon=_normalised_polygon(polygon), area_m2=area,
            kind=kind, pavilion=pavilion, price_per_m2=price_per_m2,
        )
        audit_record(actor=actor, action="stand.create", obj=stand, after=stand_snapshot(stand))
    return stand


def stand_update(*, actor, stand: Stand, **changes) -> Stand:
    """Change any of STAND_FIELDS; the whole stand is validated again as it would be after the change."""
    require_organiser(actor)
    unknown = set(changes) - set(STAND_FIELDS)
    if unknown:
        raise ValidationError({name: [_("This field cannot be changed here.")] for name in sorted(unknown)})
    new = {name: changes.get(name, getattr(stand, name)) for name in STAND_FIELDS}
    if stand.exhibitor_id and new["show"].pk != stand.show_id:
        raise ValidationError({"show": [_("The stand is held by an exhibitor of its show; decline or cancel the booking first.")]})
    with transaction.atomic():
        Hall.objects.select_for_update().filter(pk=new["hall"].pk).first()  # as stand_create
        area = stand_validate(
            show=new["show"], hall=new["hall"], code=new["code"], polygon=new["polygon"], pavilion=new["pavilion"],
            exclude_id=stand.pk,
        )
        before = stand_snapshot(stand)
        for name, value in new.items():
            setattr(stand, name, value)
        stand.code = stand.code.strip()
        stand.polygon = _normalised_polygon(stand.polygon)
        stand.area_m2 = area
        stand.save()
        audit_record(actor=actor, action="stand.update", obj=stand, before=before, after=stand_snapshot(stand))
    return stand


def stand_delete(*, actor, stand: Stand) -> None:
    require_organiser(actor)
    if stand.exhibitor_id or stand.state in (Stand.State.RESERVED, Stand.State.BOOKED):
        raise ValidationError({"state": [_("Stand %(stand)s is held by an exhibitor; decline or cancel the booking first.")
                                         % {"stand": stand_label(stand)}]})
    history = stand.bookings.count()
    if history:  # the requests and decisions on it stay on record: the queue's history, the e-mails sent
        raise ValidationError({"state": [ngettext(
            "Stand %(stand)s has %(count)d booking on record; block the stand instead of deleting it, so "
            "that its history stays.",
            "Stand %(stand)s has %(count)d bookings on record; block the stand instead of deleting it, so "
            "that its history stays.", history) % {"stand": stand_label(stand), "count": history}]})
    with transaction.atomic():
        audit_record(actor=actor, action="stand.delete", obj=stand, before=stand_snapshot(stand))
        stand.delete()


def _locked_stands(stand_ids) -> list[Stand]:
    """Lock stand rows in id order, the one order every writer uses, so two writers never deadlock."""
    return list(Stand.objects.select_for_update(of=("self",)).select_related("hall")
                .filter(pk__in=stand_ids).order_by("pk"))


def _stand_set_state(*, actor, stand: Stand, from_state: str, to_state: str, action: str) -> Stand:
    require_organiser(actor)
    with transaction.atomic():
        locked = _locked_stands([stand.pk])
        if not locked:
            raise ValidationError({"stand": [_("This stand no longer exists.")]})
        current = locked[0]
        if current.state != from_state:
            raise ValidationError({"state": [_("Stand %(stand)s is %(state)s, not %(expected)s.") % {
                "stand": stand_label(current), "state": current.get_state_display(),
                "expected": Stand.State(from_state).label,
            }]})
        current.state = to_state
        current.save(update_fields=["state"])
        audit_record(actor=actor, action=action, obj=current, before={"state": from_state}, after={"state": to_state})
    stand.state = to_state
    return current


def stand_block(*, actor, stand: Stand) -> Stand:
    return _stand_set_state(actor=actor, stand=stand, from_state=Stand.State.AVAILABLE,
                            to_state=Stand.State.BLOCKED, action="stand.block")


def stand_unblock(*, actor, stand: Stand) -> Stand:
    return _stand_set_state(actor=actor, stand=stand, from_state=Stand.State.BLOCKED,
                            to_state=Stand.State.AVAILABLE, action="stand.unblock")


# --- bookings -----------------------------------------------------------------------------------


def _unavailable_message(stand: Stand, exhibitor: Exhibitor | None = None) -> str:
    if stand.state == Stand.State.BLOCKED:
        return _("Stand %(stand)s is blocked by the organiser and cannot be booked.") % {"stand": stand_label(stand)}
    if exhibitor is not None and stand.exhibitor_id == exhibitor.pk:  # their own request or booking, not a rival's
        if stand.state == Stand.State.RESERVED:
            return _("You asked for stand %(stand)s already; the request waits for the organiser's decision.") % {
                "stand": stand_label(stand)}
        return _("Stand %(stand)s is booked for you already.") % {"stand": stand_label(stand)}
    return _("Stand %(stand)s has just been taken (it is %(state)s); please pick another stand.") % {
        "stand": stand_label(stand), "state": stand.get_state_display(),
    }


def _check_request(*, exhibitor: Exhibitor, stand_ids: list[int]) -> None:
    if not stand_ids:
        raise ValidationError({"stands": [_("Pick at least one stand.")]})
    if exhibitor.status == Exhibitor.Status.WITHDRAWN:
        raise ValidationError({"exhibitor": [_("A withdrawn exhibitor cannot book stands.")]})
    found = Stand.objects.filter(pk__in=stand_ids).select_related("hall", "pavilion")
    by_id = {stand.pk: stand for stand in found}
    missing = [str(pk) for pk in stand_ids if pk not in by_id]
    if missing:
        raise ValidationError({"stands": [_("No such stand: %(ids)s.") % {"ids": ", ".join(missing)}]})
    wrong_show = [stand_label(s) for s in by_id.values() if s.show_id != exhibitor.show_id]
    if wrong_show:
        raise ValidationError({"stands": [_("Stand %(stands)s is not part of %(show)s.") % {
            "stands": ", ".join(sorted(wrong_show)), "show": exhibitor.show.name}]})
    # A national pavilion's stands are for its country's companies (as an exhibitor joins only its own
    # country's pavilion: exhibitors.services.exhibitor_create).
    country = str(exhibitor.company.country)
    foreign = sorted((stand_label(s), s.pavilion) for s in by_id.values()
                     if s.pavilion_id and str(s.pavilion.country) != country)
    if foreign:
        raise ValidationError({"stands": [_("Stand %(stand)s is in %(pavilion)s, for companies of that country only.")
                                          % {"stand": foreign[0][0], "pavilion": foreign[0][1].name}]})


def booking_request(*, actor, exhibitor: Exhibitor, stand_ids, note: str = "", language: str = "en") -> list[StandBooking]:
    """Reserve available stands for an exhibitor, all or none; the organiser confirms later and the
    requester hears of it by e-mail in `language` (the language of the page they asked on)."""
    language = supported_language(language)
    require_exhibitor_admin(actor, exhibitor)
    stand_ids = sorted({int(pk) for pk in stand_ids})
    _check_request(exhibitor=exhibitor, stand_ids=stand_ids)
    if len(note) > 500:
        raise ValidationError({"note": [_("Keep the note under 500 characters.")]})
    try:
        with transaction.atomic():
            # Under the exhibitor's lock, as a withdrawal takes it (exhibitors.services.exhibitor_update,
            # then the stands): a request racing a withdrawal cannot reserve a stand for a withdrawn one.
            status = Exhibitor.objects.select_for_update().values_list("status", flat=True).get(pk=exhibitor.pk)
            if status == Exhibitor.Status.WITHDRAWN:
                raise ValidationError({"exhibitor": [_("A withdrawn exhibitor cannot book stands.")]})
            stands = _locked_stands(stand_ids)
            taken = [stand for stand in stands if stand.state != Stand.State.AVAILABLE]
            if taken:
                raise ValidationError({"stands": [_unavailable_message(stand, exhibitor) for stand in taken]})
            bookings = []
            for stand in stands:
                stand.state, stand.exhibitor = Stand.State.RESERVED, exhibitor
                stand.save(update_fields=["state", "exhibitor"])
                booking = StandBooking.objects.create(stand=stand, exhibitor=exhibitor, note=note, requested_by=actor,
                                                      language=language)
                audit_record(actor=actor, action="stand_booking.request", obj=booking,
                             after={"stand": stand.pk, "exhibitor": exhibitor.pk, "status": booking.status})
                bookings.append(booking)
    except IntegrityError as error:
        # The partial unique index caught a writer that got past the lock (e.g. a raw insert).
        raise ValidationError({"stands": [_("One of these stands has just been taken; please try again.")]}) from error
    return bookings


def _decide(*, actor, booking: StandBooking, allowed: tuple[str, ...], status: str, stand_state: str,
            action: str, note: str | None = None, refusals: dict[str, str] | None = None) -> StandBooking:
    """`refusals`: the message for a status that is not `allowed` (checked under the lock), when the
    plain "already <status>" would not say why."""
    with transaction.atomic():
        stands = _locked_stands([booking.stand_id])
        current = StandBooking.objects.select_for_update().filter(pk=booking.pk).first()
        if not stands or current is None:
            raise ValidationError({"booking": [_("This booking no longer exists.")]})
        stand = stands[0]
        if current.status not in allowed and current.status in (refusals or {}):
            raise ValidationError({"status": [refusals[current.status]]})
        if current.status not in allowed:
            raise ValidationError({"status": [_("This booking is already %(status)s.") % {
                "status": current.get_status_display()}]})
        before = {"status": current.status, "stand_state": stand.state}
        current.status, current.decided_by, current.decided_at = status, actor, clock.now()
        if note:
            current.note = note
        current.save(update_fields=["status", "decided_by", "decided_at", "note"])
        stand.state = stand_state
        if stand_state == Stand.State.AVAILABLE:
            stand.exhibitor = None
        stand.save(update_fields=["state", "exhibitor"])
        audit_record(actor=actor, action=action, obj=current, before=before,
                     after={"status": status, "stand_state": stand_state})
        if status in (StandBooking.Status.CONFIRMED, StandBooking.Status.DECLINED):
            from pavilion.events.tasks import send_booking_decision  # the tasks import this module

            reason = note
            transaction.on_commit(lambda: send_booking_decision.enqueue(current.pk, reason))
    booking.status, booking.decided_at = current.status, current.decided_at
    return current


def booking_confirm(*, actor, booking: StandBooking) -> StandBooking:
    require_organiser(actor)
    return _decide(actor=actor, booking=booking, allowed=(StandBooking.Status.REQUESTED,),
                   status=StandBooking.Status.CONFIRMED, stand_state=Stand.State.BOOKED, action="stand_booking.confirm")


def booking_decline(*, actor, booking: StandBooking, note: str = "") -> StandBooking:
    """`note`: the organiser's reason, stored on the booking and e-mailed with the decision."""
    require_organiser(actor)
    limit = StandBooking._meta.get_field("note").max_length
    if len(note) > limit:
        raise ValidationError({"note": [_("Keep the reason to %(count)d characters.") % {"count": limit}]})
    return _decide(actor=actor, booking=booking, allowed=(StandBooking.Status.REQUESTED,),
                   status=StandBooking.Status.DECLINED, stand_state=Stand.State.AVAILABLE,
                   action="stand_booking.decline", note=note)


def booking_cancel(*, actor, booking: StandBooking) -> StandBooking:
    """The exhibitor takes back a request the organiser has not decided yet; the organiser also gives
    back a confirmed stand (an exhibitor withdrawn, a stand moved). A confirmed stand is in the
    organiser's plans, invoices and catalogue: an exhibitor asks the organiser to release it, and
    cannot drop it in one click, during the show least of all."""
    require_exhibitor_admin(actor, booking.exhibitor)
    allowed: tuple[str, ...] = (StandBooking.Status.REQUESTED,)
    if roles.is_organiser(actor):
        allowed += (StandBooking.Status.CONFIRMED,)
    return _decide(actor=actor, booking=booking, allowed=allowed,
                   status=StandBooking.Status.CANCELLED, stand_state=Stand.State.AVAILABLE,
                   action="stand_booking.cancel",
                   refusals={StandBooking.Status.CONFIRMED: _(
                       "A confirmed stand can only be given back by the organiser: write to them.")})


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
    with transaction.atomic():
        locked = Event.objects.select_for_update().filter(pk=event.pk).first()
        if locked is None:
            return
        refuse_while_used("event", event_uses.belonging_to(locked), event=locked.name)
        audit_record(actor=actor, action="event.delete", obj=locked, before=_event_snapshot(locked))
        locked.delete()


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


# --- halls of the venue -------------------------------------------------------------------------

HALL_FIELDS = ("code", "name_en", "name_az", "name_ru", "kind", "width_m", "depth_m", "order")
HALL_EDITABLE = HALL_FIELDS[1:]  # the code is in the plan's addresses: /organiser/events/<event>/halls/<code>/
HALL_CODE = re.compile(r"[A-Za-z0-9-]+")
HALL_MAX_M = Decimal("1000")  # the largest halls and outdoor static displays are a few hundred metres across
HALL_MAX_ORDER = 32767


def show_delete(*, actor, show: Show) -> None:
    """A show nothing belongs to yet (one added by mistake): no exhibitor, stand, national pavilion or deal."""
    roles.require_organiser_admin(actor, _("Only the organiser's administrators may change events."))
    with transaction.atomic():
        locked = Show.objects.select_for_update().filter(pk=show.pk).first()
        if locked is None:
            return
        uses = [
            (locked.exhibitors.count(), lambda count: ngettext(
                "%(count)d exhibitor is admitted to %(show)s.", "%(count)d exhibitors are admitted to %(show)s.",
                count)),
            (locked.stands.count(), lambda count: ngettext(
                "%(count)d stand is drawn for %(show)s.", "%(count)d stands are drawn for %(show)s.", count)),
            (locked.pavilions.count(), lambda count: ngettext(
                "%(count)d national pavilion is set up at %(show)s.",
                "%(count)d national pavilions are set up at %(show)s.", count)),
            (locked.deals.count(), lambda count: ngettext(
                "%(count)d deal is recorded at %(show)s.", "%(count)d deals are recorded at %(show)s.", count)),
        ]
        refuse_while_used("show", uses, show=locked.name)
        audit_record(actor=actor, action="show.delete", obj=locked,
                     before=audit_values(locked, ("slug", "name_en"), as_text=True))
        locked.delete()


def _hall_snapshot(hall: Hall) -> dict:
    return audit_values(hall, ("venue", *HALL_FIELDS), as_text=True)


def _metres(value, field: str, errors: dict) -> Decimal | None:
    try:
        metres = Decimal(str(value).strip())
    except (InvalidOperation, TypeError, ValueError):
        errors[field] = [_("Give a number of metres, e.g. 42.5.")]
        return None
    if not metres.is_finite() or metres <= 0:
        errors[field] = [_("Give a size above 0 m.")]
    elif metres > HALL_MAX_M:
        errors[field] = [_("A hall is at most %(max)s m across.") % {"max": floatformat(HALL_MAX_M, "-2")}]
    elif metres != metres.quantize(Decimal("0.01")):
        errors[field] = [_("Give the size to the centimetre at most, e.g. 42.35.")]
    else:
        return metres.quantize(Decimal("0.01"))
    return None


def _stands_outside(hall: Hall, *, width: Decimal, depth: Decimal) -> dict:
    """The stands of every event at the venue that the hall's new size would leave outside its walls,
    named with their event, keyed by the size that leaves them out."""
    reach: dict[str, tuple[float, Stand]] = {}
    stands = Stand.objects.filter(hall=hall).select_related("event").order_by("event__start_date", "code")
    for stand in stands:
        try:
            _min_x, _min_y, max_x, max_y = geometry.polygon_from_points(stand.polygon).bounds
        except geometry.ShapeError:
            continue
        for field, far, limit, was in (("width_m", max_x, width, hall.width_m), ("depth_m", max_y, depth, hall.depth_m)):
            if limit < was and far > float(limit) + BOUNDS_TOLERANCE_M and (field not in reach or far > reach[field][0]):
                reach[field] = (far, stand)
    errors = {}
    for field, (far, stand) in reach.items():
        text = _("Stand %(stand)s of %(event)s reaches %(reach)s m across: move or delete it before the hall is "
                 "made narrower.") if field == "width_m" else \
            _("Stand %(stand)s of %(event)s reaches %(reach)s m deep: move or delete it before the hall is made "
              "shallower.")
        errors[field] = [text % {"stand": stand.code, "event": stand.event.name,
                                 "reach": floatformat(far, "-2")}]
    return errors


def _checked_hall(fields: dict, *, venue: Venue, hall: Hall | None = None) -> dict:
    """The hall's values cleaned, or ValidationError keyed by field with every problem at once."""
    errors: dict[str, list[str]] = {}
    values = dict(fields)
    if hall is None:
        code = str(values.get("code") or "").strip()
        values["code"] = code
        if not code:
            errors["code"] = [_("Give the hall a code, e.g. H1.")]
        elif len(code) > 20 or not HALL_CODE.fullmatch(code):
            errors["code"] = [_("A hall's code is up to 20 letters, digits and hyphens, e.g. H1 or OUT-A.")]
        elif Hall.objects.filter(venue=venue, code__iexact=code).exists():
            errors["code"] = [_("%(venue)s already has a hall %(code)s.") % {"venue": venue.name, "code": code}]
    for name in ("name_en", "name_az", "name_ru"):
        if name in values:
            values[name] = str(values[name] or "").strip()
            if len(values[name]) > 100:
                errors[name] = [_("Keep the name under 100 characters.")]
    if "name_en" in values and not values["name_en"]:
        errors["name_en"] = [_("Give the name in English.")]
    if "kind" in values and values["kind"] not in Hall.Kind.values:
        errors["kind"] = [_("Choose indoor hall or outdoor static display.")]
    for name in ("width_m", "depth_m"):
        if name in values:
            values[name] = _metres(values[name], name, errors)
    if "order" in values:
        try:
            values["order"] = int(values["order"])
        except (TypeError, ValueError):
            values["order"] = -1
        if not 0 <= values["order"] <= HALL_MAX_ORDER:
            errors["order"] = [_("Give the order as a whole number from 0 to %(max)s.") % {"max": HALL_MAX_ORDER}]
    if hall is not None and "width_m" not in errors and "depth_m" not in errors:
        width, depth = values.get("width_m", hall.width_m), values.get("depth_m", hall.depth_m)
        if width < hall.width_m or depth < hall.depth_m:
            errors.update(_stands_outside(hall, width=width, depth=depth))
    if errors:
        raise ValidationError(errors)
    return values


def hall_create(*, actor, venue: Venue, **fields) -> Hall:
    """A hall of the venue, where every event at the venue draws its stands."""
    roles.require_organiser_admin(actor, _("Only the organiser's administrators may change the venue's halls."))
    if set(fields) != set(HALL_FIELDS):
        raise ValueError(f"a hall needs exactly {HALL_FIELDS}")
    values = _checked_hall(fields, venue=venue)
    try:
        with transaction.atomic():
            hall = Hall.objects.create(venue=venue, **values)
            audit_record(actor=actor, action="hall.create", obj=hall, after=_hall_snapshot(hall))
    except IntegrityError as error:  # another administrator took the code a moment ago
        raise ValidationError({"code": [_("%(venue)s already has a hall %(code)s.") % {
            "venue": venue.name, "code": values["code"]}]}) from error
    return hall


def hall_update(*, actor, hall: Hall, **changes) -> Hall:
    """The hall's names, kind, size and order; its code stays. It may not shrink past any event's stand."""
    roles.require_organiser_admin(actor, _("Only the organiser's administrators may change the venue's halls."))
    if "code" in changes and changes["code"] != hall.code:
        raise ValidationError({"code": [_("A hall's code cannot be changed: it is in the plan's addresses.")]})
    changes.pop("code", None)
    unknown = set(changes) - set(HALL_EDITABLE)
    if unknown:
        raise ValueError(f"not editable on a hall: {sorted(unknown)}")
    with transaction.atomic():
        current = Hall.objects.select_for_update().select_related("venue").get(pk=hall.pk)
        values = _checked_hall(changes, venue=current.venue, hall=current)
        before = _hall_snapshot(current)
        for field, value in values.items():
            setattr(current, field, value)
        current.save()
        audit_record(actor=actor, action="hall.update", obj=current, before=before, after=_hall_snapshot(current))
    for field in HALL_FIELDS:
        setattr(hall, field, getattr(current, field))
    return current


def hall_delete(*, actor, hall: Hall) -> None:
    """A hall nothing is placed in, for any event at the venue (one added by mistake): no stand, no
    accreditation zone, no programme room and no meeting location."""
    from pavilion.accreditation.models import Zone  # these apps' models refer to halls
    from pavilion.meetings.models import MeetingLocation
    from pavilion.programme.models import Room

    roles.require_organiser_admin(actor, _("Only the organiser's administrators may change the venue's halls."))
    with transaction.atomic():
        locked = Hall.objects.select_for_update().filter(pk=hall.pk).first()
        if locked is None:
            return
        uses = [
            (locked.stands.count(), lambda count: ngettext(
                "%(hall)s holds %(count)d stand (of the events at the venue): delete it on the hall's plan first.",
                "%(hall)s holds %(count)d stands (of the events at the venue): delete them on the hall's plan first.",
                count)),
            (Zone.objects.filter(hall=locked).count(), lambda count: ngettext(
                "%(count)d accreditation zone is %(hall)s: it would lose its hall.",
                "%(count)d accreditation zones are %(hall)s: they would lose their hall.", count)),
            (Room.objects.filter(hall=locked).count(), lambda count: ngettext(
                "%(count)d programme room is in %(hall)s: move it to another hall first.",
                "%(count)d programme rooms are in %(hall)s: move them to another hall first.", count)),
            (MeetingLocation.objects.filter(hall=locked).count(), lambda count: ngettext(
                "%(count)d meeting location is in %(hall)s.", "%(count)d meeting locations are in %(hall)s.", count)),
        ]
        refuse_while_used("hall", uses, hall=locked.name)
        audit_record(actor=actor, action="hall.delete", obj=locked, before=_hall_snapshot(locked))
        locked.delete()


# --- national pavilions -------------------------------------------------------------------------

PAVILION_NAMES = ("name_en", "name_az", "name_ru")


def _pavilion_snapshot(pavilion: NationalPavilion) -> dict:
    return audit_values(pavilion, ("show", "country", *PAVILION_NAMES), as_text=True)


def pavilion_create(*, actor, show: Show, country: str, name_en: str, name_az: str = "",
                    name_ru: str = "") -> NationalPavilion:
    """A country's pavilion at a show, under which the organiser admits that country's companies."""
    roles.require_organiser_admin(actor, _("Only the organiser's administrators set up national pavilions."))
    country = str(country or "").strip().upper()
    if country not in dict(countries):
        raise ValidationError({"country": _("Choose the pavilion's country from the list.")})
    _check_name({"name_en": name_en})
    taken = ValidationError({"country": _("%(show)s already has a pavilion of %(country)s.") % {
        "show": show.name, "country": countries.name(country)}})
    if NationalPavilion.objects.filter(show=show, country=country).exists():
        raise taken
    try:
        with transaction.atomic():
            pavilion = NationalPavilion.objects.create(show=show, country=country, name_en=name_en.strip(),
                                                       name_az=name_az.strip(), name_ru=name_ru.strip())
            audit_record(actor=actor, action="pavilion.create", obj=pavilion, after=_pavilion_snapshot(pavilion))
    except IntegrityError as error:  # the same pavilion added a moment ago in another request
        raise taken from error
    return pavilion


def pavilion_update(*, actor, pavilion: NationalPavilion, **names) -> NationalPavilion:
    """A pavilion's names; its show and country stay, since its exhibitors are of that show and country."""
    roles.require_organiser_admin(actor, _("Only the organiser's administrators set up national pavilions."))
    unknown = set(names) - set(PAVILION_NAMES)
    if unknown:
        raise ValueError(f"not editable on a pavilion: {sorted(unknown)}")
    _check_name(names)
    _save_audited(actor=actor, obj=pavilion, changes={field: str(value or "").strip() for field, value in names.items()},
                  action="pavilion.update", snapshot=_pavilion_snapshot)
    return pavilion


def pavilion_delete(*, actor, pavilion: NationalPavilion) -> None:
    """A pavilion no exhibitor and no stand belongs to (one added by mistake, for the wrong show)."""
    roles.require_organiser_admin(actor, _("Only the organiser's administrators set up national pavilions."))
    with transaction.atomic():
        locked = NationalPavilion.objects.select_for_update().filter(pk=pavilion.pk).first()
        if locked is None:
            return
        uses = [
            (locked.exhibitors.count(), lambda count: ngettext(
                "%(name)s groups %(count)d exhibitor: take it out of the pavilion on its page first.",
                "%(name)s groups %(count)d exhibitors: take them out of the pavilion on their pages first.", count)),
            (locked.stands.count(), lambda count: ngettext(
                "%(count)d stand of the hall plans belongs to %(name)s: give it to no pavilion first.",
                "%(count)d stands of the hall plans belong to %(name)s: give them to no pavilion first.", count)),
        ]
        refuse_while_used("pavilion", uses, name=locked.name)
        audit_record(actor=actor, action="pavilion.delete", obj=locked, before=_pavilion_snapshot(locked))
        locked.delete()
