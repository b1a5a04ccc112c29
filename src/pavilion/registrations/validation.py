"""Checks on what registrants type, shared by forms, the API and services."""

import datetime
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# ICAO Doc 9303: machine-readable travel documents use the Latin capitals A–Z and the digits 0–9.
DOCUMENT_NUMBER = re.compile(r"^[A-Z0-9]{5,20}$")


# A phone number as people write it: an optional +, then digits with spaces, dots, hyphens, brackets.
PHONE = re.compile(r"^\+?[0-9 ().\-/]+$")


def check_phone(value: str, *, field: str = "phone") -> str:
    phone = " ".join((value or "").split())
    if phone and (not PHONE.match(phone) or not 5 <= sum(char.isdigit() for char in phone) <= 15):
        raise ValidationError({field: _("Give the phone number in digits with its country code, e.g. "
                                        "+994 12 345 67 89.")})
    return phone


def check_one_line(value: str, *, field: str) -> str:
    """A name or an organisation: one line of text, no control characters (a line break would also
    break the e-mails and documents it is written into)."""
    if any(unicodedata.category(char) == "Cc" for char in value or ""):
        raise ValidationError({field: _("Write it on one line, without line breaks or tabs.")})
    return value


def normalise_document_number(value: str) -> str:
    return re.sub(r"[\s\-]", "", value or "").upper()


def check_document_number(value: str, *, field: str = "document_number") -> str:
    number = normalise_document_number(value)
    if not number:
        return ""
    if not DOCUMENT_NUMBER.match(number):
        bad = sorted({char for char in number if not re.match(r"[A-Z0-9]", char)})
        if bad:
            raise ValidationError(
                {field: _("A document number uses only the Latin letters A–Z and digits; not allowed: %(chars)s")
                 % {"chars": " ".join(bad)}}
            )
        raise ValidationError({field: _("A document number has 5 to 20 letters and digits.")})
    return number


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def check_birth_date(birth_date: datetime.date | None, *, min_age: int, on: datetime.date, required: bool) -> None:
    if birth_date is None:
        if required:
            raise ValidationError({"birth_date": _("Enter the date of birth.")})
        return
    if birth_date > on or birth_date.year < 1900:
        raise ValidationError({"birth_date": _("Enter a real date of birth.")})
    if age_on(birth_date, on) < min_age:
        raise ValidationError(
            {"birth_date": _("Participants must be at least %(age)d years old on the first day of the event.")
             % {"age": min_age}}
        )


def normalised_name(*parts: str) -> str:
    """Case-, accent- and order-insensitive form of a name, for duplicate detection."""
    text = " ".join(part for part in parts if part)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(char for char in decomposed if not unicodedata.combining(char))
    letters = letters.replace("ı", "i").replace("ə", "a")  # Məmmədov is Mammadov in passports
    return " ".join(sorted(re.findall(r"\w+", letters)))
