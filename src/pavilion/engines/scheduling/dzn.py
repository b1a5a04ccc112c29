"""Converting a MiniZinc `.dzn` instance of the JAIR 2022 B2B study (Bofill et al.) into the
spec's input JSON: one hall of `nTables` tables, `nTotalSlots` half-hour slots with a lunch break
after `nMorningSlots`, a participant per business (its forbidden slots left out of `available`),
and a meeting per requested pair, restricted to the morning or the afternoon when asked."""

from __future__ import annotations

import datetime
import re

from .model import InputError


def _integer(text: str, name: str) -> int:
    match = re.search(rf"\b{name}\s*=\s*(\d+)\s*;", text)
    if match is None:
        raise InputError(f"dzn: '{name}' is missing")
    return int(match.group(1))


def _array(text: str, name: str) -> str:
    match = re.search(rf"\b{name}\s*=\s*\[(.*?)\]\s*;", text, flags=re.S)
    if match is None:
        raise InputError(f"dzn: '{name}' is missing")
    return match.group(1)


def _requests(text: str) -> list[tuple[int, int, int]]:
    body = _array(text, "requested")
    rows = [row for row in body.split("|") if row.strip()]
    result = []
    for row in rows:
        numbers = [int(n) for n in re.findall(r"\d+", row)]
        if len(numbers) != 3:
            raise InputError(f"dzn: requested row {row.strip()!r} does not have three numbers")
        result.append((numbers[0], numbers[1], numbers[2]))
    return result


def _forbidden(text: str, businesses: int) -> list[set[int]]:
    sets = re.findall(r"\{([^}]*)\}", _array(text, "forbidden"))
    if len(sets) != businesses:
        raise InputError(f"dzn: forbidden has {len(sets)} sets for {businesses} businesses")
    return [{int(n) for n in re.findall(r"\d+", item)} - {0} for item in sets]


def _slots(total: int, morning: int) -> list[dict]:
    zone = datetime.timezone(datetime.timedelta(hours=4))
    moment = datetime.datetime(2024, 9, 24, 9, 0, tzinfo=zone)
    slots = []
    for number in range(1, total + 1):
        if number == morning + 1:
            moment += datetime.timedelta(hours=1)  # the lunch break
        end = moment + datetime.timedelta(minutes=30)
        slots.append({"id": f"s{number:02d}", "start": moment.isoformat(), "end": end.isoformat()})
        moment = end
    return slots


def dzn_to_problem_json(text: str, name: str = "jair") -> dict:
    businesses, tables = _integer(text, "nBusiness"), _integer(text, "nTables")
    total, morning = _integer(text, "nTotalSlots"), _integer(text, "nMorningSlots")
    slots = _slots(total, morning)
    forbidden = _forbidden(text, businesses)
    participants = []
    for business in range(1, businesses + 1):
        available = [s["id"] for n, s in enumerate(slots, start=1) if n not in forbidden[business - 1]]
        participants.append({"id": f"b{business}", "available": available})
    sessions = {1: [s["id"] for s in slots[:morning]], 2: [s["id"] for s in slots[morning:]]}
    meetings = []
    for number, (first, second, session) in enumerate(_requests(text), start=1):
        if not (1 <= first <= businesses and 1 <= second <= businesses):
            raise InputError(f"dzn: requested meeting {number} names a business outside 1..{businesses}")
        meeting = {"id": f"m{number}", "participants": [f"b{first}", f"b{second}"]}
        if session in sessions:
            meeting["slots"] = sessions[session]
        meetings.append(meeting)
    locations = [{"id": f"T{n:02d}", "kind": "table", "hall": "B2B"} for n in range(1, tables + 1)]
    return {"name": name, "slots": slots, "locations": locations, "participants": participants,
            "meetings": meetings, "rules": {"hall_change_gap": False}}
