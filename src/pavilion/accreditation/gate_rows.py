"""The rows a gate scan reads and writes, and on PostgreSQL the three plain statements that do it.

A scan at 300 a second on two shared cores leaves a few milliseconds of CPU for the whole request,
and building ORM querysets, compiling them and making model instances cost several times more
than PostgreSQL spends answering (measured: ~12 ms of server CPU a scan through the ORM). So on
PostgreSQL the scan path (scanning.py) reads and writes with these statements, written once:

1. the badge with its holder, its row (only) locked until the transaction ends;
2. after the lock (a new snapshot: another gate's entry that committed while this one waited is
   seen), the badge's entry state in the gate's zone and whether a session is on behind the gate
   (then the programme's admission hook decides, through the ORM path);
3. the scan and, when the entry state moves, its upsert, in one statement (a data-modifying CTE):
   a repeated nonce fails the whole statement on the scan's unique constraint, nothing written.

Every decision is made in Python by the same functions as on the ORM path, on the same `Holder`
and `EntryState` rows, so the two paths answer alike (tests/accreditation/test_scan_sql.py).
"""

import datetime
import json
from dataclasses import dataclass
from types import SimpleNamespace
from typing import NamedTuple

from pavilion.accreditation.models import Badge, Presence, Scan
from pavilion.core.i18n import CONTENT_LANGUAGES, localized
from pavilion.programme.admission import SESSION_ON_SQL
from pavilion.registrations.models import Person, Registration, RegistrationCategory, full_name


@dataclass(frozen=True, slots=True)
class Holder:
    """A badge as a scan needs it: what the decision reads and what the operator is shown (from the
    badge's own records, never from the token)."""

    badge_id: int
    serial: int
    generation: int
    status: str
    windows: dict
    registration_id: int
    registration_status: str
    category: str
    category_name: str
    colour: str
    name: str
    organisation: str
    photo: str | None

    @classmethod
    def of(cls, badge: Badge) -> "Holder":
        registration = badge.registration
        person, category = registration.person, registration.category
        return cls(badge.pk, badge.serial, badge.generation, badge.status, badge.windows, registration.pk,
                   registration.status, category.code, category.name, category.badge_colour, person.full_name,
                   registration.organisation, person.photo.url if person.photo else None)

    def summary(self, generation: int | None) -> dict:
        """What the gate operator sees; the generation is the card's that was read."""
        return {"serial": self.serial, "generation": generation, "category": self.category,
                "category_name": self.category_name, "colour": self.colour, "name": self.name,
                "organisation": self.organisation, "photo": self.photo}


class EntryState(NamedTuple):
    """A badge's entry state in one zone (a Presence row) as passback reads it."""

    inside: bool
    day: datetime.date
    moved_at: datetime.datetime


def _table(model) -> str:
    return model._meta.db_table


_NAMES = ", ".join(f"c.name_{code}" for code in CONTENT_LANGUAGES)

LOCK_HOLDER = f"""
SELECT b.id, b.serial, b.generation, b.status, b.windows, r.id, r.status, r.organisation,
       p.given_name, p.patronymic, p.family_name, p.photo, c.code, c.badge_colour, {_NAMES}
FROM {_table(Badge)} b
JOIN {_table(Registration)} r ON r.id = b.registration_id
JOIN {_table(Person)} p ON p.id = r.person_id
JOIN {_table(RegistrationCategory)} c ON c.id = r.category_id
WHERE b.event_id = %s AND b.serial = %s
FOR UPDATE OF b"""

ENTRY_STATE = f"""
SELECT e.inside, e.day, e.moved_at, %(direction)s = 'in' AND EXISTS ({SESSION_ON_SQL})
FROM (SELECT 1) AS one
LEFT JOIN {_table(Presence)} e ON e.badge_id = %(badge)s AND e.zone_id = %(zone)s"""

_SCAN_COLUMNS = ("event_id, device_id, gate_id, zone_id, badge_id, generation, direction, result, reason, alert, "
                 "scanned_at, received_at, nonce, offline, override_reason, supervisor_id")
INSERT_SCAN = f"INSERT INTO {_table(Scan)} ({_SCAN_COLUMNS}) VALUES ({', '.join(['%s'] * 15)}, NULL)"

INSERT_SCAN_AND_MOVE = f"""
WITH stored AS ({INSERT_SCAN})
INSERT INTO {_table(Presence)} (badge_id, zone_id, inside, day, moved_at) VALUES (%s, %s, %s, %s, %s)
ON CONFLICT (badge_id, zone_id) DO UPDATE
SET inside = EXCLUDED.inside, day = EXCLUDED.day, moved_at = EXCLUDED.moved_at"""


_PHOTOS = Person._meta.get_field("photo").storage


def _holder(row) -> Holder:
    (badge_id, serial, generation, status, windows, registration_id, registration_status, organisation,
     given_name, patronymic, family_name, photo, category_code, colour, *names) = row
    # The models' own rules (the full name, the category's name in the request's language, the
    # photo's URL from its storage) on the raw values: no model instances on this path.
    category = SimpleNamespace(**{f"name_{code}": name for code, name in zip(CONTENT_LANGUAGES, names, strict=True)})
    if isinstance(windows, str):  # Django has psycopg hand jsonb over as text
        windows = json.loads(windows)
    return Holder(badge_id, serial, generation, status, windows, registration_id, registration_status,
                  category_code, localized(category, "name"), colour, full_name(given_name, patronymic, family_name),
                  organisation, _PHOTOS.url(photo) if photo else None)


def lock_holder(cursor, event_id: int, serial: int) -> Holder | None:
    """The badge of this event with this serial, its row locked (the caller is in a transaction)."""
    cursor.execute(LOCK_HOLDER, [event_id, serial])
    row = cursor.fetchone()
    return _holder(row) if row is not None else None


def entry_state(cursor, *, holder: Holder, gate, direction: str, moment: datetime.datetime,
                doors_open: datetime.timedelta) -> tuple[EntryState | None, bool]:
    """(the badge's entry state in the gate's zone or None, whether a session is on behind the gate
    for an entry); read after the badge's lock."""
    cursor.execute(ENTRY_STATE, {"direction": direction, "badge": holder.badge_id, "zone": gate.zone_id,
                                 "gate": gate.pk, "event": gate.event_id, "moment": moment,
                                 "doors_open": moment + doors_open})
    inside, day, moved_at, session_on = cursor.fetchone()
    return (EntryState(inside, day, moved_at) if day is not None else None), bool(session_on)


def store(cursor, *, event_id: int, device_id: int | None, gate, holder: Holder | None, generation: int | None,
          direction: str, reason: str | None, alert: str, scanned_at, received_at, nonce: str, offline: bool,
          move_day: datetime.date | None, moment: datetime.datetime) -> None:
    """Insert the scan and, when `move_day` is given, move the badge's entry state in one statement."""
    params = [event_id, device_id, gate.pk, gate.zone_id, holder.badge_id if holder else None, generation,
              direction, "denied" if reason else "granted", reason or "", alert, scanned_at, received_at, nonce,
              offline, ""]
    if move_day is None:
        cursor.execute(INSERT_SCAN, params)
    else:
        cursor.execute(INSERT_SCAN_AND_MOVE, [*params, holder.badge_id, gate.zone_id, direction == Scan.Direction.IN,
                                              move_day, moment])
