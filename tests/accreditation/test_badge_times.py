"""A badge's page shows every time, its zones' windows and its last scans, in the event's time zone."""

import re

from pavilion.accreditation.models import Zone
from tests.accreditation.support import NOON


def test_windows_and_scans_are_in_the_event_time_zone_and_labelled(client, world, badge_of, scan):
    badge = badge_of()
    scan(badge.token)  # at noon in Baku, 08:00 UTC
    client.force_login(world.organiser)
    page = client.get(f"/events/{world.event.slug}/accreditation/badges/{badge.serial}/").content.decode()
    assert " UTC" not in page and "T05:00" not in page
    hall = Zone.objects.filter(event=world.event, code__startswith="hall").order_by("number").first()
    opens, closes = badge.windows[str(hall.number)][0]
    assert opens.startswith("2024-09-24T05:00") and closes.startswith("2024-09-24T14:00")  # stored in UTC
    assert "2024-09-24 09:00 → 18:00" in page  # shown in Baku
    assert "Last scans <small class=\"muted\">(Baku time)</small>" in page and "Asia/Baku" not in page
    assert re.search(r"data-scanned>" + NOON.strftime("%Y-%m-%d %H:%M") + r":00<", page)
