"""Ranked exhibitors, products and people for every participant, with reasons and the export-control
outcome, computed a block of participants at a time so memory stays bounded at any size.

score(seeker, target) = profile overlap (profiles.py) + text share x cosine of TF-IDF vectors of
what the seeker seeks and what the target offers. For people the score is mutual: the mean of
both directions, counting only the directions whose seeker seeks something.
"""

from __future__ import annotations

import datetime

import numpy as np

from .explain import Explainer
from .indexing import Index
from .model import Catalogue, InputError, Participant, ParticipantRecommendations, Recommendation, check_date
from .rules import ExportControlRules
from .validation import validate_catalogue, validate_participants
from .vectors import block_bounds, similarity_block

BLOCK = 256  # participants per block: about 20 MB of scores per 10,000 targets
SCORE_DIGITS = 6  # ties below this precision are broken by input order, so runs agree
TIE = 10.0 ** -SCORE_DIGITS


def recommend(participants: list[Participant], catalogue: Catalogue, rules: ExportControlRules, *,
              on: datetime.date, top: int = 10) -> list[ParticipantRecommendations]:
    """For each participant (in input order) up to `top` exhibitors, products and people.

    Nothing a request would be `blocked` for is ever recommended; every item carries the outcome
    (allowed, warning or review) that check_request would give a meeting request about it.
    """
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise InputError(f"top must be a whole number of at least 1, not {top!r}")
    check_date(on)
    participants = list(participants)
    validate_catalogue(catalogue, rules)
    validate_participants(participants, catalogue, rules)
    index = Index(participants, catalogue, rules, on)
    explainer = Explainer(index)
    results = []
    for start, stop in _blocks(index):
        product_scores, product_similarity = _product_scores(index, start, stop)
        products = _explained(explainer, "product", index.products, start, _top(product_scores, top),
                              product_similarity)
        exhibitor_scores, exhibitor_similarity = _exhibitor_scores(index, start, stop)
        exhibitors = _explained(explainer, "exhibitor", index.exhibitors, start, _top(exhibitor_scores, top),
                                exhibitor_similarity)
        people_scores, forward, backward = _people_scores(index, start, stop)
        people = _explained_people(explainer, start, _top(people_scores, top), forward, backward)
        for row in range(stop - start):
            results.append(ParticipantRecommendations(
                participant_id=participants[start + row].id, exhibitors=exhibitors[row], products=products[row],
                people=people[row]))
    return results


def _blocks(index: Index) -> list[tuple[int, int]]:
    # Bounded by the seekers' postings in all three kinds of target and by the reverse direction.
    return block_bounds([(index.seeks, index.products.postings), (index.seeks, index.exhibitors.postings),
                         (index.seeks, index.people.postings), (index.people.vectors, index.seek_postings)],
                        BLOCK)


def _text(index: Index, start: int, stop: int, postings) -> np.ndarray:
    return similarity_block(index.seeks, start, stop, postings)


def _product_scores(index: Index, start: int, stop: int) -> tuple[np.ndarray, np.ndarray]:
    seeks = index.seek_matrix[start:stop]
    # Products share few distinct (category, class, country) profiles: score those, then spread.
    distinct = np.zeros((stop - start, len(index.product_profiles)), dtype=np.float32)
    for column in range(index.product_profiles.shape[1]):
        distinct += seeks[:, index.product_profiles[:, column]]
    scores = np.take(distinct, index.product_profile_of, axis=1)
    similarity = _text(index, start, stop, index.products.postings)
    scores += index.text_share[start:stop, None] * similarity
    blocked = index.full_embargo[start:stop, None] & index.products.lethal[None, :]
    own = _same_company(index, start, stop, index.products.company)
    scores[blocked | own] = 0.0
    return scores, similarity


def _exhibitor_scores(index: Index, start: int, stop: int) -> tuple[np.ndarray, np.ndarray]:
    scores = index.seek_matrix[start:stop] @ index.exhibitor_matrix.T
    similarity = _text(index, start, stop, index.exhibitors.postings)
    scores += index.text_share[start:stop, None] * similarity
    blocked = index.full_embargo[start:stop, None] & index.exhibitors.lethal[None, :]
    own = _same_company(index, start, stop, index.exhibitors.company)
    scores[blocked | own] = 0.0
    return scores, similarity


