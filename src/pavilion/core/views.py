from django.shortcuts import render

from pavilion.events.models import Event


def home(request):
    events = Event.objects.filter(is_public=True).select_related("venue").prefetch_related("shows")
    return render(request, "core/home.html", {"events": events})


def csrf_failure(request, reason: str = ""):
    """A form sent with a stale security token (open for hours, or signed out and in again in another
    tab): the site's page saying what to do, in the page's language, instead of Django's bare one.
    `reason` is Django's technical wording and is not shown."""
    return render(request, "403_csrf.html", status=403)
