"""TF-IDF vectors of the catalogue's texts and their cosine similarities, in plain numpy.

Vectors are kept as compressed sparse rows. Similarities of a block of queries against every
target are summed term by term over the targets' postings (the targets that contain the term), so
the work is proportional to the postings the queries touch, not to the vocabulary times the
catalogue; the block's result is dense, which top-k selection needs anyway.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from dataclasses import dataclass

import numpy as np

# Postings touched by one block of queries: bounds the block's memory (about 24 bytes each).
MAX_BLOCK_POSTINGS = 8_000_000
# Terms held by at least this share of the targets are multiplied densely (measured: a scattered
# posting costs several hundred multiply-adds of a matrix product), at most MAX_DENSE_TERMS of them
# so the dense rows stay within 1,024 x targets floats.
DENSE_FRACTION = 0.01
MAX_DENSE_TERMS = 1024


@dataclass(frozen=True)
class SparseRows:
    indptr: np.ndarray  # int64, len rows + 1
    indices: np.ndarray  # int32 column of each stored value
    data: np.ndarray  # float32 values

    @property
    def rows(self) -> int:
        return len(self.indptr) - 1

    def row(self, position: int) -> tuple[np.ndarray, np.ndarray]:
        start, end = self.indptr[position], self.indptr[position + 1]
        return self.indices[start:end], self.data[start:end]


@dataclass(frozen=True)
class Postings:
    """The same vectors by column: for each term, the targets holding it and their weights.

    The most frequent terms are also kept as dense rows (terms x targets): a block of queries
    multiplies them in one matrix product, where scattering their long postings query by query
    would cost far more. The rare terms are scattered.
    """

    indptr: np.ndarray
    targets: np.ndarray
    weights: np.ndarray
    size: int  # number of targets
    dense_rank: np.ndarray  # per term: its row in `dense`, or -1
    dense: np.ndarray  # float32 (dense terms, targets)

    @classmethod
    def of(cls, vectors: SparseRows, columns: int, dense_fraction: float = DENSE_FRACTION) -> Postings:
        row_of = np.repeat(np.arange(vectors.rows, dtype=np.int32), np.diff(vectors.indptr))
        order = np.argsort(vectors.indices, kind="stable")
        counts = np.bincount(vectors.indices, minlength=columns)
        indptr = np.zeros(columns + 1, dtype=np.int64)
        np.cumsum(counts, out=indptr[1:])
        targets, weights = row_of[order], vectors.data[order]
        frequent = np.flatnonzero(counts >= max(1.0, dense_fraction * vectors.rows))
        frequent = frequent[np.argsort(-counts[frequent], kind="stable")][:MAX_DENSE_TERMS]
        dense_rank = np.full(columns, -1, dtype=np.int64)
        dense_rank[frequent] = np.arange(len(frequent))
        dense = np.zeros((len(frequent), vectors.rows), dtype=np.float32)
        lengths = indptr[frequent + 1] - indptr[frequent]
        positions = ranges(indptr[frequent], lengths)
        dense[np.repeat(np.arange(len(frequent)), lengths), targets[positions]] = weights[positions]
        return cls(indptr, targets, weights, vectors.rows, dense_rank, dense)

    def scattered_lengths(self, terms: np.ndarray) -> np.ndarray:
        """Postings each term would scatter: none for the dense ones."""
        return np.where(self.dense_rank[terms] >= 0, 0, self.indptr[terms + 1] - self.indptr[terms])


def similarity_block(queries: SparseRows, start: int, stop: int, postings: Postings) -> np.ndarray:
    """Dot products of query rows start..stop with every target: a (stop - start, targets) array."""
    first, last = queries.indptr[start], queries.indptr[stop]
    terms = queries.indices[first:last].astype(np.int64)
    weights = queries.data[first:last]
    rows = np.repeat(np.arange(stop - start, dtype=np.int64), np.diff(queries.indptr[start:stop + 1]))
    rank = postings.dense_rank[terms]
    dense = rank >= 0
    result = np.zeros((stop - start, postings.size), dtype=np.float32)
    if dense.any():
        # A query holds a handful of terms: one small product per query beats a block product
        # that would mostly multiply zeros.
        bounds = np.searchsorted(rows[dense], np.arange(stop - start + 1))
        dense_rank, dense_weight = rank[dense], weights[dense]
        for row in np.flatnonzero(np.diff(bounds)):
            low, high = bounds[row], bounds[row + 1]
            np.matmul(dense_weight[low:high], postings.dense[dense_rank[low:high]], out=result[row])
    _scatter_part(result, rows[~dense], terms[~dense], weights[~dense], postings)
    return result


def _scatter_part(result, rows, terms, weights, postings) -> None:
    lengths = postings.indptr[terms + 1] - postings.indptr[terms]
    if int(lengths.sum()) == 0:
        return
    positions = ranges(postings.indptr[terms], lengths)
    cells = np.repeat(rows * postings.size, lengths) + postings.targets[positions]
    values = np.repeat(weights, lengths) * postings.weights[positions]
    result += np.bincount(cells, weights=values, minlength=result.size).reshape(result.shape).astype(np.float32)


def ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The concatenation of range(start, start + length) for each pair, without a Python loop."""
    total = int(lengths.sum())
    offsets = np.cumsum(lengths) - lengths
    return np.repeat(starts - offsets, lengths) + np.arange(total, dtype=np.int64)


