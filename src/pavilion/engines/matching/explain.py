"""Why a target was recommended (the overlaps and matched words) and what a request would get.

Reasons are computed only for the items that made a list, a block of participants at a time; the
matched words of all of a block's pairs are found in one vectorised lookup, since doing it pair by
pair in Python would cost more than the ranking itself.
"""

from __future__ import annotations

import numpy as np

from .compliance import severity, side_rules
from .indexing import Index, Side
from .model import ALLOWED, Participant, Reasons
from .profiles import Offer
from .rules import normalise_control_class
from .vectors import ranges

MATCHED_WORDS = 5


class Explainer:
    def __init__(self, index: Index):
        self.index = index
        self.parents = index.catalogue.category_parents
        self.families = frozenset(self.parents.values())
        self._outcomes: dict[tuple[str, str], str] = {}
        self._pairs: dict[tuple[str, ...], str] = {}
        self._seek_classes = [tuple(sorted(normalise_control_class(code) for code in p.seeks.control_classes))
                              for p in index.participants]
        self._seek_categories = [tuple(sorted(p.seeks.categories)) for p in index.participants]
        # Offers' families follow from their categories, so (sought, offered categories) is a key.
        self._category_cache: dict[tuple, tuple[str, ...]] = {}
        self._class_cache: dict[tuple, tuple[str, ...]] = {}

    def outcome(self, country: str, involved: str) -> str:
        """The most severe outcome of the embargoes on a receiving country; cached per pair."""
        key = (country, involved)
        if key not in self._outcomes:
            receiver = Participant(id="-", kind="visitor", country=country)
            applied = side_rules(receiver, involved, self.index.rules, self.index.on)
            self._outcomes[key] = max((rule.outcome for rule in applied), key=severity, default=ALLOWED)
        return self._outcomes[key]

    def catalogue_outcome(self, participant: Participant, side: Side, target: int) -> str:
        """As check_request(participant, the target's company, the target's products) decides."""
        key = (participant.country, side.involvement[target], side.company_country[target])
        outcome = self._pairs.get(key)
        if outcome is None:
            outcome = self._pairs[key] = max(self.outcome(key[0], key[1]), self.outcome(key[2], "none"),
                                             key=severity)
        return outcome

    def person_outcome(self, position: int, target: int) -> str:
        """As check_request(p, q, both companies' catalogues) decides; colleagues never get here."""
        people, participants = self.index.people, self.index.participants
        key = (participants[position].country, people.involvement[target], participants[target].country,
               people.involvement[position])
        outcome = self._pairs.get(key)
        if outcome is None:
            outcome = self._pairs[key] = max(self.outcome(key[0], key[1]), self.outcome(key[2], key[3]),
                                             key=severity)
        return outcome

    def reasons(self, seeker: int, side: Side, target: int, words: tuple[str, ...], similarity: float) -> Reasons:
        categories, classes, countries = self.overlaps(seeker, side, target)
        return Reasons(categories=categories, control_classes=classes, countries=countries, terms=words,
                       text_similarity=round(float(similarity), 4))

    def overlaps(self, seeker: int, side: Side, target: int) -> tuple[tuple[str, ...], ...]:
        """The sought categories, control classes and countries the target covers. The first two
        depend only on the seeker's list and the target's offer, which many pairs share: cached."""
        participant, offer = self.index.participants[seeker], side.offers[target]
        sought = self._seek_categories[seeker]
        if sought:
            key = (sought, offer.categories)
            categories = self._category_cache.get(key)
            if categories is None:
                categories = self._category_cache[key] = self._categories(seeker, offer, side.families[target])
        else:
            categories = ()
        sought = self._seek_classes[seeker]
        if sought:
            key = (sought, offer.control_classes)
            classes = self._class_cache.get(key)
            if classes is None:
                classes = self._class_cache[key] = self._control_classes(seeker, offer)
        else:
            classes = ()
        countries = participant.seeks.countries & offer.countries
        return categories, classes, (tuple(sorted(countries)) if countries else ())

    def mutual_reasons(self, position: int, target: int, words: tuple[tuple[str, ...], tuple[str, ...]],
                       forward: float, backward: float) -> Reasons:
        """A meeting serves both: the overlaps of each one's seeks with the other's offers."""
        people = self.index.people
        one = self.overlaps(position, people, target)
        other = self.overlaps(target, people, position)
        return Reasons(
            categories=_union(one[0], other[0]),
            control_classes=_union(one[1], other[1]),
            countries=_union(one[2], other[2]),
            terms=_union(words[0], words[1])[: 2 * MATCHED_WORDS],
            text_similarity=max(round(float(forward), 4), round(float(backward), 4)),
        )

    def _categories(self, seeker: int, offer: Offer, offered_families: frozenset[str]) -> tuple[str, ...]:
        """Sought categories with the credit the score gave them (see profiles.py)."""
        parents, families = self.parents, self.families
        result = []
        for slug in self._seek_categories[seeker]:
            if slug in families:
                if slug in offered_families:
                    result.append(slug)
            elif slug in offer.categories:
                result.append(slug)
            elif slug in parents and parents[slug] in offered_families:
                result.append(f"{slug} (same family: {parents[slug]})")
        return tuple(result)

    def _control_classes(self, seeker: int, offer: Offer) -> tuple[str, ...]:
        rules, result = self.index.rules, []
        for code in self._seek_classes[seeker]:
            if code in offer.control_classes:
                result.append(code)
            elif rules.control_kind(code) == "dual-use" and any(
                    other[:2] == code[:2] and rules.control_kind(other) == "dual-use"
                    for other in offer.control_classes):
                result.append(f"{code} (same dual-use category and group: {code[:2]})")
        return tuple(result)

    def matched_words(self, seekers: np.ndarray, side: Side, target_rows: np.ndarray) -> list[tuple[str, ...]]:
        """For each (seeker, target) pair the seeker's own words found in the target's text,
        the heaviest contributions to the cosine first."""
        queries = self.index.seeks
        count = len(seekers)
        if count == 0:
            return []
        width = np.int64(self.index.text.size)
        lengths = queries.indptr[seekers + 1] - queries.indptr[seekers]
        positions = ranges(queries.indptr[seekers], lengths)
        pair = np.repeat(np.arange(count), lengths)
        terms = queries.indices[positions].astype(np.int64)
        keys = target_rows[pair] * width + terms
        target_keys = side.row_keys
        found_at = np.minimum(np.searchsorted(target_keys, keys), len(target_keys) - 1)
        found = target_keys[found_at] == keys if len(target_keys) else np.zeros(len(keys), dtype=bool)
        positions = positions[found]
        contribution = queries.data[positions] * side.vectors.data[found_at[found]]
        pair, terms = pair[found], terms[found]
        order = np.lexsort((terms, -contribution, pair))
        pair, positions = pair[order], positions[order]
        first = np.searchsorted(pair, pair, side="left")
        keep = np.arange(len(pair)) - first < MATCHED_WORDS
        pair, positions = pair[keep], positions[keep]
        # The seeker's own spelling of each kept word, then each pair's slice of them.
        spelled = self.index.seek_surface[positions].tolist()
        bounds = np.searchsorted(pair, np.arange(count + 1)).tolist()
        return [tuple(spelled[bounds[n]:bounds[n + 1]]) for n in range(count)]


def _union(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
    if not second:
        return first
    return tuple(dict.fromkeys(first + second)) if first else second
