"""The rows a gate scan reads and writes, and on PostgreSQL the plain statements that do it.

A scan at 300 a second on two shared cores leaves a few milliseconds of CPU for the whole request,
and building ORM querysets, compiling them and making model instances cost several times more
than PostgreSQL spends answering (measured: ~12 ms of server CPU a scan through the ORM); so does
every round trip to the database (each costs both processes a wake-up on the same cores). So on
PostgreSQL a scan (scanning.py) is two statements, written once:

1. `AT_GATE`: the device (by its token's digest for the online scan's fast path, by its id
   otherwise; never a revoked one) with its gate, zone, event's time zone and public keys; the
   badge the token names with its holder and the versions (`xmin`) of the badge and registration
   rows; its entry state in the gate's zone; and whether a session is on behind the gate (then
   the programme's admission hook decides, through the ORM path). Nothing is locked.
2. the scan, and when the entry state moves, `STORE_IF_UNCHANGED`: it locks the badge's row (as
   the locked path below does: every entry state changes under that lock), then writes the entry
   state only if it and the badge's and registration's rows are still as statement 1 read them,
   and the scan only with it (a data-modifying CTE; a repeated nonce fails the whole statement on
   the scan's unique constraint, nothing written). When something changed in between (another
   gate let the same badge in, a revocation), nothing is written and the scan is decided again
   under the lock:
3. the locked path: the badge with its holder, its row locked until the transaction ends; after
   the lock (a new snapshot: another gate's entry that committed while this one waited is seen)
   the entry state and the session question; then the scan and the entry state in one statement.

Every decision is made in Python by the same functions as on the ORM path, on the same `Holder`
and `EntryState` rows, so the paths answer alike (tests/accreditation/test_scan_sql.py).
"""

import datetime
import json
from dataclasses import dataclass
from types import SimpleNamespace
from typing import NamedTuple

from pavilion.accreditation.models import Badge, BadgeKeyRing, Device, Gate, Presence, Scan, Zone
from pavilion.core.i18n import CONTENT_LANGUAGES, localized
from pavilion.events.models import Event
from pavilion.programme.admission import SESSION_ON_SQL, session_on_sql
from pavilion.registrations.models import Person, Registration, RegistrationCategory, full_name
from pavilion.registrations.photos import photo_url


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
                   holder_organisation(registration.organisation, registration.media_outlet),
                   photo_url(person.photo.name))

    def summary(self, generation: int | None) -> dict:
        """What the gate operator sees; the generation is the card's that was read."""
        return {"serial": self.serial, "generation": generation, "category": self.category,
                "category_name": self.category_name, "colour": self.colour, "name": self.name,
                "organisation": self.organisation, "photo": self.photo}


def holder_organisation(organisation: str, media_outlet: str) -> str:
    """Where the holder comes from, as the gate, the badge page and the card show it: the
    organisation, or a journalist's media outlet (media registrations give only that)."""
    return organisation or media_outlet or ""


class EntryState(NamedTuple):
    """A badge's entry state in one zone (a Presence row) as passback reads it."""

    inside: bool
    day: datetime.date
    moved_at: datetime.datetime


def _table(model) -> str:
    return model._meta.db_table


_NAMES = ", ".join(f"c.name_{code}" for code in CONTENT_LANGUAGES)

_HOLDER_COLUMNS = f"""b.id AS badge_id, b.serial, b.generation, b.status AS badge_status, b.windows,
       r.id AS registration_id, r.status AS registration_status, r.organisation, r.media_outlet, p.given_name,
       p.patronymic,
       p.family_name, p.photo, c.code, c.badge_colour, {_NAMES}"""
_HOLDER_FROM = f"""FROM {_table(Badge)} b
JOIN {_table(Registration)} r ON r.id = b.registration_id
JOIN {_table(Person)} p ON p.id = r.person_id
JOIN {_table(RegistrationCategory)} c ON c.id = r.category_id"""
_HOLDER_WIDTH = 15 + len(CONTENT_LANGUAGES)

LOCK_HOLDER = f"""
SELECT {_HOLDER_COLUMNS}
{_HOLDER_FROM}
WHERE b.event_id = %s AND b.serial = %s
FOR NO KEY UPDATE OF b"""

_AT_GATE = f"""
SELECT d.id, d.event_id, g.id, g.code, g.zone_id, z.number, z.passback, ev.time_zone, k.public_keys::text,
       h.*, e.inside, e.day, e.moved_at,
       %(direction)s = 'in' AND EXISTS ({session_on_sql(event="d.event_id", gate="g.id", zone="g.zone_id")}),
       d.last_seen_at
FROM {_table(Device)} d
JOIN {_table(Gate)} g ON g.id = d.gate_id
JOIN {_table(Zone)} z ON z.id = g.zone_id
JOIN {_table(Event)} ev ON ev.id = d.event_id
LEFT JOIN {_table(BadgeKeyRing)} k ON k.event_id = d.event_id
LEFT JOIN LATERAL (
  SELECT {_HOLDER_COLUMNS}, b.xmin::text AS badge_version, r.xmin::text AS registration_version
  {_HOLDER_FROM}
  WHERE b.event_id = d.event_id AND b.serial = %(serial)s AND d.event_id = %(claimed_event)s) h ON TRUE
LEFT JOIN {_table(Presence)} e ON e.badge_id = h.badge_id AND e.zone_id = g.zone_id
WHERE d.revoked_at IS NULL AND """
AT_GATE_BY_DIGEST = _AT_GATE + "d.digest = %(digest)s"
AT_GATE_BY_DEVICE = _AT_GATE + "d.id = %(device)s"

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


