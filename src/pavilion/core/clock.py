"""What the server takes as "now": the real time, or PAVILION_CLOCK for rehearsals and the demo."""

from datetime import datetime

from django.conf import settings
from django.utils import timezone


def now() -> datetime:
    fixed = getattr(settings, "PAVILION_CLOCK", "")
    if fixed:
        moment = datetime.fromisoformat(fixed)
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment, timezone.get_default_timezone())
        return moment
    return timezone.now()
