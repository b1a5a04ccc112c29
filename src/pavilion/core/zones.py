"""An event's clock as people read it: its time zone in words ("Baku time", "Bakı vaxtı", "бакинское время")
and a moment on it in words ("20 September 2024, 18:00", "20 сентября 2024, 18:00"). Pages and messages
show these; the zone's id (Asia/Baku) stays in the database, the API, the forms' choices and the exports."""

import datetime
import zoneinfo

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The zones of the shows Pavilion runs, named as their visitors say it; any other zone by its city.
ZONE_NAMES = {
    "Asia/Baku": gettext_lazy("Baku time"),
}


def zone_name(zone: str) -> str:
    """`{{ event.time_zone|zone_name }}`: "Baku time" for Asia/Baku in the page's language; another zone as
    "<city> time" from its id (Europe/Istanbul: "Istanbul time"), a zone without a city (UTC) as it is."""
    known = ZONE_NAMES.get(zone)
    if known is not None:
        return str(known)
    if "/" not in zone:
        return zone
    return _("%(city)s time") % {"city": zone.rsplit("/", 1)[-1].replace("_", " ")}


def local_when(moment: datetime.datetime, zone: str) -> str:
    """`moment` on the clock of `zone`, day in words: "20 September 2024, 18:00" in the current language."""
    return formats.date_format(moment.astimezone(zoneinfo.ZoneInfo(zone)), "j E Y, H:i")
