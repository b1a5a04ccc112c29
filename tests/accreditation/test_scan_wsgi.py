"""The fast path of `POST /api/v1/scans` (accreditation/scan_wsgi.py) against Django's stack with
the ninja endpoint: the same requests, sent through each WSGI application (rolled back in
between), get the same status, headers and body bytes and store the same rows. On SQLite the fast
path is off and Django answers everything."""

import io
import json
import sys

from django.core import signals
from django.db import close_old_connections, connection, transaction

from pavilion.accreditation import scan_wsgi, services
from pavilion.accreditation.models import Presence, Scan
from pavilion.programme.models import SessionAdmission
from pavilion.wsgi import application
from tests.accreditation.support import NOON, scan_body
from tests.accreditation.test_scan_sql import SCAN_FIELDS, cases  # noqa: F401
from tests.programme.support import programme  # noqa: F401


def _environ(body: bytes, headers: dict, method="POST", path="/api/v1/scans", length=True) -> dict:
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "SCRIPT_NAME": "", "QUERY_STRING": "",
               "SERVER_NAME": "testserver", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
               "HTTP_HOST": "testserver", "REMOTE_ADDR": "127.0.0.1", "wsgi.version": (1, 0),
               "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(body), "wsgi.errors": sys.stderr,
               "wsgi.multithread": True, "wsgi.multiprocess": True, "wsgi.run_once": False,
               "CONTENT_TYPE": "application/json"}
    if length:
        environ["CONTENT_LENGTH"] = str(len(body))
    for name, value in headers.items():
        environ[name] = value
    return environ


def _call(app, environ) -> tuple[str, list, bytes]:
    """One request through a WSGI application, as a server would send it. Django's signals that
    close connections are held off meanwhile, as Django's test client does: the test's
    transaction is still open."""
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer.update(status=status, headers=headers)

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        chunks = app(environ, start_response)
        body = b"".join(chunks)
        getattr(chunks, "close", lambda: None)()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    return answer["status"], answer["headers"], body


def _stored() -> tuple[list, list, list]:
    return (list(Scan.objects.order_by("id").values_list(*SCAN_FIELDS)),
            list(Presence.objects.order_by("badge_id", "zone_id").values_list(
                "badge_id", "zone_id", "inside", "day", "moved_at")),
            list(SessionAdmission.objects.order_by("id").values_list(
                "session_id", "scan__nonce", "registration_id", "badge_serial", "at", "result", "reason")))


class _Counted:
    """Django's application, counting the requests the fast path hands to it."""

    def __init__(self):
        self.count = 0

    def __call__(self, environ, start_response):
        self.count += 1
        return application.django_app(environ, start_response)


def _both(requests, settings) -> tuple[list, list, int]:
    """Every request through the fast path, then through Django alone; answers and stored rows of
    each, rolled back after each run, and how many requests the fast path handed to Django.
    `requests`: (clock or None, environ maker)."""
    runs = []
    handed = _Counted()
    for app in (scan_wsgi.OnlineScans(handed), application.django_app):
        with transaction.atomic():
            answers = []
            for moment, make in requests:
                if moment is not None:
                    settings.PAVILION_CLOCK = moment.isoformat()
                answers.append(_call(app, make()))
            runs.append((answers, _stored()))
            transaction.set_rollback(True)
    return *runs, handed.count


def test_the_fast_path_is_on_only_for_postgresql():
    assert scan_wsgi.OnlineScans(application.django_app).ready() == (connection.vendor == "postgresql")


def test_every_kind_of_scan_is_answered_and_stored_alike(cases, settings):  # noqa: F811
    requests = []
    for moment, token, gate, device_token, direction, nonce in cases:
        body = json.dumps(scan_body(token, gate, direction, at=moment, nonce=nonce)).encode()
        headers = {"HTTP_AUTHORIZATION": f"Device {device_token}"}
        requests.append((moment, lambda body=body, headers=headers: _environ(body, headers)))
    fast, django, handed = _both(requests, settings)
    assert handed == (0 if connection.vendor == "postgresql" else len(cases))
    assert [status for status, _headers, _body in fast[0]] == ["200 OK"] * len(cases)
    assert fast[0] == django[0]
    assert fast[1] == django[1]
    assert len(fast[1][0]) == len(cases) - 1 and fast[1][1] and fast[1][2]  # a repeat; entries; admissions


