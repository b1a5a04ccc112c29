"""One badge at several gates at the same moment gives one entry: on PostgreSQL, with requests in
parallel threads (each with its own database connection), the badge's row lock orders them."""

import threading

import pytest
from django.db import connection
from django.test import Client

from pavilion.accreditation import services
from pavilion.accreditation.models import Presence, Scan
from tests.accreditation.support import scan_body

WORKERS = 6


def scan_in_parallel(badge, devices) -> list[dict]:
    barrier = threading.Barrier(len(devices))
    answers = [None] * len(devices)

    def run(index, gate, token):
        try:
            barrier.wait()
            response = Client().post("/api/v1/scans", scan_body(badge.token, gate), content_type="application/json",
                                     headers={"Authorization": f"Device {token}"})
            answers[index] = (response.status_code, response.json())
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, gate, token)) for index, (gate, token) in enumerate(devices)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_badge_at_two_vip_gates_at_once_enters_once(on_postgres, world, gates, badge_of):
    second = services.gate_create(actor=world.organiser, zone=gates.vip.zone, code="vip-lounge-b", name="VIP B")
    devices = []
    for index in range(WORKERS):
        gate = gates.vip if index % 2 else second
        devices.append((gate, services.device_enrol(actor=world.organiser, gate=gate, name=f"vip {index}")[1]))
    vip = badge_of("vip")
    answers = scan_in_parallel(vip, devices)
    assert all(status == 200 for status, _body in answers)
    results = sorted((body["result"], body["reason"]) for _status, body in answers)
    assert results == [("denied", "passback")] * (WORKERS - 1) + [("granted", None)]
    assert Scan.objects.filter(badge=vip).count() == WORKERS
    assert Presence.objects.filter(badge=vip, inside=True).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_badge_at_two_hall_gates_at_once_is_one_entry_and_alerts(on_postgres, world, gates, badge_of):
    devices = []
    for index in range(WORKERS):
        gate = gates.hall if index % 2 else gates.hall_b
        devices.append((gate, services.device_enrol(actor=world.organiser, gate=gate, name=f"hall {index}")[1]))
    badge = badge_of()
    answers = scan_in_parallel(badge, devices)
    assert [body["result"] for _status, body in answers] == ["granted"] * WORKERS
    assert Scan.objects.filter(badge=badge, alert="").count() == 1
    assert Scan.objects.filter(badge=badge, alert="passback").count() == WORKERS - 1
