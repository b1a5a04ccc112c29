"""Typo tolerance for the catalogue: a query word the index does not hold is searched as the nearest words
it does hold ("armored" as "armoured", "zirhli" as "zirehli", "радиолакационная" as "радиолокационная").

The vocabulary is the folded words of an event's searchable products (what the index holds), one set per
language: a word is compared with the words of the languages written in its script (a Cyrillic word with
the Russian words, a Latin one with the English and the Azerbaijani words), and each language proposes
its nearest. It is built from the products in one query and kept per event until the index changes: the
index's version for an event is the number of its searchable products, the sum of their ids and their
latest change, which every write the index follows moves (a product created, edited, published or
removed; an exhibitor approved or withdrawn; a bulk update that leaves `updated_at` is seen at the next
change). It is a few thousand words: a correction costs a few milliseconds (`bench/search.py`).

Only a word that no word of the vocabulary starts with is corrected (every word matches as a prefix), so
that a search that finds something is never changed; and since every word must match, a search with
such a word finds nothing: the vocabulary is consulted only then. A word is corrected to the words
within a bounded edit distance (none for words under 5 letters or over 40, 1 up to 8, 2 beyond; a swap
of two neighbouring letters is one edit), the nearest first, at most MAX_CANDIDATES, or, for a partly typed
word, to the starts of such words ("радиолак" to "радиолок"). A word with nothing near is left alone and
the search finds nothing: nothing is invented.
"""

import bisect
import re
import threading
from collections import Counter
from dataclasses import dataclass, field, replace

from django.db.models import Count, Max, Sum
from rapidfuzz import process
from rapidfuzz.distance import OSA

from pavilion.exhibitors import search_index
from pavilion.exhibitors.models import Exhibitor, Product
from pavilion.exhibitors.search import ProductSearch

LANGUAGES = ("en", "az", "ru")
MAX_CANDIDATES = 3
SHORTEST_CORRECTED = 5


LONGEST_CORRECTED = 40  # longer is no word a visitor typed (a pasted code, a held key)


def max_edits(word: str) -> int:
    if not SHORTEST_CORRECTED <= len(word) <= LONGEST_CORRECTED:
        return 0
    return 1 if len(word) <= 8 else 2


_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def _cyrillic(word: str) -> bool:
    return bool(_CYRILLIC.search(word))


@dataclass
class Vocabulary:
    """The folded words of an event's searchable products: per language, each word with the number of
    products that hold it; and all of them sorted, to tell whether a typed word starts any."""

    languages: dict[str, dict[str, int]]
    sorted_words: list[str]
    # (language, Cyrillic, length) -> the spellings a word of that script and length is compared with: the
    # words, and the starts of that length of the longer ones, each with (only a start, products).
    _choices: dict = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, rows) -> "Vocabulary":
        """`rows`: (name_en, description_en, name_az, description_az, name_ru, description_ru) per product.
        Words with digits (models, classes: "T-72", "5A002") are not corrected, and not proposed."""
        counts = {language: Counter() for language in LANGUAGES}
        find, fold = search_index.WORD.findall, search_index.fold
        for row in rows:
            for index, language in enumerate(LANGUAGES):
                words = set(find(fold(f"{row[2 * index] or ''} {row[2 * index + 1] or ''}")))
                counts[language].update(word for word in words if word.isalpha())
        everything = set().union(*counts.values())
        return cls(languages={language: dict(counted) for language, counted in counts.items()},
                   sorted_words=sorted(everything))

    def starts_a_word(self, prefix: str) -> bool:
        at = bisect.bisect_left(self.sorted_words, prefix)
        return at < len(self.sorted_words) and self.sorted_words[at].startswith(prefix)

    def _spellings(self, language: str, cyrillic: bool, length: int) -> dict[str, tuple[int, int]]:
        key = (language, cyrillic, length)
        choices = self._choices.get(key)
        if choices is None:
            words = self.languages[language]
            choices = {}
            for known, products in words.items():
                if _cyrillic(known) != cyrillic:
                    continue
                choices[known] = (0, products)
                if len(known) > length and known[:length] not in words:
                    start = known[:length]
                    choices[start] = (1, products + choices.get(start, (1, 0))[1])
            self._choices[key] = choices
        return choices

    def nearest(self, word: str) -> list[str]:
        """The words (or starts of words) nearest to `word` within its bound, nearest first: each language
        of the word's script proposes its nearest; the nearest of all are kept, whole words before starts,
        then the words more products hold."""
        bound = max_edits(word)
        if not bound or not word.isalpha():
            return []
        cyrillic = _cyrillic(word)
        found: dict[str, tuple[int, int, int]] = {}  # spelling -> (distance, only a start, -products)
        for language in LANGUAGES:
            choices = self._spellings(language, cyrillic, len(word))
            matches = process.extract(word, list(choices), scorer=OSA.distance, score_cutoff=bound, limit=None)
            if not matches:
                continue
            best = min(distance for _, distance, _ in matches)
            for spelling, distance, _ in matches:
                if distance == best:
                    partial, products = choices[spelling]
                    key = (distance, partial, -products)
                    found[spelling] = min(found.get(spelling, key), key)
        if not found:
            return []
        best = min(key[0] for key in found.values())
        nearest = sorted((key, spelling) for spelling, key in found.items() if key[0] == best)
        return [spelling for _, spelling in nearest[:MAX_CANDIDATES]]


