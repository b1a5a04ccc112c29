"""Profile overlap as a dot product: what a participant seeks against what a target offers.

Every sought item is spread over keys so that a plain dot product with the target's 0/1 offer
keys gives its credit: a sought category scores 1 when the target offers it (or, for a sought
family, any category of the family) and 0.5 when the target offers a sibling of the same family;
a dual-use code scores 0.5 for another code of the same category and group (5A002 against 5A001).
The credits of one feature are averaged over what was sought, and the features are weighted,
with the weights of the features a participant left empty shared out among the others, so a
score is always in [0, 1] and a sparse profile is not punished for being sparse.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Interests
from .rules import ExportControlRules, normalise_control_class

WEIGHTS = {"categories": 0.35, "control_classes": 0.15, "countries": 0.15, "text": 0.35}


@dataclass(frozen=True)
class Offer:
    """What a target (product, exhibitor or person) puts on the table."""

    categories: frozenset[str]
    control_classes: frozenset[str]
    countries: frozenset[str]


class KeySpace:
    def __init__(self, category_parents: dict[str, str], rules: ExportControlRules):
        self.parents = category_parents
        self.families = frozenset(category_parents.values())
        self.rules = rules
        self.index: dict[str, int] = {}
        self._offer_keys: dict[Offer, list[str]] = {}  # many targets share an offer (products above all)

    def key(self, name: str) -> int:
        return self.index.setdefault(name, len(self.index))

    def _category_seek(self, slug: str) -> list[tuple[str, float]]:
        if slug in self.families:
            return [("f:" + slug, 1.0)]
        if slug in self.parents:
            return [("c:" + slug, 0.5), ("f:" + self.parents[slug], 0.5)]
        return [("c:" + slug, 1.0)]

    def _control_seek(self, code: str) -> list[tuple[str, float]]:
        if self.rules.control_kind(code) == "dual-use":
            return [("k:" + code, 0.5), ("g:" + code[:2], 0.5)]
        return [("k:" + code, 1.0)]

    def seek(self, interests: Interests, has_text: bool) -> tuple[dict[int, float], float]:
        """The weighted seek keys and the share of the text similarity in the score."""
        features = {
            "categories": [self._category_seek(slug) for slug in sorted(interests.categories)],
            "control_classes": [self._control_seek(normalise_control_class(code))
                                for code in sorted(interests.control_classes)],
            "countries": [[("n:" + country, 1.0)] for country in sorted(interests.countries)],
        }
        present = sum(WEIGHTS[name] for name, items in features.items() if items)
        present += WEIGHTS["text"] if has_text else 0.0
        row: dict[int, float] = {}
        if present == 0:
            return row, 0.0
        for name, items in features.items():
            for parts in items:
                for key_name, credit in parts:
                    key = self.key(key_name)
                    row[key] = row.get(key, 0.0) + WEIGHTS[name] * credit / len(items) / present
        return row, (WEIGHTS["text"] / present if has_text else 0.0)

    def offer_keys(self, offer: Offer) -> list[str]:
        keys = self._offer_keys.get(offer)
        if keys is None:
            keys = self._offer_keys[offer] = self._keys_of(offer)
        return keys

    def _keys_of(self, offer: Offer) -> list[str]:
        names = set()
        for slug in offer.categories:
            names.add("c:" + slug)
            if slug in self.families:
                names.add("f:" + slug)
            elif slug in self.parents:
                names.add("f:" + self.parents[slug])
        for code in offer.control_classes:
            names.add("k:" + code)
            if self.rules.control_kind(code) == "dual-use":
                names.add("g:" + code[:2])
        names.update("n:" + country for country in offer.countries)
        return sorted(names)

    def offer(self, offer: Offer) -> list[int]:
        """Key indices of an offer; keys nobody seeks are left out (they can never score)."""
        return [self.index[name] for name in self.offer_keys(offer) if name in self.index]


def category_credit(sought: str, offered: frozenset[str], parents: dict[str, str]) -> float:
    """The credit of one sought category against an offer, as the dot product computes it."""
    families = set(parents.values())
    offered_families = {slug if slug in families else parents.get(slug) for slug in offered}
    if sought in families:
        return 1.0 if sought in offered_families else 0.0
    if sought in offered:
        return 1.0
    return 0.5 if sought in parents and parents[sought] in offered_families else 0.0
