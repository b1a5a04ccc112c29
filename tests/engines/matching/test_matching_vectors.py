"""The sparse similarity against a plain dense computation, on both of its paths."""

import random

import numpy as np
import pytest

from pavilion.engines.matching.vectors import Postings, TextModel, block_bounds, similarity_block

WORDS = [f"w{n}" for n in range(40)]


def documents(seed, count):
    rng = random.Random(seed)
    # A skewed vocabulary: a few words are everywhere (dense path), most are rare (scattered).
    return [[rng.choice(WORDS[: 3 + rng.randrange(37)]) for _word in range(rng.randint(0, 12))] for _doc in range(count)]


def dense(vectors, columns):
    matrix = np.zeros((vectors.rows, columns))
    for row in range(vectors.rows):
        terms, weights = vectors.row(row)
        matrix[row, terms] = weights
    return matrix


@pytest.mark.parametrize("fraction", [0.0, 0.05, 2.0])  # all dense, mixed, all scattered
def test_similarities_equal_the_dense_product(fraction):
    model = TextModel(documents(1, 80))
    targets = model.vectors(documents(1, 80))
    queries = model.vectors(documents(2, 30) + [["unknown", "words"]])
    postings = Postings.of(targets, model.size, dense_fraction=fraction)
    expected = dense(queries, model.size) @ dense(targets, model.size).T
    got = np.vstack([similarity_block(queries, start, stop, postings) for start, stop in [(0, 7), (7, 31)]])
    assert np.allclose(got, expected, atol=1e-5)
    if fraction == 0.0:
        assert postings.dense.shape[0] > 0
    if fraction == 2.0:
        assert postings.dense.shape[0] == 0


def test_vectors_have_unit_length_and_idf_favours_rare_words():
    model = TextModel([["radar", "system"], ["rifle", "system"], ["system"]])
    vectors = model.vectors([["radar", "system"], [], ["system", "system"]])
    assert np.isclose(np.linalg.norm(vectors.row(0)[1]), 1.0)
    assert len(vectors.row(1)[0]) == 0
    terms, weights = vectors.row(0)
    by_term = dict(zip(terms.tolist(), weights.tolist(), strict=True))
    assert by_term[model.vocabulary["radar"]] > by_term[model.vocabulary["system"]]


def test_blocks_cover_every_row_once_and_respect_the_largest():
    model = TextModel(documents(3, 50))
    queries = model.vectors(documents(4, 23))
    postings = Postings.of(model.vectors(documents(3, 50)), model.size, dense_fraction=2.0)
    bounds = block_bounds([(queries, postings)], 5)
    assert bounds[0][0] == 0 and bounds[-1][1] == 23
    assert all(stop - start <= 5 for start, stop in bounds)
    assert all(previous[1] == following[0] for previous, following in zip(bounds, bounds[1:], strict=False))
