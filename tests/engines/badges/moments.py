"""The show's opening hours used by the badge tests, in the event's time zone."""

import datetime
from zoneinfo import ZoneInfo

BAKU = ZoneInfo("Asia/Baku")
OPENS = datetime.datetime(2024, 9, 24, 9, 0, tzinfo=BAKU)  # 05:00 UTC
CLOSES = datetime.datetime(2024, 9, 27, 18, 0, tzinfo=BAKU)  # 14:00 UTC
DURING = datetime.datetime(2024, 9, 25, 11, 30, tzinfo=BAKU)
