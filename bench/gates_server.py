"""Settings and URLs of the server that `bench/gates.py` starts: Pavilion's own settings and URLs,
plus one trivial view, `GET /bench/floor`, that goes through the same WSGI server, middleware and
URL resolver as the API but does no work of its own (no database). It is the floor any endpoint of
this stack can reach on this machine at that moment, measured in the same run as the scans.

    DJANGO_SETTINGS_MODULE=bench.gates_server granian --interface wsgi pavilion.wsgi:application
"""

from django.http import HttpResponse
from django.urls import path

from pavilion.settings import *  # noqa: F403

ROOT_URLCONF = "bench.gates_server"


def floor(request):
    return HttpResponse(b'{"ok": true}', content_type="application/json")


def __getattr__(name):
    """`urlpatterns`, made when Django first resolves a URL: Pavilion's URLs import its models,
    which cannot happen while this module is being read as the settings."""
    if name != "urlpatterns":
        raise AttributeError(name)
    from pavilion.urls import urlpatterns

    return [path("bench/floor", floor), *urlpatterns]
