"""The neighbourhood's CP-SAT model is written straight into the proto (submodel._build): it must
be the model CP-SAT's own helpers build, term for term, or the search would change behind the
same seed. The reference below builds it with the helpers."""

import random
from collections import defaultdict

import pytest
from ortools.sat.python import cp_model

from pavilion.engines.scheduling import load_problem
from pavilion.engines.scheduling.generator import generate
from pavilion.engines.scheduling.instance import build_instance
from pavilion.engines.scheduling.search import meetings_within
from pavilion.engines.scheduling.state import construct
from pavilion.engines.scheduling.submodel import _build, free_options
from pavilion.engines.scheduling.walks import by_hall_list, hall_change_rows


def with_helpers(state, options):
    """The same model through CpModel's helpers (new_bool_var, add_at_most_one, add, maximize)."""
    instance = state.instance
    model = cp_model.CpModel()
    chosen = {}
    person_slot, group_slot, person_total = defaultdict(list), defaultdict(list), defaultdict(list)
    by_hall = {}
    for meeting, found in options.items():
        row = []
        for start, group in found:
            x = chosen[meeting, start, group] = model.new_bool_var("")
            row.append(x)
            for slot in range(start, start + instance.length[meeting]):
                group_slot[group, slot].append(x)
                for person in instance.members[meeting]:
                    person_slot[person, slot].append(x)
                    if state.gap:
                        by_hall_list(by_hall, person, slot, instance.groups[group].hall).append(x)
            for person in instance.members[meeting]:
                person_total[person].append(x)
        model.add_at_most_one(row)
    for xs in person_slot.values():
        if len(xs) > 1:
            model.add_at_most_one(xs)
    for (group, slot), xs in group_slot.items():
        if len(xs) > instance.groups[group].capacity - state.use[group][slot]:
            model.add(sum(xs) <= instance.groups[group].capacity - state.use[group][slot])
    for person, xs in person_total.items():
        if len(xs) > instance.limit[person] - state.count[person]:
            model.add(sum(xs) <= instance.limit[person] - state.count[person])
    if state.gap:
        for now, other in hall_change_rows(by_hall, instance):
            model.add(sum(now + other) <= 1)
    uncovered = [p for p in person_total if state.count[p] == 0]
    covered = {person: model.new_bool_var("") for person in uncovered}
    for person, flag in covered.items():
        model.add(flag <= sum(person_total[person]))
    weight = len(uncovered) + 1
    model.maximize(sum(weight * instance.priority[m] * x for (m, _s, _g), x in chosen.items()) + sum(covered.values()))
    return model


@pytest.mark.parametrize("gap", [True, False])
def test_the_model_written_into_the_proto_is_the_one_the_helpers_build(gap):
    data = generate("small", seed=5, meetings=400, participants=80)
    data["hall_change_gap"] = gap
    for meeting in data["meetings"][::7]:  # priority 0 is allowed: the helpers leave such terms out
        meeting["priority"] = 0
    state = construct(build_instance(load_problem(data)))
    instance = state.instance
    rng = random.Random(1)
    compared = 0
    for _ in range(12):
        first = rng.randrange(instance.n_slots - 3)
        inside, waiting = meetings_within(state, 0b111 << first)
        old = {m: state.assign[m] for m in inside}
        for meeting in inside:
            state.remove(meeting)
        options = free_options(state, inside + waiting, (first, first + 3))
        model, chosen, covered, weight = _build(state, options)
        assert str(model.proto) == str(with_helpers(state, options).proto)
        assert sorted(chosen.values()) == list(range(len(chosen)))
        assert weight == len(covered) + 1
        compared += bool(covered) and bool(options)
        for meeting, (start, group) in old.items():
            state.place(meeting, start, group)
    assert compared  # some of them had participants without any meeting (the fairness term)
