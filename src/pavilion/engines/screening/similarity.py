"""How alike two prepared names are: a symmetric score in [0, 1] and the reasons behind it.

Tokens are compared on their folded spelling and on their consonant skeleton, then paired one to
one, best pairs first, in any order (name order varies between forms and lists). The name score
weighs how much of each name is covered by the pairs: mostly the better-covered name, so that a
dropped middle name costs little, partly the other one, so that one shared token is not enough.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA, JaroWinkler, Levenshtein

from pavilion.engines.screening.normalise import PATRONYMIC, PreparedName, Token

# Tuned on name-pairs.csv (see docs/algorithms/screening.md); changing one moves the F1 figure.
TOKEN_FLOOR = 0.72  # below this two tokens are not taken for the same word
SKELETON_EQUAL = 0.93  # same skeleton, different spelling: Mohammed / Muhammad
SHORT_SKELETON_EQUAL = 0.85  # same two-letter skeleton: Juma / Dzhuma
SKELETON_SCALE = 0.9  # partial skeleton similarity counts this much
BETTER_COVERAGE_SHARE = 0.8  # share of the score given to the better-covered name
SINGLE_TOKEN_FACTOR = 0.82  # only one word in common while both names have more
PATRONYMIC_CONFLICT_FACTOR = 0.8  # Sergey Viktorovich vs Sergey Ivanovich
GENDER_FORM_FACTOR = 0.8  # Huseynova vs Huseynov
LEGAL_FORM_FACTOR = 0.88  # Deutsche Bank AG vs Deutsche Bank GmbH
INITIAL_MATCH = 0.8  # an initial against a word that starts with it
ACRONYM_MATCH = 0.9  # PLA against People's Liberation Army
JOINED_SCALE = 0.95  # names written without spaces: PolPot, SergeiLavrov
ORDER_FACTOR = 0.8  # names in an order that is no rotation: Salman bin Muhammad / Muhammad bin Salman
JARO_SHARE = 0.5  # Jaro-Winkler forgives typos; edit distance tells Ortiz from Ortega


@dataclass(frozen=True, slots=True)
class NameComparison:
    score: float
    pairs: tuple[tuple[str, str, float], ...]
    remarks: tuple[str, ...]


_SIMILARITY_CACHE: dict[tuple[str, str], float] = {}
CACHE_LIMIT = 1_000_000


def token_similarity(a: Token, b: Token) -> float:
    """Similarity of two words; memoised, since list words recur across thousands of subjects."""
    if a.text == b.text:
        return 1.0
    pair = (a.text, b.text)
    cached = _SIMILARITY_CACHE.get(pair)
    if cached is None:
        if len(_SIMILARITY_CACHE) >= CACHE_LIMIT:
            _SIMILARITY_CACHE.clear()
        cached = _SIMILARITY_CACHE[pair] = _word_similarity(a, b)
    return cached


def _word_similarity(a: Token, b: Token) -> float:
    if a.text.isdigit() or b.text.isdigit():
        return 0.0  # Numbers are identifiers: Snow Storm 1 is not Snow Storm 2.
    if len(a.text) == 1 or len(b.text) == 1:
        # An initial stands for any word with that first letter: A. Huseynov, Ali Huseynov.
        return INITIAL_MATCH if a.text[0] == b.text[0] else 0.0
    folded = JARO_SHARE * JaroWinkler.normalized_similarity(a.text, b.text) + (
        1 - JARO_SHARE
    ) * OSA.normalized_similarity(a.text, b.text)
    if len(a.key) < 3 or len(b.key) < 3:
        # Short words: an equal skeleton (Juma, Dzhuma; Ha, Kha) counts, but less.
        return max(folded, SHORT_SKELETON_EQUAL) if a.key == b.key and a.key.isalpha() else folded
    if a.key == b.key:
        return max(folded, SKELETON_EQUAL)
    return max(folded, SKELETON_SCALE * Levenshtein.normalized_similarity(a.key, b.key))


def word_similarities(token: Token, texts, keys, special: np.ndarray) -> np.ndarray:
    """`token_similarity(token, word)` for many words at once, in C: candidate generation
    weighs every listed word a subject's word finds. `special` marks the words that are numbers
    or initials, which keep their own rules."""
    if token.text.isdigit() or len(token.text) == 1:
        return np.array([token_similarity(token, Token(text, key)) for text, key in zip(texts, keys, strict=True)])
    folded = JARO_SHARE * process.cdist([token.text], texts, scorer=JaroWinkler.normalized_similarity,
                                        dtype=np.float64)[0]
    folded += (1 - JARO_SHARE) * process.cdist([token.text], texts, scorer=OSA.normalized_similarity,
                                               dtype=np.float64)[0]
    keys = np.asarray(keys, dtype=object)
    equal_keys = keys == token.key
    if len(token.key) >= 3:
        key_lengths = np.fromiter(map(len, keys), dtype=np.int32, count=len(keys))
        skeletal = SKELETON_SCALE * process.cdist([token.key], keys, scorer=Levenshtein.normalized_similarity,
                                                  dtype=np.float64)[0]
        skeletal = np.where(equal_keys, SKELETON_EQUAL, skeletal)
        result = np.where(key_lengths >= 3, np.maximum(folded, skeletal), folded)
    else:
        short_equal = equal_keys & token.key.isalpha()
        result = np.where(short_equal, np.maximum(folded, SHORT_SKELETON_EQUAL), folded)
    for index in np.flatnonzero(special):
        result[index] = token_similarity(token, Token(texts[index], keys[index]))
    return result


def _pair_tokens(a: tuple[Token, ...], b: tuple[Token, ...]) -> list[tuple[int, int, float]]:
    """Greedy one-to-one pairing, best first; ties broken on the token texts so that the
    pairing of (a, b) mirrors the pairing of (b, a)."""
    candidates = []
    for i, token_a in enumerate(a):
        for j, token_b in enumerate(b):
            similarity = token_similarity(token_a, token_b)
            if similarity >= TOKEN_FLOOR:
                low, high = sorted((token_a.text, token_b.text))
                candidates.append((-similarity, low, high, i, j))
    candidates.sort()  # built in (i, j) order, so sorting whole tuples is the stable sort on the first three
    used_a, used_b, pairs = set(), set(), []
    for negative, _low, _high, i, j in candidates:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        pairs.append((i, j, -negative))
    return pairs


def _coverage(name: PreparedName, matched) -> float:
    """`matched`: (token position, similarity) pairs, summed in the order given."""
    if name.total_weight == 0:
        return 0.0
    tokens = name.tokens
    return sum(tokens[index].weight * similarity for index, similarity in matched) / name.total_weight


def _penalties(a: PreparedName, b: PreparedName, pairs) -> tuple[float, list[str]]:
    factor, remarks = 1.0, []
    paired_a = {i for i, _j, _s in pairs}
    paired_b = {j for _i, j, _s in pairs}
    if len(pairs) == 1 and a.name_count > 1 and b.name_count > 1:
        factor *= SINGLE_TOKEN_FACTOR
        remarks.append("only one name in common")
    unpaired_patronymic_a = any(t.kind == PATRONYMIC and i not in paired_a for i, t in enumerate(a.tokens))
    unpaired_patronymic_b = any(t.kind == PATRONYMIC and j not in paired_b for j, t in enumerate(b.tokens))
    if unpaired_patronymic_a and unpaired_patronymic_b:
        factor *= PATRONYMIC_CONFLICT_FACTOR
        remarks.append("patronymics differ")
    if a.gender_form and b.gender_form and a.gender_form != b.gender_form:
        factor *= GENDER_FORM_FACTOR
        remarks.append("surname forms of different genders")
    if a.filiation and b.filiation and not _is_rotation(pairs):
        factor *= ORDER_FACTOR
        remarks.append("names in another order")
    if a.legal_form and b.legal_form and a.legal_form != b.legal_form:
        factor *= LEGAL_FORM_FACTOR
        remarks.append("legal forms differ")
    return factor, remarks


def _acronym(a: PreparedName, b: PreparedName) -> float:
    """PLA and People's Liberation Army: one word made of the other name's initials."""
    for short, long in ((a, b), (b, a)):
        if len(short.tokens) == 1 and len(long.tokens) >= 2:
            initials = "".join(token.text[0] for token in long.tokens)
            if short.tokens[0].text == initials:
                return ACRONYM_MATCH
    return 0.0


def _is_rotation(pairs) -> bool:
    """Whether the paired words keep their cyclic order: "Huseynov Ali" and "Ali Huseynov" do,
    "Salman bin Muhammad al-Rawi" and "Muhammad bin Salman al-Rawi" do not."""
    if len(pairs) < 3:
        return True
    order = [j for _i, j in sorted((i, j) for i, j, _s in pairs)]
    ranks = {value: rank for rank, value in enumerate(sorted(order))}
    ranked = [ranks[value] for value in order]
    start = ranked.index(0)
    rotated = ranked[start:] + ranked[:start]
    return rotated == list(range(len(ranked)))


def _joined(a: PreparedName, b: PreparedName) -> float:
    if len(a.tokens) == len(b.tokens):
        return 0.0
    joined_a = "".join(token.text for token in a.tokens)
    joined_b = "".join(token.text for token in b.tokens)
    return JOINED_SCALE * Levenshtein.normalized_similarity(joined_a, joined_b)


def compare_names(a: PreparedName, b: PreparedName) -> NameComparison:
    """Symmetric: compare_names(a, b).score == compare_names(b, a).score."""
    if not a.tokens or not b.tokens:
        return NameComparison(0.0, (), ())
    pairs = _pair_tokens(a.tokens, b.tokens)
    coverage_a = _coverage(a, [(i, s) for i, _j, s in pairs])
    coverage_b = _coverage(b, [(j, s) for _i, j, s in pairs])
    better, worse = max(coverage_a, coverage_b), min(coverage_a, coverage_b)
    score = BETTER_COVERAGE_SHARE * better + (1 - BETTER_COVERAGE_SHARE) * worse
    factor, remarks = _penalties(a, b, pairs)
    score = max(score * factor, _joined(a, b), _acronym(a, b))
    described = tuple((a.tokens[i].text, b.tokens[j].text, round(s, 3)) for i, j, s in pairs)
    # Rounded so that sums of weights in another order cannot leave 0.9999999999999996 for equal names.
    return NameComparison(round(min(1.0, max(0.0, score)), 12), described, tuple(remarks))


def best_comparison(readings_a, readings_b) -> NameComparison:
    """The best score over every reading of both names (Cyrillic Г as G and as H)."""
    best = NameComparison(0.0, (), ())
    for a in readings_a:
        for b in readings_b:
            comparison = compare_names(a, b)
            if comparison.score > best.score:
                best = comparison
    return best
