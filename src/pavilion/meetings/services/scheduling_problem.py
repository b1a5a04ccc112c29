"""The adapter's first half: the event's rows, loaded in a fixed handful of queries, become the
engine's input JSON (specs/meeting-schedule.md).

Which requests are scheduled: accepted ones whose compliance decision is not `blocked` and whose
review is neither waiting nor refused, that have no published or cancelled meeting yet (a cancelled
meeting is not placed again: the participants send a new request). A request whose requester or
counterpart is no longer approved is left out with that reason; team members who are not approved
stay away.

Participants are the requester, the counterpart and the team. Availability comes from the
participant's meeting profile (no periods: every slot); the meeting limit from the profile, else
the event's MeetingSettings.

Where: a request with a delegation member among its participants, or about a product with a
Munitions List control class (ML1-ML22), goes to a secure room. Otherwise, when the counterpart (or
else the requester) is exhibitor staff and their exhibitor's stand is a meeting location, the
meeting is held at that stand: the exhibitor receives visitors there and a table stays free for
others. Otherwise a table. A counterpart's proposed time, once accepted, is the only time allowed.

Published meetings are passed pinned at their slot and location: a re-run keeps them and fills the
new requests around them.
"""

import datetime
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from pavilion.events.models import Stand
from pavilion.meetings.models import (
    Availability,
    Meeting,
    MeetingLocation,
    MeetingParticipant,
    MeetingProfile,
    MeetingRequest,
    MeetingSettings,
    MeetingSlot,
)
from pavilion.meetings.selectors.availability import local_times, stays_of, within_periods, within_stay
from pavilion.meetings.selectors.profiles import held_back
from pavilion.registrations.models import Registration

SECURE = MeetingLocation.Kind.SECURE_ROOM.value


def participant_id(registration_id: int) -> str:
    return f"reg-{registration_id}"


def slot_id(slot: MeetingSlot, zone) -> str:
    return f"{slot.starts_at.astimezone(zone):%Y-%m-%d %H:%M}"


@dataclass
class Planned:
    """One meeting of the input: a request to place, or a published meeting to keep."""

    request_id: int
    participants: list[int]
    length: int
    meeting_id: int | None = None  # set for a published meeting (pinned)


@dataclass
class Built:
    spec: dict
    slots: dict[str, MeetingSlot]
    slot_order: list[str]
    locations: dict[str, MeetingLocation]
    planned: dict[str, Planned]
    skipped: list[dict] = field(default_factory=list)  # [{request, reason}] left out before the engine

    @property
    def new_requests(self) -> int:
        return sum(1 for item in self.planned.values() if item.meeting_id is None)


def event_settings(event) -> MeetingSettings:
    return MeetingSettings.objects.filter(event=event).first() or MeetingSettings(event=event)


def schedulable_requests(event):
    """Accepted requests cleared for a meeting that have no published or cancelled meeting yet."""
    return (MeetingRequest.objects.filter(event=event, status=MeetingRequest.Status.ACCEPTED)
            .exclude(compliance=MeetingRequest.Compliance.BLOCKED)
            .exclude(review__in=[MeetingRequest.Review.WAITING, MeetingRequest.Review.REFUSED])
            .exclude(pk__in=Meeting.objects.filter(event=event, status__in=[Meeting.Status.SCHEDULED,
                                                                             Meeting.Status.CANCELLED])
                     .values("request_id")))


def _published(event) -> tuple[list[dict], dict[int, list[int]]]:
    meetings = list(Meeting.objects.filter(event=event, status=Meeting.Status.SCHEDULED)
                    .values("id", "request_id", "request__priority", "slot_id", "location_id", "length"))
    people = defaultdict(list)
    for meeting_id, registration_id in (MeetingParticipant.objects
                                        .filter(meeting__event=event, meeting__status=Meeting.Status.SCHEDULED)
                                        .order_by("pk").values_list("meeting_id", "registration_id")):
        people[meeting_id].append(registration_id)
    return meetings, people


