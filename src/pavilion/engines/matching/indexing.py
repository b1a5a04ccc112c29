"""Everything the ranking needs, computed once: texts as TF-IDF vectors, profiles as keys,
and which targets an embargoed participant must never be shown."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import numpy as np

from .compliance import BINDING_AUTHORITIES, involvement
from .model import Catalogue, Exhibitor, Participant, Product
from .profiles import KeySpace, Offer
from .rules import FULL, ExportControlRules, normalise_control_class
from .text import LANGUAGES, terms
from .vectors import Postings, SparseRows, TextModel

PRODUCT_KEYS = 5  # category, family, control class, dual-use group, country


def product_terms(product: Product) -> list[str]:
    words = []
    for language in LANGUAGES:
        text = f"{product.names.get(language, '')} {product.descriptions.get(language, '')}"
        words += [term for term, _surface in terms(text, language)]
    return words


def exhibitor_terms(exhibitor: Exhibitor) -> list[str]:
    words = [term for term, _surface in terms(exhibitor.name, "en")]
    for language in LANGUAGES:
        words += [term for term, _surface in terms(exhibitor.description.get(language, ""), language)]
    return words


@dataclass
class Side:
    """One kind of target: its vectors for text, its offer keys, and the masks of the rules."""

    ids: list[str]
    offers: list[Offer]
    vectors: SparseRows
    postings: Postings
    lethal: np.ndarray  # bool: a request about it would be blocked for a fully embargoed country
    involvement: list[str]  # lethal, controlled or none: what a request about it puts on the table
    company: np.ndarray  # int: exhibitor index it belongs to or speaks for, -1 for none
    row_keys: np.ndarray  # row * vocabulary + term of each stored value: sorted, for lookups
    families: list[frozenset[str]]  # the category families each offer covers, for the reasons
    company_country: list[str]  # country of the company it belongs to ("" for none)

    def __post_init__(self) -> None:
        self.lethal_targets = np.flatnonzero(self.lethal)
        # Targets grouped by company: members of company c are _by_company[_starts[c]:_starts[c + 1]].
        order = np.argsort(self.company, kind="stable")
        self._by_company = order[self.company[order] >= 0]
        counts = np.bincount(self.company[self._by_company], minlength=1) if len(self._by_company) else np.zeros(1)
        self._starts = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)

    def company_members(self, company: int) -> np.ndarray:
        """The targets that belong to (or speak for) exhibitor `company`."""
        if company + 1 >= len(self._starts):
            return self._by_company[:0]
        return self._by_company[self._starts[company]:self._starts[company + 1]]


class Index:
    def __init__(self, participants: list[Participant], catalogue: Catalogue, rules: ExportControlRules,
                 on: datetime.date):
        self.participants, self.catalogue, self.rules, self.on = participants, catalogue, rules, on
        self.exhibitor_position = {exhibitor.id: n for n, exhibitor in enumerate(catalogue.exhibitors)}
        self.catalogue_of: list[list[Product]] = [[] for _exhibitor in catalogue.exhibitors]
        for product in catalogue.products:
            self.catalogue_of[self.exhibitor_position[product.exhibitor_id]].append(product)
        self.category_families = frozenset(catalogue.category_parents.values())
        self._texts()
        self._keys()
        self.full_embargo = np.array([self._fully_embargoed(p.country) for p in participants], dtype=bool)

    def _texts(self) -> None:
        catalogue, participants = self.catalogue, self.participants
        product_documents = [product_terms(product) for product in catalogue.products]
        own_documents = [exhibitor_terms(exhibitor) for exhibitor in catalogue.exhibitors]
        exhibitor_documents = [list(document) for document in own_documents]
        for product, document in zip(catalogue.products, product_documents, strict=True):
            exhibitor_documents[self.exhibitor_position[product.exhibitor_id]] += document
        person_documents = []
        for participant in participants:
            document = [term for term, _surface in terms(participant.offers.text, participant.language)]
            if participant.exhibitor_id is not None:
                document += own_documents[self.exhibitor_position[participant.exhibitor_id]]
            person_documents.append(document)
        self.text = TextModel(product_documents + own_documents + person_documents)
        self.seek_terms = [terms(participant.seeks.text, participant.language) for participant in participants]
        self.seeks = self.text.vectors([[term for term, _surface in pairs] for pairs in self.seek_terms])
        self.seek_postings = Postings.of(self.seeks, self.text.size)
        self.surface = [self._surfaces(pairs) for pairs in self.seek_terms]
        # The same spellings aligned with the stored values of `seeks`, for lookups by position.
        seek_rows = np.repeat(np.arange(self.seeks.rows), np.diff(self.seeks.indptr)).tolist()
        self.seek_surface = np.array([self.surface[row][term] for row, term in
                                      zip(seek_rows, self.seeks.indices.tolist(), strict=True)] or [""],
                                     dtype=object)[: len(seek_rows)]
        self.products = self._side([p.id for p in catalogue.products], product_documents,
                                   [self._product_offer(p) for p in catalogue.products],
                                   [[p] for p in catalogue.products],
                                   [self.exhibitor_position[p.exhibitor_id] for p in catalogue.products])
        self.exhibitors = self._side([e.id for e in catalogue.exhibitors], exhibitor_documents,
                                     [self._exhibitor_offer(n) for n in range(len(catalogue.exhibitors))],
                                     self.catalogue_of, list(range(len(catalogue.exhibitors))))
        companies = [self.exhibitor_position.get(p.exhibitor_id, -1) for p in participants]
        self.people = self._side([p.id for p in participants], person_documents,
                                 [self._person_offer(p) for p in participants],
                                 [self.catalogue_of[c] if c >= 0 else [] for c in companies], companies)

    def _surfaces(self, pairs: list[tuple[str, str]]) -> dict[int, str]:
        surfaces: dict[int, str] = {}
        for term, surface in pairs:
            if term in self.text.vocabulary:
                surfaces.setdefault(self.text.vocabulary[term], surface)
        return surfaces

    def _side(self, ids, documents, offers, tables, companies) -> Side:
        vectors = self.text.vectors(documents)
        involved = [involvement(products, self.rules) for products in tables]
        rows = np.repeat(np.arange(vectors.rows, dtype=np.int64), np.diff(vectors.indptr))
        return Side(ids=ids, offers=offers, vectors=vectors, postings=Postings.of(vectors, self.text.size),
                    lethal=np.array([value == "lethal" for value in involved], dtype=bool),
                    involvement=involved, company=np.array(companies, dtype=np.int64),
                    # Rows are stored in order with sorted columns, so these keys are sorted too.
                    row_keys=rows * self.text.size + vectors.indices,
                    families=[self._families(offer.categories) for offer in offers],
                    company_country=[self.catalogue.exhibitors[c].country if c >= 0 else "" for c in companies])

    def _families(self, categories: frozenset[str]) -> frozenset[str]:
        parents, families = self.catalogue.category_parents, self.category_families
        return frozenset(slug if slug in families else parents.get(slug) for slug in categories)

    def _product_offer(self, product: Product) -> Offer:
        code = normalise_control_class(product.control_class)
        country = self.catalogue.exhibitors[self.exhibitor_position[product.exhibitor_id]].country
        return Offer(frozenset([product.category]), frozenset([code]), frozenset([country]))

    def _exhibitor_offer(self, position: int) -> Offer:
        products = self.catalogue_of[position]
        return Offer(frozenset(p.category for p in products),
                     frozenset(normalise_control_class(p.control_class) for p in products),
                     frozenset([self.catalogue.exhibitors[position].country]))

    def _person_offer(self, participant: Participant) -> Offer:
        offers = participant.offers
        categories, classes = set(offers.categories), {normalise_control_class(c) for c in offers.control_classes}
        if participant.exhibitor_id is not None:
            company = self._exhibitor_offer(self.exhibitor_position[participant.exhibitor_id])
            categories |= company.categories
            classes |= company.control_classes
        return Offer(frozenset(categories), frozenset(classes), frozenset(offers.countries | {participant.country}))

    def _keys(self) -> None:
        self.keys = KeySpace(self.catalogue.category_parents, self.rules)
        rows, shares = [], []
        for position, participant in enumerate(self.participants):
            has_text = self.seeks.indptr[position + 1] > self.seeks.indptr[position]
            row, share = self.keys.seek(participant.seeks, bool(has_text))
            rows.append(row)
            shares.append(share)
        width = len(self.keys.index) + 1  # the last column stays zero: padding for products
        self.seek_matrix = np.zeros((len(rows), width), dtype=np.float32)
        for position, row in enumerate(rows):
            for key, weight in row.items():
                self.seek_matrix[position, key] = weight
        self.text_share = np.array(shares, dtype=np.float32)
        self.seeks_anything = self.seek_matrix.any(axis=1) | (self.text_share > 0)
        self.product_keys = np.full((len(self.products.offers), PRODUCT_KEYS), width - 1, dtype=np.int64)
        for position, offer in enumerate(self.products.offers):
            keys = self.keys.offer(offer)
            self.product_keys[position, : len(keys)] = keys
        self.product_profiles, self.product_profile_of = np.unique(self.product_keys, axis=0, return_inverse=True)
        self.product_profile_of = self.product_profile_of.reshape(-1)
        if len(self.product_profiles) == 0:
            self.product_profiles = np.full((0, PRODUCT_KEYS), width - 1, dtype=np.int64)
        self.exhibitor_matrix = self._offer_matrix(self.exhibitors.offers, width)
        self.person_matrix = self._offer_matrix(self.people.offers, width)

    def _offer_matrix(self, offers: list[Offer], width: int) -> np.ndarray:
        matrix = np.zeros((len(offers), width), dtype=np.float32)
        for position, offer in enumerate(offers):
            matrix[position, self.keys.offer(offer)] = 1.0
        return matrix

    def _fully_embargoed(self, country: str) -> bool:
        return any(embargo.scope == FULL and embargo.authority in BINDING_AUTHORITIES
                   for embargo in self.rules.embargoes_on(country, self.on))