STORE_IF_UNCHANGED = f"""
WITH locked AS (
  SELECT b.id FROM {_table(Badge)} b JOIN {_table(Registration)} r ON r.id = b.registration_id
  WHERE b.id = %(badge)s AND b.xmin = %(badge_version)s::text::xid AND r.xmin = %(registration_version)s::text::xid
  FOR NO KEY UPDATE OF b),
moved AS (
  INSERT INTO {_table(Presence)} (badge_id, zone_id, inside, day, moved_at)
  SELECT id, %(zone)s, %(inside)s, %(day)s, %(moment)s FROM locked
  ON CONFLICT (badge_id, zone_id) DO UPDATE
  SET inside = EXCLUDED.inside, day = EXCLUDED.day, moved_at = EXCLUDED.moved_at
  WHERE {_table(Presence)}.inside = %(was_inside)s AND {_table(Presence)}.day = %(was_day)s
    AND {_table(Presence)}.moved_at = %(was_moved_at)s
  RETURNING 1)
INSERT INTO {_table(Scan)} ({_SCAN_COLUMNS})
SELECT %(event)s, %(device)s, %(gate)s, %(zone)s, %(badge)s, %(generation)s, %(direction)s, 'granted', '', %(alert)s,
       %(scanned_at)s, %(received_at)s, %(nonce)s, %(offline)s, '', NULL
FROM moved"""


def _holder(row) -> Holder:
    (badge_id, serial, generation, status, windows, registration_id, registration_status, organisation,
     media_outlet, given_name, patronymic, family_name, photo, category_code, colour, *names) = row
    # The models' own rules (the full name, the category's name in the request's language, the
    # photo's signed address) on the raw values: no model instances on this path.
    category = SimpleNamespace(**{f"name_{code}": name for code, name in zip(CONTENT_LANGUAGES, names, strict=True)})
    if isinstance(windows, str):  # Django has psycopg hand jsonb over as text
        windows = json.loads(windows)
    return Holder(badge_id, serial, generation, status, windows, registration_id, registration_status,
                  category_code, localized(category, "name"), colour, full_name(given_name, patronymic, family_name),
                  holder_organisation(organisation, media_outlet), photo_url(photo))


@dataclass(frozen=True, slots=True)
class ZoneRow:
    """A gate's zone as a scan decides on it (duck-typed like the `Zone` model's fields)."""

    number: int
    passback: str


@dataclass(frozen=True, slots=True)
class GateRow:
    """A device's gate as a scan stores it (duck-typed like the `Gate` model's fields)."""

    pk: int
    code: str
    event_id: int
    zone_id: int
    zone: ZoneRow


@dataclass(frozen=True, slots=True)
class AtGate:
    """What statement 1 read for one scan (see the module's docstring)."""

    device_id: int
    gate: GateRow
    time_zone: str
    public_keys: str | None  # the event's public key ring as JSON text; None before the first badge
    holder: Holder | None
    versions: tuple[str, str] | None  # (badge, registration) row versions as read
    entry: EntryState | None
    session_on: bool
    device_seen_at: datetime.datetime | None = None  # the device's last contact (services.device_seen)


def at_gate(cursor, *, serial: int | None, claimed_event: int | None, direction: str, moment: datetime.datetime,
            doors_open: datetime.timedelta, digest: str | None = None, device: int | None = None) -> AtGate | None:
    """Statement 1 for the device with this token digest (or id), None when there is no such
    device or it is revoked. The badge is the one with `serial` in the device's event, if the
    token claims that event."""
    params = {"serial": serial, "claimed_event": claimed_event, "direction": direction, "moment": moment,
              "doors_open": moment + doors_open}
    if digest is not None:
        cursor.execute(AT_GATE_BY_DIGEST, params | {"digest": digest})
    else:
        cursor.execute(AT_GATE_BY_DEVICE, params | {"device": device})
    row = cursor.fetchone()
    if row is None:
        return None
    device_id, event_id, gate_id, code, zone_id, number, passback, time_zone, public_keys = row[:9]
    found = row[9:9 + _HOLDER_WIDTH]
    badge_version, registration_version, inside, day, moved_at, session_on, last_seen_at = row[9 + _HOLDER_WIDTH:]
    holder = _holder(found) if found[0] is not None else None
    return AtGate(device_id, GateRow(gate_id, code, event_id, zone_id, ZoneRow(number, passback)), time_zone,
                  public_keys, holder, (badge_version, registration_version) if holder else None,
                  EntryState(inside, day, moved_at) if day is not None else None, bool(session_on), last_seen_at)


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


def store_if_unchanged(cursor, *, event_id: int, device_id: int, gate, seen: AtGate, generation: int, direction: str,
                       alert: str, scanned_at, received_at, nonce: str, offline: bool, move_day: datetime.date,
                       moment: datetime.datetime) -> bool:
    """A granted scan that moves the entry state, in one statement, only if the entry state and
    the badge's and registration's rows are as `seen` read them; whether it was written."""
    was = seen.entry or EntryState(None, None, None)
    cursor.execute(STORE_IF_UNCHANGED, {
        "event": event_id, "device": device_id, "gate": gate.pk, "zone": gate.zone_id, "badge": seen.holder.badge_id,
        "generation": generation, "direction": direction, "alert": alert, "scanned_at": scanned_at,
        "received_at": received_at, "nonce": nonce, "offline": offline, "inside": direction == Scan.Direction.IN,
        "day": move_day, "moment": moment, "badge_version": seen.versions[0], "registration_version": seen.versions[1],
        "was_inside": was.inside, "was_day": was.day, "was_moved_at": was.moved_at})
    return cursor.rowcount == 1
