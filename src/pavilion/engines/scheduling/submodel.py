"""Re-deciding a set of meetings exactly with CP-SAT while the rest of the schedule stays fixed.

Used for the whole problem when it is small (then CP-SAT proves the optimum) and for the
neighbourhoods of the large-neighbourhood search. The objective is lexicographic: priority first,
then the number of participants who get at least one meeting (the fairness rule).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ortools.sat.python import cp_model

from .state import State
from .walks import by_hall_list, hall_change_rows

# The Python side of a re-decision (finding the options, building the model, reading the answer)
# costs about as much CPU as CP-SAT's own search on the small neighbourhoods: counted in the same
# unit as CP-SAT's deterministic time (one unit is about 4-5 s of CPU here) so that the search's
# budget follows its CPU time, still by counting, never by the clock. Measured on the ADEX size:
# about 1.2e-4 s of CPU per option built.
WORK_PER_OPTION = 3e-5
_LOWEST = -(2**63)  # "no lower limit" in a linear row of CP-SAT's proto


@dataclass
class Outcome:
    improved: bool
    proven: bool  # CP-SAT proved the sub-problem optimal
    priority_bound: int | None  # bound on the priority of the freed meetings
    work: float = 0.0  # CP-SAT's deterministic time + counted Python work: the search's budget counts this, not seconds


def free_options(state: State, free: list[int], window: tuple[int, int] | None) -> dict[int, list[tuple[int, int]]]:
    """Each of the meetings `free` (none of them placed in `state`) at the starts and groups where it
    fits the rest of the schedule alone, inside `window` (slots window[0] .. window[1]-1) when given;
    meetings without any such option are left out."""
    instance = state.instance
    limit, members_of, counts, busy_of = instance.limit, instance.members, state.count, state.busy
    options = {}
    for meeting in free:
        members = members_of[meeting]
        if any(counts[person] >= limit[person] for person in members):
            continue
        length = instance.length[meeting]
        busy, span = 0, (1 << length) - 1  # slots where a participant has a meeting already
        for person in members:
            busy |= busy_of[person]
        found = [
            (start, group)
            for start in instance.starts[meeting]
            if not busy >> start & span and (window is None or (window[0] <= start and start + length <= window[1]))
            for group in instance.accepted[meeting]
            if state.fits(meeting, start, group)
        ]
        if found:
            options[meeting] = found
    return options


def _build(state: State, options: dict[int, list[tuple[int, int]]]):
    """CP-SAT's model of the freed meetings, written straight into its proto: variables are their
    indices (the CpModel helpers cost most of the Python side of a neighbourhood; the model is the
    one they build, term for term). Returns (model, (meeting, start, group) -> variable, person ->
    their 'has a meeting' variable, the priority's weight in the objective)."""
    instance = state.instance
    model = cp_model.CpModel()
    proto = model.proto
    chosen: dict[tuple[int, int, int], int] = {}
    person_slot, group_slot, person_total = defaultdict(list), defaultdict(list), defaultdict(list)
    by_hall: dict[tuple[int, int], dict[int, list]] = {}
    gap, hall_of = state.gap, [group.hall for group in instance.groups]
    at_most_one: list[list[int]] = []
    for meeting, found in options.items():
        members, length = instance.members[meeting], instance.length[meeting]
        first = len(chosen)
        for start, group in found:
            x = len(chosen)
            chosen[meeting, start, group] = x
            hall = hall_of[group]
            for slot in range(start, start + length):
                group_slot[group, slot].append(x)
                for person in members:
                    person_slot[person, slot].append(x)
                    if gap:
                        by_hall_list(by_hall, person, slot, hall).append(x)
            for person in members:
                person_total[person].append(x)
        at_most_one.append(list(range(first, len(chosen))))
    at_most_one.extend(xs for xs in person_slot.values() if len(xs) > 1)
    linear: list[tuple[list[int], list[int], int]] = []  # (variables, coefficients, at most)
    for (group, slot), xs in group_slot.items():
        room = instance.groups[group].capacity - state.use[group][slot]
        if len(xs) > room:
            linear.append((xs, [1] * len(xs), room))
    for person, xs in person_total.items():
        room = instance.limit[person] - state.count[person]
        if len(xs) > room:
            linear.append((xs, [1] * len(xs), room))
    if gap:
        for now, other in hall_change_rows(by_hall, instance):  # no walk between halls without a free slot
            xs = sorted(now + other)
            linear.append((xs, [1] * len(xs), 1))
    uncovered = [p for p in person_total if state.count[p] == 0]
    weight = len(uncovered) + 1
    covered = {}
    for number, person in enumerate(uncovered):
        flag = covered[person] = len(chosen) + number
        xs = person_total[person]  # the flag only where one of them is held: flag - sum(xs) <= 0
        linear.append((xs + [flag], [-1] * len(xs) + [1], 0))
    variables = proto.variables
    for _ in range(len(chosen) + len(covered)):
        variables.add().domain.extend((0, 1))
    constraints = proto.constraints
    for xs in at_most_one:
        constraints.add().at_most_one.literals.extend(xs)
    for xs, coefficients, most in linear:
        row = constraints.add().linear
        row.vars.extend(xs)
        row.coeffs.extend(coefficients)
        row.domain.extend((_LOWEST, most))
    priority = instance.priority
    objective = proto.objective  # maximised: CP-SAT minimises the negated sum, scaled by -1
    worth = [(x, -weight * priority[m]) for (m, _s, _g), x in chosen.items() if priority[m]]  # no zero terms
    objective.vars.extend([x for x, _c in worth] + list(covered.values()))
    objective.coeffs.extend([c for _x, c in worth] + [-1] * len(covered))
    objective.scaling_factor = -1
    return model, chosen, covered, weight


class _StopAt(cp_model.CpSolverSolutionCallback):
    """Ends the search at the first solution worth `target` (a known bound: nothing can be better)."""

    def __init__(self, target: float) -> None:
        super().__init__()
        self.target = target

    def on_solution_callback(self) -> None:
        if self.objective_value >= self.target - 1e-6:
            self.stop_search()


def resolve(state: State, free: list[int], *, window: tuple[int, int] | None, effort: float,
            seconds: float, seed: int, allowed: set[tuple[int, int, int]] | None = None,
            enough: int | None = None) -> Outcome:
    """Free `free`, re-place them optimally (or as well as CP-SAT finds within `effort`), each at
    its current place or, when `allowed` is given, only at the (meeting, start, group) it holds.
    With `enough` (a bound on the schedule's priority) CP-SAT stops at the first schedule that
    reaches it, without going on for the number of participants with a meeting."""
    instance = state.instance
    old = {m: state.assign[m] for m in free if state.assign[m] is not None}
    before = (state.objective, state.covered())
    for meeting in old:
        state.remove(meeting)
    options = free_options(state, free, window)
    if allowed is not None:
        options = {meeting: kept for meeting, found in options.items()
                   if (kept := [(start, group) for start, group in found
                                if (meeting, start, group) in allowed or old.get(meeting) == (start, group)])}
    if not options:
        undo(state, {}, old)
        return Outcome(False, True, 0)
    model, chosen, covered, weight = _build(state, options)
    # The current placement as CP-SAT's hint, written in one go (add_hint per variable, the same
    # hint, cost a tenth of the Python side of a neighbourhood).
    hint = model.proto.solution_hint
    hint.vars.extend(list(chosen.values()) + list(covered.values()))
    hint.values.extend([int(old.get(meeting) == (start, group)) for meeting, start, group in chosen]
                       + [int(any(m in old for m in instance.meetings_of[person])) for person in covered])
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    solver.parameters.max_deterministic_time = effort
    solver.parameters.max_time_in_seconds = max(0.05, seconds)
    # Probing and symmetry detection cost more than they give on these assignment models.
    solver.parameters.cp_model_probing_level = 0
    solver.parameters.symmetry_level = 0
    solver.parameters.linearization_level = 2  # the LP guides the search well on these models
    if enough is None:
        status = solver.solve(model)
    else:
        status = solver.solve(model, _StopAt(weight * (enough - state.objective)))
    work = solver.deterministic_time + WORK_PER_OPTION * len(chosen)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        undo(state, {}, old)
        return Outcome(False, False, None, work)
    values = solver.response_proto.solution
    new = {m: (s, g) for (m, s, g), x in chosen.items() if values[x]}
    for meeting, (start, group) in new.items():
        state.place(meeting, start, group)
    after = (state.objective, state.covered())
    if after < before:  # CP-SAT lost the hint: keep what we had
        undo(state, new, old)
        after = before
    bound = int(solver.best_objective_bound + 1e-6) // weight
    return Outcome(after > before, status == cp_model.OPTIMAL, bound, work)


def undo(state: State, new, old: dict) -> None:
    """Take the meetings `new` out of the schedule again and put back `old` (meeting -> its
    start and group before)."""
    for meeting in new:
        state.remove(meeting)
    for meeting, (start, group) in old.items():
        state.place(meeting, start, group)
