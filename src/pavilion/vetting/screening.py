"""The adapter between registrations and the screening engine: load the current list versions once,
screen people, and turn the engine's matches into alerts (remembering clearances).

The engine's index is cached per process, keyed by the ids of the current list versions: a version
never changes once imported, so the cache is derived data and every process reaches the same result.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from pavilion.core import clock
from pavilion.engines.screening import (
    DEFAULT_THRESHOLD,
    HOLD_THRESHOLD,
    BirthDate,
    Subject,
    build_index,
    screen,
)
from pavilion.registrations import services as registration_services
from pavilion.registrations.models import Registration
from pavilion.vetting import decisions
from pavilion.vetting.entries import engine_entry
from pavilion.vetting.models import Alert, Clearance, WatchListEntry, WatchListVersion

Status = Registration.Status
WAITING = (Status.SUBMITTED, Status.SCREENING)


@dataclass
class LoadedLists:
    key: tuple
    index: object
    entries: dict[str, tuple[int, int, str, str]]  # engine id → (entry pk, watch list id, entry id, digest)
    by_pk: dict[int, tuple[int, int, str, str]]
    # The (list, entry id) keys this index covers when it holds only part of the lists (a list
    # update's changed entries); None when it holds every current entry.
    scope: set | None = None


_cache: dict[str, LoadedLists] = {}


def current_versions() -> list[WatchListVersion]:
    return list(
        WatchListVersion.objects.filter(is_current=True, watch_list__is_active=True).select_related("watch_list")
    )


def load_lists() -> LoadedLists:
    """The engine index over every entry of the current versions of the active lists."""
    versions = current_versions()
    # The hash and time of import make the key unique even where a database reuses ids.
    key = tuple(sorted((version.pk, version.sha256, version.imported_at.isoformat()) for version in versions))
    cached = _cache.get("lists")
    if cached is not None and cached.key == key:
        return cached
    engine_entries, mapping = [], {}
    rows = WatchListEntry.objects.filter(version__in=[version.pk for version in versions]).select_related("version").order_by("pk")
    for row in rows.iterator(chunk_size=2000):
        # Entry ids of different lists may clash: the engine sees them prefixed by the version.
        engine_id = f"{row.version_id}/{row.entry_id}"
        engine_entries.append(engine_entry(row, engine_id))
        mapping[engine_id] = (row.pk, row.version.watch_list_id, row.entry_id, row.digest)
    loaded = LoadedLists(key=key, index=build_index(engine_entries), entries=mapping,
                         by_pk={info[0]: info for info in mapping.values()})
    _cache["lists"] = loaded
    return loaded


def _subjects(pk, names: list[str], original: str, birth, nationality, gender) -> list[Subject]:
    """The person as the engine reads them; the name in the passport's own script is a second reading."""
    birth_date = BirthDate(birth.year, birth.year, birth.month, birth.day) if birth else None
    common = {"birth_date": birth_date, "nationality": str(nationality or "") or None, "gender": gender or None}
    subjects = [Subject(id=str(pk), name=" ".join(name for name in names if name), **common)]
    if (original or "").strip():
        subjects.append(Subject(id=str(pk), name=original, **common))
    return subjects


def subjects_for(registration: Registration) -> list[Subject]:
    person = registration.person
    return _subjects(registration.pk, [person.given_name, person.patronymic, person.family_name],
                     person.name_original_script, person.birth_date, person.nationality.code, person.gender)


def _best(subjects: list[Subject], loaded: LoadedLists) -> dict[int, tuple[float, dict]]:
    """Best score and explanation per list entry (by entry pk) at or above the threshold."""
    best: dict[int, tuple[float, dict]] = {}
    for subject in subjects:
        for match in screen(subject, loaded.index, threshold=DEFAULT_THRESHOLD):
            entry_pk = loaded.entries[match.entry_id][0]
            if entry_pk not in best or match.score > best[entry_pk][0]:
                best[entry_pk] = (match.score, match.to_json()["explanation"])
    return best


def matches_for(registration: Registration, loaded: LoadedLists) -> dict[int, tuple[float, dict]]:
    return _best(subjects_for(registration), loaded)


def _band(score: float) -> str:
    return Alert.Band.HOLD if score >= HOLD_THRESHOLD else Alert.Band.REVIEW


