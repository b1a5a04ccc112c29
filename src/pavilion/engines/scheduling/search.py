"""Large-neighbourhood search: free part of the schedule, let CP-SAT re-place it, keep it if the
result is at least as good (priority, then participants with a meeting)."""

from __future__ import annotations

import random
import time
from collections import deque
from collections.abc import Callable

import numpy as np

from .instance import start_mask
from .state import State
from .submodel import resolve

PER_PERSON = 12  # meetings of one participant taken into a window's neighbourhood at most
WALK_SAMPLE = 300  # participants looked at for lost slots when choosing a walks neighbourhood
SHORT = 24  # a participant's meetings up to this many are scanned in Python, more in numpy
SCAN_WORK = 1e-7  # work counted per meeting looked at when choosing a neighbourhood (see submodel.WORK_PER_OPTION)
RATE_MEMORY = 0.1  # weight of the latest try in a kind's running gain per unit of work
FLOOR = 0.25  # the least share of the work a kind of neighbourhood keeps, against the best kind's
CHECK_EVERY = 8  # iterations between looks at the bound (the look waits for it: deterministic)


def _window(state: State, rng: random.Random, limit: int) -> tuple[list[int], tuple[int, int]]:
    """A few consecutive slots: the meetings inside them and the left-out ones that fit there."""
    instance = state.instance
    width = rng.randint(2, 4)
    first = rng.randrange(max(1, instance.n_slots - width + 1))
    window = (first, first + width)
    inside, waiting = meetings_within(state, ((1 << width) - 1) << first)
    return _connected(state, inside, waiting, limit, rng), window


def meetings_within(state: State, mask: int) -> tuple[list[int], list[int]]:
    """The placed meetings (not pinned) that lie wholly in the slots of `mask`, and the left-out
    ones that could start and end there (the windows here and Feasibility Jump's, jump.redo).
    Over all meetings at once with numpy: at the IDEX size a loop in Python cost 19 ms a window,
    more than CP-SAT's solve of it."""
    scan = state.instance.scan
    start_of = state.start_of
    placed = start_of >= 0
    inside = np.zeros(len(start_of), dtype=bool)
    waiting = np.zeros(len(start_of), dtype=bool)
    for length, of_length in scan.of_length.items():
        firsts = start_mask(mask, length)  # the first slots from which such a meeting lies inside the mask
        slots = [slot for slot in range(min(firsts.bit_length(), state.instance.n_slots)) if (firsts >> slot) & 1]
        if not slots:
            continue
        allowed = np.zeros(state.instance.n_slots, dtype=bool)
        allowed[slots] = True
        inside |= of_length & placed & allowed[np.maximum(start_of, 0)]
        waiting |= of_length & ~placed & scan.can_start[:, slots].any(axis=1)
    inside &= ~scan.pinned
    return np.flatnonzero(inside).tolist(), np.flatnonzero(waiting).tolist()


def _connected(state: State, inside: list[int], waiting: list[int], limit: int, rng: random.Random) -> list[int]:
    """At most `limit` of the candidates (`inside`, then `waiting`), grown from random seeds
    through shared participants (at most PER_PERSON of each participant's), so that the meetings
    CP-SAT re-decides are the ones that stand in each other's way: a random sample of a crowded
    window frees meetings whose participants' other meetings all stay fixed. A participant's
    candidates are listed only when the growth reaches them (in the candidates' order)."""
    candidates = inside + waiting
    if len(candidates) <= limit:
        return sorted(candidates)
    instance = state.instance
    members, meetings_of, arrays = instance.members, instance.meetings_of, instance.scan.meetings_of
    which = np.zeros(instance.n_meetings, dtype=np.int8)  # 1: placed inside, 2: waiting
    which[inside] = 1
    which[waiting] = 2
    marked = which.data  # the same marks, read one by one without numpy's per-item cost
    chosen: set[int] = set()
    reached: set[int] = set()
    queue: deque[int] = deque()
    while len(chosen) < limit:
        if not queue:
            queue.append(candidates[rng.randrange(len(candidates))])
        meeting = queue.popleft()
        if meeting in chosen:
            continue
        chosen.add(meeting)
        for person in members[meeting]:
            if person not in reached:
                reached.add(person)
                mine = arrays[person]
                if len(mine) > SHORT:
                    marks = which[mine]
                    theirs = mine[marks == 1].tolist() + mine[marks == 2].tolist()
                else:
                    mine = meetings_of[person]
                    theirs = [m for m in mine if marked[m] == 1] + [m for m in mine if marked[m] == 2]
                queue.extend(rng.sample(theirs, PER_PERSON) if len(theirs) > PER_PERSON else theirs)
    return sorted(chosen)


