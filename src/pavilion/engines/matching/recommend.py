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
    _exclude(scores, index, start, stop, index.products)
    return scores, similarity


def _exhibitor_scores(index: Index, start: int, stop: int) -> tuple[np.ndarray, np.ndarray]:
    scores = index.seek_matrix[start:stop] @ index.exhibitor_matrix.T
    similarity = _text(index, start, stop, index.exhibitors.postings)
    scores += index.text_share[start:stop, None] * similarity
    _exclude(scores, index, start, stop, index.exhibitors)
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
    _exclude(scores, index, start, stop, people)  # colleagues, and lethal offers to the embargoed
    # ... and the other way round: an embargoed person is never shown to a lethal offer's seeker.
    lethal_rows = np.flatnonzero(people.lethal[start:stop])
    if len(lethal_rows) and index.full_embargo.any():
        scores[np.ix_(lethal_rows, np.flatnonzero(index.full_embargo))] = 0.0
    return scores, forward_text, backward_text


def _exclude(scores: np.ndarray, index: Index, start: int, stop: int, side) -> None:
    """Zero what a block's seekers must never be shown: lethal offers for the fully embargoed,
    and their own company's products, stand or colleagues. Only the cells concerned are
    touched: a handful of rows in a block have an embargo or a company."""
    embargoed = np.flatnonzero(index.full_embargo[start:stop])
    if len(embargoed) and side.lethal.any():
        scores[np.ix_(embargoed, side.lethal_targets)] = 0.0
    companies = index.people.company[start:stop]
    for row in np.flatnonzero(companies >= 0).tolist():
        scores[row, side.company_members(int(companies[row]))] = 0.0


def _top(scores: np.ndarray, top: int) -> list[list[tuple[int, float]]]:
    """Per row the best targets with a positive score, best first, ties by input order."""
    count = min(top, scores.shape[1])
    if count == 0:
        return [[] for _row in range(scores.shape[0])]
    # Every target within rounding of the k-th best is a candidate, then the order is exact:
    # argpartition alone would break ties differently from one numpy build to another.
    width = scores.shape[1]
    kth = -np.partition(-scores, count - 1, axis=1)[:, count - 1]  # (faster than selecting near the end)
    floors = np.maximum(kth - TIE, TIE)
    # All rows at once: candidates in row order, then by rounded score (best first) and position.
    rows, candidates = np.divmod(np.flatnonzero(scores >= floors[:, None]), width)
    rounded = np.round(np.minimum(scores[rows, candidates].astype(np.float64), 1.0), SCORE_DIGITS)
    order = np.lexsort((candidates, -rounded, rows))
    rows, candidates, rounded = rows[order], candidates[order], rounded[order]
    rank = np.arange(len(rows)) - np.searchsorted(rows, rows, side="left")
    keep = (rank < count) & (rounded > 0)
    result: list[list[tuple[int, float]]] = [[] for _row in range(scores.shape[0])]
    for row, target, score in zip(rows[keep].tolist(), candidates[keep].tolist(), rounded[keep].tolist(),
                                  strict=True):
        result[row].append((target, score))
    return result


def _pairs(start: int, chosen: list[list[tuple[int, float]]]) -> tuple[np.ndarray, np.ndarray]:
    seekers = np.array([start + row for row, items in enumerate(chosen) for _item in items], dtype=np.int64)
    targets = np.array([target for items in chosen for target, _score in items], dtype=np.int64)
    return seekers, targets


def _explained(explainer: Explainer, kind: str, side, start: int, chosen, similarity: np.ndarray):
    """The chosen (target, score) lists of a block as Recommendations with reasons and outcome."""
    seekers, targets = _pairs(start, chosen)
    words = explainer.matched_words(seekers, side, targets)
    similarities = similarity[seekers - start, targets].tolist()
    participants, ids = explainer.index.participants, side.ids
    reasons, outcome = explainer.reasons, explainer.catalogue_outcome
    result, pair = [], 0
    for row, items in enumerate(chosen):
        seeker, participant, made = start + row, participants[start + row], []
        for target, score in items:
            made.append(Recommendation(kind=kind, id=ids[target], score=score,
                                       reasons=reasons(seeker, side, target, words[pair], similarities[pair]),
                                       outcome=outcome(participant, side, target)))
            pair += 1
        result.append(tuple(made))
    return result


def _explained_people(explainer: Explainer, start: int, chosen, forward: np.ndarray, backward: np.ndarray):
    index = explainer.index
    seekers, targets = _pairs(start, chosen)
    # Each one's seek words in the other's offer: forward from the seeker, backward from the person.
    forward_words = explainer.matched_words(seekers, index.people, targets)
    backward_words = explainer.matched_words(targets, index.people, seekers)
    forward_values = forward[seekers - start, targets].tolist()
    backward_values = backward[seekers - start, targets].tolist()
    ids, reasons, outcome = index.people.ids, explainer.mutual_reasons, explainer.person_outcome
    result, pair = [], 0
    for row, items in enumerate(chosen):
        seeker, made = start + row, []
        for target, score in items:
            made.append(Recommendation(
                kind="person", id=ids[target], score=score,
                reasons=reasons(seeker, target, (forward_words[pair], backward_words[pair]), forward_values[pair],
                                backward_values[pair]),
                outcome=outcome(seeker, target)))
            pair += 1
        result.append(tuple(made))
    return result
