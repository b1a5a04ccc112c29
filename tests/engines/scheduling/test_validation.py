"""The validator finds every kind of broken rule (each check must be able to fail)."""

import copy

import pytest

from pavilion.engines.scheduling import load_problem, solution_to_json, solve, validate

SLOTS = [
    {"id": "a", "start": "2024-09-24T10:00:00+04:00", "end": "2024-09-24T10:30:00+04:00"},
    {"id": "b", "start": "2024-09-24T10:30:00+04:00", "end": "2024-09-24T11:00:00+04:00"},
    {"id": "c", "start": "2024-09-24T11:00:00+04:00", "end": "2024-09-24T11:30:00+04:00"},
]
INPUT = {
    "slots": SLOTS,
    "locations": [{"id": "T1", "kind": "table", "hall": "H1"}, {"id": "T2", "kind": "table", "hall": "H1"},
                  {"id": "S1", "kind": "stand", "hall": "H2"}],
    "participants": [{"id": "p1", "available": ["a", "b"], "max_meetings": 2}, {"id": "p2"}, {"id": "p3"},
                     {"id": "p4"}, {"id": "p5"}],
    "meetings": [
        {"id": "m1", "participants": ["p1", "p2"], "priority": 3},
        {"id": "m2", "participants": ["p3", "p4"], "priority": 2, "length": 2},
        {"id": "m3", "participants": ["p2", "p5"], "location": "S1", "slots": ["c"]},
    ],
    "rules": {"hall_change_gap": True},
}
VALID = {
    "assignments": [{"meeting": "m1", "slot": "a", "location": "T1"},
                    {"meeting": "m2", "slot": "a", "location": "T2"},
                    {"meeting": "m3", "slot": "c", "location": "S1"}],
    "unscheduled": [], "objective": 6, "upper_bound": 6, "status": "optimal", "solve_seconds": 0.1,
}


def broken(change) -> list[str]:
    output = copy.deepcopy(VALID)
    change(output)
    return validate(load_problem(INPUT), output)


def test_the_reference_output_is_valid():
    assert validate(load_problem(INPUT), VALID) == []


def test_the_engine_output_is_valid():
    problem = load_problem(INPUT)
    output = solution_to_json(solve(problem, time_limit=10))
    assert validate(problem, output) == []
    assert output["objective"] == 6 and output["status"] == "optimal"


def _set(index, key, value):
    def change(output):
        output["assignments"][index][key] = value
    return change


@pytest.mark.parametrize("change, words", [
    (_set(1, "location", "T1"), "location T1: meetings m1 and m2"),
    (_set(0, "slot", "c"), "participant p1 is not available in slot c"),
    (_set(0, "location", "S1"), "location S1 is not table"),
    (_set(2, "slot", "b"), "slot b is not one of the meeting's slots"),
    (_set(1, "slot", "c"), "run past the last slot"),
    (_set(2, "meeting", "m9"), "unknown meeting"),
    (lambda o: o["assignments"].pop(), "meeting m3 appears 0 times"),
    (lambda o: o["unscheduled"].append({"meeting": "m1", "reason": "x"}), "meeting m1 appears 2 times"),
    (lambda o: o.update(objective=5), "objective is 5"),
    (lambda o: o.update(upper_bound=5), "below the objective"),
    (lambda o: o.update(status="feasible"), "expected 'optimal'"),
    (lambda o: o.update(solve_seconds=-1), "solve_seconds"),
])
def test_each_broken_rule_is_reported(change, words):
    assert any(words in line for line in broken(change)), broken(change)


def test_a_participant_in_two_meetings_at_once_is_reported():
    data = copy.deepcopy(INPUT)
    data["meetings"][1]["participants"] = ["p1", "p4"]
    assert any("participant p1: meetings m1 and m2 in slot a" in line for line in validate(load_problem(data), VALID))


def test_a_hall_change_without_a_gap_is_reported():
    output = copy.deepcopy(VALID)
    output["assignments"][0]["slot"] = "b"  # m1 (p2) in b in H1, m3 (p2) in c in H2
    assert any("participant p2: hall H1 in slot b and hall H2 in the next slot c" in line
               for line in validate(load_problem(INPUT), output))


def test_more_meetings_than_the_maximum_is_reported():
    data = copy.deepcopy(INPUT)
    data["participants"][1]["max_meetings"] = 1  # p2 is in m1 and m3
    assert any("more than their maximum of 1" in line for line in validate(load_problem(data), VALID))


def test_a_moved_pinned_meeting_is_reported():
    data = copy.deepcopy(INPUT)
    data["meetings"][0]["pinned"] = {"slot": "b", "location": "T1"}
    assert any("pinned to b at T1 but was moved" in line for line in validate(load_problem(data), VALID))


def test_an_unscheduled_meeting_needs_a_reason():
    def change(output):
        output["assignments"].pop()
        output["unscheduled"].append({"meeting": "m3", "reason": " "})
        output["objective"] = 5
        output["status"] = "feasible"
    assert broken(change) == ["unscheduled meeting m3 has no reason"]