def _people_scores(index: Index, start: int, stop: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mutual scores and the text similarity of each direction (for the reasons)."""
    people = index.people
    forward_text = _text(index, start, stop, people.postings)
    backward_text = similarity_block(people.vectors, start, stop, index.seek_postings)
    forward = index.seek_matrix[start:stop] @ index.person_matrix.T
    forward += index.text_share[start:stop, None] * forward_text
    backward = index.person_matrix[start:stop] @ index.seek_matrix.T
    backward += index.text_share[None, :] * backward_text
    # The mean over the directions whose seeker seeks something: both, one or none.
    they_seek = index.seeks_anything.astype(np.float32)
    if index.seeks_anything[start:stop].all():
        scores = forward * (1.0 / (1.0 + they_seek))[None, :]
        scores += backward * (they_seek / (1.0 + they_seek))[None, :]
    else:
        seeking = index.seeks_anything[start:stop, None]
        scores = np.where(seeking, (forward + backward * they_seek[None, :]) / (1.0 + they_seek[None, :]),
                          backward * they_seek[None, :]).astype(np.float32)
    rows = np.arange(stop - start)
    scores[rows, start + rows] = 0.0  # oneself
    company = people.company
    colleagues = (company[start:stop, None] >= 0) & (company[start:stop, None] == company[None, :])
    blocked = (index.full_embargo[start:stop, None] & people.lethal[None, :]) | \
              (people.lethal[start:stop, None] & index.full_embargo[None, :])
    scores[colleagues | blocked] = 0.0
    return scores, forward_text, backward_text


def _same_company(index: Index, start: int, stop: int, companies: np.ndarray) -> np.ndarray:
    own = index.people.company[start:stop, None]
    return (own >= 0) & (own == companies[None, :])


def _top(scores: np.ndarray, top: int) -> list[list[tuple[int, float]]]:
    """Per row the best targets with a positive score, best first, ties by input order."""
    count = min(top, scores.shape[1])
    if count == 0:
        return [[] for _row in range(scores.shape[0])]
    # Every target within rounding of the k-th best is a candidate, then the order is exact:
    # argpartition alone would break ties differently from one numpy build to another.
    kth = -np.partition(-scores, count - 1, axis=1)[:, count - 1]
    floors = np.maximum(kth - TIE, TIE)
    result = []
    for row in range(scores.shape[0]):
        candidates = np.flatnonzero(scores[row] >= floors[row])
        rounded = np.round(np.minimum(scores[row, candidates].astype(np.float64), 1.0), SCORE_DIGITS)
        order = np.lexsort((candidates, -rounded))[:count]
        result.append([(int(candidates[n]), float(rounded[n])) for n in order if rounded[n] > 0])
    return result


def _pairs(start: int, chosen: list[list[tuple[int, float]]]) -> tuple[np.ndarray, np.ndarray]:
    seekers = np.array([start + row for row, items in enumerate(chosen) for _item in items], dtype=np.int64)
    targets = np.array([target for items in chosen for target, _score in items], dtype=np.int64)
    return seekers, targets


def _explained(explainer: Explainer, kind: str, side, start: int, chosen, similarity: np.ndarray):
    """The chosen (target, score) lists of a block as Recommendations with reasons and outcome."""
    seekers, targets = _pairs(start, chosen)
    words = iter(explainer.matched_words(explainer.index.seeks, seekers, side, targets))
    participants = explainer.index.participants
    return [tuple(Recommendation(kind=kind, id=side.ids[target], score=score,
                                 reasons=explainer.reasons(start + row, side, target, next(words),
                                                           similarity[row, target]),
                                 outcome=explainer.catalogue_outcome(participants[start + row], side, target))
                  for target, score in items)
            for row, items in enumerate(chosen)]


def _explained_people(explainer: Explainer, start: int, chosen, forward: np.ndarray, backward: np.ndarray):
    index = explainer.index
    seekers, targets = _pairs(start, chosen)
    # Each one's seek words in the other's offer: forward from the seeker, backward from the person.
    words = iter(zip(explainer.matched_words(index.seeks, seekers, index.people, targets),
                     explainer.matched_words(index.seeks, targets, index.people, seekers), strict=True))
    return [tuple(Recommendation(kind="person", id=index.people.ids[target], score=score,
                                 reasons=explainer.mutual_reasons(start + row, target, next(words),
                                                                  forward[row, target], backward[row, target]),
                                 outcome=explainer.person_outcome(start + row, target))
                  for target, score in items)
            for row, items in enumerate(chosen)]
