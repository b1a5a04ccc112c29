"""Background work of vetting (django-tasks): thin, idempotent, taking ids."""

from django.db import transaction
from django_tasks import task

from pavilion.core import clock
from pavilion.registrations.models import Registration
from pavilion.vetting.models import ScreeningRun
from pavilion.vetting.screening import load_lists, screen_batch

BATCH = 1000


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


@task()
def run_screening(run_id: int) -> int:
    """Screen every active registration of the run's event again, showing progress as it goes."""
    run = ScreeningRun.objects.filter(pk=run_id).first()
    if run is None or run.status == ScreeningRun.Status.DONE:
        return 0
    registrations = Registration.objects.active().filter(event=run.event_id)
    ids = list(registrations.order_by("pk").values_list("pk", flat=True))
    ScreeningRun.objects.filter(pk=run_id).update(status=ScreeningRun.Status.RUNNING, total=len(ids), done=0,
                                                  alerts_raised=0, started_at=clock.now())
    loaded, done, raised = load_lists(), 0, 0
    try:
        for start in range(0, len(ids), BATCH):
            chunk = ids[start:start + BATCH]
            batch = Registration.objects.filter(pk__in=chunk).select_related("person", "category")
            raised += screen_batch(batch.active(), run=run, loaded=loaded)
            done += len(chunk)
            # Committed per batch, so that the officers' page shows the progress while it runs.
            ScreeningRun.objects.filter(pk=run_id).update(done=done, alerts_raised=raised)
    except Exception as error:
        ScreeningRun.objects.filter(pk=run_id).update(status=ScreeningRun.Status.FAILED, finished_at=clock.now(),
                                                      error=type(error).__name__)
        raise
    ScreeningRun.objects.filter(pk=run_id).update(status=ScreeningRun.Status.DONE, finished_at=clock.now())
    return raised
