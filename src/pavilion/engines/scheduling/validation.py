"""An independent check of an output against every rule of the spec.

It shares only the input reader with the engine: the rules are re-read here straight from the
spec (slots, locations, participants, hall changes, totals), so an engine bug is not hidden by
the same bug in its checker.
"""

from __future__ import annotations

from collections import defaultdict

from .model import Problem


def _occupied(problem: Problem, meeting, slot_id: str) -> list[int] | str:
    """The slot indices a meeting starting at slot_id occupies, or why it cannot start there."""
    first = problem.slot_index[slot_id]
    indices = list(range(first, first + meeting.length))
    if indices[-1] >= len(problem.slots):
        return f"meeting {meeting.id}: {meeting.length} slots from {slot_id} run past the last slot"
    for before, after in zip(indices, indices[1:], strict=False):
        if problem.slots[before].end != problem.slots[after].start:
            return f"meeting {meeting.id}: slots {problem.slots[before].id} and {problem.slots[after].id} are not consecutive"
    return indices


def _placement_rules(problem: Problem, meeting, indices: list[int], location) -> list[str]:
    problems = []
    if not problem.accepts(meeting, location):
        wanted = meeting.location or "/".join(meeting.location_kinds)
        problems.append(f"meeting {meeting.id}: location {location.id} is not {wanted}")
    for index in indices:
        slot_id = problem.slots[index].id
        if meeting.slots is not None and slot_id not in meeting.slots:
            problems.append(f"meeting {meeting.id}: slot {slot_id} is not one of the meeting's slots")
        for person in meeting.participants:
            available = problem.participant_by_id[person].available
            if available is not None and slot_id not in available:
                problems.append(f"meeting {meeting.id}: participant {person} is not available in slot {slot_id}")
    return problems


def _hall_changes(problem: Problem, halls: dict[str, dict[int, str]]) -> list[str]:
    starting: dict[str, list[int]] = defaultdict(list)
    for index, slot in enumerate(problem.slots):
        starting[slot.start].append(index)
    problems = []
    for person, by_slot in halls.items():
        for index, hall in by_slot.items():
            for after in starting.get(problem.slots[index].end, []):
                following = by_slot.get(after)
                if following is not None and following != hall:
                    problems.append(
                        f"participant {person}: hall {hall} in slot {problem.slots[index].id} and hall {following} "
                        f"in the next slot {problem.slots[after].id} without a free slot between"
                    )
    return problems


def placement_violations(problem: Problem, placements: list[tuple[str, str, str]]) -> list[str]:
    """Every broken rule among (meeting, first slot, location) placements."""
    problems: list[str] = []
    location_use: dict[tuple[str, int], str] = {}
    person_use: dict[tuple[str, int], str] = {}
    halls: dict[str, dict[int, str]] = defaultdict(dict)
    totals: dict[str, int] = defaultdict(int)
    for meeting_id, slot_id, location_id in placements:
        meeting = problem.meeting_by_id[meeting_id]
        location = problem.location_by_id[location_id]
        indices = _occupied(problem, meeting, slot_id)
        if isinstance(indices, str):
            problems.append(indices)
            continue
        problems += _placement_rules(problem, meeting, indices, location)
        for index in indices:
            other = location_use.setdefault((location_id, index), meeting_id)
            if other != meeting_id:
                problems.append(f"location {location_id}: meetings {other} and {meeting_id} in slot {problem.slots[index].id}")
            for person in meeting.participants:
                other = person_use.setdefault((person, index), meeting_id)
                if other != meeting_id:
                    problems.append(f"participant {person}: meetings {other} and {meeting_id} in slot {problem.slots[index].id}")
                halls[person][index] = location.hall
        for person in meeting.participants:
            totals[person] += 1
    for person, total in totals.items():
        limit = problem.participant_by_id[person].max_meetings
        if limit is not None and total > limit:
            problems.append(f"participant {person}: {total} meetings, more than their maximum of {limit}")
    if problem.hall_change_gap:
        problems += _hall_changes(problem, halls)
    return problems


def pin_violations(problem: Problem) -> list[str]:
    """Pinned meetings must form a valid partial schedule on their own."""
    pins = [(meeting.id, meeting.pinned.slot, meeting.pinned.location) for meeting in problem.meetings if meeting.pinned]
    return [f"pinned {text}" for text in placement_violations(problem, pins)]


def _read_assignments(problem: Problem, output: dict, problems: list[str]) -> list[tuple[str, str, str]]:
    placements = []
    for position, item in enumerate(output.get("assignments") or [], start=1):
        if not isinstance(item, dict):
            problems.append(f"assignment {position} is not an object")
            continue
        meeting, slot, location = item.get("meeting"), item.get("slot"), item.get("location")
        if meeting not in problem.meeting_by_id:
            problems.append(f"assignment {position}: unknown meeting {meeting!r}")
        elif slot not in problem.slot_index:
            problems.append(f"assignment {position}: unknown slot {slot!r}")
        elif location not in problem.location_by_id:
            problems.append(f"assignment {position}: unknown location {location!r}")
        else:
            placements.append((meeting, slot, location))
    return placements


def _completeness(problem: Problem, output: dict, placements, problems: list[str]) -> None:
    seen: dict[str, int] = defaultdict(int)
    for meeting, _slot, _location in placements:
        seen[meeting] += 1
    for position, item in enumerate(output.get("unscheduled") or [], start=1):
        meeting = item.get("meeting") if isinstance(item, dict) else None
        if meeting not in problem.meeting_by_id:
            problems.append(f"unscheduled {position}: unknown meeting {meeting!r}")
            continue
        seen[meeting] += 1
        reason = item.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            problems.append(f"unscheduled meeting {meeting} has no reason")
    for meeting in problem.meetings:
        if seen[meeting.id] != 1:
            problems.append(f"meeting {meeting.id} appears {seen[meeting.id]} times, it must appear exactly once")
        if meeting.pinned and (meeting.id, meeting.pinned.slot, meeting.pinned.location) not in placements:
            problems.append(f"meeting {meeting.id} is pinned to {meeting.pinned.slot} at {meeting.pinned.location} but was moved")


def _figures(problem: Problem, output: dict, placements, problems: list[str]) -> None:
    objective = sum(problem.meeting_by_id[meeting].priority for meeting, _s, _l in placements)
    if output.get("objective") != objective:
        problems.append(f"objective is {output.get('objective')!r}, the assigned priorities add up to {objective}")
    bound = output.get("upper_bound")
    if not isinstance(bound, int | float) or bound < objective:
        problems.append(f"upper_bound {bound!r} is below the objective {objective}")
    expected = "optimal" if objective == bound else "feasible"
    if output.get("status") != expected:
        problems.append(f"status is {output.get('status')!r}, expected {expected!r}")
    seconds = output.get("solve_seconds")
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds < 0:
        problems.append(f"solve_seconds {seconds!r} is not a non-negative number")


def validate(problem: Problem, output: object) -> list[str]:
    """Every way the output breaks the spec for this problem; an empty list means valid."""
    if not isinstance(output, dict):
        return ["the output is not a JSON object"]
    problems: list[str] = []
    for key in ("assignments", "unscheduled"):
        if not isinstance(output.get(key), list):
            problems.append(f"'{key}' is missing or not a list")
    placements = _read_assignments(problem, output, problems)
    _completeness(problem, output, placements, problems)
    problems += placement_violations(problem, placements)
    _figures(problem, output, placements, problems)
    return problems
