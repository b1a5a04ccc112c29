"""Admission to a session by the badge scan at the room's gate.

The accreditation scan path calls `session_admission_check` for a badge it is about to let into
a zone, inside its transaction and after locking the badge. When the gate leads into a room
where a session is on (or about to begin), the programme answers:

- `not_on_session_list`: the session is for registered attendees (or by invitation) and the
  badge's registration has no confirmed seat;
- `session_full`: as many people as the room holds have already been admitted;
- nothing: admitted.

The scan is then recorded as usual and `SessionAdmission.record` keeps the programme's own
append-only record of it (granted or denied), from which attendance is counted. Someone already
admitted to the session is always let in again (they went out and come back to their seat).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q

from pavilion.programme.models import Bookmark, Room, Session, SessionAdmission

DOORS_OPEN = datetime.timedelta(minutes=20)  # a scan this long before the start counts for the session
NOT_ON_LIST = "not_on_session_list"
FULL = "session_full"


@dataclass(frozen=True)
class AdmissionDecision:
    session: Session
    registration_id: int
    serial: int
    moment: datetime.datetime
    reason: str | None

    def record(self, scan) -> SessionAdmission:
        """Keep the programme's record of the scan just stored (once per scan)."""
        return SessionAdmission.objects.create(
            session=self.session, scan=scan, registration_id=self.registration_id, badge_serial=self.serial,
            at=self.moment, result=SessionAdmission.Result.DENIED if self.reason else SessionAdmission.Result.GRANTED,
            reason=self.reason or "")


def session_at_gate(gate, moment: datetime.datetime) -> Session | None:
    """The published session a scan at this gate at this moment is for: in a room whose door is
    this gate (or, for a room without its own gate, in this gate's zone), between the doors
    opening and its end; when two qualify, the one that starts closest to the moment."""
    rooms = Q(room__gate=gate) | Q(room__gate__isnull=True, room__zone_id=gate.zone_id)
    candidates = list(Session.objects.filter(rooms, event_id=gate.event_id, status=Session.Status.PUBLISHED,
                                             starts_at__lte=moment + DOORS_OPEN, ends_at__gt=moment)
                      .select_related("room"))
    if not candidates:
        return None
    return min(candidates, key=lambda session: (abs(session.starts_at - moment), session.pk))


# session_at_gate's question as SQL, for the accreditation app's plain-SQL scan path (gate_rows.py):
# is there any such session? `event`, `gate` and `zone` (the gate's) are SQL expressions, by
# default the named parameters of those names; the named parameters moment and doors_open (the
# moment plus DOORS_OPEN) are always used. Kept beside session_at_gate so that the two change
# together (tests/accreditation/test_scan_sql.py compares them).
def session_on_sql(*, event: str = "%(event)s", gate: str = "%(gate)s", zone: str = "%(zone)s") -> str:
    return f"""
SELECT 1 FROM {Session._meta.db_table} AS s JOIN {Room._meta.db_table} AS room ON room.id = s.room_id
WHERE s.event_id = {event} AND s.status = '{Session.Status.PUBLISHED.value}'
  AND s.starts_at <= %(doors_open)s AND s.ends_at > %(moment)s
  AND (room.gate_id = {gate} OR (room.gate_id IS NULL AND room.zone_id = {zone}))"""


SESSION_ON_SQL = session_on_sql()


def session_admission_check(*, gate, badge, direction: str, moment: datetime.datetime) -> AdmissionDecision | None:
    """The hook of the accreditation scan path (see the module's docstring). Returns None when
    the scan is not an admission to a session (an exit, or no session on behind this gate)."""
    if direction != "in":
        return None
    found = session_at_gate(gate, moment)
    if found is None:
        return None
    # The session row is the lock that orders admissions to it: the room's last seat goes once.
    session = Session.objects.select_for_update().select_related("room").get(pk=found.pk)
    registration_id = badge.registration_id
    admitted = SessionAdmission.objects.filter(session=session, result=SessionAdmission.Result.GRANTED)
    reason = None
    if not admitted.filter(registration_id=registration_id).exists():
        if session.needs_a_seat and not Bookmark.objects.filter(
                session=session, registration_id=registration_id, status=Bookmark.Status.CONFIRMED).exists():
            reason = NOT_ON_LIST
        elif (session.admission != Session.Admission.OPEN
              and admitted.values("registration_id").distinct().count() >= session.capacity):
            reason = FULL
    return AdmissionDecision(session, registration_id, badge.serial, moment, reason)
