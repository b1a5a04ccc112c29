"""The dashboard's tiles say the same as its tables: open alerts (waiting for a decision or for a
second officer), and deals recorded against those signed by the Pavilion clock's now."""

import re

import pytest

from pavilion.reports import selectors
from tests.reports.support import alert, baku

pytestmark = pytest.mark.django_db


def test_the_open_alerts_tile_and_the_vetting_table_count_the_same(client, world, show_data, gates):
    alert(show_data.registrations[7], status="awaiting")
    client.force_login(world.organiser)
    page = client.get(f"/events/{world.event.slug}/reports/").content.decode()
    tile = re.search(r'data-tile="open-alerts"><span class="figure">(\d+)<', page).group(1)
    table = re.search(r"<td data-open>(\d+)</td>", page).group(1)
    assert tile == table == "2"
    assert "<td data-awaiting-decision>1</td><td data-awaiting-second>1</td>" in page


def test_deals_signed_count_only_those_signed_by_now(client, world, show_data, gates, settings):
    # The three deals are signed at 15:00 on the first day; the clock (the gates' fixture) says noon.
    figures = selectors.deal_figures(world.event)
    assert (figures.count, figures.signed) == (3, 0)
    assert selectors.deal_figures(world.event, now=baku(24, 15)).signed == 3
    client.force_login(world.organiser)
    page = client.get(f"/events/{world.event.slug}/reports/").content.decode()
    assert 'data-tile="deals"><span class="figure">3<' in page and "deals recorded" in page
    assert 'data-deals-signed="0">0 signed so far<' in page
    settings.PAVILION_CLOCK = baku(24, 16).isoformat()
    assert 'data-deals-signed="3">3 signed so far<' in client.get(f"/events/{world.event.slug}/reports/").content.decode()
