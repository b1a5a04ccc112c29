"""The typical set-up's zone windows follow the event's own build-up and tear-down days: contractors
come from the first build-up day to the last tear-down day, no earlier and no later."""

import datetime

from pavilion.accreditation import defaults
from pavilion.accreditation.models import Grant
from pavilion.registrations.models import RegistrationCategory


def test_contractors_windows_cover_the_events_build_up_and_tear_down_days(world):
    event = world.event
    event.build_up_days, event.tear_down_days = 6, 2
    event.save(update_fields=["build_up_days", "tear_down_days"])
    defaults.set_up(actor=world.organiser, event=event)
    days = sorted({grant.opens_at.astimezone(datetime.timezone(datetime.timedelta(hours=4))).date()
                   for grant in Grant.objects.filter(category__event=event,
                                                     category__code=RegistrationCategory.Code.CONTRACTOR)})
    assert days[0] == event.start_date - datetime.timedelta(days=6)
    assert days[-1] == event.end_date + datetime.timedelta(days=2)
    assert len(days) == 8  # build-up and tear-down days only: contractors stay out on show days
