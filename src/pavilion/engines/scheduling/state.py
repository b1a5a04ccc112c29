"""A schedule under construction: who is busy when, how full each location group is."""

from __future__ import annotations

import time

import numpy as np

from .bound import LpGuide
from .instance import Instance


class State:
    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self.gap = instance.problem.hall_change_gap
        self.assign: list[tuple[int, int] | None] = [None] * instance.n_meetings
        self.start_of = np.full(instance.n_meetings, -1, dtype=np.int64)  # `assign`'s starts, -1 if left out
        self.busy = [0] * len(instance.available)
        self.count = [0] * len(instance.available)
        self.hall_at: list[dict[int, int]] = [{} for _ in instance.available]
        self.use = [[0] * instance.n_slots for _ in instance.groups]
        self.at: list[dict[int, int]] = [{} for _ in instance.available]  # person -> slot -> meeting
        self.hosted: dict[tuple[int, int], set[int]] = {}  # (group, slot) -> meetings
        self.objective = 0
        self._covered = 0
        # When a list: every place and remove appends (meeting, its placement before), so that a
        # search in another process can send back what it changed (parallel.py).
        self.journal: list[tuple[int, tuple[int, int] | None]] | None = None

    def _hall_clash(self, person: int, start: int, end: int, hall: int) -> bool:
        """A meeting in `hall` from start to end-1 next to one in another hall, with no gap."""
        chain, halls = self.instance.chain, self.hall_at[person]
        if start > 0 and chain[start - 1] and halls.get(start - 1, hall) != hall:
            return True
        return end < self.instance.n_slots and chain[end - 1] and halls.get(end, hall) != hall

    def fits(self, meeting: int, start: int, group: int) -> bool:
        instance = self.instance
        length = instance.length[meeting]
        mask = ((1 << length) - 1) << start
        for person in instance.members[meeting]:
            if self.busy[person] & mask or self.count[person] >= instance.limit[person]:
                return False
        use, capacity = self.use[group], instance.groups[group].capacity
        for slot in range(start, start + length):
            if use[slot] >= capacity:
                return False
        if self.gap:
            hall = instance.groups[group].hall
            for person in instance.members[meeting]:
                if self._hall_clash(person, start, start + length, hall):
                    return False
        return True

    def place(self, meeting: int, start: int, group: int) -> None:
        instance = self.instance
        length = instance.length[meeting]
        mask = ((1 << length) - 1) << start
        hall = instance.groups[group].hall
        if self.journal is not None:
            self.journal.append((meeting, None))
        for person in instance.members[meeting]:
            self.busy[person] |= mask
            self.count[person] += 1
            self._covered += self.count[person] == 1
            for slot in range(start, start + length):
                self.at[person][slot] = meeting
                if self.gap:
                    self.hall_at[person][slot] = hall
        use = self.use[group]
        for slot in range(start, start + length):
            use[slot] += 1
            self.hosted.setdefault((group, slot), set()).add(meeting)
        self.assign[meeting] = (start, group)
        self.start_of[meeting] = start
        self.objective += instance.priority[meeting]

    def remove(self, meeting: int) -> None:
        instance = self.instance
        start, group = self.assign[meeting]
        length = instance.length[meeting]
        mask = ((1 << length) - 1) << start
        if self.journal is not None:
            self.journal.append((meeting, (start, group)))
        for person in instance.members[meeting]:
            self.busy[person] &= ~mask
            self.count[person] -= 1
            self._covered -= self.count[person] == 0
            for slot in range(start, start + length):
                del self.at[person][slot]
                if self.gap:
                    del self.hall_at[person][slot]
        use = self.use[group]
        for slot in range(start, start + length):
            use[slot] -= 1
            self.hosted[group, slot].discard(meeting)
        self.assign[meeting] = None
        self.start_of[meeting] = -1
        self.objective -= instance.priority[meeting]

    def covered(self) -> int:
        """Participants with at least one meeting: the fairness figure the engine raises on ties."""
        return self._covered

    def snapshot(self) -> list[tuple[int, int] | None]:
        return list(self.assign)

    def restore(self, snapshot: list[tuple[int, int] | None]) -> None:
        """Back to a schedule taken by `snapshot`."""
        changed = [m for m, chosen in enumerate(snapshot) if self.assign[m] != chosen]
        for meeting in changed:
            if self.assign[meeting] is not None:
                self.remove(meeting)
        for meeting in changed:
            if snapshot[meeting] is not None:
                self.place(meeting, *snapshot[meeting])


HALL_WEIGHT = 2.0  # measured on the generated shows: 0.5 to 4 all help, 2 a little more


def _halls_of_people(instance: Instance) -> list[bool]:
    """Participants whose meetings may be in more than one hall (the hall-change rule bites)."""
    halls: list[set[int]] = [set() for _ in instance.available]
    for meeting in range(instance.n_meetings):
        for group in instance.accepted[meeting]:
            for person in instance.members[meeting]:
                halls[person].add(instance.groups[group].hall)
    return [len(h) > 1 for h in halls]


