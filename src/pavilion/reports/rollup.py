"""The hourly rollup of gate scans (EntryRollup), kept in the database so that no process holds
state: scans are append-only and numbered, so a refresh adds up the scans numbered after the
event's mark and moves the mark, in one transaction under a lock on the mark.

A scan whose transaction commits after a later-numbered scan was already added would be missed;
scans are written in short transactions, and `entry_rollup_rebuild` recounts everything.
"""

import datetime

from django.db import transaction
from django.db.models import Count, Max, Q
from django.db.models.functions import TruncHour
from django.utils import timezone

from pavilion.accreditation.models import Scan
from pavilion.reports.models import EntryRollup, RollupMark

MAX_AGE = datetime.timedelta(seconds=30)  # the dashboard refreshes a rollup older than this


def _counts(scans):
    return (scans.order_by().annotate(hour=TruncHour("scanned_at", tzinfo=datetime.UTC)).values("zone_id", "hour")
            .annotate(entries=Count("id", filter=Q(direction="in", result="granted")),
                      exits=Count("id", filter=Q(direction="out", result="granted")),
                      denied=Count("id", filter=Q(result="denied"))))


def entry_rollup_refresh(*, event_id: int) -> int:
    """Add the scans numbered after the mark; returns how many scans were added."""
    with transaction.atomic():
        RollupMark.objects.get_or_create(event_id=event_id)
        mark = RollupMark.objects.select_for_update().get(event_id=event_id)
        top = Scan.objects.filter(event_id=event_id, id__gt=mark.last_scan_id).aggregate(top=Max("id"))["top"]
        added = 0
        if top is not None:
            scans = Scan.objects.filter(event_id=event_id, id__gt=mark.last_scan_id, id__lte=top)
            added = _add(event_id, list(_counts(scans)))
            mark.last_scan_id = top
        mark.refreshed_at = timezone.now()  # real time: the event clock may stand still
        mark.save(update_fields=["last_scan_id", "refreshed_at"])
    return added


def _add(event_id: int, rows: list[dict]) -> int:
    hours = {row["hour"] for row in rows}
    existing = {(item.zone_id, item.hour): item
                for item in EntryRollup.objects.filter(event_id=event_id, hour__in=hours)}
    changed, new = [], []
    for row in rows:
        item = existing.get((row["zone_id"], row["hour"]))
        if item is None:
            new.append(EntryRollup(event_id=event_id, zone_id=row["zone_id"], hour=row["hour"],
                                   entries=row["entries"], exits=row["exits"], denied=row["denied"]))
        else:
            item.entries += row["entries"]
            item.exits += row["exits"]
            item.denied += row["denied"]
            changed.append(item)
    EntryRollup.objects.bulk_create(new, batch_size=500)
    EntryRollup.objects.bulk_update(changed, ["entries", "exits", "denied"], batch_size=500)
    return sum(row["entries"] + row["exits"] + row["denied"] for row in rows)


def entry_rollup_rebuild(*, event_id: int) -> int:
    """Recount every scan of the event from scratch."""
    with transaction.atomic():
        RollupMark.objects.get_or_create(event_id=event_id)
        RollupMark.objects.select_for_update().filter(event_id=event_id).update(last_scan_id=0)
        EntryRollup.objects.filter(event_id=event_id).delete()
        return entry_rollup_refresh(event_id=event_id)


def is_stale(mark: RollupMark | None) -> bool:
    return mark is None or mark.refreshed_at is None or timezone.now() - mark.refreshed_at > MAX_AGE
