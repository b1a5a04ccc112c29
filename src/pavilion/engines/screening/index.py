"""Candidate generation: which listed names are worth scoring for a subject.

Every word of every listed name is filed under its consonant skeleton and, for skeletons of four
letters or more, under each skeleton with one letter deleted (so "hsnv" is also found from
"hsnf", "hsv" or "hsnvl": one typo or one romanisation slip on either side). A subject's words are looked
up the same way; listed names collect the rarity (inverse frequency) of the words that found
them, and only the best few are scored in full. The work so grows with the candidates found, not
with the size of the list.

The index holds only plain containers, numpy arrays and dataclasses, so it pickles: the app builds it once per
list version and caches it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from pavilion.engines.screening.model import WatchlistEntry
from pavilion.engines.screening.normalise import PARTICLE, PreparedName, Token, prepare
from pavilion.engines.screening.qualifiers import APPROXIMATE_YEARS, CLOSE_YEARS

DELETION_MIN_LENGTH = 3
DELETION_WEIGHT = 0.7
SHORT_KEY_LENGTH = 3
SHORT_KEY_WEIGHT = 0.6
CANDIDATE_LIMIT = 16
# A candidate is scored in full only if the words that found it could make a plausible match:
# the estimate mirrors the scorer's coverage formula, on rarity instead of similarity.
CANDIDATE_FLOOR = 0.45
BETTER_SHARE = 0.8
BIRTH_YEAR_LIFT = 0.2


@dataclass(frozen=True, slots=True)
class IndexedName:
    entry: int
    text: str
    readings: tuple[PreparedName, ...]
    weak: bool


def token_keys(token: Token) -> tuple[tuple[str, float], ...]:
    """The keys a word is filed and found under, each with how much a hit on it counts."""
    if token.kind == PARTICLE:
        return ()
    return _keys(token.text, token.key)


@lru_cache(maxsize=200_000)
def _keys(text: str, key: str) -> tuple[tuple[str, float], ...]:
    """Skeletons and their one-letter deletions share one key space, so that a hit covers a
    substitution (both sides delete), an insertion or a deletion (one side deletes)."""
    if len(key) < SHORT_KEY_LENGTH:
        # Short skeletons ("al" for Ali, Ola, Eli) collide: the spelling counts more.
        return (("t" + text, 1.0), ("k" + key, SHORT_KEY_WEIGHT))
    keys = {"k" + key: 1.0}
    if len(key) >= DELETION_MIN_LENGTH:
        for i in range(len(key)):
            keys.setdefault("k" + key[:i] + key[i + 1:], DELETION_WEIGHT)
    return tuple(keys.items())


class ScreeningIndex:
    """Watch-list entries with their prepared names and the postings that find them."""

    def __init__(self, entries: list[WatchlistEntry] | tuple[WatchlistEntry, ...]):
        self.entries: tuple[WatchlistEntry, ...] = tuple(entries)
        self.names: list[IndexedName] = []
        filed: dict[str, list[int]] = {}
        for position, entry in enumerate(self.entries):
            for text in entry.names:
                self._add(position, entry, text, False, filed)
            for text in entry.weak_aliases:
                self._add(position, entry, text, True, filed)
        # Arrays, not lists: candidate generation then adds up thousands of hits in C.
        self.postings: dict[str, np.ndarray] = {key: np.array(ids, dtype=np.int32) for key, ids in filed.items()}
        self.name_mass = np.array([self._mass(indexed) for indexed in self.names], dtype=np.float64)
        spans = [self._years(self.entries[indexed.entry]) for indexed in self.names]
        self.earliest_year = np.array([low for low, _high in spans], dtype=np.float64)
        self.latest_year = np.array([high for _low, high in spans], dtype=np.float64)

    @staticmethod
    def _years(entry: WatchlistEntry) -> tuple[float, float]:
        """Birth years an entry may have, widened for approximate dates (NaN when unknown)."""
        if not entry.birth_dates:
            return math.nan, math.nan
        slack = [APPROXIMATE_YEARS if date.approximate else CLOSE_YEARS for date in entry.birth_dates]
        low = min(date.year_from - extra for date, extra in zip(entry.birth_dates, slack, strict=True))
        high = max(date.year_to + extra for date, extra in zip(entry.birth_dates, slack, strict=True))
        return float(low), float(high)

    def _add(self, position: int, entry: WatchlistEntry, text: str, weak: bool, filed) -> None:
        readings = prepare(text, entry.is_organisation)
        if not any(reading.tokens for reading in readings):
            return
        name_position = len(self.names)
        self.names.append(IndexedName(position, text, readings, weak))
        prefix = "O" if entry.is_organisation else "P"
        keys = {prefix + key for reading in readings for token in reading.tokens for key, _w in token_keys(token)}
        for key in keys:
            filed.setdefault(key, []).append(name_position)

    def _mass(self, indexed: IndexedName) -> float:
        """The rarity a subject would gather by finding every word of this name."""
        prefix = "O" if self.entries[indexed.entry].is_organisation else "P"
        mass = 0.0
        for token in indexed.readings[0].tokens:
            keys = token_keys(token)
            if keys:
                mass += token.weight * self.rarity(prefix + keys[0][0])
        return mass

    def __len__(self) -> int:
        return len(self.entries)

    def rarity(self, key: str) -> float:
        postings = self.postings.get(key)
        return math.log(1.0 + len(self.names) / len(postings)) if postings is not None else 0.0

    def candidates(self, readings: tuple[PreparedName, ...], organisation: bool,
                   birth_year: int | None = None) -> list[int]:
        """Positions in `names` of the listed names most worth scoring, best first. A birth
        year in the entry's span lifts a name: "Muhammad Ahmad" finds dozens of listed names,
        and the one born that year is the one to score."""
        prefix = "O" if organisation else "P"
        hits, values, possible = [], [], 0.0
        words = {token.text: token for reading in readings for token in reading.tokens}
        for token in words.values():
            found_ids, found_values, top = self._word_hits(prefix, token)
            possible += top
            if found_ids is not None:
                hits.append(found_ids)
                values.append(found_values)
        if not hits:
            return []
        names_hit, inverse = np.unique(np.concatenate(hits), return_inverse=True)
        gathered = np.bincount(inverse, weights=np.concatenate(values))
        mass = self.name_mass[names_hit]
        share_subject = gathered / possible
        share_name = np.minimum(1.0, gathered / np.maximum(mass, 1e-9))
        estimate = BETTER_SHARE * np.maximum(share_subject, share_name) + (1 - BETTER_SHARE) * np.minimum(
            share_subject, share_name
        )
        if birth_year is not None:
            born = (self.earliest_year[names_hit] <= birth_year) & (birth_year <= self.latest_year[names_hit])
            estimate = estimate + BIRTH_YEAR_LIFT * born
        keep = np.flatnonzero(estimate >= CANDIDATE_FLOOR)
        if len(keep) > CANDIDATE_LIMIT:
            keep = keep[np.argpartition(-estimate[keep], CANDIDATE_LIMIT)[:CANDIDATE_LIMIT]]
        ranked = keep[np.argsort(-estimate[keep], kind="stable")]
        return names_hit[ranked].tolist()

    def _word_hits(self, prefix: str, token: Token):
        """The names one word finds, each with the best value of a key that found it, and the
        most the word could add. A word found nowhere in the list is as rare as a word can be:
        it still counts against every candidate (Patricia Lucas Wheeler is not found by Lucas)."""
        if token.kind == PARTICLE:
            return None, None, 0.0
        top, found = token.weight * math.log(1.0 + len(self.names)), False
        ids, values = [], []
        for key, weight in token_keys(token):
            postings = self.postings.get(prefix + key)
            if postings is None:
                continue
            value = weight * token.weight * math.log(1.0 + len(self.names) / len(postings))
            top = max(top, value) if found else value
            found = True
            ids.append(postings)
            values.append(np.full(len(postings), value))
        if not ids:
            return None, None, top
        if len(ids) == 1:
            return ids[0], values[0], top
        all_ids, all_values = np.concatenate(ids), np.concatenate(values)
        order = np.argsort(-all_values, kind="stable")
        unique_ids, first = np.unique(all_ids[order], return_index=True)
        return unique_ids, all_values[order][first], top


def build_index(entries) -> ScreeningIndex:
    """Build once per list version; screening many subjects then reuses it."""
    return ScreeningIndex(list(entries))
