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
# A scattered posting costs about as much as this many multiply-adds of a dense matrix product.
SCATTER_COST_RATIO = 500
DENSE_TERMS_PER_PRODUCT = 512  # bounds the dense columns of one product (terms x targets floats)


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


def similarity_block(queries: SparseRows, start: int, stop: int, postings: Postings,
                     scatter_cost_ratio: float = SCATTER_COST_RATIO) -> np.ndarray:
    """Dot products of query rows start..stop with every target: a (stop - start, targets) array.

    A term that many queries of the block share and many targets hold is cheaper as a dense
    column in one matrix product; the others are scattered posting by posting.
    """
    first, last = queries.indptr[start], queries.indptr[stop]
    terms = queries.indices[first:last].astype(np.int64)
    weights = queries.data[first:last]
    rows = np.repeat(np.arange(stop - start, dtype=np.int64), np.diff(queries.indptr[start:stop + 1]))
    result = np.zeros((stop - start, postings.size), dtype=np.float32)
    if len(terms) == 0:
        return result
    distinct, inverse, uses = np.unique(terms, return_inverse=True, return_counts=True)
    frequency = postings.indptr[distinct + 1] - postings.indptr[distinct]
    dense = uses * frequency * scatter_cost_ratio > (stop - start) * postings.size
    if dense.any():
        _dense_part(result, rows, inverse, weights, distinct, dense, postings)
    keep = ~dense[inverse]
    _scatter_part(result, rows[keep], terms[keep], weights[keep], postings)
    return result


def _dense_part(result, rows, inverse, weights, distinct, dense, postings) -> None:
    for chunk in np.array_split(np.flatnonzero(dense), max(1, int(dense.sum()) // DENSE_TERMS_PER_PRODUCT + 1)):
        if len(chunk) == 0:
            continue
        column_of = np.full(len(distinct), -1, dtype=np.int64)
        column_of[chunk] = np.arange(len(chunk))
        selected = column_of[inverse] >= 0
        block_queries = np.zeros((result.shape[0], len(chunk)), dtype=np.float32)
        block_queries[rows[selected], column_of[inverse[selected]]] = weights[selected]
        terms = distinct[chunk]
        lengths = postings.indptr[terms + 1] - postings.indptr[terms]
        positions = ranges(postings.indptr[terms], lengths)
        columns = np.zeros((len(chunk), postings.size), dtype=np.float32)
        columns[np.repeat(np.arange(len(chunk)), lengths), postings.targets[positions]] = postings.weights[positions]
        result += block_queries @ columns


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

    def vectors(self, documents: list[list[str]]) -> SparseRows:
        """Sublinear tf times idf, each row scaled to unit length; unknown words are ignored."""
        vocabulary = self.vocabulary
        known = [[vocabulary[term] for term in document if term in vocabulary] for document in documents]
        lengths = np.fromiter((len(ids) for ids in known), dtype=np.int64, count=len(known))
        terms = np.fromiter(itertools.chain.from_iterable(known), dtype=np.int64, count=int(lengths.sum()))
        rows = np.repeat(np.arange(len(known), dtype=np.int64), lengths)
        # Unique (row, term) keys come out sorted: row by row, columns ascending, as CSR wants.
        keys, counts = np.unique(rows * max(1, self.size) + terms, return_counts=True)
        rows, terms = keys // max(1, self.size), keys % max(1, self.size)
        values = (1.0 + np.log(counts)) * self.idf[terms]
        norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=len(known)))
        values = values / norms[rows]
        indptr = np.zeros(len(known) + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=len(known)), out=indptr[1:])
        return SparseRows(indptr, terms.astype(np.int32), values.astype(np.float32))
