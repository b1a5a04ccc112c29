"""From a name as written to tokens that can be compared across scripts and spellings.

Two forms are kept per token: `text`, the name folded to plain lower-case Latin (Hüseynov ->
huseynov), and `key`, a consonant skeleton in which the usual romanisation differences vanish
(Mohammed, Muhammad, Mohamad, Magomed, Məhəmməd -> mhmd; Hüseynov, Гусейнов, Guseynov -> hsnv).
The scorer compares both; the index looks names up by key.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from pavilion.engines.screening import scripts
from pavilion.engines.screening.vocabulary import (
    ABD_PREFIXES,
    COMMON_GIVEN_NAMES,
    FEMININE_SURNAME_ENDINGS,
    FILIATION_PARTICLES,
    HONORIFICS,
    LEGAL_FORMS,
    MASCULINE_SURNAME_ENDINGS,
    NUMBER_WORDS,
    PARTICLES,
    PATRONYMIC_MARKERS,
    PATRONYMIC_SUFFIXES,
    TENS,
)

NAME = "name"
PARTICLE = "particle"
PATRONYMIC = "patronymic"

# Letters that NFKD does not take apart, and Azerbaijani/Turkish letters with their usual Latin.
SPECIAL_LETTERS = {
    "ə": "a", "ı": "i", "ş": "sh", "ș": "s", "ç": "ch", "ğ": "g", "ß": "ss", "æ": "ae", "ø": "o",
    "đ": "d", "ł": "l", "þ": "th", "œ": "oe", "ð": "d", "ħ": "h",
}
APOSTROPHES = "'’‘ʼʻ`´ʹ"
LATIN_FOLD = str.maketrans({**SPECIAL_LETTERS, **dict.fromkeys(APOSTROPHES, "")})
AZERBAIJANI_FOLD = str.maketrans({**SPECIAL_LETTERS, **dict.fromkeys(APOSTROPHES, ""), "x": "kh", "c": "j"})
VOWELS = frozenset("aeiouy")
NON_WORD = re.compile(r"[\W_]+")
# Applied left to right, longest first, to turn romanisation variants into one consonant class.
SKELETON_RULES = [
    ("shch", "s"), ("sch", "s"), ("tch", "s"), ("dzh", "j"), ("dj", "j"), ("zh", "j"), ("kh", "h"),
    ("gh", "h"), ("sh", "s"), ("ch", "s"), ("ts", "s"), ("tz", "s"), ("th", "t"), ("dh", "d"),
    ("ph", "f"), ("ck", "k"), ("q", "k"), ("c", "k"), ("w", "v"), ("g", "h"),
]
SKELETON_PATTERN = re.compile("|".join(re.escape(source) for source, _ in SKELETON_RULES))
SKELETON_MAP = dict(SKELETON_RULES)
ABD_PATTERN = sorted(set(ABD_PREFIXES), key=len, reverse=True)
LEGAL_FORM_KIND = {form: kind for kind, forms in LEGAL_FORMS.items() for form in forms}
LEGAL_FORM_TOKENS = {tuple(form.split()): kind for form, kind in LEGAL_FORM_KIND.items()}
LONGEST_LEGAL_FORM = max(len(tokens) for tokens in LEGAL_FORM_TOKENS)


class Token(NamedTuple):
    """A word of a name. A named tuple rather than a dataclass: indexes build millions."""

    text: str
    key: str
    kind: str = NAME
    weight: float = 1.0


class PreparedName(NamedTuple):
    """A name ready to be compared: its tokens, for organisations its legal form kind, and facts
    the scorer needs for every comparison, worked out once here."""

    original: str
    tokens: tuple[Token, ...]
    legal_form: str | None = None
    gender_form: str | None = None  # "female" for Huseynova, "male" for Huseynov
    filiation: bool = False  # has bin / ibn / ould: word order carries meaning
    name_count: int = 0  # words that are not particles
    total_weight: float = 0.0


def gender_form(tokens) -> str | None:
    found = None
    for text, _key, kind, _weight in tokens:
        if kind != NAME or len(text) <= 4:
            continue
        if len(text) > 5 and text.endswith(FEMININE_SURNAME_ENDINGS):
            return "female"
        if found is None and text.endswith(MASCULINE_SURNAME_ENDINGS):
            found = "male"
    return found


def make_prepared(original: str, tokens: tuple[Token, ...], legal_form: str | None = None) -> PreparedName:
    filiation, names, total = False, 0, 0.0
    for text, _key, kind, weight in tokens:
        filiation = filiation or text in FILIATION_PARTICLES
        names += kind != PARTICLE
        total += weight
    return PreparedName(original, tokens, legal_form, gender_form(tokens), filiation, names, total)


def fold_latin(text: str) -> str:
    """Lower-case ASCII letters and digits separated by single spaces, any script in."""
    lowered = text.lower()
    if scripts.needs_transliteration(lowered):
        lowered = scripts.to_latin(lowered)
    if not lowered.isascii():
        # Azerbaijani x is the sound written kh elsewhere (Xəlil, Khalil) and c is j (Cəfər, Jafar).
        lowered = lowered.translate(AZERBAIJANI_FOLD if "ə" in lowered else LATIN_FOLD)
        decomposed = unicodedata.normalize("NFKD", lowered)
        lowered = "".join(character for character in decomposed if not unicodedata.combining(character))
    else:
        lowered = lowered.translate(LATIN_FOLD)
    # Letters of scripts without a Latin rendering here (Han, Devanagari, Hebrew, Thai) are kept,
    # so that two names in the same script can still be compared.
    return " ".join(NON_WORD.sub(" ", lowered).split())


@lru_cache(maxsize=200_000)
def skeleton(word: str) -> str:
    """Consonant skeleton: romanisation classes merged, vowels dropped, doubles collapsed."""
    if not word or word.isdigit():
        return word
    if word.startswith("x"):
        word = "h" + word[1:]  # A leading x is Azerbaijani kh, Spanish j or Chinese s, never ks.
    word = word.replace("x", "ks")
    if len(word) > 2 and word.endswith("h") and word[-2] in VOWELS:
        word = word[:-1]  # Silent final h: Abdullah, Abdulla; Fatimah, Fatima.
    word = SKELETON_PATTERN.sub(lambda match: SKELETON_MAP[match.group(0)], word)
    head = "a" if word[0] in VOWELS else word[0]
    out = [head]
    for character in word[1:]:
        if character in VOWELS or character == out[-1]:
            continue
        out.append(character)
    return "".join(out)


def _split_abd(words: list[str]) -> list[str]:
    """Abdul Rahman, Abd al-Rahman, Abdel Rahman, Abdurrahman -> abd rahman. The "servant of"
    prefix becomes a word of its own, so that a form that drops or glues it still meets the
    list; Abdullah (servant of God) stays one name in all its spellings."""
    if not any(word.startswith("abd") for word in words):
        return words
    out: list[str] = []
    for index, word in enumerate(words):
        if word in ABD_PATTERN:
            following = words[index + 1 : index + 3]
            if following[:1] == ["allah"] or following[:2] in (["al", "lah"], ["al", "llah"]):
                out.append("abdullah")
                continue
            out.append("abd")
            continue
        if word.startswith("abd"):
            for prefix in ABD_PATTERN:
                rest = word[len(prefix):]
                if word.startswith(prefix) and len(rest) >= 2:
                    if rest.lstrip("u").startswith(("lah", "la")) or rest in ("allah", "alla"):
                        word = "abdullah"
                    else:
                        out.append("abd")
                        word = rest[1:] if rest[0] == rest[1] and prefix[-1] == rest[0] else rest
                    break
        if out and out[-1] == "abdullah" and word in ("allah", "lah", "llah") and index > 0:
            continue
        out.append(word)
    return out


def _numbers(words: list[str]) -> list[str]:
    out: list[str] = []
    for word in words:
        word = NUMBER_WORDS.get(word, word)
        if word.isdigit() and len(word) == 1 and out and out[-1] in TENS:
            out[-1] = str(TENS[out[-1]] + int(word))  # forty four -> 44
            continue
        out.append(word)
    return [str(TENS[word]) if word in TENS else word for word in out]


def _strip_legal_form(words: list[str]) -> tuple[list[str], str | None]:
    """Remove a legal form at the end (or the start) of an organisation's name."""
    found: str | None = None
    for _ in range(3):  # "Holding Co Ltd" has several.
        for size in range(min(LONGEST_LEGAL_FORM, len(words) - 1), 0, -1):
            tail, head = tuple(words[-size:]), tuple(words[:size])
            if tail in LEGAL_FORM_TOKENS:
                found = found or _specific(LEGAL_FORM_TOKENS[tail])
                words = words[:-size]
                break
            if head in LEGAL_FORM_TOKENS:
                found = found or _specific(LEGAL_FORM_TOKENS[head])
                words = words[size:]
                break
        else:
            break
    return words, found


