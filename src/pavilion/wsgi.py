import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pavilion.settings")

from pavilion.accreditation.scan_wsgi import OnlineScans  # noqa: E402  (after the settings are named)

application = OnlineScans(get_wsgi_application())
