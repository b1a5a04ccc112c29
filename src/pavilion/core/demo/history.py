"""The demo's registrations as if they had come in over the months before the show.

The steps create registrations now, so without this every one of them would carry today's date and
the organiser's charts of registrations over time would be one bar. This last step moves each
registration dated after the event's end to a time before the show (most of them in the last weeks,
as registrations really come in), and its screening and decision a little after that. A second run
finds nothing dated after the event and changes nothing.
"""

import datetime
import zoneinfo

from pavilion.core.demo import EVENT_SLUG, Demo
from pavilion.events.models import Event
from pavilion.registrations.models import Registration


def spread_registrations(demo: Demo) -> None:
    event = Event.objects.get(slug=EVENT_SLUG)
    zone = zoneinfo.ZoneInfo(event.time_zone)
    opening = datetime.datetime.combine(event.start_date, datetime.time(9), tzinfo=zone)
    after_show = datetime.datetime.combine(event.end_date + datetime.timedelta(days=1), datetime.time(), tzinfo=zone)
    rng = demo.rng("registration-history")
    moved = []
    for registration in Registration.objects.filter(event=event, submitted_at__gte=after_show).order_by("pk"):
        # Days before the opening, weighted towards the last weeks (a triangular draw).
        days = rng.triangular(1, 120, 12)
        submitted = opening - datetime.timedelta(days=days, minutes=rng.randint(0, 600))
        registration.submitted_at = submitted
        if registration.screened_at:
            registration.screened_at = submitted + datetime.timedelta(minutes=rng.randint(1, 30))
        if registration.decided_at:
            registration.decided_at = min(submitted + datetime.timedelta(hours=rng.uniform(2, 96)),
                                          opening - datetime.timedelta(minutes=30))
        moved.append(registration)
    # bulk_update writes the fields as given; auto_now on updated_at is not involved.
    Registration.objects.bulk_update(moved, ["submitted_at", "screened_at", "decided_at"], batch_size=500)