def block_bounds(pairs: list[tuple[SparseRows, Postings]], largest: int) -> list[tuple[int, int]]:
    """Consecutive blocks of at most `largest` rows whose postings, summed over the (queries,
    targets) pairs (all with the same rows), each stay under MAX_BLOCK_POSTINGS."""
    rows = pairs[0][0].rows
    per_row = np.zeros(rows, dtype=np.int64)
    for queries, postings in pairs:
        per_entry = postings.scattered_lengths(queries.indices.astype(np.int64))
        cumulative = np.concatenate(([0], np.cumsum(per_entry)))
        per_row += cumulative[queries.indptr[1:]] - cumulative[queries.indptr[:-1]]
    bounds, start, used = [], 0, 0
    for position in range(rows):
        cost = int(per_row[position])
        if position > start and (position - start >= largest or used + cost > MAX_BLOCK_POSTINGS):
            bounds.append((start, position))
            start, used = position, 0
        used += cost
    if start < rows:
        bounds.append((start, rows))
    return bounds


class TextModel:
    """Vocabulary and inverse document frequencies fitted on the documents of the catalogue."""

    def __init__(self, documents: list[list[str]]):
        frequency: Counter[str] = Counter()
        for document in documents:
            frequency.update(set(document))
        self.vocabulary = {term: index for index, term in enumerate(sorted(frequency))}
        count = len(documents)
        # Smoothed idf: a term in every document still weighs a little, none divides by zero.
        self.idf = np.array([math.log((1 + count) / (1 + frequency[term])) + 1.0 for term in sorted(frequency)],
                            dtype=np.float64)

    @property
    def size(self) -> int:
        return len(self.vocabulary)

    def vectors(self, documents: list[list[str]]) -> SparseRows:
        """Sublinear tf times idf, each row scaled to unit length; unknown words are ignored."""
        # Every word of every document looked up at once in C (-1 for an unknown word), then dropped.
        lengths = np.fromiter(map(len, documents), dtype=np.int64, count=len(documents))
        terms = np.fromiter(map(self.vocabulary.get, itertools.chain.from_iterable(documents),
                                itertools.repeat(-1)), dtype=np.int64, count=int(lengths.sum()))
        rows = np.repeat(np.arange(len(documents), dtype=np.int64), lengths)
        known_terms = terms >= 0
        terms, rows = terms[known_terms], rows[known_terms]
        count = len(documents)
        # Unique (row, term) keys come out sorted: row by row, columns ascending, as CSR wants.
        keys, counts = np.unique(rows * max(1, self.size) + terms, return_counts=True)
        rows, terms = keys // max(1, self.size), keys % max(1, self.size)
        values = (1.0 + np.log(counts)) * self.idf[terms]
        norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=count))
        values = values / norms[rows]
        indptr = np.zeros(count + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=count), out=indptr[1:])
        return SparseRows(indptr, terms.astype(np.int32), values.astype(np.float32))
