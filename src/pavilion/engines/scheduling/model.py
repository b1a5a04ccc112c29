"""The schedule problem and its solution as plain dataclasses (spec: specs/meeting-schedule.md)."""

from __future__ import annotations

from dataclasses import dataclass, field


class InputError(ValueError):
    """The input breaks the format of the spec; the message names the offending item."""


@dataclass(frozen=True)
class Slot:
    id: str
    start: str
    end: str


@dataclass(frozen=True)
class Location:
    id: str
    kind: str
    hall: str


@dataclass(frozen=True)
class Participant:
    id: str
    available: frozenset[str] | None  # None: available in every slot
    max_meetings: int | None  # None: no total limit


@dataclass(frozen=True)
class Pin:
    """A meeting already placed (e.g. published) that a re-run must keep where it is."""

    slot: str
    location: str


@dataclass(frozen=True)
class Meeting:
    id: str
    participants: tuple[str, ...]
    priority: int
    length: int
    location: str | None
    location_kinds: tuple[str, ...]
    slots: frozenset[str] | None  # None: any slot
    pinned: Pin | None = None


@dataclass
class Problem:
    name: str
    slots: list[Slot]
    locations: list[Location]
    participants: list[Participant]
    meetings: list[Meeting]
    hall_change_gap: bool = False
    slot_index: dict[str, int] = field(init=False, repr=False)
    location_by_id: dict[str, Location] = field(init=False, repr=False)
    participant_by_id: dict[str, Participant] = field(init=False, repr=False)
    meeting_by_id: dict[str, Meeting] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.slot_index = {slot.id: index for index, slot in enumerate(self.slots)}
        self.location_by_id = {location.id: location for location in self.locations}
        self.participant_by_id = {participant.id: participant for participant in self.participants}
        self.meeting_by_id = {meeting.id: meeting for meeting in self.meetings}

    def consecutive(self, first: int, second: int) -> bool:
        """Slots are consecutive when the first one's end equals the second one's start."""
        return 0 <= first and second < len(self.slots) and self.slots[first].end == self.slots[second].start

    def accepts(self, meeting: Meeting, location: Location) -> bool:
        if meeting.location is not None:
            return location.id == meeting.location
        return location.kind in meeting.location_kinds


@dataclass(frozen=True)
class Assignment:
    meeting: str
    slot: str  # the first slot of the meeting
    location: str


@dataclass(frozen=True)
class Unscheduled:
    meeting: str
    reason: str


@dataclass
class Solution:
    assignments: list[Assignment]
    unscheduled: list[Unscheduled]
    objective: int
    upper_bound: int
    solve_seconds: float
    fairness: dict = field(default_factory=dict)

    @property
    def status(self) -> str:
        return "optimal" if self.objective == self.upper_bound else "feasible"
