"""Ids and days read from query strings and plain form fields. What is not one reads as None, which
the page treats as if the parameter were absent or named nothing known, never as an exception.

An id is plain ASCII digits within the 64-bit range the databases store: `str.isdigit()` alone also
passes `²` or `١٢`, which `int()` or the database then refuse. A day is an ISO date within a range
that a time zone and a day's length can be added to: `date.max` plus a day is an OverflowError."""

import datetime

from django.core.exceptions import ValidationError
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
