"""Telling whether a name typed again is one already stored (a second click on "Create")."""

from collections.abc import Iterable
from typing import TypeVar

T = TypeVar("T")


def name_key(*parts: str | None) -> tuple[str, ...]:
    """The parts of a name as compared: case and runs of spaces do not count ("Testco  ə" is
    "TESTCO Ə"). Compared in Python, since SQLite's lower() folds ASCII letters only."""
    return tuple(" ".join((part or "").split()).casefold() for part in parts)


def same_name(candidates: Iterable[T], key: tuple[str, ...], parts) -> T | None:
    """The first of `candidates` whose `parts(candidate)` (a tuple of texts) has `key`, else None."""
    return next((candidate for candidate in candidates if name_key(*parts(candidate)) == key), None)
