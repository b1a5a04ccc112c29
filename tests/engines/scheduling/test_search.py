"""The large-neighbourhood search's parts: the meetings a set of slots frees, the look at the
bound that does not wait for the LP but ends where waiting would; and the greedy following the
LP's solution."""

import random

import pytest

from pavilion.engines.scheduling import load_problem
from pavilion.engines.scheduling.bound import LpGuide, lp_bound
from pavilion.engines.scheduling.generator import generate
from pavilion.engines.scheduling.instance import build_instance
from pavilion.engines.scheduling.search import improve, meetings_within
from pavilion.engines.scheduling.state import GUIDE_WEIGHT, Demand, State, _halls_of_people, construct


def constructed(**shape):
    data = generate("small", seed=3, meetings=500, participants=100, **shape)
    return construct(build_instance(load_problem(data)))


def test_the_slots_of_a_mask_free_exactly_the_meetings_that_lie_in_them():
    state = constructed()
    instance = state.instance
    rng = random.Random(4)
    for _ in range(20):
        mask = 0
        for _span in range(rng.randint(1, 3)):
            width = rng.randint(1, 3)
            mask |= ((1 << width) - 1) << rng.randrange(instance.n_slots - width + 1)
        inside, waiting = meetings_within(state, mask)

        def within(meeting, start, mask=mask):
            return all((mask >> slot) & 1 for slot in range(start, start + instance.length[meeting]))

        assert inside == [m for m, chosen in enumerate(state.assign)
                          if chosen is not None and within(m, chosen[0])]
        assert waiting == [m for m, chosen in enumerate(state.assign)
                           if chosen is None and any(within(m, s) for s in instance.starts[m])]
        assert inside and waiting  # the show is crowded: a few slots always hold some of both


def test_a_search_that_does_not_wait_for_the_bound_ends_where_a_waiting_one_would():
    """The bound is met at some look: a search told the bound is not known yet for a while goes
    on past that look, then must come back to that look's schedule and stop there."""
    looks = []

    def recording():
        looks.append(state.objective)
        return 10**9

    state = constructed()
    start = state.snapshot()
    improve(state, seed=2, deadline=float("inf"), bound=recording, stall_limit=1000, neighbourhood=120,
            effort=0.05, work=0.4)
    assert len(looks) >= 3 and looks[0] < looks[-1]
    target = next(value for value in looks if value > looks[0])  # met at a look after the first

    def run(ready_after: int):
        state.restore(start)
        calls = {"ready": 0}

        def ready():
            calls["ready"] += 1
            return calls["ready"] > ready_after

        improve(state, seed=2, deadline=float("inf"), bound=lambda: target, stall_limit=1000,
                neighbourhood=120, effort=0.05, work=0.4, ready=ready)
        return state.snapshot(), state.objective

    waiting = run(0)
    assert waiting[1] == target
    assert run(15) == waiting  # known a few tries after that look: the search went on, came back
    assert run(10**6) == waiting  # known only after the search: settled at the end


def test_the_greedy_places_first_what_the_lp_holds():
    """Two meetings of equal priority want the only table in the only slot: without a guide the
    first listed gets it, with the LP holding the second, the second does."""
    data = {"name": "one-table", "slots": [{"id": "s0", "start": "2024-09-24T09:00:00+04:00",
                                            "end": "2024-09-24T09:30:00+04:00"}],
            "locations": [{"id": "T1", "kind": "table", "hall": "H"}],
            "participants": [{"id": f"p{i}"} for i in range(4)],
            "meetings": [{"id": "m0", "participants": ["p0", "p1"]}, {"id": "m1", "participants": ["p2", "p3"]}]}
    instance = build_instance(load_problem(data))
    assert construct(instance).assign == [(0, 0), None]
    guide = LpGuide(held=[0.0, 1.0], where={(1, 0, 0): 1.0}, atom_of=[0], class_of=[0])
    assert construct(instance, guide).assign == [None, (0, 0)]


def reference_greedy(instance, guide=None):
    """The greedy as its docstring states it, written plainly: each meeting in order takes the
    fitting option of lowest score, the first of equal ones in start and group order."""
    state = State(instance)
    demand = Demand(instance)
    several = _halls_of_people(instance) if state.gap else None

    def hall_cost(meeting, start, group):
        hall, end, cost = instance.groups[group].hall, start + instance.length[meeting], 0
        for person in instance.members[meeting]:
            if several[person]:
                for slot, linked in ((start - 1, start > 0 and instance.chain[start - 1]),
                                     (end, end < instance.n_slots and instance.chain[end - 1])):
                    if linked:
                        neighbour = state.hall_at[person].get(slot)
                        cost += -1 if neighbour == hall else (1 if neighbour is None else 0)
        return cost

    def order(meeting):
        held = 0.0 if guide is None else -round(guide.held[meeting], 2)
        return (instance.pinned[meeting] is None, -instance.priority[meeting], held,
                len(instance.starts[meeting]) * len(instance.accepted[meeting]), meeting)

    for meeting in sorted(range(instance.n_meetings), key=order):
        best, best_score = None, None
        for start in instance.starts[meeting]:
            for group in instance.accepted[meeting]:
                score = demand.runs[instance.length[meeting]][group][start]
                if several is not None:
                    score += demand.hall_weight * hall_cost(meeting, start, group)
                if guide is not None:
                    score -= GUIDE_WEIGHT * guide.value(meeting, start, group)
                if (best_score is None or score < best_score) and state.fits(meeting, start, group):
                    best, best_score = (start, group), score
        if best is not None:
            state.place(meeting, *best)
    return state


@pytest.mark.parametrize("gap", [True, False])
def test_the_greedy_decides_as_its_plain_statement(gap):
    """construct skips options that cannot fit and sorts the scores instead of testing every
    better option: the schedule must be the plain statement's, with and without the LP's guide."""
    data = generate("small", seed=5, meetings=600, participants=120)
    data["rules"]["hall_change_gap"] = gap
    for meeting in data["meetings"][::7]:
        meeting.pop("location", None)  # more options per meeting, so that ties and order matter
    instance = build_instance(load_problem(data))
    guides = []
    lp_bound(instance, 60.0, guide=guides.append, blocks=False)
    for guide in (None, guides[0]):
        fast, plain = construct(instance, guide), reference_greedy(instance, guide)
        assert fast.assign == plain.assign
        assert fast.objective == plain.objective > 0
