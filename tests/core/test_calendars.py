"""core.calendars: the one header of Pavilion's calendars and the VTIMEZONE of the zones used."""

import datetime
import zoneinfo

import icalendar

from pavilion.core.calendars import calendar_bytes, published_calendar


def test_a_calendar_has_the_header_and_the_time_zone_of_its_events():
    calendar = published_calendar("-//Pavilion//Test//EN", "ADEX 2024: B2B meetings", "Asia/Baku")
    entry = icalendar.Event()
    entry.add("uid", "meeting-1@pavilion")
    entry.add("dtstamp", datetime.datetime(2024, 9, 1, tzinfo=datetime.UTC))
    entry.add("dtstart", datetime.datetime(2024, 9, 24, 10, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Baku")))
    calendar.add_component(entry)
    text = calendar_bytes(calendar).decode()
    for line in ("PRODID:-//Pavilion//Test//EN", "VERSION:2.0", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
                 "X-WR-CALNAME:ADEX 2024: B2B meetings", "X-WR-TIMEZONE:Asia/Baku", "BEGIN:VTIMEZONE",
                 "TZID:Asia/Baku", "DTSTART;TZID=Asia/Baku:20240924T100000"):
        assert line in text
    parsed = icalendar.Calendar.from_ical(text)
    assert sorted(component.name for component in parsed.subcomponents) == ["VEVENT", "VTIMEZONE"]


def test_no_zone_name_when_the_events_are_in_several():
    text = calendar_bytes(published_calendar("-//Pavilion//Test//EN", "Programme")).decode()
    assert "X-WR-TIMEZONE" not in text and "X-WR-CALNAME:Programme" in text