def _cleared_keys(registrations: list[Registration]) -> dict[tuple[str, str, int, str, str], bool]:
    """(person fingerprint, screened data, list, entry id, digest) of every remembered clearance of these
    people, each with whether a second officer confirmed it (the two-person rule decides where it may be
    reused). The screened data (`screened_as`) are empty for clearances made before they were kept."""
    fingerprints = {registration.person.fingerprint for registration in registrations} - {""}
    rows = Clearance.objects.filter(person__fingerprint__in=fingerprints).values_list(
        "person__fingerprint", "screened", "watch_list_id", "entry_id", "entry_digest", "decision__confirmed_by"
    )
    cleared: dict[tuple[str, str, int, str, str], bool] = {}
    for fingerprint, screened, list_id, entry_id, digest, confirmed_by in rows:
        key = (fingerprint, screened, list_id, entry_id, digest)
        cleared[key] = cleared.get(key, False) or confirmed_by is not None
    return cleared


def _existing_alerts(registrations: list[Registration]) -> dict[int, list[Alert]]:
    alerts = defaultdict(list)
    rows = Alert.objects.filter(registration__in=[r.pk for r in registrations]).select_related("entry__version")
    for alert in rows:
        alerts[alert.registration_id].append(alert)
    return alerts


OPEN_STATUSES = (Alert.Status.OPEN, Alert.Status.AWAITING_CONFIRMATION)
# Set in an alert's explanation when the person has a clearance of this entry that one officer gave
# and this registration needs two: the alert page says so.
EARLIER_CLEARANCE = "earlier_clearance"


def _unchanged_listed(alert: Alert) -> int | None:
    """The entry of an open alert that is no longer matched, when it is still on the current version of
    its list unchanged: then what changed is the person's data (an edit of the name or the birth date),
    and the alert stays open for an officer to decide; an edit must not make a hit disappear. None when
    the list dropped or changed the entry (a new list version): then the alert is superseded."""
    listed = (WatchListEntry.objects.filter(version__watch_list_id=alert.entry.version.watch_list_id,
                                            version__is_current=True, entry_id=alert.entry.entry_id,
                                            digest=alert.entry.digest)
              .values_list("pk", flat=True).first())
    return listed


def _reconcile(registration, found, by_pk, cleared, existing, run, scope=None) -> tuple[list[Alert], bool]:
    """Update a registration's alerts to what screening found now; returns (alerts to create, any open).

    An open alert whose entry is still matched stays open (moved to the entry's newest version), and so
    does one no longer matched while its entry is unchanged on the current list (the person's data
    changed, not the list's: `_unchanged_listed`); one whose entry the list dropped or changed and that
    no longer matches is superseded. A match that a remembered clearance covers (same
    person, list, entry and unchanged entry digest) raises nothing, provided it satisfies the two-person
    rule of this registration: one officer's clearance of a trade visitor does not clear the same person
    as a delegation member, whose alert opens again saying so. Alerts outside `scope` (when the index
    held only part of the lists) are left as they are."""
    found_keys = {by_pk[pk][1:3]: pk for pk in found}
    handled, new_alerts, has_open = set(), [], False
    for alert in existing:
        key = (alert.entry.version.watch_list_id, alert.entry.entry_id)
        current = found_keys.get(key)
        if scope is not None and key not in scope:
            has_open = has_open or alert.status in OPEN_STATUSES
            continue
        if alert.status in OPEN_STATUSES:
            if current is None:
                current = _unchanged_listed(alert)
            if current is None:
                alert.status = Alert.Status.SUPERSEDED
                alert.save(update_fields=["status"])
                continue
            handled.add(key)
            has_open = True
            if current not in found:  # kept open after an edit of the person: its score is the alert's own
                if current != alert.entry_id:
                    alert.entry_id = current
                    alert.save(update_fields=["entry"])
            elif current != alert.entry_id:
                alert.entry_id, alert.score = current, found[current][0]
                alert.band, alert.explanation = _band(alert.score), {
                    **found[current][1], **{k: v for k, v in alert.explanation.items() if k == EARLIER_CLEARANCE}}
                alert.save(update_fields=["entry", "score", "band", "explanation"])
        elif alert.status == Alert.Status.TRUE_MATCH and current is not None:
            handled.add(key)
    reusable = {alert.entry_id: alert for alert in existing
                if alert.status in (Alert.Status.SUPERSEDED, Alert.Status.CLEARED)}
    # Keyed hashes of decrypted fields: only for a registration something matched.
    fingerprint, screened = registration.person.fingerprint, decisions.screened_as(registration.person) if found else ""
    for entry_pk, (score, explanation) in found.items():
        _pk, list_id, entry_id, digest = by_pk[entry_pk]
        if (list_id, entry_id) in handled:
            continue
        # A clearance holds for the data the officer saw (an edit of the name, birth date, nationality or
        # gender since then raises the alert again); one made before they were kept holds as it did.
        confirmed = cleared.get((fingerprint, screened, list_id, entry_id, digest))
        if confirmed is None:
            confirmed = cleared.get((fingerprint, "", list_id, entry_id, digest))
        if confirmed is not None:
            if decisions.clearance_suffices(registration, confirmed=confirmed):
                continue
            explanation = {**explanation, EARLIER_CLEARANCE: "one-officer"}
        has_open = True
        alert = reusable.get(entry_pk)
        if alert is None:
            new_alerts.append(Alert(registration=registration, entry_id=entry_pk, run=run, score=score,
                                    band=_band(score), explanation=explanation))
            continue
        alert.status, alert.score, alert.band, alert.explanation, alert.run = (
            Alert.Status.OPEN, score, _band(score), explanation, run)
        alert.save(update_fields=["status", "score", "band", "explanation", "run"])
    return new_alerts, has_open


