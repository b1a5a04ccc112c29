"""The frame of every RFC 5545 calendar Pavilion serves (meeting agendas, programmes): one
header, and the VTIMEZONE of each time zone used, so a calendar program shows the hours printed
on the show's pages wherever its reader is."""

import icalendar


def published_calendar(product: str, name: str, time_zone: str | None = None) -> icalendar.Calendar:
    """An empty calendar to publish: product id, version, Gregorian scale, its display name and,
    when all its times are in one zone, that zone's name for programs that show it."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", product)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    if time_zone:
        calendar.add("x-wr-timezone", time_zone)
    return calendar


def calendar_bytes(calendar: icalendar.Calendar) -> bytes:
    """The calendar as text, with a VTIMEZONE for every zone its events use."""
    calendar.add_missing_timezones()
    return calendar.to_ical()
