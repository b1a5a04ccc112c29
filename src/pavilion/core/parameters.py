"""Ids and days read from query strings and plain form fields. What is not one reads as None, which
the page treats as if the parameter were absent or named nothing known, never as an exception.

An id is plain ASCII digits within the 64-bit range the databases store: `str.isdigit()` alone also
passes `²` or `١٢`, which `int()` or the database then refuse. A day is an ISO date within a range
that a time zone and a day's length can be added to: `date.max` plus a day is an OverflowError."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

LARGEST_ID = 2**63 - 1
FIRST_DAY = datetime.date(1900, 1, 1)
LAST_DAY = datetime.date(2999, 12, 31)


def id_or_none(value) -> int | None:
    """A positive id from text such as `?run=12`; None for `²`, `-1`, `1e3`, `abc` or an id too large."""
    text = value if isinstance(value, str) else ""
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 0 < number <= LARGEST_ID else None


def ids(values) -> list[int]:
    """The ids among the values (a `getlist`), the others left out."""
    return [number for number in map(id_or_none, values) if number is not None]


def day_in_range(day: datetime.date) -> bool:
    return FIRST_DAY <= day <= LAST_DAY


def day_out_of_range_message(day: datetime.date) -> str:
    return _("The day %(day)s is not between %(first)s and %(last)s.") % {
        "day": day.isoformat(), "first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()}


def moment_in_range(moment: datetime.datetime) -> bool:
    """Whether a time's own day lies between FIRST_DAY and LAST_DAY: then it converts to UTC or any
    time zone (0001-01-01T00:00+14:00 is in year 0 in UTC: an OverflowError)."""
    return day_in_range(moment.date())


def validate_day(day: datetime.date) -> None:
    """The validator of a form's date field."""
    if day is not None and not day_in_range(day):
        raise ValidationError(day_out_of_range_message(day), code="out_of_range")


def day_or_none(value) -> datetime.date | None:
    """An ISO day (YYYY-MM-DD) between FIRST_DAY and LAST_DAY; None for anything else."""
    try:
        day = datetime.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
    return day if day is not None and day_in_range(day) else None


def validate_moment(moment: datetime.datetime | None) -> None:
    """The validator of a form's date-and-time field: a time in year 1 or 9999 is in year 0 or 10000
    in UTC, which neither the database nor a time zone conversion takes."""
    if moment is not None and not moment_in_range(moment):
        raise ValidationError(day_out_of_range_message(moment.date()), code="out_of_range")


def local_address_or_none(request, value) -> str | None:
    """A `next` address on this site to go back to: a printable path starting with "/"; None for
    anything else. redirect() takes other text for the name of a URL pattern and raises
    NoReverseMatch on `-1` or `abc`, after the view has done its work; a NUL or a line break
    cannot go into a Location header."""
    text = value if isinstance(value, str) else ""
    if not (text.startswith("/") and text.isprintable()):
        return None
    safe = url_has_allowed_host_and_scheme(text, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    return text if safe else None
