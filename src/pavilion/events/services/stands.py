"""Writes of the stands on the hall plans, their states, and the exhibitors' bookings of them (the
package's text says what every write here does alike)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pavilion.core import clock, roles
from pavilion.core.i18n import supported_language
from pavilion.core.services import audit_record
from pavilion.events import geometry
from pavilion.events.models import (
    Hall,
    NationalPavilion,
    Show,
    Stand,
    StandBooking,
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
