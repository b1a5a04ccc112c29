"""Rows an app needs to exist (the roles' groups, an event's standard categories), written at once where
they are missing."""

from collections.abc import Callable, Iterable

from django.db.models import Model, QuerySet


def ensure_rows(existing: QuerySet, key: str, wanted: Iterable, make: Callable[[object], Model]) -> dict:
    """The rows of `existing` by their `key` field, one for each of `wanted` and in its order; `make(value)`
    gives the unsaved row for a value no row has yet. One query where all exist; the missing ones are
    written at once, and one that another request wrote meanwhile is kept as it is (`key` must be unique
    within `existing`, as a group's name is, or a category's code in its event)."""
    wanted = list(wanted)
    found = {getattr(row, key): row for row in existing}
    missing = [make(value) for value in wanted if value not in found]
    if missing:
        existing.model.objects.bulk_create(missing, ignore_conflicts=True)
        found = {getattr(row, key): row for row in existing.all()}
    return {value: found[value] for value in wanted}
