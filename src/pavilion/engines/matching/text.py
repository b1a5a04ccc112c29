"""Words of the catalogue in English, Azerbaijani and Russian, reduced to comparable terms.

Folding: Unicode case folding, then the letters that people type both ways are made equal
(Azerbaijani ə ı ç ş ğ ö ü and the dotted İ, Russian ё), because a visitor on a Latin keyboard
writes "sistemleri" for "sistemləri". Stemming is a light suffix strip per language: Russian and
Azerbaijani inflect heavily ("беспилотный", "беспилотных"; "sistem", "sistemləri"), and a strip
of the common endings lets a query word meet its other forms without a dictionary. The language
of a Cyrillic word is always Russian; a Latin word takes the language of the field it comes from.
"""

from __future__ import annotations

import functools
import re
import unicodedata

LANGUAGES = ("en", "az", "ru")

# Letters folded after case folding; the dotless ı and schwa ə have no decomposition of their own.
_FOLD = str.maketrans({"ə": "e", "ı": "i", "ё": "е", "ç": "c", "ş": "s", "ğ": "g", "ö": "o", "ü": "u"})
_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)
_CYRILLIC = re.compile(r"[а-я]")
_PLAIN = re.compile(r"[\x00-\x7fа-я]*\Z")

# Short and frequent words that say nothing about what is offered or sought (already folded).
STOP_WORDS = frozenset(
    """a an and are as at be by for from in into is it of on or our the their to with we you
    your all any other this that these those its can also including such per via
    ve ile ucun bu bir olan ya da de her uzre olaraq kimi lar ler
    и в во на с со для по к из от до у о об а но или не что это как также при под над
    их его ее наш ваш все всех""".split()
)

# Endings, longest first within each list; a stem keeps at least MIN_STEM letters.
MIN_STEM = 4
_ENDINGS = {
    "en": ("ations", "ation", "ings", "ing", "ies", "es", "ed", "e", "s", "y"),
    "ru": (
        "иями", "ями", "ами", "ого", "его", "ому", "ему", "ыми", "ими", "иях", "ях", "ах",
        "ий", "ый", "ой", "ая", "яя", "ое", "ее", "ые", "ие", "ых", "их", "ым", "им", "ую", "юю",
        "ов", "ев", "ей", "ам", "ям", "ом", "ем", "ью", "ия", "ию", "а", "я", "ы", "и", "у", "ю",
        "е", "о", "ь", "й",
    ),
    # Folded spellings (lər -> ler, sı -> si): plural, possessive and case endings, stripped in turn.
    "az": (
        "larinin", "lerinin", "lari", "leri", "larin", "lerin", "lar", "ler",
        "nin", "nun", "dan", "den", "tan", "ten", "sina", "sine", "si", "su",
        "da", "de", "ta", "te", "ya", "ye", "in", "un", "a", "e", "i", "u",
    ),
}


def fold(text: str) -> str:
    """Lower case without the accents and letters that differ between keyboards."""
    if text.isascii():  # nothing to translate or decompose
        return text.lower()
    folded = text.casefold().translate(_FOLD)
    if _PLAIN.match(folded):  # the usual case: nothing left to decompose
        return folded
    decomposed = unicodedata.normalize("NFKD", folded)
    # Drop combining marks (the dot of İ, accents of borrowed words) but keep й, which NFKD splits.
    kept = "".join(c for c in decomposed if not unicodedata.combining(c) or c == "\u0306")
    return unicodedata.normalize("NFC", kept)


@functools.lru_cache(maxsize=262_144)  # a catalogue repeats its words: stem each spelling once
def stem(word: str, language: str) -> str:
    """The word without its inflectional endings; Cyrillic words are always treated as Russian."""
    if _CYRILLIC.search(word):
        language = "ru"
    endings = _ENDINGS.get(language, _ENDINGS["en"])
    # Azerbaijani stacks endings (sistem+ler+i+nin), so strip repeatedly; the others once.
    rounds = 3 if language == "az" else 1
    for _round in range(rounds):
        for ending in endings:
            if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
                word = word[: -len(ending)]
                break
        else:
            break
    return word


def words(text: str) -> list[str]:
    """The folded words of a text, hyphenated compounds split into their parts as well."""
    result = []
    for word in _WORD.findall(fold(text)):
        if "-" not in word and "'" not in word:
            result.append(word)
            continue
        parts = [part for part in word.replace("'", "").split("-") if part]
        result.extend(parts)
        if len(parts) > 1:
            result.append("".join(parts))
    return result


def terms(text: str, language: str = "en") -> list[tuple[str, str]]:
    """(term, surface word) pairs of a text: stop words and one-letter words dropped.

    No word spans a comma, so a text is taken piece by piece between commas, and each piece's
    terms are remembered: a catalogue repeats its phrases ("thermal camera, rapid deployment")."""
    if "," not in text:
        return list(_piece_terms(text, language))
    result: list[tuple[str, str]] = []
    for piece in text.split(","):
        result += _piece_terms(piece, language)
    return result


@functools.lru_cache(maxsize=65_536)
def _piece_terms(text: str, language: str) -> tuple[tuple[str, str], ...]:
    # Nor does a word span white space: a new piece is mostly words already seen.
    result: tuple[tuple[str, str], ...] = ()
    for token in text.split():
        result += _token_terms(token, language)
    return result


@functools.lru_cache(maxsize=262_144)
def _token_terms(text: str, language: str) -> tuple[tuple[str, str], ...]:
    return tuple((stem(word, language), word) for word in words(text) if len(word) > 1 and word not in STOP_WORDS)
