"""The organiser's grid: one hall on one day, slots × locations (grid.py)."""

import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from pavilion.core import parameters
from pavilion.core.i18n import localized
from pavilion.events.models import Hall
from pavilion.meetings import grid as pictures
from pavilion.meetings.models import MeetingLocation, ScheduleRun
from pavilion.meetings.selectors import schedule as selectors
from pavilion.meetings.views.schedule import organiser_event


def _choice(value: str | None, options: list, default):
    return value if value in options else default


@login_required
def grid(request, event: str):
    event_obj = organiser_event(request, event)
    days = [day for day, _slots in selectors.slots_by_day(event_obj)]
    hall_ids = list(MeetingLocation.objects.filter(event=event_obj).order_by("hall__order", "hall__code")
                    .values_list("hall_id", flat=True).distinct())
    halls = {hall.pk: hall for hall in Hall.objects.filter(pk__in=[pk for pk in hall_ids if pk])}
    hall_choices = [(str(pk) if pk else "none", localized(halls[pk], "name") if pk else _("no hall"))
                    for pk in dict.fromkeys(hall_ids)]
    day_keys = [day.isoformat() for day in days]
    day_key = _choice(request.GET.get("day"), day_keys, day_keys[0] if day_keys else None)
    hall_key = _choice(request.GET.get("hall"), [key for key, _name in hall_choices],
                       hall_choices[0][0] if hall_choices else None)
    run_id = parameters.id_or_none(request.GET.get("run"))
    run = ScheduleRun.objects.filter(event=event_obj, pk=run_id).first() if run_id else None
    grid_html = ""
    if day_key and hall_key:
        data = selectors.grid(event_obj, day=datetime.date.fromisoformat(day_key),
                              hall_id=None if hall_key == "none" else int(hall_key), run=run)
        title = _("Meetings on %(day)s in %(hall)s") % {"day": day_key, "hall": dict(hall_choices)[hall_key]}
        grid_html = pictures.grid_html(data, title=title)
    return render(request, "meetings/grid.html", {
        "event": event_obj, "days": day_keys, "day": day_key, "halls": hall_choices, "hall": hall_key,
        "run": run, "grid": grid_html, "no_show": selectors.no_show_rate(event_obj),
    })
