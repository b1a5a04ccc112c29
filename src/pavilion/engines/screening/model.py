"""The plain data the screening engine takes and returns, and the score bands the app acts on."""

from __future__ import annotations

from dataclasses import dataclass, field

PERSON = "Person"
ORGANIZATION = "Organization"
ORGANISATION_SCHEMATA = frozenset({"Organization", "Company", "LegalEntity"})

# A subject whose best match scores at or above DEFAULT_THRESHOLD goes to a security officer for
# review; at or above HOLD_THRESHOLD the badge is held until the officer decides.
DEFAULT_THRESHOLD = 0.7
HOLD_THRESHOLD = 0.9
BAND_HOLD = "hold"
BAND_REVIEW = "review"
BAND_CLEAR = "clear"


def band(score: float, threshold: float = DEFAULT_THRESHOLD) -> str:
    if score >= HOLD_THRESHOLD:
        return BAND_HOLD
    if score >= threshold:
        return BAND_REVIEW
    return BAND_CLEAR


@dataclass(frozen=True, slots=True)
class BirthDate:
    """A date of birth as precise as it is known: a day, a month, a year, or a span of years."""

    year_from: int
    year_to: int
    month: int | None = None
    day: int | None = None
    approximate: bool = False

    @property
    def is_exact_day(self) -> bool:
        return self.year_from == self.year_to and self.month is not None and self.day is not None

    def describe(self) -> str:
        if self.year_from != self.year_to:
            return f"{self.year_from}-{self.year_to}"
        parts = [f"{self.year_from:04d}"] + [f"{part:02d}" for part in (self.month, self.day) if part]
        return ("about " if self.approximate else "") + "-".join(parts)


@dataclass(frozen=True, slots=True)
class WatchlistEntry:
    """One listed person or organisation. `names` holds the main name first, then strong aliases
    and original-script names; `weak_aliases` the aliases the list itself calls low quality."""

    id: str
    schema: str
    names: tuple[str, ...]
    weak_aliases: tuple[str, ...] = ()
    birth_dates: tuple[BirthDate, ...] = ()
    nationalities: tuple[str, ...] = ()
    gender: str | None = None
    source: str = ""

    @property
    def is_organisation(self) -> bool:
        return self.schema in ORGANISATION_SCHEMATA


@dataclass(frozen=True, slots=True)
class Subject:
    """A person or organisation to screen: a registrant, a delegation member, an exhibitor."""

    id: str
    name: str
    birth_date: BirthDate | None = None
    nationality: str | None = None
    gender: str | None = None
    schema: str = PERSON

    @property
    def is_organisation(self) -> bool:
        return self.schema in ORGANISATION_SCHEMATA


@dataclass(frozen=True, slots=True)
class Match:
    subject_id: str
    entry_id: str
    score: float
    name_score: float
    subject_name: str
    entry_name: str
    qualifiers: tuple[str, ...] = field(default_factory=tuple)

    @property
    def band(self) -> str:
        return band(self.score)

    def to_json(self) -> dict:
        """The output line fixed by specs/screening.md."""
        return {
            "subject": self.subject_id,
            "entry": self.entry_id,
            "score": round(self.score, 4),
            "explanation": {
                "subject_name": self.subject_name,
                "entry_name": self.entry_name,
                "name_score": round(self.name_score, 4),
                "qualifiers": list(self.qualifiers),
            },
        }
