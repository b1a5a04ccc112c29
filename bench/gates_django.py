"""Pavilion's WSGI application without the online-scan fast path (accreditation/scan_wsgi.py):
Django's stack with the ninja endpoint answers `POST /api/v1/scans`. `bench/gates.py --loads
...,django-scan` serves it beside the real application: the baseline of the fast path in the same run.

    DJANGO_SETTINGS_MODULE=bench.gates_server gunicorn bench.gates_django:application
"""

from pavilion.wsgi import application as with_fast_path

application = with_fast_path.django_app
