"""The plain-SQL scan paths of PostgreSQL (gate_rows.py) against the ORM path they replace: the same
sequence of scans, run once through each (rolled back in between), gives the same answers and
stores the same scan, entry-state and session-admission rows. The read-then-write path and the
locked path it falls back to are compared each; and a write that finds the entry state or the
badge changed since its read is decided again under the lock."""

import datetime

import pytest
from django.db import connection, transaction
from django.test import Client

from pavilion.accreditation import gate_rows, issuing, scanning, services
from pavilion.accreditation.models import Presence, Scan
from pavilion.engines.badges import KeyRing, base45, decode, issue_token
from pavilion.programme import services as programme_services
from pavilion.programme.admission import DOORS_OPEN, SESSION_ON_SQL, session_at_gate
from pavilion.programme.models import Session, SessionAdmission
from pavilion.registrations import photos
from pavilion.registrations import services as registration_services
from tests.accreditation.support import NOON, baku, scan_body
from tests.programme.support import programme  # noqa: F401

pytestmark = pytest.mark.postgres

SCAN_FIELDS = ("device_id", "gate_id", "zone_id", "badge_id", "generation", "direction", "result", "reason", "alert",
               "scanned_at", "received_at", "nonce", "offline", "override_reason", "supervisor_id")


def _with_key_id(token: str, key_id: int) -> str:
    signed, signature, _claims = decode(token)
    data = bytearray(signed + signature)
    data[5:7] = key_id.to_bytes(2, "big")
    return "PV1:" + base45.encode(bytes(data))


@pytest.fixture
def cases(world, gates, badge_of, commit, programme):  # noqa: F811
    """(clock, token, gate, device token, direction, nonce) of every kind of scan, in order."""
    event, organiser = world.event, world.organiser
    visitor, vip, revoked, reprinted, held, contractor, third = (
        badge_of(), badge_of("vip"), badge_of(), badge_of(), badge_of(), badge_of("contractor"), badge_of())
    holder = visitor.registration.person
    holder.photo.name = "photos/visitor.jpg"  # the operator sees the photo's URL
    holder.save(update_fields=["photo"])
    old_token = reprinted.token
    issuing.badge_reprint(actor=organiser, badge=reprinted)
    reprinted.refresh_from_db()
    issuing.badge_revoke(actor=organiser, badge=revoked, reason="lost")
    registration_services.registration_after_screening(registration=held.registration, has_open_alerts=True)
    signer = services.signing_ring(services.keyring_row(event))
    unknown = issue_token(signer, serial=999_999, generation=1, zones=visitor.zones, not_before=visitor.not_before,
                          not_after=visitor.not_after)
    forged = issue_token(KeyRing.generate(event.pk), serial=visitor.serial, generation=1, zones=visitor.zones,
                         not_before=visitor.not_before, not_after=visitor.not_after)
    foreign = issue_token(KeyRing.generate(event.pk + 1000), serial=visitor.serial, generation=1, zones=visitor.zones,
                          not_before=visitor.not_before, not_after=visitor.not_after)
    build_token = services.device_enrol(actor=organiser, gate=gates.build, name="loading bay")[1]
    door_token = services.device_enrol(actor=organiser, gate=programme.door, name="room A door")[1]
    small_gate = programme.small_room.gate
    small_token = services.device_enrol(actor=organiser, gate=small_gate, name="room B door")[1]
    programme.session(admission=Session.Admission.REGISTERED, starts_at=baku(24, 11, 45), ends_at=baku(24, 13))
    programme.session(room=programme.small_room, admission=Session.Admission.BADGE, starts_at=baku(24, 12),
                      ends_at=baku(24, 13))
    hall, vip_gate, noon, hall_token, vip_token = gates.hall, gates.vip, NOON, gates.token, gates.vip_token
    steps = [
        (noon, visitor.token, hall, hall_token, "in", "granted"),
        (noon, visitor.token, hall, hall_token, "in", "soft-passback"),
        (noon, visitor.token.lower(), hall, hall_token, "out", "out"),
        (noon, vip.token, vip_gate, vip_token, "in", "vip-in"),
        (noon, vip.token, vip_gate, vip_token, "in", "hard-passback"),
        (noon, revoked.token, hall, hall_token, "in", "revoked"),
        (noon, old_token, hall, hall_token, "in", "superseded"),
        (noon, reprinted.token, hall, hall_token, "in", "reprinted"),
        (noon, held.token, hall, hall_token, "in", "not-cleared"),
        (baku(24, 8, 59, 59), visitor.token, hall, hall_token, "in", "not-yet-valid"),
        (baku(26, 18, 0, 1), visitor.token, hall, hall_token, "in", "expired"),
        (noon, contractor.token, gates.build, build_token, "in", "grant-window"),
        (baku(21, 7), contractor.token, gates.build, build_token, "in", "build-up"),
        (noon, visitor.token, vip_gate, vip_token, "in", "zone-not-granted"),
        (noon, unknown, hall, hall_token, "in", "unknown-badge"),
        (noon, forged, hall, hall_token, "in", "forged"),
        (noon, foreign, hall, hall_token, "in", "wrong-event"),
        (noon, _with_key_id(visitor.token, 9), hall, hall_token, "in", "unknown-key"),
        (noon, "PV1:NOT-A-BADGE", hall, hall_token, "in", "garbage"),
        (noon, visitor.token, programme.door, door_token, "in", "not-on-session-list"),
        (noon, visitor.token, small_gate, small_token, "in", "session-seat-1"),
        (noon, reprinted.token, small_gate, small_token, "in", "session-seat-2"),
        (noon, third.token, small_gate, small_token, "in", "session-full"),
        (noon, visitor.token, small_gate, small_token, "out", "session-exit"),
        (noon, visitor.token, small_gate, small_token, "in", "session-back"),
        (noon, visitor.token, hall, hall_token, "in", "granted"),  # a repeated nonce: the first answer
    ]
    return steps


