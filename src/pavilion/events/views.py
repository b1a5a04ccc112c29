from django.shortcuts import render

from pavilion.events.selectors import public_event


def event_page(request, event: str):
    event_obj = public_event(event)
    return render(request, "events/event.html", {"event": event_obj, "shows": event_obj.shows.all()})