def _requests(event) -> tuple[list[dict], dict[int, list[int]], set[int]]:
    requests = list(schedulable_requests(event).order_by("pk").values(
        "id", "requester_id", "counterpart_id", "priority", "length", "proposed_slot_id"))
    accepted = Q(meetingrequest__event=event, meetingrequest__status=MeetingRequest.Status.ACCEPTED)
    team = defaultdict(list)
    for request_id, registration_id in (MeetingRequest.team.through.objects.filter(accepted)
                                        .order_by("pk").values_list("meetingrequest_id", "registration_id")):
        team[request_id].append(registration_id)
    munitions = set(MeetingRequest.products.through.objects.filter(accepted, product__control__istartswith="ML")
                    .values_list("meetingrequest_id", flat=True))
    return requests, team, munitions


def _registrations(ids: set[int]) -> dict[int, dict]:
    rows = {}
    ordered = sorted(ids)
    for start in range(0, len(ordered), 5000):  # SQLite's limit on query parameters
        for row in Registration.objects.filter(pk__in=ordered[start:start + 5000]).values(
                "id", "status", "delegation_id", "exhibitor_id", "category__code", "exhibitor__status"):
            rows[row["id"]] = row
    return rows


def _profiles(event) -> tuple[dict[int, int | None], dict[int, list[tuple]]]:
    """max_meetings and availability periods per registration id (profiles of the event only)."""
    limits, profile_owner = {}, {}
    for profile_id, registration_id, limit in (MeetingProfile.objects.filter(registration__event=event)
                                               .values_list("id", "registration_id", "max_meetings")):
        limits[registration_id] = limit
        profile_owner[profile_id] = registration_id
    periods = defaultdict(list)
    for profile_id, day, start, end in (Availability.objects.filter(profile__registration__event=event)
                                        .values_list("profile_id", "day", "start", "end")):
        periods[profile_owner[profile_id]].append((day, start, end))
    return limits, periods


def _available(periods: list[tuple], slot_times: list[tuple[str, datetime.date, datetime.time, datetime.time]]) -> list[str]:
    return [identifier for identifier, day, start, end in slot_times if within_periods(periods, day, start, end)]


class _Builder:
    def __init__(self, event) -> None:
        self.event = event
        self.zone = zoneinfo.ZoneInfo(event.time_zone)
        self.settings = event_settings(event)
        slots = list(MeetingSlot.objects.filter(event=event).order_by("starts_at"))
        self.slot_by_pk = {slot.pk: slot_id(slot, self.zone) for slot in slots}
        self.slots = {slot_id(slot, self.zone): slot for slot in slots}
        self.slot_order = list(self.slots)
        self.published, self.published_people = _published(event)
        used = {meeting["location_id"] for meeting in self.published}
        self.locations = {location.code: location for location in
                          MeetingLocation.objects.filter(Q(is_active=True) | Q(pk__in=used), event=event)
                          .select_related("hall").order_by("kind", "code")}
        self.location_by_pk = {location.pk: code for code, location in self.locations.items()}
        self.stand_of_exhibitor = self._stands()
        self.slot_position = {identifier: position for position, identifier in enumerate(self.slot_order)}

    def _stands(self) -> dict[int, str]:
        """The exhibitor's stand location (the first by code) for every exhibitor that has one."""
        stands = [location for location in self.locations.values() if location.stand_id and location.is_active]
        if not stands:
            return {}
        owners = dict(Stand.objects.filter(pk__in=[location.stand_id for location in stands])
                      .values_list("pk", "exhibitor_id"))
        result = {}
        for location in sorted(stands, key=lambda item: item.code):
            if owners.get(location.stand_id):
                result.setdefault(owners[location.stand_id], location.code)
        return result

    def held_slots(self, slot_pk: int, length: int) -> list[str]:
        first = self.slot_position[self.slot_by_pk[slot_pk]]
        return self.slot_order[first:first + length]


def _slot_times(builder: _Builder) -> list[tuple]:
    return [(identifier, *local_times(slot, builder.zone)) for identifier, slot in builder.slots.items()]