def test_bad_requests_are_answered_alike_and_change_nothing(gates, badge_of, settings):
    badge = badge_of()
    revoked_token = services.device_enrol(actor=None, gate=gates.hall, name="old scanner")[1]
    services.device_revoke(actor=None, device=services.device_for_token(revoked_token))
    good = scan_body(badge.token, gates.hall, nonce="good")
    device = {"HTTP_AUTHORIZATION": f"Device {gates.token}"}

    def body(**changes) -> bytes:
        return json.dumps({**good, **changes}).encode()

    long = "x" * 2048
    sent = {
        "bad JSON": (b'{"qr": ', device),
        "not UTF-8": (b'{"qr": "\xff"}', device),
        "a list": (b"[1, 2]", device),
        "empty body": (b"", device),
        "a field missing": (json.dumps({key: value for key, value in good.items() if key != "nonce"}).encode(), device),
        "a naive time": (body(scanned_at="2024-09-24T12:00:00"), device),
        "a direction unknown": (body(direction="sideways"), device),
        "2 KB QR text": (body(qr=long, nonce="long-qr"), device),
        "2 KB gate": (body(gate=long), device),
        "2 KB nonce": (body(nonce=long), device),
        # a damaged read of any length is a scan denied `invalid` (over 16 KB, Django answers it)
        "a 12 KB QR text": (body(qr="x" * 12_000, nonce="12-kb-qr"), device),
        "a 20 KB QR text": (body(qr="x" * 20_000, nonce="20-kb-qr"), device),
        "another gate": (body(gate=gates.vip.code), device),
        "no such gate": (body(gate="nowhere"), device),
        "no token": (body(), {}),
        "a person's token kind": (body(), {"HTTP_AUTHORIZATION": f"Token {gates.token}"}),
        "an unknown token": (body(), {"HTTP_AUTHORIZATION": "Device nope"}),
        "a 2 KB token": (body(), {"HTTP_AUTHORIZATION": f"Device {long}"}),
        "a revoked device": (body(), {"HTTP_AUTHORIZATION": f"Device {revoked_token}"}),
        "a bad host": (body(nonce="host"), {**device, "HTTP_HOST": "evil.invalid"}),
        "in Russian": (body(nonce="ru"), {**device, "HTTP_ACCEPT_LANGUAGE": "ru"}),
        "a repeated nonce": (body(nonce="ru"), device),
        "a length in Arabic-Indic digits": (body(nonce="arabic"), {**device, "CONTENT_LENGTH": "١٢"}),
        "a superscript length": (body(nonce="superscript"), {**device, "CONTENT_LENGTH": "²"}),
        # PostgreSQL refuses a NUL in any text: NullCharacterMiddleware's 400, through Django; the QR
        # text is only decoded, so a NUL there is a damaged read like any other (denied "invalid")
        "a NUL in the nonce": (body(nonce="n\x00ul"), device),
        "a NUL in the gate": (body(gate="hall\x00"), device),
        "a NUL in the QR text": (body(qr=badge.token + "\x00", nonce="nul-qr"), device),
    }
    requests = [(NOON, lambda data=data, headers=headers: _environ(data, headers)) for data, headers in sent.values()]
    requests.append((NOON, lambda: _environ(body(nonce="no-length"), device, length=False)))
    requests.append((NOON, lambda: _environ(body(nonce="get"), device, method="GET")))
    fast, django, handed = _both(requests, settings)
    # answered by the fast path on PostgreSQL: the 2 KB and 12 KB QR texts, Russian, the repeated nonce,
    # the NUL in the QR text
    assert handed == (len(requests) - 5 if connection.vendor == "postgresql" else len(requests))
    statuses = dict(zip([*sent, "no length", "GET"], [status[:3] for status, _headers, _body in fast[0]], strict=True))
    assert statuses == {
        "bad JSON": "400", "not UTF-8": "400", "a list": "422", "empty body": "422", "a field missing": "422",
        "a naive time": "422", "a direction unknown": "422", "2 KB QR text": "200", "2 KB gate": "422",
        "2 KB nonce": "422", "a 12 KB QR text": "200", "a 20 KB QR text": "200", "another gate": "400", "no such gate": "400",
        "no token": "401", "a person's token kind": "401", "an unknown token": "401", "a 2 KB token": "401",
        "a revoked device": "401", "a bad host": "400", "in Russian": "200", "a repeated nonce": "200",
        "a length in Arabic-Indic digits": "400", "a superscript length": "400", "a NUL in the nonce": "400",
        "a NUL in the gate": "400", "a NUL in the QR text": "200", "no length": "422", "GET": "405"}
    assert fast[0] == django[0]
    assert fast[1] == django[1]
    # only the well-formed scans were stored, the damaged reads denied `invalid`
    assert [row[11] for row in fast[1][0]] == ["long-qr", "12-kb-qr", "20-kb-qr", "ru", "nul-qr"]
    for name in ("2 KB QR text", "a 12 KB QR text", "a 20 KB QR text", "a NUL in the QR text"):
        assert json.loads(fast[0][list(sent).index(name)][2]) == {"result": "denied", "reason": "invalid", "badge": None}
    russian = dict(fast[0][list(sent).index("in Russian")][1])
    assert russian["Content-Language"] == "ru"
