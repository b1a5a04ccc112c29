"""Reading the fields besides the name: dates of birth, countries, gender.

Each parser raises `FieldError` with a message fit for a security officer (and free of the value
itself, which is personal data) when the text cannot be understood.
"""

from __future__ import annotations

import calendar
import datetime
import re
from functools import lru_cache

import pycountry

from pavilion.engines.screening.model import BirthDate
from pavilion.engines.screening.normalise import fold_latin

EARLIEST_BIRTH_YEAR = 1890
DATE_PATTERN = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")

# Country names that lists and forms use and pycountry does not know.
COUNTRY_ALIASES = {
    "turkey": "TR", "ivory coast": "CI", "cote d ivoire": "CI", "democratic republic of the congo": "CD",
    "dr congo": "CD", "drc": "CD", "congo kinshasa": "CD", "congo": "CG", "republic of the congo": "CG",
    "congo brazzaville": "CG", "state of palestine": "PS", "palestine": "PS", "russia": "RU",
    "north korea": "KP", "dprk": "KP", "democratic people s republic of korea": "KP", "south korea": "KR",
    "republic of korea": "KR", "korea": "KR", "iran": "IR", "iran islamic republic of": "IR", "syria": "SY",
    "laos": "LA", "vietnam": "VN", "viet nam": "VN", "bolivia": "BO", "venezuela": "VE", "tanzania": "TZ",
    "united republic of tanzania": "TZ", "moldova": "MD", "macedonia": "MK", "north macedonia": "MK",
    "czech republic": "CZ", "czechia": "CZ", "uk": "GB", "united kingdom": "GB", "great britain": "GB",
    "britain": "GB", "england": "GB", "usa": "US", "united states": "US", "america": "US",
    "united kingdom of great britain and northern ireland": "GB", "united states of america": "US",
    "hong kong": "HK", "taiwan": "TW", "macau": "MO", "macao": "MO", "kosovo": "XK", "burma": "MM",
    "swaziland": "SZ", "cape verde": "CV", "east timor": "TL", "vatican": "VA", "brunei": "BN",
    "micronesia": "FM", "azerbaycan": "AZ", "azerbaijan": "AZ", "azarbayjan": "AZ", "turkiye": "TR",
}
# Values that mean "no nationality given" rather than an unknown country.
NO_COUNTRY = frozenset({"", "na", "n a", "none", "unknown", "stateless", "former soviet union", "ussr"})


# Every problem a field can have: its code (which an application translates by) and the English
# message (the command line's), formatted with the problem's parameters.
FIELD_MESSAGES = {
    "not-a-date": "is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
    "year-out-of-range": "has a year outside {low}-{high}",
    "month-out-of-range": "has a month outside 1-12",
    "day-not-in-month": "has a day that the month does not have",
    "unknown-country": "is not a known country (ISO 3166-1 alpha-2 code or English name)",
}


class FieldError(ValueError):
    """A field that cannot be understood: `code` and `params` say which problem, str() says it in English."""

    def __init__(self, code: str, **params):
        self.code, self.params = code, params
        super().__init__(FIELD_MESSAGES[code].format(**params))


def parse_birth_date(text: str) -> BirthDate:
    """`YYYY`, `YYYY-MM` or `YYYY-MM-DD` (the subjects' format), within a plausible lifetime."""
    match = DATE_PATTERN.match(text.strip())
    if not match:
        raise FieldError("not-a-date")
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    if not EARLIEST_BIRTH_YEAR <= year <= datetime.date.today().year:
        raise FieldError("year-out-of-range", low=EARLIEST_BIRTH_YEAR, high=datetime.date.today().year)
    if month is not None and not 1 <= month <= 12:
        raise FieldError("month-out-of-range")
    if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise FieldError("day-not-in-month")
    return BirthDate(year, year, month, day)


def year_span(year_from: int, year_to: int, approximate: bool = False) -> BirthDate:
    low, high = sorted((year_from, year_to))
    return BirthDate(low, high, approximate=approximate)


@lru_cache(maxsize=1)
def _country_table() -> dict[str, str]:
    table = {}
    for country in pycountry.countries:
        for attribute in ("name", "official_name", "common_name", "alpha_3", "alpha_2"):
            value = getattr(country, attribute, None)
            if value:
                table[fold_latin(value)] = country.alpha_2
    table.update(COUNTRY_ALIASES)
    return table


def country_code(text: str) -> str | None:
    """ISO 3166-1 alpha-2 for a code or a country name; None when no country is given.
    Raises FieldError for text that names no known country."""
    folded = fold_latin(text)
    if folded in NO_COUNTRY:
        return None
    table = _country_table()
    if folded in table:
        return table[folded]
    without_brackets = fold_latin(re.sub(r"\(.*?\)", "", text))
    if without_brackets in table:
        return table[without_brackets]
    raise FieldError("unknown-country")


GENDERS = {"male": "male", "m": "male", "man": "male", "female": "female", "f": "female", "woman": "female"}


def parse_gender(text: str) -> str | None:
    """male, female, or None for anything else (other, unknown, empty): only a clear value counts."""
    return GENDERS.get(text.strip().lower())
