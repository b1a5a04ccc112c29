"""Small instances for the scheduling tests: a Hypothesis strategy and an independent exact
model (one variable per meeting, first slot and *location*, no groups), so the engine's grouping
of locations is checked against the plain problem."""

from __future__ import annotations

import os

import pytest
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from pavilion.engines.scheduling import load_problem, solution_to_json, validate
from pavilion.engines.scheduling.finish import finish
from pavilion.engines.scheduling.instance import build_instance
from pavilion.engines.scheduling.state import construct


def _slots(count: int, break_after: int | None) -> list[dict]:
    slots, minute = [], 9 * 60
    for index in range(count):
        if index == break_after:
            minute += 60
        start, end = minute, minute + 30
        slots.append({"id": f"s{index}", "start": f"2024-09-24T{start // 60:02d}:{start % 60:02d}:00+04:00",
                      "end": f"2024-09-24T{end // 60:02d}:{end % 60:02d}:00+04:00"})
        minute = end
    return slots


@st.composite
def problems(draw) -> dict:
    slot_count = draw(st.integers(2, 5))
    slots = _slots(slot_count, draw(st.one_of(st.none(), st.integers(1, slot_count - 1))))
    slot_ids = [s["id"] for s in slots]
    kinds = ["table", "room"]
    locations = [
        {"id": f"L{i}", "kind": draw(st.sampled_from(kinds)), "hall": draw(st.sampled_from(["H1", "H2"]))}
        for i in range(draw(st.integers(1, 3)))
    ]
    participants = []
    for i in range(draw(st.integers(2, 5))):
        person = {"id": f"p{i}"}
        if draw(st.booleans()):
            person["available"] = draw(st.lists(st.sampled_from(slot_ids), unique=True, max_size=slot_count))
        if draw(st.booleans()):
            person["max_meetings"] = draw(st.integers(0, 3))
        participants.append(person)
    people = [p["id"] for p in participants]
    meetings = []
    for i in range(draw(st.integers(1, 7))):
        meeting = {"id": f"m{i}", "participants": draw(st.lists(st.sampled_from(people), min_size=2, max_size=3, unique=True)),
                   "priority": draw(st.integers(0, 5)), "length": draw(st.integers(1, 2))}
        choice = draw(st.integers(0, 2))
        if choice == 1:
            meeting["location"] = draw(st.sampled_from([loc["id"] for loc in locations]))
        elif choice == 2:
            meeting["location_kinds"] = draw(st.lists(st.sampled_from(kinds), min_size=1, unique=True))
        if draw(st.booleans()):
            meeting["slots"] = draw(st.lists(st.sampled_from(slot_ids), unique=True, min_size=1))
        meetings.append(meeting)
    return {"name": "hypothesis", "slots": slots, "locations": locations, "participants": participants,
            "meetings": meetings, "rules": {"hall_change_gap": draw(st.booleans())}}


def exact_optimum(data: dict) -> int:
    """The best total priority, by CP-SAT on the plain model, straight from the spec's rules."""
    slots = data["slots"]
    people = {p["id"]: p for p in data["participants"]}
    model = cp_model.CpModel()
    chosen: list[tuple[dict, int, dict, object]] = []
    for meeting in data["meetings"]:
        length = meeting.get("length", 1)
        row = []
        for first in range(len(slots) - length + 1):
            occupied = list(range(first, first + length))
            if any(slots[a]["end"] != slots[b]["start"] for a, b in zip(occupied, occupied[1:], strict=False)):
                continue
            ids = [slots[t]["id"] for t in occupied]
            if "slots" in meeting and not set(ids) <= set(meeting["slots"]):
                continue
            if any("available" in people[p] and not set(ids) <= set(people[p]["available"])
                   for p in meeting["participants"]):
                continue
            for location in data["locations"]:
                if "location" in meeting:
                    fits = location["id"] == meeting["location"]
                else:
                    fits = location["kind"] in meeting.get("location_kinds", ["table"])
                if fits:
                    x = model.NewBoolVar("")
                    chosen.append((meeting, first, location, x))
                    row.append(x)
        model.AddAtMostOne(row)
    for t in range(len(slots)):
        for location in data["locations"]:
            model.AddAtMostOne([x for m, f, loc, x in chosen
                                if loc is location and f <= t < f + m.get("length", 1)])
        for person in people:
            model.AddAtMostOne([x for m, f, _loc, x in chosen
                                if person in m["participants"] and f <= t < f + m.get("length", 1)])
    for person, spec in people.items():
        if "max_meetings" in spec:
            model.Add(sum(x for m, _f, _l, x in chosen if person in m["participants"]) <= spec["max_meetings"])
    if data["rules"]["hall_change_gap"]:
        for person in people:
            mine = [(m, f, loc, x) for m, f, loc, x in chosen if person in m["participants"]]
            for t in range(len(slots) - 1):
                if slots[t]["end"] != slots[t + 1]["start"]:
                    continue
                for m1, f1, l1, x1 in mine:
                    for m2, f2, l2, x2 in mine:
                        if f1 <= t < f1 + m1.get("length", 1) and f2 <= t + 1 < f2 + m2.get("length", 1) \
                                and l1["hall"] != l2["hall"]:
                            model.AddBoolOr([x1.Not(), x2.Not()])
    model.Maximize(sum(m.get("priority", 1) * x for m, _f, _l, x in chosen))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.Solve(model) == cp_model.OPTIMAL
    return round(solver.ObjectiveValue())


def broken_rules(problem, state) -> list[str]:
    """What the independent validator finds wrong with an engine state's schedule (nothing: [])."""
    return validate(problem, solution_to_json(finish(state, 10**9, 0.0)))


def pin_where_the_greedy_puts(data: dict, every: int = 5) -> None:
    """Pin every `every`-th meeting of a first greedy schedule of `data` where it is: a set of
    pins that fit together."""
    first = solution_to_json(finish(construct(build_instance(load_problem(data))), 0, 0.0))
    by_id = {meeting["id"]: meeting for meeting in data["meetings"]}
    for item in first["assignments"][::every]:
        by_id[item["meeting"]]["pinned"] = {"slot": item["slot"], "location": item["location"]}


def recording_forks(monkeypatch, module) -> list[int]:
    """The process ids of every process `module` forks through its `fork_call` from now on."""
    children: list[int] = []
    real = module.fork_call

    def forking(function, *args):
        child = real(function, *args)
        children.append(child[0])
        return child

    monkeypatch.setattr(module, "fork_call", forking)
    return children


def assert_reaped(children: list[int]) -> None:
    """Every one of these processes has ended and been waited for: nothing is left running."""
    for pid in children:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
