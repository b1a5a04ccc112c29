"""Background work of vetting (django-tasks): thin, idempotent, taking ids."""

from django.db import transaction
from django_tasks import task

from pavilion.core import clock
from pavilion.registrations.models import Registration
from pavilion.vetting import imports, rescreen
from pavilion.vetting.models import ScreeningRun, WatchListVersion
from pavilion.vetting.screening import load_lists, screen_batch, screen_ids

BATCH = 1000


@task()
def import_watch_list(import_id: int) -> int:
    """Store a checked upload as its list's next version (which queues the re-screening); returns the
    version's number, 0 when there was nothing to do or the import failed."""
    job = imports.watch_list_import_run(import_id)
    return job.version.number if job is not None and job.version is not None else 0


@task()
def screen_registration(registration_id: int) -> int:
    """Screen one new or changed registration; returns the number of new alerts."""
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update().select_related("person", "category")
            .filter(pk=registration_id).first()
        )
        if registration is None or registration.status in (Registration.Status.REJECTED,
                                                              Registration.Status.CANCELLED):
            return 0
        if registration.status == Registration.Status.SUBMITTED:
            registration.status = Registration.Status.SCREENING
            registration.save(update_fields=["status", "updated_at"])
        return screen_batch([registration])


def _version(run: ScreeningRun) -> WatchListVersion | None:
    kind, _sep, version_id = run.trigger.partition(":")
    if kind != "list-version" or not version_id.isdigit():
        return None
    return WatchListVersion.objects.select_related("watch_list").filter(pk=int(version_id)).first()


@task()
def run_screening(run_id: int) -> int:
    """Screen every active registration of the run's event again, showing progress as it goes.
    After a list update only the changed entries are screened for people already screened against
    the previous version (see rescreen.py); everyone else is screened in full."""
    run = ScreeningRun.objects.filter(pk=run_id).first()
    if run is None or run.status == ScreeningRun.Status.DONE:
        return 0
    ids = list(Registration.objects.active().filter(event=run.event_id).order_by("pk").values_list("pk", flat=True))
    ScreeningRun.objects.filter(pk=run_id).update(status=ScreeningRun.Status.RUNNING, total=len(ids), done=0,
                                                  alerts_raised=0, started_at=clock.now())
    version = _version(run)
    if version is not None:
        rescreen.carry_alerts_over(version)
        by_difference, in_full = rescreen.plan(version, ids)
        changed, full = rescreen.loaders(version)
    else:
        by_difference, in_full, changed, full = [], ids, None, load_lists
    done = raised = 0
    try:
        for chunk_ids, loader in _chunks(by_difference, changed) + _chunks(in_full, full):
            raised += screen_ids(chunk_ids, run=run, loaded=loader())
            done += len(chunk_ids)
            # Committed per batch, so that the officers' page shows the progress while it runs.
            ScreeningRun.objects.filter(pk=run_id).update(done=done, alerts_raised=raised)
    except Exception as error:
        ScreeningRun.objects.filter(pk=run_id).update(status=ScreeningRun.Status.FAILED, finished_at=clock.now(),
                                                      error=type(error).__name__)
        raise
    ScreeningRun.objects.filter(pk=run_id).update(status=ScreeningRun.Status.DONE, done=len(ids),
                                                  finished_at=clock.now())
    return raised


def _chunks(ids: list[int], loader) -> list[tuple[list[int], object]]:
    return [(ids[start:start + BATCH], loader) for start in range(0, len(ids), BATCH)]