def _people(state: State, rng: random.Random, limit: int) -> list[int]:
    """Left-out meetings, their participants' other meetings and one more ring of those."""
    instance = state.instance
    waiting = np.flatnonzero((state.start_of < 0) & instance.scan.placeable).tolist()
    if not waiting:
        return []
    free: set[int] = set()
    seeds = rng.sample(waiting, min(len(waiting), max(1, limit // 40)))
    for seed_meeting in seeds:
        for person in instance.members[seed_meeting]:
            for meeting in instance.meetings_of[person]:
                if instance.pinned[meeting] is None:
                    free.add(meeting)
        if len(free) >= limit:
            break
    return sorted(free)[:limit] if len(free) <= limit else sorted(rng.sample(sorted(free), limit))


def _walk_slots(state: State, people: list[int]) -> list[tuple[int, int]]:
    """(participant, slot): a free slot between two of their meetings in different halls, the
    slot the hall-change rule makes them lose."""
    instance, found = state.instance, []
    chain = instance.chain
    for person in people:
        halls = state.hall_at[person]
        for slot, hall in halls.items():
            after = halls.get(slot + 2)
            if (after is not None and after != hall and slot + 1 not in halls and slot + 2 < instance.n_slots
                    and chain[slot] and chain[slot + 1]):
                found.append((person, slot + 1))
    return found


def _segment(instance, slot: int, width: int) -> tuple[int, int]:
    """Up to `width` directly following slots around `slot`, inside its run of following slots."""
    first = last = slot
    while last - first + 1 < width:
        grown = False
        if first > 0 and instance.chain[first - 1]:
            first, grown = first - 1, True
        if last - first + 1 < width and last + 1 < instance.n_slots and instance.chain[last]:
            last, grown = last + 1, True
        if not grown:
            break
    return first, last + 1


def _fits_window(instance, meeting: int, window: tuple[int, int]) -> bool:
    return bool(instance.accepted[meeting]) and instance.starts_within(meeting, window)


def _walks(state: State, rng: random.Random, limit: int) -> tuple[list[int], tuple[int, int] | None]:
    """Around a slot a participant lost to a hall change while a left-out meeting of theirs could
    start there: a run of slots around it, their meetings there, their partners' meetings there
    and some of their left-out meetings that fit there, so that CP-SAT can regroup the run by
    hall and fill the lost slot."""
    instance = state.instance
    wanted, weights = [], []
    everyone = len(instance.available)
    people = rng.sample(range(everyone), min(everyone, WALK_SAMPLE))
    scan = instance.scan
    for person, slot in _walk_slots(state, people):
        mine = scan.meetings_of[person]
        waiting = int(np.count_nonzero((state.start_of[mine] < 0) & scan.can_start[mine, slot]))
        if waiting:
            wanted.append((person, slot))
            weights.append(waiting)
    if not wanted:
        return [], None
    person, slot = rng.choices(wanted, weights=weights)[0]
    window = _segment(instance, slot, rng.randint(5, 8))

    def inside(meeting: int) -> bool:
        chosen = state.assign[meeting]
        return (chosen is not None and instance.pinned[meeting] is None and window[0] <= chosen[0]
                and chosen[0] + instance.length[meeting] <= window[1])

    free = {m for m in instance.meetings_of[person] if inside(m)}
    partners = sorted({p for m in free for p in instance.members[m]} - {person})
    for partner in partners:
        free.update(m for m in instance.meetings_of[partner] if inside(m))
    waiting = [m for m in instance.meetings_of[person] if state.assign[m] is None and _fits_window(instance, m, window)]
    room = max(0, limit - len(free))
    free.update(rng.sample(waiting, room) if len(waiting) > room else waiting)
    return sorted(free), window


def _choose(kinds: list[str], rates: dict[str, float], costs: dict[str, float], rng: random.Random) -> str:
    """A neighbourhood kind, drawn so that each kind's share of the work follows what it has
    gained per unit of work lately (a kind that costs more per try is drawn less often); every
    kind keeps a share of at least FLOOR of the best one's, so none is starved for good."""
    best = max(rates.values())
    weights = [max(rates[kind], FLOOR * best, 1e-9) / costs[kind] for kind in kinds]
    return rng.choices(kinds, weights=weights)[0]


def improve(state: State, *, seed: int, deadline: float, bound: Callable[[], int],
            stall_limit: int, neighbourhood: int, effort: float, work: float,
            ready: Callable[[], bool] = lambda: True, tried: Callable[[], None] = lambda: None) -> int:
    """Run until the bound is met, `stall_limit` tries in a row bring nothing, or the work over all
    tries (CP-SAT's deterministic time and the counted Python work) reaches `work`: every one of
    these stops depends only on the input and the seed, so the result does too. `deadline` (wall
    clock) is only a safety stop for a machine so loaded that the work does not fit in the time
    limit. The kind of neighbourhood is drawn with odds that follow its recent gain per unit of
    work (adaptive large-neighbourhood search): on the large shows the windows pay best, on the
    small one the participants' neighbourhoods.

    The bound is looked at every CHECK_EVERY tries. When it is not known yet (`ready()` false: the
    LP still runs on its thread) the search does not wait for it: it keeps the schedule of that
    look and goes on; once the bound is known, the first look whose schedule met it wins, the
    schedule goes back to it and the search stops. So the result is the one a search that waited
    at every look would give, without the search standing idle while the LP runs.

    `tried` is called after every try (parallel.py collects each try's changes there)."""
    rng = random.Random(seed)
    stall = iteration = 0
    spent = 0.0
    scan = SCAN_WORK * state.instance.n_meetings
    kinds = ["window", "people"] + (["walks"] if state.gap else [])
    rates = dict.fromkeys(kinds, 1.0)
    costs = dict.fromkeys(kinds, scan)
    pending: list[tuple[int, list]] = []  # (objective, schedule) at looks taken before the bound was known

    def settled() -> bool:
        """Whether a pending look met the bound (the schedule is then back at that look's)."""
        value = bound()
        for objective, schedule in pending:
            if objective >= value:
                state.restore(schedule)
                return True
        pending.clear()
        return False

    while spent < work and stall < stall_limit and time.monotonic() < deadline:
        if pending and ready() and settled():
            return iteration
        if iteration and iteration % CHECK_EVERY == 0:
            if not pending and ready():
                if state.objective >= bound():
                    break
            elif not pending or state.objective > pending[-1][0]:  # an equal one cannot meet it first
                pending.append((state.objective, state.snapshot()))
        iteration += 1
        kind = _choose(kinds, rates, costs, rng)
        if kind == "window":
            free, window = _window(state, rng, neighbourhood)
        elif kind == "walks":
            free, window = _walks(state, rng, neighbourhood)
        else:  # over the whole horizon: fewer meetings, or CP-SAT cannot finish them
            free, window = _people(state, rng, max(60, neighbourhood // 3)), None
        before = state.objective
        used = scan
        if free:
            outcome = resolve(state, free, window=window, effort=min(effort, max(0.01, work - spent)),
                              seconds=deadline - time.monotonic(), seed=rng.randrange(1 << 30))
            used += outcome.work
            improved = outcome.improved
        else:
            improved = False
        spent += used
        rates[kind] = (1 - RATE_MEMORY) * rates[kind] + RATE_MEMORY * (state.objective - before) / used
        costs[kind] = used if costs[kind] == scan else (1 - RATE_MEMORY) * costs[kind] + RATE_MEMORY * used
        stall = 0 if improved else stall + 1
        tried()
    if pending:
        settled()  # waits for the bound (or the wall-clock safety stop)
    return iteration
