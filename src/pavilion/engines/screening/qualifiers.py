"""Adjusting a name score with what else is known: date of birth, nationality, gender.

Agreement moves the score part of the way towards 1, disagreement scales it down; neither can
leave [0, 1]. Each adjustment leaves a short sentence for the security officer.
"""

from __future__ import annotations

from pavilion.engines.screening.model import BirthDate, Subject, WatchlistEntry

DAY_MATCH_GAIN = 0.5
YEAR_MATCH_GAIN = 0.35
YEAR_CLOSE_GAIN = 0.12
DATE_DIFFERS_FACTOR = 0.7
DAY_DIFFERS_FACTOR = 0.9
NATIONALITY_MATCH_GAIN = 0.1
NATIONALITY_DIFFERS_FACTOR = 0.92
GENDER_DIFFERS_FACTOR = 0.7
WEAK_ALIAS_FACTOR = 0.9
CLOSE_YEARS = 1
# Agreeing dates and nationalities raise only names that are already plausibly the same:
# thousands of people share a birthday with some listed person.
GAIN_FROM = 0.55
APPROXIMATE_YEARS = 3


def _date_outcome(subject: BirthDate, listed: BirthDate) -> str:
    """One of: day, year, close, day_differs, differs."""
    slack = APPROXIMATE_YEARS if listed.approximate else 0
    if listed.year_from != listed.year_to:
        inside = listed.year_from - slack <= subject.year_from <= listed.year_to + slack
        return "close" if inside else _near(subject, listed)
    if subject.year_from != listed.year_from:
        return "close" if abs(subject.year_from - listed.year_from) <= max(slack, 0) else _near(subject, listed)
    if subject.is_exact_day and listed.is_exact_day:
        same_day = (subject.month, subject.day) == (listed.month, listed.day)
        return "day" if same_day else "day_differs"
    return "year"


def _near(subject: BirthDate, listed: BirthDate) -> str:
    distance = min(abs(subject.year_from - listed.year_from), abs(subject.year_from - listed.year_to))
    return "close" if distance <= CLOSE_YEARS else "differs"


DATE_RANK = {"day": 0, "year": 1, "close": 2, "day_differs": 3, "differs": 4}
DATE_EFFECT = {
    "day": (DAY_MATCH_GAIN, 1.0, "date of birth matches"),
    "year": (YEAR_MATCH_GAIN, 1.0, "birth year matches"),
    "close": (YEAR_CLOSE_GAIN, 1.0, "birth year close"),
    "day_differs": (0.0, DAY_DIFFERS_FACTOR, "birth year matches, day differs"),
    "differs": (0.0, DATE_DIFFERS_FACTOR, "date of birth differs"),
}


def _towards_one(score: float, gain: float) -> float:
    if score < GAIN_FROM:
        return score
    return score + (1.0 - score) * gain


def qualify(name_score: float, subject: Subject, entry: WatchlistEntry, weak_alias: bool) -> tuple[float, list[str]]:
    score, reasons = name_score, []
    if weak_alias:
        score *= WEAK_ALIAS_FACTOR
        reasons.append("low-quality alias")
    if subject.birth_date and entry.birth_dates:
        outcome = min((_date_outcome(subject.birth_date, listed) for listed in entry.birth_dates),
                      key=DATE_RANK.__getitem__)
        gain, factor, reason = DATE_EFFECT[outcome]
        score = _towards_one(score, gain) * factor
        reasons.append(reason)
    if subject.nationality and entry.nationalities:
        if subject.nationality in entry.nationalities:
            score = _towards_one(score, NATIONALITY_MATCH_GAIN)
            reasons.append("nationality matches")
        else:
            score *= NATIONALITY_DIFFERS_FACTOR
            reasons.append("nationality differs")
    if subject.gender and entry.gender and subject.gender != entry.gender:
        score *= GENDER_DIFFERS_FACTOR
        reasons.append("gender differs")
    return min(1.0, max(0.0, score)), reasons
