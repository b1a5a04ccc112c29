"""Fixtures of the accreditation tests: the registrations' world with zones, gates, grants, approved
people with badges and an enrolled gate device; helpers to scan through the API."""

import datetime
import itertools
import zoneinfo
from dataclasses import dataclass

import pytest

from pavilion.accreditation import defaults, issuing, services
from pavilion.accreditation.models import Gate, Zone
from pavilion.registrations import services as registration_services
from tests.registrations.support import numbered_name, person

BAKU = zoneinfo.ZoneInfo("Asia/Baku")
NOON = datetime.datetime(2024, 9, 24, 12, 0, tzinfo=BAKU)
_nonces = itertools.count(1)


def baku(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime.datetime:
    return datetime.datetime(2024, 9, day, hour, minute, second, tzinfo=BAKU)


def approved(commit, world, category="trade-visitor", number=0, exhibitor=None, **details):
    """A registration taken through screening (no list loaded: no alert) and approved."""
    data = person(given_name=numbered_name("Person", number), family_name="Badgeholder", email=f"p{number}@example.test",
                  document_number=f"A{number:07d}")
    registration = commit(registration_services.registration_submit, actor=world.organiser,
                          category=world.categories[category], person=data, details=details or None,
                          exhibitor=exhibitor)
    registration.refresh_from_db()
    if registration.status != "approved":
        registration = commit(registration_services.registration_approve, actor=world.organiser,
                              registration=registration)
    return registration


@dataclass
class Gates:
    world: object
    hall: Gate
    hall_b: Gate
    vip: Gate
    build: Gate
    press: Gate
    device: object
    token: str
    vip_device: object
    vip_token: str

    def zone(self, code) -> Zone:
        return Zone.objects.get(event=self.world.event, code=code)


@pytest.fixture
def gates(world, settings) -> Gates:
    settings.PAVILION_CLOCK = NOON.isoformat()
    defaults.set_up(actor=world.organiser, event=world.event)
    by_kind = {}
    for gate in Gate.objects.filter(event=world.event).select_related("zone").order_by("code"):
        by_kind.setdefault(gate.zone.kind, []).append(gate)
    halls = by_kind["hall"]
    device, token = services.device_enrol(actor=world.organiser, gate=halls[0], name="Hall scanner 1")
    vip_device, vip_token = services.device_enrol(actor=world.organiser, gate=by_kind["vip"][0], name="VIP scanner")
    return Gates(world, halls[0], halls[1], by_kind["vip"][0], by_kind["build"][0], by_kind["press"][0],
                 device, token, vip_device, vip_token)


@pytest.fixture
def badge_of(commit, world, gates):
    def make(category="trade-visitor", number=None, exhibitor=None, **details):
        number = next(_nonces) if number is None else number
        registration = approved(commit, world, category, number, exhibitor=exhibitor, **details)
        return issuing.badge_issue(actor=world.organiser, registration=registration)

    return make


def scan_body(qr, gate, direction="in", at=NOON, nonce=None) -> dict:
    return {"qr": qr, "gate": gate.code if hasattr(gate, "code") else gate, "direction": direction,
            "scanned_at": at.isoformat(), "nonce": nonce or f"n-{next(_nonces)}"}


@pytest.fixture
def scan(client, gates):
    """POST /api/v1/scans as the hall device (or `token=`), returning the JSON answer."""

    def run(qr, gate=None, token=None, status=200, **kwargs):
        response = client.post("/api/v1/scans", scan_body(qr, gate or gates.hall, **kwargs),
                               content_type="application/json",
                               headers={"Authorization": f"Device {token or gates.token}"})
        assert response.status_code == status, response.content
        return response.json()

    return run


# Russian for the scanner's own texts, put into Django's loaded catalogue for a test (the .po
# files are translated in one pass after the merge): shows that the page's language reaches them.
RUSSIAN_SCANNER = {
    "synced: %(badges)s badges, seq %(seq)s": "синхронизировано: %(badges)s пропусков, seq %(seq)s",
    "GRANTED": "ПРОХОД", "DENIED": "ОТКАЗ", "online": "онлайн", "revoked": "аннулирован",
    "offline decision, queued": "офлайн-решение, в очереди",
}


@pytest.fixture
def russian():
    from django.utils.translation import trans_real

    catalogue = trans_real.translation("ru")._catalog._catalogs[0]
    saved = {msgid: catalogue[msgid] for msgid in RUSSIAN_SCANNER if msgid in catalogue}
    catalogue.update(RUSSIAN_SCANNER)
    yield RUSSIAN_SCANNER
    for msgid in RUSSIAN_SCANNER:
        catalogue.pop(msgid, None)
    catalogue.update(saved)
