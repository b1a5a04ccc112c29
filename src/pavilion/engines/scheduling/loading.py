"""Reading the input JSON into a Problem and writing a Solution as the output JSON.

Every rejection raises InputError with one line that names the offending item, so the command can
print it and exit 2 before anything is written.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from .model import InputError, Location, Meeting, Participant, Pin, Problem, Slot, Solution

DEFAULT_KINDS = ("table",)


def _list(data: dict, key: str, where: str) -> list:
    value = data.get(key)
    if not isinstance(value, list):
        raise InputError(f"{where}: '{key}' must be a list")
    return value


def _text(item: dict, key: str, where: str, default: str | None = None) -> str:
    value = item.get(key, default)
    if not isinstance(value, str) or not value:
        raise InputError(f"{where}: '{key}' must be a non-empty string")
    return value


def _integer(item: dict, key: str, where: str, default: int | None, minimum: int) -> int | None:
    value = item.get(key, default)
    if value is None and default is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"{where}: '{key}' must be a whole number")
    if value < minimum:
        raise InputError(f"{where}: '{key}' is {value}, it must be at least {minimum}")
    return value


def _ids(items: list, what: str) -> list[tuple[str, dict]]:
    seen: set[str] = set()
    result = []
    for position, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise InputError(f"{what} number {position} is not an object")
        identifier = item.get("id")
        if not isinstance(identifier, str) or not identifier:
            raise InputError(f"{what} number {position} has no 'id'")
        if identifier in seen:
            raise InputError(f"duplicate {what} id '{identifier}'")
        seen.add(identifier)
        result.append((identifier, item))
    return result


def _moment(item: dict, key: str, where: str) -> datetime.datetime:
    text = _text(item, key, where)
    try:
        return datetime.datetime.fromisoformat(text)
    except ValueError:
        raise InputError(f"{where}: '{key}' is not an ISO 8601 date and time: {text!r}") from None


def _slots(items: list) -> list[Slot]:
    slots = []
    previous: tuple[str, datetime.datetime] | None = None
    for identifier, item in _ids(items, "slot"):
        where = f"slot '{identifier}'"
        start, end = _moment(item, "start", where), _moment(item, "end", where)
        try:
            if end <= start:
                raise InputError(f"{where}: end {item['end']} is not after its start {item['start']}")
            if previous is not None and start < previous[1]:
                raise InputError(f"{where}: starts before slot '{previous[0]}', slots must be in chronological order")
        except TypeError:
            raise InputError(f"{where}: mixes times with and without a UTC offset") from None
        previous = (identifier, start)
        slots.append(Slot(identifier, item["start"], item["end"]))
    return slots


def _known(ids: list, known: dict | set, what: str, where: str) -> None:
    for identifier in ids:
        if not isinstance(identifier, str) or identifier not in known:
            raise InputError(f"{where}: unknown {what} {identifier!r}")


def _slot_set(item: dict, key: str, slot_ids: set, where: str) -> frozenset[str] | None:
    if key not in item:
        return None
    values = _list(item, key, where)
    _known(values, slot_ids, "slot", where)
    return frozenset(values)


def _participant(identifier: str, item: dict, slot_ids: set) -> Participant:
    where = f"participant '{identifier}'"
    available = _slot_set(item, "available", slot_ids, where)
    return Participant(identifier, available, _integer(item, "max_meetings", where, None, 0))


def _pin(item: dict, where: str, slot_ids: set, location_ids: dict) -> Pin | None:
    if "pinned" not in item:
        return None
    pinned = item["pinned"]
    if not isinstance(pinned, dict):
        raise InputError(f"{where}: 'pinned' must be an object with 'slot' and 'location'")
    slot, location = _text(pinned, "slot", where + " pinned"), _text(pinned, "location", where + " pinned")
    _known([slot], slot_ids, "slot", where + " pinned")
    _known([location], location_ids, "location", where + " pinned")
    return Pin(slot, location)


def _meeting(identifier: str, item: dict, problem_ids: dict) -> Meeting:
    where = f"meeting '{identifier}'"
    people = _list(item, "participants", where)
    if len(people) < 2:
        raise InputError(f"{where}: has {len(people)} participant(s), a meeting needs at least two")
    _known(people, problem_ids["participants"], "participant", where)
    if len(set(people)) != len(people):
        raise InputError(f"{where}: lists a participant twice")
    if "location" in item and "location_kinds" in item:
        raise InputError(f"{where}: give either 'location' or 'location_kinds', not both")
    location = None
    kinds = DEFAULT_KINDS
    if "location" in item:
        location = _text(item, "location", where)
        _known([location], problem_ids["locations"], "location", where)
    elif "location_kinds" in item:
        kinds = tuple(_list(item, "location_kinds", where))
        if not kinds or not all(isinstance(kind, str) and kind for kind in kinds):
            raise InputError(f"{where}: 'location_kinds' must be a non-empty list of strings")
    return Meeting(
        id=identifier,
        participants=tuple(people),
        priority=_integer(item, "priority", where, 1, 0),
        length=_integer(item, "length", where, 1, 1),
        location=location,
        location_kinds=kinds,
        slots=_slot_set(item, "slots", problem_ids["slots"], where),
        pinned=_pin(item, where, problem_ids["slots"], problem_ids["locations"]),
    )


def _rules(data: dict) -> bool:
    rules = data.get("rules", {})
    if not isinstance(rules, dict):
        raise InputError("rules: must be an object")
    gap = rules.get("hall_change_gap", False)
    if not isinstance(gap, bool):
        raise InputError("rules: 'hall_change_gap' must be true or false")
    return gap


def load_problem(data: object) -> Problem:
    """Check the input against the spec and build the Problem; raises InputError naming the item."""
    if not isinstance(data, dict):
        raise InputError("the input must be a JSON object")
    name = data.get("name", "")
    if not isinstance(name, str):
        raise InputError("name: must be a string")
    slots = _slots(_list(data, "slots", "input"))
    locations = [
        Location(identifier, _text(item, "kind", f"location '{identifier}'", "table"),
                 _text(item, "hall", f"location '{identifier}'", "-"))
        for identifier, item in _ids(_list(data, "locations", "input"), "location")
    ]
    ids = {"slots": {slot.id for slot in slots}, "locations": {location.id: location for location in locations}}
    participants = [
        _participant(identifier, item, ids["slots"])
        for identifier, item in _ids(_list(data, "participants", "input"), "participant")
    ]
    ids["participants"] = {participant.id for participant in participants}
    meetings = [
        _meeting(identifier, item, ids) for identifier, item in _ids(_list(data, "meetings", "input"), "meeting")
    ]
    problem = Problem(name, slots, locations, participants, meetings, _rules(data))
    from .validation import pin_violations  # late import: validation imports this module's readers

    violations = pin_violations(problem)
    if violations:
        raise InputError(violations[0])
    return problem


def read_json(path: str | Path) -> object:
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot be read ({error.__class__.__name__})") from None
    except json.JSONDecodeError as error:
        raise InputError(f"{path}: not valid JSON (line {error.lineno}, column {error.colno})") from None


def load_problem_file(path: str | Path) -> Problem:
    return load_problem(read_json(path))


def solution_to_json(solution: Solution) -> dict:
    return {
        "assignments": [
            {"meeting": item.meeting, "slot": item.slot, "location": item.location} for item in solution.assignments
        ],
        "unscheduled": [{"meeting": item.meeting, "reason": item.reason} for item in solution.unscheduled],
        "objective": solution.objective,
        "upper_bound": solution.upper_bound,
        "status": solution.status,
        "solve_seconds": round(solution.solve_seconds, 3),
    }
