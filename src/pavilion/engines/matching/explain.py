"""Why a target was recommended (the overlaps and matched words) and what a request would get."""

from __future__ import annotations

from .compliance import severity, side_rules
from .indexing import Index, Side
from .model import ALLOWED, Participant, Reasons
from .profiles import Offer, category_credit
from .rules import normalise_control_class

MATCHED_WORDS = 5


class Explainer:
    def __init__(self, index: Index):
        self.index = index
        self._outcomes: dict[tuple[str, str], str] = {}

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
        company = self.index.catalogue.exhibitors[int(side.company[target])]
        return max(self.outcome(participant.country, side.involvement[target]),
                   self.outcome(company.country, "none"), key=severity)

    def person_outcome(self, position: int, target: int) -> str:
        """As check_request(p, q, both companies' catalogues) decides; colleagues never get here."""
        people, participants = self.index.people, self.index.participants
        return max(self.outcome(participants[position].country, people.involvement[target]),
                   self.outcome(participants[target].country, people.involvement[position]), key=severity)

    def reasons(self, seeker: int, offer: Offer, side: Side, target: int, similarity: float) -> Reasons:
        participant = self.index.participants[seeker]
        return Reasons(
            categories=self._categories(participant, offer),
            control_classes=self._control_classes(participant, offer),
            countries=tuple(sorted(participant.seeks.countries & offer.countries)),
            terms=self.matched_words(seeker, side, target),
            text_similarity=round(float(similarity), 4),
        )

    def mutual_reasons(self, position: int, target: int, forward: float, backward: float) -> Reasons:
        """A meeting serves both: the overlaps of each one's seeks with the other's offers."""
        people = self.index.people
        one = self.reasons(position, people.offers[target], people, target, forward)
        other = self.reasons(target, people.offers[position], people, position, backward)
        return Reasons(
            categories=_union(one.categories, other.categories),
            control_classes=_union(one.control_classes, other.control_classes),
            countries=_union(one.countries, other.countries),
            terms=_union(one.terms, other.terms)[: 2 * MATCHED_WORDS],
            text_similarity=round(max(one.text_similarity, other.text_similarity), 4),
        )

    def _categories(self, participant: Participant, offer: Offer) -> tuple[str, ...]:
        parents = self.index.catalogue.category_parents
        result = []
        for slug in sorted(participant.seeks.categories):
            credit = category_credit(slug, offer.categories, parents)
            if credit == 1.0:
                result.append(slug)
            elif credit > 0:
                result.append(f"{slug} (same family: {parents[slug]})")
        return tuple(result)

    def _control_classes(self, participant: Participant, offer: Offer) -> tuple[str, ...]:
        rules, result = self.index.rules, []
        for code in sorted(normalise_control_class(c) for c in participant.seeks.control_classes):
            if code in offer.control_classes:
                result.append(code)
            elif rules.control_kind(code) == "dual-use" and any(
                    other[:2] == code[:2] and rules.control_kind(other) == "dual-use"
                    for other in offer.control_classes):
                result.append(f"{code} (same dual-use category and group: {code[:2]})")
        return tuple(result)

    def matched_words(self, seeker: int, side: Side, target: int) -> tuple[str, ...]:
        """The seeker's own words found in the target's text, the heaviest contributions first."""
        query_terms, query_weights = self.index.seeks.row(seeker)
        if len(query_terms) == 0:
            return ()
        target_terms, target_weights = side.vectors.row(target)
        weights = dict(zip(target_terms.tolist(), target_weights.tolist(), strict=True))
        shared = [(-(weight * weights[term]), term) for term, weight
                  in zip(query_terms.tolist(), query_weights.tolist(), strict=True) if term in weights]
        surface = self.index.surface[seeker]
        return tuple(surface[term] for _contribution, term in sorted(shared)[:MATCHED_WORDS])


def _union(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(first + second))