class Demand:
    """What the other meetings want of each location group and slot, for the greedy: for every
    meeting, its length spread evenly over its options, divided by the group's size; kept as the
    sum over each run of `length` slots from each start. The same for every greedy on one
    instance, so the solver computes it once for both of its greedies."""

    def __init__(self, instance: Instance) -> None:
        demand = [[0.0] * instance.n_slots for _ in instance.groups]
        for meeting in range(instance.n_meetings):
            options = len(instance.starts[meeting]) * len(instance.accepted[meeting])
            if options == 0:
                continue
            share = instance.length[meeting] / options
            for group in instance.accepted[meeting]:
                row = demand[group]
                for start in instance.starts[meeting]:
                    row[start] += share
        for group, row in enumerate(demand):
            capacity = instance.groups[group].capacity
            demand[group] = [value / capacity for value in row]
        # How much a step of hall cost weighs against demand: HALL_WEIGHT times the mean demand.
        self.hall_weight = HALL_WEIGHT * sum(map(sum, demand)) / max(1, sum(map(len, demand)))
        self.runs = {  # length -> group -> start -> summed demand of the slots from start on
            length: [[sum(row[start: start + length]) for start in range(instance.n_slots)] for row in demand]
            for length in set(instance.length)
        }


GUIDE_WEIGHT = 1.0  # the LP's value of an option, against the demand score (0 and 2 measured a little worse)


def construct(instance: Instance, guide: LpGuide | None = None, demand: Demand | None = None) -> State:
    """Greedy: pinned meetings, then by priority, the hardest to place first, each into the option
    whose slot and group the other meetings want least (so it blocks the fewest of them).

    With `hall_change_gap`, for participants whose meetings can be in several halls, an option
    scores better for sitting next to a meeting of theirs in the same hall and worse for closing
    a free neighbouring slot to their other halls (HALL_WEIGHT).

    With the LP's solution (`guide`), within a priority the meetings the LP holds most come
    first, and an option scores better by the LP's value of its atom and location class: the
    LP sees which meetings the busy participants and the full areas can afford, which the
    greedy's own order does not. Each meeting takes the option of lowest score that fits (the
    first of them in start and group order on a tie)."""
    state = State(instance)
    if demand is None:
        demand = Demand(instance)

    def order(meeting: int):
        held = 0.0 if guide is None else -round(guide.held[meeting], 2)
        return (instance.pinned[meeting] is None, -instance.priority[meeting], held,
                len(instance.starts[meeting]) * len(instance.accepted[meeting]), meeting)

    several = _halls_of_people(instance) if state.gap else None
    weight, chain, last, limit = demand.hall_weight, instance.chain, instance.n_slots, instance.limit
    hall_of = [group.hall for group in instance.groups]
    for meeting in sorted(range(instance.n_meetings), key=order):
        length, accepted, members = instance.length[meeting], instance.accepted[meeting], instance.members[meeting]
        if any(state.count[person] >= limit[person] for person in members):
            continue
        busy, span = 0, (1 << length) - 1  # the slots a participant of the meeting is already busy in
        for person in members:
            busy |= state.busy[person]
        runs = demand.runs[length]
        # The hall maps of the participants the hall rule bites (None without the rule).
        halls = None if several is None else [state.hall_at[p] for p in members if several[p]]
        options, scores = [], []
        for start in instance.starts[meeting]:
            if busy >> start & span:
                continue  # would not fit whatever its group
            end = start + length
            before = start > 0 and chain[start - 1]
            after = end < last and chain[end - 1]
            for group in accepted:
                score = runs[group][start]
                if halls is not None:
                    # Next to a meeting in the same hall is good (no walk); next to a free slot
                    # that this meeting would close to the participant's other halls is bad.
                    hall, cost = hall_of[group], 0
                    for hall_at in halls:
                        if before:
                            neighbour = hall_at.get(start - 1)
                            cost += -1 if neighbour == hall else (1 if neighbour is None else 0)
                        if after:
                            neighbour = hall_at.get(end)
                            cost += -1 if neighbour == hall else (1 if neighbour is None else 0)
                    score += weight * cost
                if guide is not None:
                    score -= GUIDE_WEIGHT * guide.value(meeting, start, group)
                options.append((start, group))
                scores.append(score)
        for index in sorted(range(len(scores)), key=scores.__getitem__):  # stable: ties keep option order
            if state.fits(meeting, *options[index]):
                state.place(meeting, *options[index])
                break
    return state


def fill(state: State, deadline: float | None = None) -> None:
    """Place every left-out meeting that still fits somewhere (a cut-off search can leave some),
    until `deadline` if one is given."""
    instance = state.instance
    waiting = [m for m, chosen in enumerate(state.assign) if chosen is None]
    for number, meeting in enumerate(sorted(waiting, key=lambda m: (-instance.priority[m], m))):
        if deadline is not None and number % 256 == 0 and time.monotonic() > deadline:
            break
        for start in instance.starts[meeting]:
            group = next((g for g in instance.accepted[meeting] if state.fits(meeting, start, g)), None)
            if group is not None:
                state.place(meeting, start, group)
                break
