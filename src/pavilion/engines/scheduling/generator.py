"""Instances that look like a real show, for the benchmark and the tests.

A few exhibitors get most of the requests (Zipf-like popularity); visitors come for one to three
days and some only for half a day; 6% of the meetings are delegation meetings of two slots in a
secure room with three to five participants; 15% are held at the exhibitor's own stand; there are
more requests than table-slots; the B2B tables stand in one hall, the secure rooms in another and
the stands across the exhibition halls, and the hall-change rule is on.
"""

from __future__ import annotations

import datetime
import random

SIZES = {
    "small": {"participants": 200, "meetings": 1_000, "days": 2, "slots_per_day": 14, "locations": 30},
    "adex": {"participants": 1_500, "meetings": 8_000, "days": 3, "slots_per_day": 16, "locations": 150},
    "idex": {"participants": 10_000, "meetings": 60_000, "days": 5, "slots_per_day": 16, "locations": 800},
}


def _slots(days: int, per_day: int) -> list[dict]:
    """Half-hour slots from 09:30, with a lunch break splitting each day into two halves."""
    slots = []
    first = datetime.datetime(2024, 9, 24, 9, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=4)))
    for day in range(days):
        moment = first + datetime.timedelta(days=day)
        for index in range(per_day):
            if index == per_day // 2:
                moment += datetime.timedelta(hours=1)  # lunch: the slots either side are not consecutive
            end = moment + datetime.timedelta(minutes=30)
            slots.append({"id": f"d{day + 1}-{moment:%H%M}", "start": moment.isoformat(), "end": end.isoformat()})
            moment = end
    return slots


def _locations(count: int, exhibitors: int, rng: random.Random) -> tuple[list[dict], dict[int, str]]:
    secure = max(1, round(count * 0.05))
    stands = min(exhibitors, round(count * 0.3))
    tables = count - secure - stands
    halls = max(2, count // 120)
    locations = [{"id": f"T{i + 1:03d}", "kind": "table", "hall": "B2B"} for i in range(tables)]
    locations += [{"id": f"R-secure-{i + 1}", "kind": "secure-room", "hall": "Conference"} for i in range(secure)]
    stand_of = {}
    for index in range(stands):
        stand_id = f"stand-{index + 1:03d}"
        locations.append({"id": stand_id, "kind": "stand", "hall": f"H{rng.randrange(halls) + 1}"})
        stand_of[index] = stand_id  # the most popular exhibitors have the stands used for meetings
    return locations, stand_of


def _visitor_slots(slots: list[dict], days: int, per_day: int, rng: random.Random) -> list[str]:
    stay = min(days, rng.choice([1, 1, 2, 2, 3]))
    first_day = rng.randrange(days - stay + 1)
    chosen = []
    for day in range(first_day, first_day + stay):
        day_slots = slots[day * per_day:(day + 1) * per_day]
        if rng.random() < 0.2:  # a half-day visit
            half = per_day // 2
            day_slots = day_slots[:half] if rng.random() < 0.5 else day_slots[half:]
        chosen += [slot["id"] for slot in day_slots]
    return chosen


def _meeting(index, visitor, exhibitor, visitors, stand_of, rng) -> dict:
    meeting = {"id": f"m-{index + 1}", "participants": [f"v-{visitor}", f"x-{exhibitor}"]}
    roll = rng.random()
    if roll < 0.06:
        others = rng.sample(range(visitors), rng.randint(1, 3))
        meeting["participants"] += [f"v-{o}" for o in others if o != visitor]
        meeting.update(priority=5, length=2, location_kinds=["secure-room"])
    elif roll < 0.21 and exhibitor in stand_of:
        meeting.update(priority=rng.choice([1, 2, 3]), location=stand_of[exhibitor])
    else:
        meeting["priority"] = rng.choice([1, 1, 1, 2, 2, 3])
    return meeting


def generate(size: str = "small", seed: int = 1, **overrides) -> dict:
    """An input of the spec's format for one of SIZES (numbers may be overridden)."""
    shape = {**SIZES[size], **overrides}
    rng = random.Random(seed)
    days, per_day = shape["days"], shape["slots_per_day"]
    exhibitors = max(2, shape["participants"] // 4)
    visitors = shape["participants"] - exhibitors
    slots = _slots(days, per_day)
    locations, stand_of = _locations(shape["locations"], exhibitors, rng)
    participants = [{"id": f"x-{i}"} for i in range(exhibitors)]
    participants += [
        {"id": f"v-{i}", "available": _visitor_slots(slots, days, per_day, rng), "max_meetings": rng.randint(4, 12)}
        for i in range(visitors)
    ]
    popularity = [1 / (rank + 1) ** 0.9 for rank in range(exhibitors)]
    seen, meetings = set(), []
    while len(meetings) < shape["meetings"]:
        visitor = rng.randrange(visitors)
        exhibitor = rng.choices(range(exhibitors), weights=popularity)[0]
        if (visitor, exhibitor) in seen:
            continue
        seen.add((visitor, exhibitor))
        meetings.append(_meeting(len(meetings), visitor, exhibitor, visitors, stand_of, rng))
    return {"name": f"generated-{size}-{seed}", "slots": slots, "locations": locations,
            "participants": participants, "meetings": meetings, "rules": {"hall_change_gap": True}}
