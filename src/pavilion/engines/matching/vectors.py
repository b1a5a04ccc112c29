"""TF-IDF vectors of the catalogue's texts and their cosine similarities, in plain numpy.

Vectors are kept as compressed sparse rows. Similarities of a block of queries against every
target are summed term by term over the targets' postings (the targets that contain the term), so
the work is proportional to the postings the queries touch, not to the vocabulary times the
catalogue; the block's result is dense, which top-k selection needs anyway.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import numpy as np

# Postings touched by one block of queries: bounds the block's memory (about 24 bytes each).
MAX_BLOCK_POSTINGS = 8_000_000


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


def sparse_rows(rows: list[dict[int, float]]) -> SparseRows:
    lengths = np.fromiter((len(row) for row in rows), dtype=np.int64, count=len(rows))
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    indices = np.empty(int(indptr[-1]), dtype=np.int32)
    data = np.empty(int(indptr[-1]), dtype=np.float32)
    for position, row in enumerate(rows):
        start = indptr[position]
        # Sorted columns make every run deterministic whatever order the dict was filled in.
        for offset, column in enumerate(sorted(row)):
            indices[start + offset] = column
            data[start + offset] = row[column]
    return SparseRows(indptr, indices, data)


@dataclass(frozen=True)
class Postings:
    """The same vectors by column: for each term, the targets holding it and their weights."""

    indptr: np.ndarray
    targets: np.ndarray
    weights: np.ndarray
    size: int  # number of targets

    @classmethod
    def of(cls, vectors: SparseRows, columns: int) -> Postings:
        row_of = np.repeat(np.arange(vectors.rows, dtype=np.int32), np.diff(vectors.indptr))
        order = np.argsort(vectors.indices, kind="stable")
        counts = np.bincount(vectors.indices, minlength=columns)
        indptr = np.zeros(columns + 1, dtype=np.int64)
        np.cumsum(counts, out=indptr[1:])
        return cls(indptr, row_of[order], vectors.data[order], vectors.rows)


def similarity_block(queries: SparseRows, start: int, stop: int, postings: Postings) -> np.ndarray:
    """Dot products of query rows start..stop with every target: a (stop - start, targets) array."""
    first, last = queries.indptr[start], queries.indptr[stop]
    terms = queries.indices[first:last]
    query_weights = queries.data[first:last]
    query_rows = np.repeat(np.arange(stop - start, dtype=np.int64), np.diff(queries.indptr[start:stop + 1]))
    lengths = postings.indptr[terms + 1] - postings.indptr[terms]
    total = int(lengths.sum())
    result = np.zeros((stop - start) * postings.size, dtype=np.float64)
    if total:
        offsets = np.cumsum(lengths) - lengths
        positions = np.repeat(postings.indptr[terms] - offsets, lengths) + np.arange(total, dtype=np.int64)
        cells = np.repeat(query_rows * postings.size, lengths) + postings.targets[positions]
        values = np.repeat(query_weights, lengths) * postings.weights[positions]
        result += np.bincount(cells, weights=values, minlength=result.size)
    return result.reshape(stop - start, postings.size).astype(np.float32)


def block_bounds(pairs: list[tuple[SparseRows, Postings]], largest: int) -> list[tuple[int, int]]:
    """Consecutive blocks of at most `largest` rows whose postings, summed over the (queries,
    targets) pairs (all with the same rows), each stay under MAX_BLOCK_POSTINGS."""
    rows = pairs[0][0].rows
    per_row = np.zeros(rows, dtype=np.int64)
    for queries, postings in pairs:
        per_entry = np.diff(postings.indptr)[queries.indices]
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

    def weights(self, document: list[str]) -> dict[int, float]:
        """Sublinear tf times idf, scaled to unit length; words outside the vocabulary are ignored."""
        counts = Counter(self.vocabulary[term] for term in document if term in self.vocabulary)
        row = {index: (1.0 + math.log(count)) * self.idf[index] for index, count in counts.items()}
        norm = math.sqrt(sum(value * value for value in row.values()))
        return {index: value / norm for index, value in row.items()} if norm else {}

    def vectors(self, documents: list[list[str]]) -> SparseRows:
        return sparse_rows([self.weights(document) for document in documents])