def _specific(kind: str) -> str | None:
    return None if kind == "generic" else kind


@lru_cache(maxsize=200_000)
def _person_word(word: str) -> Token:
    if word == "abd":
        return Token(word, word, PARTICLE, 0.3)
    if word in PARTICLES:
        return Token(word, skeleton(word), PARTICLE, 0.2)
    if len(word) > 7 and word.endswith(PATRONYMIC_SUFFIXES):
        return Token(word, skeleton(word), PATRONYMIC, 0.5)
    return Token(word, skeleton(word), NAME, 0.6 if word in COMMON_GIVEN_NAMES else 1.0)


def _person_tokens(words: list[str]) -> list[Token]:
    named = [word for word in words if word not in HONORIFICS] or words
    tokens: list[Token] = []
    for word in named:
        if word in PATRONYMIC_MARKERS:
            if tokens:  # Hüseyn oğlu: the word before the marker is the father's name.
                tokens[-1] = tokens[-1]._replace(kind=PATRONYMIC, weight=0.5)
            continue
        tokens.append(_person_word(word))
    return tokens


@lru_cache(maxsize=200_000)
def _organisation_word(word: str) -> Token:
    return Token(word, skeleton(word), NAME, 1.0)


def _organisation_tokens(words: list[str]) -> list[Token]:
    return [_organisation_word(word) for word in words]


def _uninvert(name: str) -> str:
    """Lists write "SURNAME, Given"; forms write "Given Surname"."""
    if name.count(",") != 1:
        return name
    surname, given = name.split(",")
    return f"{given.strip()} {surname.strip()}".strip()


@lru_cache(maxsize=100_000)
def prepare(name: str, organisation: bool = False) -> tuple[PreparedName, ...]:
    """Every comparable reading of a name (two when a Cyrillic Г may be G or H)."""
    name = _uninvert(name) if not organisation else name
    # Russian writes the H of Azerbaijani and Arabic personal names as Г (Hüseynov, Гусейнов).
    readings = [name] if organisation else scripts.latin_variants(name)
    prepared = []
    for reading in readings:
        folded = fold_latin(reading)
        # Most names hold no "abd" at all; checking the whole string first spares a word loop.
        words = _split_abd(folded.split()) if "abd" in folded else folded.split()
        legal_form = None
        if organisation:  # numbers and legal forms matter in organisations' names
            words, legal_form = _strip_legal_form(_numbers(words))
            tokens = _organisation_tokens(words)
        else:
            tokens = _person_tokens(words)
        prepared.append(make_prepared(name, tuple(tokens), legal_form))
    return tuple(prepared)