def _pinned(builder: _Builder, *, leave_out: int | None = None) -> tuple[dict, list, dict]:
    """The published meetings (but `leave_out`) as pinned meetings of the input: (planned, meetings,
    the slots each participant's pinned meetings hold)."""
    planned, meetings = {}, []
    pinned_slots = defaultdict(set)
    for meeting in builder.published:
        if meeting["id"] == leave_out:
            continue
        if meeting["slot_id"] not in builder.slot_by_pk or meeting["location_id"] not in builder.location_by_pk:
            continue
        people = builder.published_people.get(meeting["id"], [])
        held = builder.held_slots(meeting["slot_id"], meeting["length"])
        if len(people) < 2 or len(held) < meeting["length"]:
            continue
        identifier = f"m{meeting['id']}"
        for person in people:
            pinned_slots[person].update(held)
        planned[identifier] = Planned(meeting["request_id"], people, meeting["length"], meeting_id=meeting["id"])
        meetings.append({"id": identifier, "participants": [participant_id(p) for p in people],
                         "priority": meeting["request__priority"],
                         "length": meeting["length"], "location": builder.location_by_pk[meeting["location_id"]],
                         "pinned": {"slot": held[0], "location": builder.location_by_pk[meeting["location_id"]]}})
    return planned, meetings, pinned_slots


def _spec(builder: _Builder, planned, meetings, limits, periods, pinned_slots) -> dict:
    return {
        "name": f"{builder.event.slug}-b2b",
        "slots": [{"id": identifier, "start": slot.starts_at.astimezone(builder.zone).isoformat(),
                   "end": slot.ends_at.astimezone(builder.zone).isoformat()} for identifier, slot in builder.slots.items()],
        "locations": [{"id": code, "kind": location.kind, "hall": location.hall.code if location.hall else "-"}
                      for code, location in builder.locations.items()],
        "participants": _participants(builder, planned, limits, periods, pinned_slots),
        "meetings": meetings,
        "rules": {"hall_change_gap": builder.settings.hall_change_gap},
    }


def build_problem(event) -> Built:
    builder = _Builder(event)
    requests, team, munitions = _requests(event)
    everyone = {request["requester_id"] for request in requests} | {request["counterpart_id"] for request in requests}
    everyone |= {member for members in team.values() for member in members}
    everyone |= {person for people in builder.published_people.values() for person in people}
    registrations = _registrations(everyone)
    limits, periods = _profiles(event)
    planned, meetings, pinned_slots = _pinned(builder)
    skipped = []
    for request in requests:
        item = _request_item(builder, request, team, munitions, registrations)
        if isinstance(item, str):
            skipped.append({"request": request["id"], "reason": item})
            continue
        planned[item["id"]] = Planned(request["id"], item.pop("_people"), item["length"])
        meetings.append(item)
    spec = _spec(builder, planned, meetings, limits, periods, pinned_slots)
    return Built(spec, builder.slots, builder.slot_order, builder.locations, planned, skipped)


@dataclass
class MoveProblem:
    """The input for moving one published meeting (services.moving): `meeting` is its id in the input."""

    built: Built | None
    meeting: str
    refusal: str = ""  # the adapter's phrase when a run would no longer place the meeting's request at all


def move_problem(meeting: Meeting) -> MoveProblem:
    """The engine's input for moving one published meeting: every other published meeting pinned where
    it is, and this one free, asking of a place and a time what a run asks of its request (a secure
    room for a delegation or a Munitions List product, the exhibitor's stand, else a table; the time
    agreed when a proposal was accepted), with its own participants."""
    builder = _Builder(meeting.event)
    request = (MeetingRequest.objects.filter(pk=meeting.request_id)
               .values("id", "requester_id", "counterpart_id", "priority", "length", "proposed_slot_id").get())
    team = {request["id"]: list(MeetingRequest.team.through.objects.filter(meetingrequest_id=request["id"])
                                .order_by("pk").values_list("registration_id", flat=True))}
    munitions = set(MeetingRequest.products.through.objects.filter(
        meetingrequest_id=request["id"], product__control__istartswith="ML").values_list("meetingrequest_id", flat=True))
    people = list(MeetingParticipant.objects.filter(meeting=meeting).order_by("pk")
                  .values_list("registration_id", flat=True))
    everyone = {request["requester_id"], request["counterpart_id"], *team[request["id"]], *people}
    everyone |= {person for group in builder.published_people.values() for person in group}
    registrations = _registrations(everyone)
    identifier = f"m{meeting.pk}"
    item = _request_item(builder, request, team, munitions, registrations)
    if isinstance(item, str):
        return MoveProblem(None, identifier, item)
    planned, meetings, pinned_slots = _pinned(builder, leave_out=meeting.pk)
    item.pop("_people")
    # Who is in the meeting (and is told of the move) is who must be free: its own participants.
    item.update(id=identifier, participants=[participant_id(person) for person in people], length=meeting.length)
    if request["proposed_slot_id"] in builder.slot_by_pk:
        item["slots"] = builder.held_slots(request["proposed_slot_id"], meeting.length)
    planned[identifier] = Planned(request["id"], people, meeting.length)
    meetings.append(item)
    limits, periods = _profiles(meeting.event)
    spec = _spec(builder, planned, meetings, limits, periods, pinned_slots)
    return MoveProblem(Built(spec, builder.slots, builder.slot_order, builder.locations, planned), identifier)


