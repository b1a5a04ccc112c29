"""Valid LP rows for the hall-change rule: a participant's *segments*.

A segment is a maximal run of slots that follow each other and in which the participant is
available. Inside a segment of n slots, a participant whose meetings are in two halls or more
must leave at least one slot free (walking between halls), so they fill at most n - 1 slots; with
one hall h, at most the slots of their meetings that can be held in h inside the segment (each
meeting is held once). So the slots they fill there are at most

    cap = max(n - 1, min(n, max over halls h of W_h)),  W_h = sum of the lengths of their meetings
                                                              with a possible place in h there

and every valid schedule meets the row. It is below n (and so cuts the LP) exactly when nobody's
meetings in one hall could fill the whole segment: then the LP's mixing of halls in every slot,
which the pairwise rows of the rule allow, is cut off by one slot per segment.
"""

from __future__ import annotations

from collections.abc import Iterator

from .instance import Instance


def segments(instance: Instance, person: int) -> list[int]:
    """The participant's segments, as slot masks, in order."""
    masks, current = [], 0
    for slot in range(instance.n_slots):
        if (instance.available[person] >> slot) & 1:
            current |= 1 << slot
            if slot + 1 < instance.n_slots and instance.chain[slot]:
                continue
        if current:
            masks.append(current)
        current = 0
    return masks


def segment_caps(instance: Instance) -> list[list[tuple[int, int]]]:
    """For each participant, the segments (slot masks) whose cap is below their length, with the
    cap. Empty without the hall-change rule."""
    caps: list[list[tuple[int, int]]] = [[] for _ in instance.meetings_of]
    if not instance.problem.hall_change_gap:
        return caps
    halls_of = [{instance.groups[g].hall for g in accepted} for accepted in instance.accepted]
    for person, meetings in enumerate(instance.meetings_of):
        for segment in segments(instance, person):
            size = segment.bit_count()
            filled: dict[int, int] = {}
            for meeting in meetings:
                if instance.start_masks[meeting] & segment:
                    for hall in halls_of[meeting]:
                        filled[hall] = filled.get(hall, 0) + instance.length[meeting]
            cap = max(size - 1, min(size, max(filled.values(), default=0)))
            if cap < size:
                caps[person].append((segment, cap))
    return caps


def by_hall_list(by_hall: dict[tuple[int, int], dict[int, list]], person: int, slot: int, hall: int) -> list:
    """The list in `by_hall` (see hall_change_rows) of the participant's variables in `hall` at
    `slot`, made when missing (in the order first asked for, which fixes the rows' order)."""
    halls = by_hall.get((person, slot))
    if halls is None:
        halls = by_hall[person, slot] = {}
    found = halls.get(hall)
    if found is None:
        found = halls[hall] = []
    return found


def hall_change_rows(by_hall: dict[tuple[int, int], dict[int, list]], instance: Instance) -> Iterator[tuple[list, list]]:
    """The pairwise rows of the rule, for any model whose variables (or columns) are listed by
    participant, slot and hall in `by_hall`: for each participant, slot t followed directly by
    t+1 and hall h, (their variables in h at t, their variables in other halls at t+1), which
    together may hold at most one meeting."""
    for (person, slot), halls_now in by_hall.items():
        if slot + 1 >= instance.n_slots or not instance.chain[slot]:
            continue
        halls_next = by_hall.get((person, slot + 1))
        if not halls_next:
            continue
        for hall, now in halls_now.items():
            other = [x for next_hall, xs in halls_next.items() if next_hall != hall for x in xs]
            if other:
                yield now, other