def _run(steps, settings) -> tuple[list, list, list, list, int]:
    """Every step through the API, then what it stored and the most statements found prepared at
    once; all of it rolled back afterwards."""
    client = Client()
    prepared = 0
    with transaction.atomic():
        answers = []
        for moment, token, gate, device_token, direction, nonce in steps:
            settings.PAVILION_CLOCK = moment.isoformat()
            response = client.post("/api/v1/scans", scan_body(token, gate, direction, at=moment, nonce=nonce),
                                   content_type="application/json", headers={"Authorization": f"Device {device_token}"})
            answers.append((nonce, response.status_code, response.json()))
            with connection.cursor() as cursor:  # psycopg drops them at a rollback: look after each scan
                cursor.execute("SELECT count(*) FROM pg_prepared_statements")
                prepared = max(prepared, cursor.fetchone()[0])
        scans = list(Scan.objects.order_by("id").values_list(*SCAN_FIELDS))
        presences = list(Presence.objects.order_by("badge_id", "zone_id")
                         .values_list("badge_id", "zone_id", "inside", "day", "moved_at"))
        admissions = list(SessionAdmission.objects.order_by("id").values_list(
            "session_id", "scan__nonce", "registration_id", "badge_serial", "at", "result", "reason"))
        transaction.set_rollback(True)
    return answers, scans, presences, admissions, prepared


def _locked_only(cursor, point, scan, gate, moment, serial, offline, seen):
    return scanning._record_sql(point, scan, gate, moment, serial, offline)


@pytest.mark.parametrize("path", ["read-then-write", "locked"])
@pytest.mark.parametrize("prepared", [False, True], ids=["unprepared", "prepared"])
def test_the_sql_path_answers_and_stores_as_the_orm_path(on_postgres, cases, settings, monkeypatch, prepared, path):
    connection.ensure_connection()
    monkeypatch.setattr(connection.connection, "prepare_threshold", 0 if prepared else None)
    with monkeypatch.context() as patch:
        if path == "locked":
            patch.setattr(scanning, "_record_seen", _locked_only)
        through_sql = _run(cases, settings)
    assert (through_sql[4] >= 2) if prepared else (through_sql[4] == 0)
    monkeypatch.setattr(scanning, "_record_seen", _locked_only)
    monkeypatch.setattr(scanning, "_record_sql", scanning._record)  # the ORM path, as on SQLite
    through_orm = _run(cases, settings)

    answers = {nonce: (status, body["result"], body["reason"]) for nonce, status, body in through_sql[0]}
    granted = (200, "granted", None)
    expected = {
        "granted": granted, "soft-passback": granted, "out": granted, "vip-in": granted, "reprinted": granted,
        "hard-passback": (200, "denied", "passback"), "revoked": (200, "denied", "revoked"),
        "superseded": (200, "denied", "superseded"), "not-cleared": (200, "denied", "not_cleared"),
        "not-yet-valid": (200, "denied", "not_yet_valid"), "expired": (200, "denied", "expired"),
        "grant-window": (200, "denied", "expired"), "build-up": granted,  # build-up days are over
        "zone-not-granted": (200, "denied", "zone_not_granted"), "unknown-badge": (200, "denied", "invalid"),
        "forged": (200, "denied", "invalid"), "wrong-event": (200, "denied", "wrong_event"),
        "unknown-key": (200, "denied", "unknown_key"), "garbage": (200, "denied", "invalid"),
        # a session door's own reasons: the API's `zone_not_granted` with the door's as `detail`
        "not-on-session-list": (200, "denied", "zone_not_granted"), "session-seat-1": granted,
        "session-seat-2": granted, "session-full": (200, "denied", "zone_not_granted"), "session-exit": granted,
        "session-back": granted,
    }
    assert answers == expected
    details = {nonce: body["detail"] for nonce, _status, body in through_sql[0] if "detail" in body}
    assert details == {"not-on-session-list": "not_on_session_list", "session-full": "session_full"}
    photo = through_sql[0][0][2]["badge"]["photo"]  # the photo's signed address (registrations.photos)
    assert photos.stored_name(photo.removeprefix("/photos/")) == "photos/visitor.jpg"
    assert through_sql[0][-1] == through_sql[0][0]  # the repeated nonce got the first answer
    assert len(through_sql[1]) == len(cases) - 1  # the repeated nonce stored nothing
    assert through_sql[2] and through_sql[3]  # entry states moved, admissions recorded

    assert through_sql[0] == through_orm[0]
    assert through_sql[1] == through_orm[1]
    assert through_sql[2] == through_orm[2]
    assert through_sql[3] == through_orm[3]