def screen_batch(registrations: Iterable[Registration], *, run=None, loaded: LoadedLists | None = None,
                 found: dict | None = None) -> int:
    """Screen registrations (with person and category loaded), store alerts, move statuses on.
    `found` holds matches already computed (by registration id). Returns the number of new alerts."""
    registrations = list(registrations)
    loaded = loaded or load_lists()
    by_pk = loaded.by_pk
    if found is None:
        found = {registration.pk: matches_for(registration, loaded) for registration in registrations}
    with transaction.atomic():
        cleared = _cleared_keys(registrations)
        existing = _existing_alerts(registrations)
        created, moved, quiet = [], [], []
        for registration in registrations:
            new, has_open = _reconcile(registration, found.get(registration.pk, {}), by_pk, cleared,
                                       existing.get(registration.pk, []), run, loaded.scope)
            created += new
            changes_status = registration.status in WAITING or (has_open and registration.status == Status.APPROVED)
            (moved if changes_status else quiet).append((registration, has_open))
        Alert.objects.bulk_create(created)
        for registration, has_open in moved:
            registration_services.registration_after_screening(registration=registration, has_open_alerts=has_open)
        Registration.objects.filter(pk__in=[r.pk for r, _open in quiet]).update(screened_at=clock.now())
    return len(created)


SUBJECT_FIELDS = ("pk", "status", "person__given_name", "person__patronymic", "person__family_name",
                  "person__name_original_script", "person__birth_date", "person__nationality", "person__gender")


def _id_filter(ids: list[int], field: str = "pk") -> dict:
    """A range when the ids are consecutive (the usual case of a run over one event): a thousand
    parameters per query cost more than the screening of the rows they select."""
    low, high = min(ids), max(ids)
    if high - low + 1 == len(set(ids)):
        return {f"{field}__gte": low, f"{field}__lte": high}
    return {f"{field}__in": ids}


def screen_ids(ids: list[int], *, run=None, loaded: LoadedLists | None = None) -> int:
    """Screen many registrations: read only what the engine needs, and load whole rows only for the
    few that matched, have an open alert or wait for screening. Returns the number of new alerts."""
    if not ids:
        return 0
    loaded = loaded or load_lists()
    rows = Registration.objects.active().filter(**_id_filter(ids)).values_list(*SUBJECT_FIELDS)
    found, seen, attention = {}, [], set()
    for pk, status, given, patronymic, family, original, birth, nationality, gender in rows.iterator(2000):
        seen.append(pk)
        matches = _best(_subjects(pk, [given, patronymic, family], original, birth, nationality, gender), loaded)
        if matches:
            found[pk] = matches
        if matches or status in WAITING:
            attention.add(pk)
    if not seen:
        return 0
    attention |= set(Alert.objects.open().filter(**_id_filter(seen, "registration"))
                     .values_list("registration_id", flat=True))
    created = 0
    if attention:
        registrations = Registration.objects.filter(pk__in=attention).select_related("person", "category")
        created = screen_batch(registrations, run=run, loaded=loaded, found=found)
    Registration.objects.filter(**_id_filter(seen)).exclude(pk__in=attention).update(screened_at=clock.now())
    return created
