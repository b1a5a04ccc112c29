"""Storing the engine's watch-list entries as rows and reading them back, with a content digest."""

import hashlib
import json

from pavilion.engines.screening import BirthDate, WatchlistEntry


def _birth_date_json(birth_date: BirthDate) -> dict:
    return {"year_from": birth_date.year_from, "year_to": birth_date.year_to, "month": birth_date.month,
            "day": birth_date.day, "approximate": birth_date.approximate}


def entry_data(entry: WatchlistEntry, details: dict | None = None) -> dict:
    """What the engine reads of an entry, as JSON (stored in WatchListEntry.data), and under "details"
    what the officer reads besides (designation, listing date, documents, comments: entry_details.py)."""
    data = {
        "names": list(entry.names), "weak_aliases": list(entry.weak_aliases),
        "birth_dates": [_birth_date_json(birth_date) for birth_date in entry.birth_dates],
        "nationalities": list(entry.nationalities), "gender": entry.gender, "source": entry.source,
    }
    if details:
        data["details"] = details
    return data


def digest(entry: WatchlistEntry) -> str:
    """Hash of what the engine matches on: a clearance holds while it is unchanged. The details are left
    out, so that a list that only rewords a comment or adds a listing date re-screens no one."""
    content = {"schema": entry.schema, **entry_data(entry)}
    content.pop("source")
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def engine_entry(row, engine_id: str | None = None) -> WatchlistEntry:
    """The engine's entry from a stored WatchListEntry row."""
    data = row.data or {}
    return WatchlistEntry(
        id=engine_id or row.entry_id, schema=row.schema, names=tuple(data.get("names") or [row.name]),
        weak_aliases=tuple(data.get("weak_aliases", [])),
        birth_dates=tuple(BirthDate(**value) for value in data.get("birth_dates", [])),
        nationalities=tuple(data.get("nationalities", [])), gender=data.get("gender"),
        source=data.get("source", ""),
    )
