"""Background work of the meeting schedule (django-tasks): thin, idempotent, taking ids."""

from django_tasks import task

from pavilion.meetings.services.scheduling import schedule_run_execute


@task()
def run_schedule(run_id: int) -> str:
    """Execute a queued schedule run (load, engine, store); the run records progress and result."""
    run = schedule_run_execute(run_id=run_id)
    return run.status if run is not None else "not queued"
