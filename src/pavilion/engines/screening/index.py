"""Candidate generation: which listed names are worth scoring for a subject.

Two levels. Every distinct word of the list (its vocabulary) is filed under its consonant
skeleton and each skeleton with one letter deleted, so that "hsnv" is also found from "hsnf",
"hsv" or "hsnvl": one typo or romanisation slip on either side. Each vocabulary word knows the
names it occurs in. A subject's word looks up its keys, scores the few vocabulary words found
with the real word similarity (memoised: words recur across thousands of subjects), and passes
the good ones on to their names, weighted by how rare the word is in the list. A name collects
these values; an estimate of its final coverage decides whether it is scored in full. The work
so grows with the candidates found, not with the size of the list.

The index holds only plain containers, named tuples and numpy arrays, so it pickles: the app
builds it once per list version and caches it.
"""

from __future__ import annotations

import gc
import math
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from pavilion.engines.screening.model import WatchlistEntry
from pavilion.engines.screening.normalise import PARTICLE, PreparedName, Token, prepare
from pavilion.engines.screening.qualifiers import APPROXIMATE_YEARS, CLOSE_YEARS
from pavilion.engines.screening.similarity import TOKEN_FLOOR, word_similarities

SUBSTITUTION_MIN_LENGTH = 4
SHORT_KEY_LENGTH = 3
CANDIDATE_LIMIT = 16
# A name is scored in full only if the words found could make it a plausible match: the
# estimate follows the scorer's coverage formula, with rarity as the words' weight.
CANDIDATE_FLOOR = 0.55
BETTER_SHARE = 0.8
BIRTH_YEAR_LIFT = 0.15
WORD_CACHE_LIMIT = 100_000
# Up to this many names found, candidates are ranked in plain Python (numpy's fixed cost per
# call outweighs its speed on a handful of values); beyond it, in numpy.
FEW_HITS = 64


class IndexedName(NamedTuple):
    entry: int
    text: str
    readings: tuple[PreparedName, ...]
    weak: bool


@lru_cache(maxsize=200_000)
def word_keys(text: str, key: str) -> tuple[str, ...]:
    """The keys a listed word is filed under: its skeleton ("k") and the skeleton with each
    letter deleted ("d"). Short skeletons ("al" for Ali, Ola, Eli) are also filed as spelled."""
    if len(key) < SHORT_KEY_LENGTH:
        return ("t" + text, "k" + key)
    return ("k" + key,) + tuple(dict.fromkeys("d" + key[:i] + key[i + 1:] for i in range(len(key))))


@lru_cache(maxsize=200_000)
def lookup_keys(text: str, key: str) -> tuple[str, ...]:
    """The keys a subject's word looks up: the same skeleton, a listed skeleton with one letter
    more ("d" + key) or less ("k" + deletion), and, from four letters, one letter different
    (both deleted). A letter different in a three-letter skeleton finds mostly noise."""
    if len(key) < SHORT_KEY_LENGTH:
        return ("t" + text, "k" + key, "d" + key)
    deletions = tuple(dict.fromkeys(key[:i] + key[i + 1:] for i in range(len(key))))
    keys = ["k" + key, "d" + key] + ["k" + deletion for deletion in deletions]
    if len(key) >= SUBSTITUTION_MIN_LENGTH:
        keys.extend("d" + deletion for deletion in deletions)
    return tuple(keys)


