"""The days of the dashboard's gate figures follow the event's own build-up and tear-down days
(accreditation.services.event_access_span): the day picker lists them, `?day=` accepts them, and the
figures of a build-up day are shown as those of a show day are."""

import datetime

import pytest

from pavilion.reports import selectors
from pavilion.reports.models import EntryRollup
from tests.accreditation.support import baku

pytestmark = pytest.mark.django_db


def url(world) -> str:
    return f"/events/{world.event.slug}/reports/"


def picker(page: str) -> list[str]:
    """The values of the day picker's options."""
    select = page.split('name="day"')[1].split("</select>")[0]
    return [part.split('"')[0] for part in select.split('<option value="')[1:]]


def days(first: datetime.date, count: int) -> list[datetime.date]:
    return [first + datetime.timedelta(days=offset) for offset in range(count)]


def set_access_days(event, build_up: int, tear_down: int) -> None:
    event.build_up_days, event.tear_down_days = build_up, tear_down
    event.save(update_fields=["build_up_days", "tear_down_days"])


@pytest.mark.parametrize("build_up, tear_down, first, count", [
    (5, 2, datetime.date(2024, 9, 19), 10),  # 19 to 28 September
    (3, 1, datetime.date(2024, 9, 21), 7),  # the defaults
    (0, 0, datetime.date(2024, 9, 24), 3),  # the show days alone
])
def test_the_gate_days_are_the_event_s_access_days(world, build_up, tear_down, first, count):
    set_access_days(world.event, build_up, tear_down)
    assert selectors.gate_days(world.event) == days(first, count)


def test_a_show_with_five_build_up_days_picks_its_first_three(client, world, gates):
    set_access_days(world.event, 5, 2)
    EntryRollup.objects.create(event=world.event, zone=gates.hall.zone, hour=baku(19, 9), entries=4)
    client.force_login(world.organiser)
    first = client.get(url(world), {"day": "2024-09-19"}).content.decode()
    assert picker(first) == [day.isoformat() for day in days(datetime.date(2024, 9, 19), 10)]
    assert "is not a day of the event" not in first and '<option value="2024-09-19" selected>' in first
    assert 'data-tile="entries"><span class="figure">4<' in first and 'data-hour="9" data-count="4"' in first
    for day in ("2024-09-20", "2024-09-21", "2024-09-28"):
        page = client.get(url(world), {"day": day}).content.decode()
        assert "is not a day of the event" not in page and f'<option value="{day}" selected>' in page, day
    for day in ("2024-09-18", "2024-09-29"):
        page = client.get(url(world), {"day": day}).content.decode()
        assert (f"The day {day} is not a day of the event (2024-09-19 to 2024-09-28): showing 2024-09-24."
                in page), day


def test_without_build_up_days_the_day_before_the_show_is_refused(client, world, gates):
    set_access_days(world.event, 0, 0)
    client.force_login(world.organiser)
    page = client.get(url(world), {"day": "2024-09-23"}).content.decode()
    assert "The day 2024-09-23 is not a day of the event (2024-09-24 to 2024-09-26): showing 2024-09-24." in page
    assert picker(page) == ["2024-09-24", "2024-09-25", "2024-09-26"]


def test_today_in_a_long_build_up_is_the_day_shown(client, world, gates, settings):
    set_access_days(world.event, 5, 2)
    settings.PAVILION_CLOCK = "2024-09-19T10:00:00+04:00"
    assert selectors.gate_day(world.event, baku(19, 10)) == datetime.date(2024, 9, 19)
    client.force_login(world.organiser)
    assert '<option value="2024-09-19" selected>' in client.get(url(world)).content.decode()