def _stays(builder: _Builder, people) -> dict[int, set[str]]:
    """The slots within the stay of each official delegation member whose delegation gave its arrival or
    departure: a member meets nobody before the delegation arrives or after it has left."""
    return {person: {identifier for identifier, slot in builder.slots.items() if within_stay(stay, slot)}
            for person, stay in stays_of(people).items()}


def _participants(builder, planned, limits, periods, pinned_slots) -> list[dict]:
    slot_times = _slot_times(builder)
    people = sorted({person for item in planned.values() for person in item.participants})
    pinned_counts = defaultdict(int)
    for item in planned.values():
        if item.meeting_id is not None:
            for person in item.participants:
                pinned_counts[person] += 1
    stays = _stays(builder, people)
    result = []
    for person in people:
        entry = {"id": participant_id(person)}
        if periods.get(person) or person in stays:
            available = set(_available(periods[person], slot_times)) if periods.get(person) else set(builder.slot_order)
            if person in stays:
                available &= stays[person]
            available |= pinned_slots.get(person, set())
            entry["available"] = [identifier for identifier in builder.slot_order if identifier in available]
        limit = limits.get(person) or builder.settings.max_meetings
        entry["max_meetings"] = max(limit, pinned_counts[person])
        result.append(entry)
    return result


def _request_item(builder: _Builder, request: dict, team, munitions, registrations) -> dict | str:
    approved = Registration.Status.APPROVED
    requester, counterpart = registrations.get(request["requester_id"]), registrations.get(request["counterpart_id"])
    for role, row in (("requester", requester), ("counterpart", counterpart)):
        if row is None or row["status"] != approved:
            return f"the {role}'s registration is not approved"
    # Staff of an exhibitor withdrawn from the show (or not yet approved) get no new meeting; the published
    # ones stay where they are (pinned above), for the organiser to keep or cancel.
    for role, row in (("requester", requester), ("counterpart", counterpart)):
        if held_back(row["category__code"], row["exhibitor__status"]):
            return f"the {role}'s exhibitor is not approved at the show"
    people = [requester["id"], counterpart["id"]]
    for member in team.get(request["id"], []):
        row = registrations.get(member)
        if row is not None and row["status"] == approved and member not in people:
            people.append(member)
    item = {"id": f"q{request['id']}", "participants": [participant_id(p) for p in people],
            "priority": request["priority"], "length": max(1, request["length"]), "_people": people}
    if request["id"] in munitions or any(registrations[p]["delegation_id"] for p in people):
        item["location_kinds"] = [SECURE]
    else:
        stand = next((builder.stand_of_exhibitor[row["exhibitor_id"]] for row in (counterpart, requester)
                      if row["exhibitor_id"] in builder.stand_of_exhibitor), None)
        if stand is not None:
            item["location"] = stand
        else:
            item["location_kinds"] = [MeetingLocation.Kind.TABLE.value]
    if request["proposed_slot_id"] in builder.slot_by_pk:
        item["slots"] = builder.held_slots(request["proposed_slot_id"], item["length"])
    return item
