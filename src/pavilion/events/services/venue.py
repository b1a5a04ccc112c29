"""Writes of the venue's halls (their size and the stands and meeting locations inside them) and
of the national pavilions of a show.
"""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from django_countries import countries

from pavilion.core import roles
from pavilion.core.services import audit_record, audit_values, delete_unless_used
from pavilion.events import event_uses, geometry
from pavilion.events.models import (
    Hall,
    NationalPavilion,
    Show,
    Stand,
    Venue,
)
from pavilion.events.services.event import _check_name, _save_audited
from pavilion.events.services.stands import BOUNDS_TOLERANCE_M

# --- halls of the venue -------------------------------------------------------------------------

HALL_FIELDS = ("code", "name_en", "name_az", "name_ru", "kind", "width_m", "depth_m", "order")
HALL_EDITABLE = HALL_FIELDS[1:]  # the code is in the plan's addresses: /organiser/events/<event>/halls/<code>/
HALL_CODE = re.compile(r"[A-Za-z0-9-]+")
HALL_MAX_M = Decimal("1000")  # the largest halls and outdoor static displays are a few hundred metres across
HALL_MAX_ORDER = 32767



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
    roles.require_organiser_admin(actor, _("Only the organiser's administrators may change the venue's halls."))
    delete_unless_used(actor=actor, obj=hall, action="hall.delete", field="hall", uses=event_uses.hall_uses,
                       snapshot=_hall_snapshot)


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
    delete_unless_used(actor=actor, obj=pavilion, action="pavilion.delete", field="pavilion", uses=event_uses.pavilion_uses,
                       snapshot=_pavilion_snapshot, name_as="name")
