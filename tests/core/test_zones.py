"""An event's clock in words: the zone as people name it, never its id, and a moment with its day in words."""

import datetime
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import translation

from pavilion.core.zones import local_when, zone_name

CLOSES = datetime.datetime(2024, 9, 20, 14, 0, tzinfo=datetime.UTC)  # 18:00 in Baku


@pytest.mark.parametrize("language, when", [
    ("en", "20 September 2024, 18:00"), ("az", "20 sentyabr 2024, 18:00"), ("ru", "20 сентября 2024, 18:00"),
])
def test_a_moment_is_written_on_the_zones_clock_with_its_day_in_words(language, when):
    with translation.override(language):
        assert local_when(CLOSES, "Asia/Baku") == when
        assert local_when(CLOSES.astimezone(zoneinfo.ZoneInfo("America/New_York")), "Asia/Baku") == when


def test_a_zone_is_named_not_given_by_its_id():
    with translation.override("en"):
        assert zone_name("Asia/Baku") == "Baku time"
        assert zone_name("Europe/Istanbul") == "Istanbul time"
        assert zone_name("America/Argentina/Buenos_Aires") == "Buenos Aires time"
        assert zone_name("UTC") == "UTC"
        assert Template("{% load pavilion %}({{ zone|zone_name }})").render(Context({"zone": "Asia/Baku"})) == \
            "(Baku time)"
