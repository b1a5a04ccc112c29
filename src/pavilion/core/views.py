from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from pavilion.events.models import Event


def home(request):
    events = Event.objects.filter(is_public=True).select_related("venue").prefetch_related("shows")
    return render(request, "core/home.html", {"events": events})


def csrf_failure(request, reason: str = ""):
    """A form sent with a stale security token (open for hours, or signed out and in again in another
    tab): the site's page saying what to do, in the page's language, instead of Django's bare one.
    `reason` is Django's technical wording and is not shown."""
    return render(request, "403_csrf.html", status=403)


def deletion(request, delete, *, done: str, done_url: str, refused_url: str):
    """The answer to an organiser's "Delete" button: `delete()` (a service that refuses with a
    ValidationError while something still uses the thing), then back to the list with `done`, or
    back to the thing's own page with the service's reasons."""
    try:
        delete()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(refused_url)
    messages.success(request, done)
    return redirect(done_url)
