from django.shortcuts import render

from pavilion.events.models import Event


def home(request):
    events = Event.objects.filter(is_public=True).select_related("venue").prefetch_related("shows")
    return render(request, "core/home.html", {"events": events})
