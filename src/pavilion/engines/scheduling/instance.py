"""The problem in the engine's working form: indices, bit masks and location groups.

Locations of the same kind in the same hall are interchangeable, so the engine decides a meeting's
start slot and its *group*, and counts use per group and slot. Real locations are handed out at the
end: within a group, meetings are intervals of consecutive slots, and intervals whose per-slot
count never exceeds the group size can always be given distinct locations (interval graphs are
perfect; first-fit in start order does it). A location named by a meeting's fixed `location`
becomes a group of its own; so does a pinned location in a group where some unpinned meeting
lasts two slots or more (a pin could otherwise block the location such a meeting must keep).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from .model import Problem

NO_LIMIT = 1 << 30


@dataclass
class Group:
    kind: str
    hall: int
    locations: list[str]
    hall_name: str

    @property
    def capacity(self) -> int:
        return len(self.locations)


@dataclass(frozen=True)
class Scan:
    of_length: dict[int, np.ndarray]  # a meeting length -> which meetings last that many slots
    pinned: np.ndarray  # meeting -> pinned or not
    can_start: np.ndarray  # (meeting, slot) -> whether the meeting may start there
    placeable: np.ndarray  # meeting -> has a start and an acceptable location group
    meetings_of: list[np.ndarray]  # participant -> their meetings (Instance.meetings_of as arrays)


@dataclass
class Instance:
    problem: Problem
    n_slots: int
    chain: list[bool]  # chain[t]: slot t+1 follows slot t directly (end == start)
    groups: list[Group]
    priority: list[int]
    length: list[int]
    members: list[list[int]]  # meeting -> participant indices
    starts: list[list[int]]  # meeting -> feasible first slots
    accepted: list[list[int]]  # meeting -> acceptable groups
    pinned: list[tuple[int, int] | None]  # meeting -> (start, group) it must keep
    limit: list[int]  # participant -> max meetings
    available: list[int]  # participant -> bit mask of slots
    meetings_of: list[list[int]] = field(default_factory=list)
    start_masks: list[int] = field(default_factory=list)  # meeting -> bit mask of `starts`

    @property
    def n_meetings(self) -> int:
        return len(self.priority)

    def mask(self, meeting: int, start: int) -> int:
        return ((1 << self.length[meeting]) - 1) << start

    @cached_property
    def scan(self) -> Scan:
        """The meetings as arrays, for scans over all of them at once (search.meetings_within)."""
        n = self.n_meetings
        can_start = np.zeros((n, self.n_slots), dtype=bool)
        for meeting, starts in enumerate(self.starts):
            can_start[meeting, starts] = True
        lengths = np.asarray(self.length, dtype=np.int64)
        return Scan(of_length={length: lengths == length for length in sorted(set(self.length))},
                    pinned=np.fromiter((pin is not None for pin in self.pinned), dtype=bool, count=n),
                    can_start=can_start,
                    placeable=np.fromiter((bool(s and a) for s, a in zip(self.starts, self.accepted, strict=True)),
                                          dtype=bool, count=n),
                    meetings_of=[np.asarray(mine, dtype=np.int64) for mine in self.meetings_of])

    def starts_within(self, meeting: int, window: tuple[int, int]) -> bool:
        """Whether the meeting could start and end inside the slots window[0] .. window[1]-1."""
        room = window[1] - self.length[meeting] - window[0] + 1
        return room > 0 and bool((self.start_masks[meeting] >> window[0]) & ((1 << room) - 1))

    def option_count(self) -> int:
        return sum(len(s) * len(a) for s, a in zip(self.starts, self.accepted, strict=True))


def _split_locations(problem: Problem) -> dict[str, tuple]:
    """The group key of each location (see the module docstring for why some stand alone)."""
    fixed = {meeting.location for meeting in problem.meetings if meeting.location}
    long_kinds = {
        kind for meeting in problem.meetings
        if meeting.length > 1 and not meeting.pinned and not meeting.location for kind in meeting.location_kinds
    }
    pinned = {meeting.pinned.location for meeting in problem.meetings if meeting.pinned}
    keys = {}
    for location in problem.locations:
        alone = location.id in fixed or (location.id in pinned and location.kind in long_kinds)
        keys[location.id] = (location.kind, location.hall, location.id if alone else None)
    return keys


def _groups(problem: Problem) -> tuple[list[Group], dict[str, int]]:
    keys = _split_locations(problem)
    halls: dict[str, int] = {}
    index_of_key: dict[tuple, int] = {}
    groups: list[Group] = []
    group_of: dict[str, int] = {}
    for location in problem.locations:
        key = keys[location.id]
        if key not in index_of_key:
            hall = halls.setdefault(location.hall, len(halls))
            index_of_key[key] = len(groups)
            groups.append(Group(location.kind, hall, [], location.hall))
        groups[index_of_key[key]].locations.append(location.id)
        group_of[location.id] = index_of_key[key]
    return groups, group_of


def start_mask(occupiable: int, length: int, chain_mask: int = -1) -> int:
    """Bits t where slots t..t+length-1 are all occupiable and each follows the previous directly
    (without `chain_mask`: every slot follows the previous one)."""
    starts = occupiable
    for step in range(1, length):
        starts &= (occupiable >> step) & (chain_mask >> (step - 1))
    return starts


def _bits(mask: int) -> list[int]:
    result = []
    while mask:
        low = mask & -mask
        result.append(low.bit_length() - 1)
        mask ^= low
    return result


def build_instance(problem: Problem) -> Instance:
    n = len(problem.slots)
    full = (1 << n) - 1
    chain = [problem.consecutive(t, t + 1) for t in range(n)]
    chain_mask = sum(1 << t for t, linked in enumerate(chain) if linked)
    slot_bit = {slot.id: 1 << index for index, slot in enumerate(problem.slots)}
    person_index = {participant.id: index for index, participant in enumerate(problem.participants)}
    available = [
        full if p.available is None else sum(slot_bit[s] for s in p.available) for p in problem.participants
    ]
    limit = [NO_LIMIT if p.max_meetings is None else p.max_meetings for p in problem.participants]
    groups, group_of = _groups(problem)
    kind_groups: dict[str, list[int]] = {}
    for index, group in enumerate(groups):
        kind_groups.setdefault(group.kind, []).append(index)
    instance = Instance(problem, n, chain, groups, [], [], [], [], [], [], limit, available)
    instance.meetings_of = [[] for _ in problem.participants]
    for index, meeting in enumerate(problem.meetings):
        members = [person_index[p] for p in meeting.participants]
        occupiable = full if meeting.slots is None else sum(slot_bit[s] for s in meeting.slots)
        for person in members:
            occupiable &= available[person]
            instance.meetings_of[person].append(index)
        if meeting.location is not None:
            accepted = [group_of[meeting.location]]
        else:
            accepted = sorted({g for kind in meeting.location_kinds for g in kind_groups.get(kind, [])})
        pin = None
        if meeting.pinned is not None:
            pin = (problem.slot_index[meeting.pinned.slot], group_of[meeting.pinned.location])
        instance.priority.append(meeting.priority)
        instance.length.append(meeting.length)
        instance.members.append(members)
        instance.starts.append([pin[0]] if pin else _bits(start_mask(occupiable, meeting.length, chain_mask)))
        instance.accepted.append([pin[1]] if pin else accepted)
        instance.pinned.append(pin)
        instance.start_masks.append(sum(1 << start for start in instance.starts[-1]))
    return instance