class ScreeningIndex:
    """Watch-list entries, their prepared names, the list's vocabulary and its keys."""

    def __init__(self, entries: list[WatchlistEntry] | tuple[WatchlistEntry, ...]):
        self.entries: tuple[WatchlistEntry, ...] = tuple(entries)
        self.names: list[IndexedName] = []
        self.words: list[Token] = []
        vocabulary: dict[tuple[str, str], int] = {}  # (schema prefix, word) -> word number
        occurrences: list[list[int]] = []
        for position, entry in enumerate(self.entries):
            for text in entry.names:
                self._add(position, entry, text, False, vocabulary, occurrences)
            for text in entry.weak_aliases:
                self._add(position, entry, text, True, vocabulary, occurrences)
        self._file_occurrences(occurrences)
        filed: dict[str, list[int]] = {}
        for (prefix, _text), number in vocabulary.items():
            token = self.words[number]
            for key in word_keys(token.text, token.key):
                filed.setdefault(prefix + key, []).append(number)
        self.keys = {key: np.array(numbers, dtype=np.int32) for key, numbers in filed.items()}
        # Object arrays: picking a subject word's few hundred neighbours is then one C call.
        self.word_texts = np.array([token.text for token in self.words], dtype=object)
        self.word_skeletons = np.array([token.key for token in self.words], dtype=object)
        self.word_special = np.array([token.text.isdigit() or len(token.text) == 1 for token in self.words], dtype=bool)
        self.vocabulary = vocabulary
        self.name_mass = self._masses()
        entry_spans = [self._years(entry) for entry in self.entries]
        spans = [entry_spans[indexed.entry] for indexed in self.names]
        self.earliest_year = np.array([low for low, _high in spans], dtype=np.float64)
        self.latest_year = np.array([high for _low, high in spans], dtype=np.float64)

    def _add(self, position, entry, text, weak, vocabulary, occurrences) -> None:
        readings = prepare(text, entry.is_organisation)
        if not any(reading.tokens for reading in readings):
            return
        name_position = len(self.names)
        self.names.append(IndexedName(position, text, readings, weak))
        prefix = "O" if entry.is_organisation else "P"
        words = self.words
        for reading in readings:
            for token in reading.tokens:
                if token.kind == PARTICLE:
                    continue
                number = vocabulary.get((prefix, token.text))
                if number is None:
                    number = vocabulary[(prefix, token.text)] = len(words)
                    words.append(token)
                    occurrences.append([])
                occurrences[number].append(name_position)

    def _file_occurrences(self, occurrences: list[list[int]]) -> None:
        """The names of each vocabulary word, as one flat array and offsets (one numpy array
        per word cost a second for a large list, and as much again to pickle). Names were added
        in order, so each word's list is sorted; repeats (two readings, a word twice) go."""
        counts = np.fromiter(map(len, occurrences), dtype=np.int64, count=len(occurrences))
        flat = np.fromiter((name for names in occurrences for name in names), dtype=np.int32, count=int(counts.sum()))
        word_of = np.repeat(np.arange(len(occurrences), dtype=np.int32), counts)
        keep = np.ones(len(flat), dtype=bool)
        keep[1:] = (flat[1:] != flat[:-1]) | (word_of[1:] != word_of[:-1])
        self.word_name_ids = flat[keep]
        counts = np.bincount(word_of[keep], minlength=len(occurrences))
        self.word_name_starts = np.concatenate(([0], np.cumsum(counts)))
        total = len(self.names)  # math.log, not np.log: the same figures as before, to the last bit
        self.word_rarity = np.array([math.log(1.0 + total / count) for count in counts.tolist()], dtype=np.float64)

    def names_of(self, number: int) -> np.ndarray:
        """Positions in `names` of the names a vocabulary word occurs in, ascending."""
        return self.word_name_ids[self.word_name_starts[number]:self.word_name_starts[number + 1]]

    def _masses(self) -> np.ndarray:
        """The value a subject would gather by finding every word of a name exactly: the first
        reading's words, weighted by rarity (summed in word order, as a loop would)."""
        owners, numbers, weights = [], [], []
        vocabulary = self.vocabulary
        for position, indexed in enumerate(self.names):
            prefix = "O" if self.entries[indexed.entry].is_organisation else "P"
            for token in indexed.readings[0].tokens:
                number = vocabulary.get((prefix, token.text))
                if number is not None:
                    owners.append(position)
                    numbers.append(number)
                    weights.append(token.weight)
        values = np.array(weights, dtype=np.float64) * self.word_rarity[np.array(numbers, dtype=np.int64)]
        return np.bincount(np.array(owners, dtype=np.int64), weights=values, minlength=len(self.names))

    @staticmethod
    def _years(entry: WatchlistEntry) -> tuple[float, float]:
        """Birth years an entry may have, widened for approximate dates (NaN when unknown)."""
        if not entry.birth_dates:
            return math.nan, math.nan
        slack = [APPROXIMATE_YEARS if date.approximate else CLOSE_YEARS for date in entry.birth_dates]
        low = min(date.year_from - extra for date, extra in zip(entry.birth_dates, slack, strict=True))
        high = max(date.year_to + extra for date, extra in zip(entry.birth_dates, slack, strict=True))
        return float(low), float(high)

    def __len__(self) -> int:
        return len(self.entries)

    def candidates(self, readings: tuple[PreparedName, ...], organisation: bool,
                   birth_year: int | None = None) -> list[int]:
        """Positions in `names` of the listed names most worth scoring, best first. A birth
        year in the entry's span lifts a name: "Muhammad Ahmad" finds dozens of listed names,
        and the one born that year is the one to score."""
        prefix = "O" if organisation else "P"
        hits, values, possible, found_count = [], [], 0.0, 0
        words = {token.text: token for reading in readings for token in reading.tokens if token.kind != PARTICLE}
        cache = self.__dict__.setdefault("_hits_cache", {})
        for token in words.values():
            found = cache.get((prefix, token.text, token.weight))
            if found is None:
                if len(cache) > WORD_CACHE_LIMIT:
                    cache.clear()
                found = cache[(prefix, token.text, token.weight)] = self._word_hits(prefix, token)
            found_ids, found_values, top = found
            possible += top
            if found_ids is not None:
                hits.append(found_ids)
                values.append(found_values)
                found_count += len(found_ids)
        if not hits:
            return []
        if found_count <= FEW_HITS:
            return self._rank_few(hits, values, possible, birth_year)
        if len(hits) == 1:
            names_hit, gathered = hits[0], values[0]  # one word found names: ids already unique
        else:
            names_hit, inverse = np.unique(np.concatenate(hits), return_inverse=True)
            gathered = np.bincount(inverse, weights=np.concatenate(values))
        share_subject = gathered / possible
        share_name = np.minimum(1.0, gathered / np.maximum(self.name_mass[names_hit], 1e-9))
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

    def _rank_few(self, hits, values, possible: float, birth_year: int | None) -> list[int]:
        """`candidates` for the usual subject, whose words find a few dozen names at most: the
        same arithmetic in plain floats, in the same order, so the same figures to the last bit,
        without the fixed cost of twenty numpy calls on tiny arrays."""
        gathered: dict[int, float] = {}
        for ids, worth in zip(hits, values, strict=True):
            for name, value in zip(ids.tolist(), worth.tolist(), strict=True):
                gathered[name] = gathered.get(name, 0.0) + value
        mass, earliest, latest = self._name_facts()
        estimates = []
        for name in sorted(gathered):
            share_subject = gathered[name] / possible
            share_name = min(1.0, gathered[name] / max(mass[name], 1e-9))
            estimate = BETTER_SHARE * max(share_subject, share_name) + (1 - BETTER_SHARE) * min(share_subject, share_name)
            if birth_year is not None:
                estimate = estimate + BIRTH_YEAR_LIFT * (earliest[name] <= birth_year <= latest[name])
            if estimate >= CANDIDATE_FLOOR:
                estimates.append((name, estimate))
        if len(estimates) > CANDIDATE_LIMIT:  # rare: rank as the array path does, ties included
            names = np.array([name for name, _estimate in estimates], dtype=np.int64)
            estimate = np.array([value for _name, value in estimates], dtype=np.float64)
            keep = np.argpartition(-estimate, CANDIDATE_LIMIT)[:CANDIDATE_LIMIT]
            return names[keep[np.argsort(-estimate[keep], kind="stable")]].tolist()
        estimates.sort(key=lambda item: -item[1])  # stable: equal estimates keep name order
        return [name for name, _estimate in estimates]

    def _name_facts(self) -> tuple[list[float], list[float], list[float]]:
        """Mass and birth-year span per name as Python lists (cheap to index one by one)."""
        facts = self.__dict__.get("_facts")
        if facts is None:
            facts = self._facts = (self.name_mass.tolist(), self.earliest_year.tolist(), self.latest_year.tolist())
        return facts

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state.pop("_similar_words", None)  # caches, rebuilt on use
        state.pop("_hits_cache", None)
        state.pop("_facts", None)
        return state

    def similar_words(self, prefix: str, token: Token) -> list[tuple[int, float]]:
        """Vocabulary words close enough to a subject word, with their similarity. Memoised
        per index: first names and common words recur across thousands of subjects."""
        cache = self.__dict__.setdefault("_similar_words", {})
        found = cache.get((prefix, token.text))
        if found is None:
            if len(cache) > WORD_CACHE_LIMIT:
                cache.clear()
            filed = [self.keys[prefix + key] for key in lookup_keys(token.text, token.key) if prefix + key in self.keys]
            found = []
            if filed:
                numbers = np.unique(np.concatenate(filed)) if len(filed) > 1 else filed[0]
                similarities = word_similarities(
                    token, self.word_texts[numbers], self.word_skeletons[numbers], self.word_special[numbers]
                )
                found = [(int(numbers[i]), float(similarities[i])) for i in np.flatnonzero(similarities >= TOKEN_FLOOR)]
            cache[(prefix, token.text)] = found
        return found

    def _word_hits(self, prefix: str, token: Token):
        """The names one subject word finds, each with the value of the best listed word that
        found it, and the most the subject word could add. A word found nowhere counts as the
        rarest word: it still weighs against every candidate (Lucas alone does not make
        Patricia Lucas Wheeler a listed Lukas)."""
        top = token.weight * math.log(1.0 + len(self.names))
        good = self.similar_words(prefix, token)
        if not good:
            return None, None, top
        ids = [self.names_of(number) for number, _similarity in good]
        worth = [similarity * token.weight * self.word_rarity[number] for number, similarity in good]
        top = max(worth)
        if len(good) == 1:
            return ids[0], np.full(len(ids[0]), worth[0]), top
        all_ids = np.concatenate(ids)
        all_values = np.repeat(worth, [len(names) for names in ids])
        order = np.argsort(-all_values, kind="stable")
        unique_ids, first = np.unique(all_ids[order], return_index=True)
        return unique_ids, all_values[order][first], top


def build_index(entries) -> ScreeningIndex:
    """Build once per list version; screening many subjects then reuses it."""
    # A build makes millions of small objects and frees almost none, so the collector's passes
    # over them find nothing and cost a quarter of the build (2 s of 8 on 30,000 entries).
    # Paused for the build only, and left as it was found.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return ScreeningIndex(list(entries))
    finally:
        if enabled:
            gc.enable()
