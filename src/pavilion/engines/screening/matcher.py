"""Screening one subject against an index: candidates, name scores, qualifiers, matches."""

from __future__ import annotations

from pavilion.engines.screening.index import ScreeningIndex
from pavilion.engines.screening.model import DEFAULT_THRESHOLD, Match, Subject
from pavilion.engines.screening.normalise import prepare
from pavilion.engines.screening.qualifiers import qualify
from pavilion.engines.screening.similarity import NameComparison, best_comparison

# The raw name similarity at which a pair of names is as likely the same as not, on the labelled
# pairs (docs/algorithms/screening.md). The name score maps it to DEFAULT_THRESHOLD, piecewise
# linearly, so that the score scale, the default threshold and the bands keep one meaning.
RAW_OPERATING_POINT = 0.83


def calibrate(raw: float) -> float:
    if raw >= 1.0:
        return 1.0  # exactly: equal names must score 1, not 0.9999999999999996
    if raw <= RAW_OPERATING_POINT:
        return DEFAULT_THRESHOLD * raw / RAW_OPERATING_POINT
    return DEFAULT_THRESHOLD + (1 - DEFAULT_THRESHOLD) * (raw - RAW_OPERATING_POINT) / (1 - RAW_OPERATING_POINT)


def compare(name_a: str, name_b: str, organisation: bool = False) -> tuple[float, NameComparison]:
    """The name score of two names in [0, 1], symmetric, and the comparison behind it."""
    comparison = best_comparison(prepare(name_a, organisation), prepare(name_b, organisation))
    return calibrate(comparison.score), comparison


def name_score(name_a: str, name_b: str, organisation: bool = False) -> float:
    return compare(name_a, name_b, organisation)[0]


def screen(subject: Subject, index: ScreeningIndex, threshold: float = DEFAULT_THRESHOLD) -> list[Match]:
    """Candidate matches at or above `threshold`, best first, one per listed entry."""
    readings = prepare(subject.name, subject.is_organisation)
    best_per_entry: dict[int, Match] = {}
    birth_year = subject.birth_date.year_from if subject.birth_date else None
    for position in index.candidates(readings, subject.is_organisation, birth_year):
        indexed = index.names[position]
        comparison = best_comparison(readings, indexed.readings)
        named = calibrate(comparison.score)
        entry = index.entries[indexed.entry]
        score, reasons = qualify(named, subject, entry, indexed.weak)
        if score < threshold:
            continue
        current = best_per_entry.get(indexed.entry)
        if current is None or score > current.score:
            best_per_entry[indexed.entry] = Match(
                subject_id=subject.id,
                entry_id=entry.id,
                score=score,
                name_score=named,
                subject_name=subject.name,
                entry_name=indexed.text,
                qualifiers=comparison.remarks + tuple(reasons),
            )
    return sorted(best_per_entry.values(), key=lambda match: (-match.score, match.entry_id))