# Per event: (the index's version when built, the vocabulary). A process's cache; each process builds its own.
_vocabularies: dict[int, tuple[tuple, Vocabulary]] = {}
_lock = threading.Lock()


def _searchable(event_id: int):
    return Product.objects.filter(exhibitor__show__event_id=event_id, exhibitor__status=Exhibitor.Status.APPROVED,
                                  is_published=True)


def index_version(event_id: int) -> tuple:
    found = _searchable(event_id).aggregate(products=Count("id"), ids=Sum("id"), changed=Max("updated_at"))
    return found["products"], found["ids"], found["changed"]


def vocabulary(event_id: int) -> Vocabulary:
    """The event's vocabulary, built again only when the index has changed since it was built."""
    version = index_version(event_id)
    kept = _vocabularies.get(event_id)
    if kept is not None and kept[0] == version:
        return kept[1]
    columns = [f"{kind}_{language}" for language in LANGUAGES for kind in ("name", "description")]
    built = Vocabulary.of(_searchable(event_id).values_list(*columns).iterator(chunk_size=2000))
    with _lock:
        _vocabularies[event_id] = (version, built)
    return built


@dataclass(frozen=True)
class Correction:
    """A search made with corrected words: `search`, and `shown`, the query as searched (each corrected word
    replaced with its nearest spelling) to tell the visitor."""

    search: ProductSearch
    shown: str


def corrected(search: ProductSearch, query: str) -> Correction | None:
    """`search` with the words the index does not hold replaced by their nearest spellings; None when the
    search finds something, when every word is held, or when a word that is not has nothing near."""
    if not isinstance(search, ProductSearch) or not search.words or search.count():
        return None
    typed = search_index.query_words(query, stems=False)
    if len(typed) != len(search.words):
        return None
    known = vocabulary(search.filters.event_id)
    words, shown, changed = [], [], False
    for word, folded in zip(search.words, typed, strict=True):
        if not isinstance(word, str) or known.starts_a_word(word) or known.starts_a_word(folded):
            words.append(word)
            shown.append(folded)
            continue
        spellings = known.nearest(folded)
        if not spellings:
            return None  # every word must match: without this one nothing is found
        stems = tuple(dict.fromkeys(search_index.stem(spelling) for spelling in spellings))
        words.append(stems[0] if len(stems) == 1 else stems)
        shown.append(spellings[0])
        changed = True
    if not changed:
        return None
    return Correction(search=replace(search, words=words), shown=" ".join(shown))
