"""The demo's word lists (YAML files in `data/`) and the small language helpers that compose with them."""

import unicodedata
from functools import cache
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"

# Letters that Unicode does not decompose into a Latin base letter, for model designations.
_LATIN = {"ə": "e", "ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss"}
_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya".split(),
        strict=True,
    )
)


@cache
def load(name: str):
    with open(DATA_DIR / f"{name}.yaml", encoding="utf-8") as handle:
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml: 10x faster


def countries() -> list[dict]:
    return load("countries")


def profiles() -> list[dict]:
    return load("profiles")


def product_kinds() -> dict[str, list[list[str]]]:
    return load("products")


def features() -> dict[str, list[list[str]]]:
    return load("features")


def ascii_letters(text: str) -> str:
    """Latin capitals for a model designation: 'Şahdağ' → 'SAHDAG', 'Неман' → 'NEMAN'."""
    letters = []
    for char in text.lower():
        char = _CYRILLIC.get(char, _LATIN.get(char, char)).replace("-", "")
        decomposed = unicodedata.normalize("NFKD", char)
        letters.append("".join(c for c in decomposed if c.isascii() and c.isalpha()))
    return "".join(letters).upper()


def slugify_ascii(text: str) -> str:
    words = []
    for word in text.replace("&", " ").split():
        letters = ascii_letters(word).lower()
        if letters:
            words.append(letters)
    return "-".join(words)


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def russian_plural(number: int, one: str, few: str, many: str) -> str:
    """The Russian noun form after a number: 1 страну, 3 страны, 12 стран."""
    if number % 10 == 1 and number % 100 != 11:
        return one
    if number % 10 in (2, 3, 4) and number % 100 not in (12, 13, 14):
        return few
    return many
