"""A gate device's last contact: noted on every call it makes with its token (a sync, an online scan,
a batch upload), at most once a minute, and shown on the devices page on the event's clock with the
zone named."""

import datetime

from pavilion.accreditation import services
from pavilion.accreditation.models import Device
from tests.accreditation.support import NOON, scan_body


def devices_page(client, world) -> str:
    client.force_login(world.officer)
    return client.get(f"/events/{world.event.slug}/accreditation/devices/").content.decode()


def test_an_online_scan_notes_the_device_s_contact(gates, badge_of, scan):
    badge = badge_of()
    assert Device.objects.get(pk=gates.device.pk).last_seen_at is None
    scan(badge.token)
    assert Device.objects.get(pk=gates.device.pk).last_seen_at == NOON


def test_a_batch_upload_notes_the_device_s_contact(client, gates, badge_of, settings):
    badge = badge_of()
    settings.PAVILION_CLOCK = (NOON + datetime.timedelta(minutes=7)).isoformat()
    response = client.post("/api/v1/scans/batch", {"scans": [scan_body(badge.token, gates.hall, at=NOON)]},
                           content_type="application/json", headers={"Authorization": f"Device {gates.token}"})
    assert response.status_code == 200
    assert Device.objects.get(pk=gates.device.pk).last_seen_at == NOON + datetime.timedelta(minutes=7)


def test_a_refused_token_notes_nothing(client, gates, badge_of):
    badge = badge_of()
    response = client.post("/api/v1/scans", scan_body(badge.token, gates.hall), content_type="application/json",
                           headers={"Authorization": "Device not-a-token"})
    assert response.status_code == 401
    assert not Device.objects.filter(last_seen_at__isnull=False).exists()


def test_the_devices_page_shows_the_last_contact_on_the_event_s_clock(client, world, gates):
    services.device_seen(device=gates.device, at=datetime.datetime(2024, 9, 24, 6, 0, tzinfo=datetime.UTC))
    html = devices_page(client, world)
    assert "Last contact (Baku time)" in html
    assert "<td data-last-seen>2024-09-24 10:00</td>" in html  # 06:00 UTC is 10:00 in Baku
    assert "<td data-last-seen>—</td>" in html  # the VIP scanner never called
    assert "6 a.m." not in html


def test_the_demo_s_scanners_show_their_last_contact(gates, badge_of, settings):
    """The demo records its scanners' scans directly (as handed in offline): their last contact is
    the last one's arrival; a scanner with no scan stays without one."""
    from pavilion.accreditation import scanning
    from pavilion.core.demo.accreditation import last_contact

    badge = badge_of()
    point = scanning.Checkpoint.load(gates.device)
    for minute in (0, 5):
        settings.PAVILION_CLOCK = (NOON + datetime.timedelta(minutes=30 + minute)).isoformat()
        scanning.scan_record(point=point, offline=True, scan=scanning.ScanInput(
            qr=badge.token, gate=gates.hall.code, direction="in" if not minute else "out",
            scanned_at=NOON + datetime.timedelta(minutes=minute), nonce=f"demo-{minute}"))
    assert Device.objects.get(pk=gates.device.pk).last_seen_at is None
    last_contact([gates.device, gates.vip_device])
    assert Device.objects.get(pk=gates.device.pk).last_seen_at == NOON + datetime.timedelta(minutes=35)
    assert Device.objects.get(pk=gates.vip_device.pk).last_seen_at is None
