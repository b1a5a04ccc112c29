"""Re-screening after a list update, by difference.

Every active registration was screened against the list's previous version when it was submitted
or at the last update. Against the new version only the entries that are new or whose content
changed can raise something new; unchanged entries keep their alerts (moved to the new version's
rows), removed entries drop theirs. So the people are screened against an index of the changed
entries only, which is what makes tens of thousands of registrations fit in a minute. People never
screened against the previous version are screened in full.
"""

from django.db import transaction

from pavilion.engines.screening import build_index
from pavilion.registrations.models import Registration
from pavilion.vetting.entries import engine_entry
from pavilion.vetting.models import Alert, WatchListVersion
from pavilion.vetting.screening import OPEN_STATUSES, LoadedLists, load_lists


def previous_version(version: WatchListVersion) -> WatchListVersion | None:
    return version.watch_list.versions.filter(number__lt=version.number).order_by("-number").first()


def changed_entries(version: WatchListVersion, previous: WatchListVersion | None) -> LoadedLists:
    """An index of the entries of `version` that are new or changed since `previous`."""
    known = set(previous.entries.values_list("entry_id", "digest")) if previous else set()
    engine_entries, mapping = [], {}
    for row in version.entries.order_by("pk").iterator(chunk_size=2000):
        if (row.entry_id, row.digest) in known:
            continue
        engine_id = f"{row.version_id}/{row.entry_id}"
        engine_entries.append(engine_entry(row, engine_id))
        mapping[engine_id] = (row.pk, version.watch_list_id, row.entry_id, row.digest)
    # Alerts on unchanged entries are out of scope: they were carried over and stay as they are.
    scope = {(version.watch_list_id, info[2]) for info in mapping.values()} | _removed_keys(version, previous)
    return LoadedLists(key=None, index=build_index(engine_entries), entries=mapping,
                       by_pk={info[0]: info for info in mapping.values()}, scope=scope)


def _removed_keys(version, previous) -> set:
    if previous is None:
        return set()
    current = set(version.entries.values_list("entry_id", flat=True))
    return {(version.watch_list_id, entry_id) for entry_id in previous.entries.values_list("entry_id", flat=True)
            if entry_id not in current}


def carry_alerts_over(version: WatchListVersion) -> int:
    """Open alerts on an unchanged entry move to the new version's row; on a changed or removed
    entry they are superseded (a changed entry is screened again). Returns how many were superseded."""
    new_rows = {entry_id: (pk, digest) for pk, entry_id, digest in version.entries.values_list("pk", "entry_id", "digest")}
    alerts = (
        Alert.objects.filter(status__in=OPEN_STATUSES, entry__version__watch_list=version.watch_list_id)
        .exclude(entry__version=version).select_related("entry")
    )
    moved, superseded = [], []
    for alert in alerts:
        target = new_rows.get(alert.entry.entry_id)
        if target is not None and target[1] == alert.entry.digest:
            alert.entry_id = target[0]
            moved.append(alert)
        else:
            alert.status = Alert.Status.SUPERSEDED
            superseded.append(alert)
    with transaction.atomic():
        Alert.objects.bulk_update(moved, ["entry"], batch_size=500)
        Alert.objects.bulk_update(superseded, ["status"], batch_size=500)
    return len(superseded)


def plan(version: WatchListVersion, registration_ids: list[int]) -> tuple[list[int], list[int]]:
    """(screened against the changed entries only, screened in full)."""
    previous = previous_version(version)
    if previous is None:
        return [], registration_ids
    behind = set(
        Registration.objects.filter(pk__in=registration_ids, screened_at__isnull=True).values_list("pk", flat=True)
    ) | set(
        # At or before: under a fixed clock (a rehearsal, the demo) every time is the same, and a tie
        # is screened in full rather than trusted.
        Registration.objects.filter(pk__in=registration_ids, screened_at__lte=previous.imported_at)
        .values_list("pk", flat=True)
    )
    return [pk for pk in registration_ids if pk not in behind], sorted(behind)


def loaders(version: WatchListVersion):
    """The two indexes a list update needs, built lazily: changed entries, and every current entry."""
    cache = {}

    def changed() -> LoadedLists:
        if "changed" not in cache:
            cache["changed"] = changed_entries(version, previous_version(version))
        return cache["changed"]

    def full() -> LoadedLists:
        if "full" not in cache:
            cache["full"] = load_lists()
        return cache["full"]

    return changed, full

