"""The plain values the matching engine takes and returns (no Django: the app's adapter builds them)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

KINDS = ("exhibitor", "delegation", "visitor", "media")
DELEGATION = "delegation"
LANGUAGES = ("en", "az", "ru")
_COUNTRY = re.compile(r"^[A-Z]{2}$")

ALLOWED, WARNING, REVIEW, BLOCKED = "allowed", "warning", "review", "blocked"
OUTCOMES = (ALLOWED, WARNING, REVIEW, BLOCKED)  # in rising severity


class InputError(ValueError):
    """Bad input: the message is one line naming the item and the field."""


@dataclass(frozen=True)
class Interests:
    """One side of a profile: what a participant offers, or what it seeks."""

    categories: frozenset[str] = frozenset()  # catalogue category slugs
    control_classes: frozenset[str] = frozenset()  # ML10, 5A002, none
    countries: frozenset[str] = frozenset()  # ISO 3166-1 alpha-2
    text: str = ""


@dataclass(frozen=True)
class Participant:
    id: str
    kind: str  # exhibitor, delegation, visitor, media
    country: str
    language: str = "en"
    offers: Interests = Interests()
    seeks: Interests = Interests()
    exhibitor_id: str | None = None  # the company a member of exhibitor staff speaks for


@dataclass(frozen=True)
class Exhibitor:
    id: str
    name: str
    country: str
    description: dict[str, str] = field(default_factory=dict)  # language -> text


@dataclass(frozen=True)
class Product:
    id: str
    exhibitor_id: str
    category: str
    control_class: str
    names: dict[str, str] = field(default_factory=dict)  # language -> text
    descriptions: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Catalogue:
    exhibitors: tuple[Exhibitor, ...]
    products: tuple[Product, ...]
    category_parents: dict[str, str] = field(default_factory=dict)  # child slug -> family slug


@dataclass(frozen=True)
class Reasons:
    categories: tuple[str, ...] = ()  # sought categories the target covers (exactly or by family)
    control_classes: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()  # words of the seeker's text found in the target's text
    text_similarity: float = 0.0


@dataclass(frozen=True)
class Recommendation:
    kind: str  # exhibitor, product or person
    id: str
    score: float  # in [0, 1]
    reasons: Reasons
    outcome: str = ALLOWED  # what a meeting request about it would get: allowed, warning or review


@dataclass(frozen=True)
class ParticipantRecommendations:
    participant_id: str
    exhibitors: tuple[Recommendation, ...]
    products: tuple[Recommendation, ...]
    people: tuple[Recommendation, ...]


@dataclass(frozen=True)
class AppliedRule:
    """One embargo that shaped a decision, with the side it concerns and the data's date."""

    authority: str
    target: str
    scope: str
    note: str
    valid_from: str | None
    valid_to: str | None
    last_verified: str
    uncertain: bool
    outcome: str
    participant_id: str  # the receiving side: whose country the embargo names


@dataclass(frozen=True)
class Decision:
    outcome: str  # allowed, warning, review or blocked
    rules: tuple[AppliedRule, ...]
    message: str
    data_last_verified: str


def check_country(value: str, where: str) -> str:
    if not isinstance(value, str) or not _COUNTRY.match(value):
        raise InputError(f"{where}: country '{value}' is not an ISO 3166-1 alpha-2 code such as AZ")
    return value


def check_date(on) -> None:
    if not isinstance(on, datetime.date) or isinstance(on, datetime.datetime):
        raise InputError(f"on: '{on}' must be a date (the day the embargoes are judged on)")


def validate_participant(participant: Participant) -> None:
    where = f"participant '{participant.id}'"
    if participant.kind not in KINDS:
        raise InputError(f"{where}: kind '{participant.kind}' is not one of {', '.join(KINDS)}")
    check_country(participant.country, where)
    if participant.language not in LANGUAGES:
        raise InputError(f"{where}: language '{participant.language}' is not one of {', '.join(LANGUAGES)}")
    for side in (participant.offers, participant.seeks):
        for country in side.countries:
            check_country(country, where)