@pytest.mark.parametrize("room_has_a_gate", [True, False])
@pytest.mark.parametrize("minutes, on", [(-25, False), (-15, True), (30, True), (60, False), (80, False)])
def test_the_session_question_in_sql_agrees_with_session_at_gate(on_postgres, programme, room_has_a_gate,  # noqa: F811
                                                                 minutes, on):
    if room_has_a_gate:
        room = programme.room  # its door admits, the zone's other gates do not
    else:
        room = programme_services.room_create(actor=programme.world.organiser, event=programme.world.event,
                                              code="room-c", name_en="Room C", name_az="", name_ru="", capacity=10,
                                              zone=programme.door.zone)
    programme.session(room=room, starts_at=baku(24, 12), ends_at=baku(24, 13))
    programme.session(room=room, starts_at=baku(24, 13, 30), ends_at=baku(24, 15), status=Session.Status.DRAFT)
    moment = baku(24, 12) + datetime.timedelta(minutes=minutes)
    for gate in (programme.door, programme.small_room.gate):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT EXISTS ({SESSION_ON_SQL})", {
                "gate": gate.pk, "zone": gate.zone_id, "event": gate.event_id, "moment": moment,
                "doors_open": moment + DOORS_OPEN})
            found = cursor.fetchone()[0]
        assert found == (session_at_gate(gate, moment) is not None)
        assert found == (on and (gate == programme.door or not room_has_a_gate))


def _between_read_and_write(monkeypatch, act):
    """Run `act()` once, right after the next scan's read (gate_rows.at_gate)."""
    read = gate_rows.at_gate
    pending = [act]

    def at_gate(*args, **kwargs):
        seen = read(*args, **kwargs)
        while pending:
            pending.pop()()
        return seen

    monkeypatch.setattr(gate_rows, "at_gate", at_gate)


@pytest.mark.parametrize("zone", ["hall", "vip"])
def test_another_gate_letting_the_badge_in_after_the_read_is_seen_under_the_lock(on_postgres, gates, badge_of,
                                                                                 scan, monkeypatch, zone):
    badge = badge_of("vip")
    gate, token = (gates.hall, gates.token) if zone == "hall" else (gates.vip, gates.vip_token)
    other_gate = gates.hall_b if zone == "hall" else gates.vip
    other = services.device_enrol(actor=None, gate=other_gate, name="other")[1]
    taken = []
    _between_read_and_write(monkeypatch, lambda: taken.append(scan(badge.token, other_gate, token=other)))
    answer = scan(badge.token, gate, token=token)
    assert (taken[0]["result"], taken[0]["reason"]) == ("granted", None)
    stored = list(Scan.objects.filter(badge=badge).order_by("id").values_list("result", "reason", "alert"))
    if zone == "hall":  # soft passback: both let in, the later one with an alert
        assert (answer["result"], answer["reason"]) == ("granted", None)
        assert stored == [("granted", "", ""), ("granted", "", "passback")]
    else:  # hard passback: the later one refused
        assert (answer["result"], answer["reason"]) == ("denied", "passback")
        assert stored == [("granted", "", ""), ("denied", "passback", "")]
    assert Presence.objects.get(badge=badge, zone=gate.zone).inside


def test_a_badge_revoked_after_the_read_is_refused(on_postgres, world, gates, badge_of, scan, monkeypatch):
    badge = badge_of()
    _between_read_and_write(monkeypatch, lambda: issuing.badge_revoke(actor=world.organiser, badge=badge,
                                                                      reason="lost"))
    answer = scan(badge.token)
    assert (answer["result"], answer["reason"]) == ("denied", "revoked")
    assert list(Scan.objects.filter(badge=badge).values_list("result", "reason")) == [("denied", "revoked")]
    assert not Presence.objects.filter(badge=badge).exists()


def test_a_registration_rejected_after_the_read_is_refused(on_postgres, world, gates, badge_of, scan, monkeypatch):
    badge = badge_of()
    registration = badge.registration

    def reject():  # the registration's row changes (its badge's too, as rejecting revokes it)
        type(registration).objects.filter(pk=registration.pk).update(status="rejected")

    _between_read_and_write(monkeypatch, reject)
    answer = scan(badge.token)
    assert (answer["result"], answer["reason"]) == ("denied", "revoked")
    assert not Presence.objects.filter(badge=badge).exists()
