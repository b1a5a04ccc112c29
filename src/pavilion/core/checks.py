"""Django system checks of Pavilion's own settings (`pavilion check --deploy` and every start)."""

from django.conf import settings
from django.core.checks import Warning, register

DEFAULT_SITE_URL = "http://127.0.0.1:8000"


@register(deploy=True)
def site_url_set(app_configs, **kwargs) -> list[Warning]:
    """Links in e-mails written by background work start with PAVILION_SITE_URL: left at the laptop
    default, a production server's meeting e-mails would point at the reader's own computer."""
    if settings.PAVILION_SITE_URL.rstrip("/") == DEFAULT_SITE_URL:
        return [Warning("PAVILION_SITE_URL is the laptop default (http://127.0.0.1:8000): e-mails will link there.",
                        hint="Set PAVILION_SITE_URL to the address people reach Pavilion at, e.g. "
                             "https://pavilion.example.org.", id="pavilion.W001")]
    return []
