"""A participant's scheduled meetings as an RFC 5545 calendar (icalendar), in the event's time zone.

Of the other participants only names and organisations go in (as ATTENDEE common names with the
"invalid:nomail" address calendar programs use for people without one, and in the description):
no e-mail addresses, no other personal data.
"""

import datetime
import zoneinfo

from django.utils.translation import gettext as _
from icalendar import Event, vCalAddress, vText

from pavilion.core import clock
from pavilion.core.calendars import calendar_bytes, published_calendar
from pavilion.core.i18n import localized
from pavilion.meetings.selectors.agendas import display_name, others

PRODID = "-//Pavilion//B2B meeting agenda//EN"


def _location(meeting) -> str:
    location = meeting.location
    hall = localized(location.hall, "name") if location.hall else ""
    return f"{location.name}, {hall}" if hall else location.name


def agenda_calendar(event, registration, meetings, *, host: str = "pavilion") -> bytes:
    zone = zoneinfo.ZoneInfo(event.time_zone)
    calendar = published_calendar(PRODID, _("%(event)s: B2B meetings") % {"event": localized(event, "name")},
                                  event.time_zone)
    stamp = clock.now().astimezone(datetime.UTC)  # DTSTAMP is in UTC (RFC 5545 3.8.7.2)
    for meeting in meetings:
        entry = Event()
        entry.add("uid", f"meeting-{meeting.pk}@{host}")
        entry.add("dtstamp", stamp)
        entry.add("dtstart", meeting.starts_at.astimezone(zone))
        entry.add("dtend", meeting.ends_at.astimezone(zone))
        names = [display_name(row.registration) for row in others(meeting, registration.pk)]
        entry.add("summary", _("B2B meeting: %(names)s") % {"names": ", ".join(names)})
        entry.add("location", _location(meeting))
        entry.add("description", _("With: %(names)s") % {"names": "; ".join(names)} + "\n"
                  + _("Where: %(place)s") % {"place": _location(meeting)})
        entry.add("status", "CONFIRMED")
        for name in names:
            attendee = vCalAddress("invalid:nomail")
            attendee.params["cn"] = vText(name)
            attendee.params["role"] = vText("REQ-PARTICIPANT")
            entry.add("attendee", attendee, encode=0)
        calendar.add_component(entry)
    return calendar_bytes(calendar)
