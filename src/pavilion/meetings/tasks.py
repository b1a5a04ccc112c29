"""Background work of the meeting schedule (django-tasks): thin, idempotent, taking ids."""

from django_tasks import task

from pavilion.events.models import Event
from pavilion.meetings import notifications
from pavilion.meetings.services.recommendations import recommendations_refresh
from pavilion.meetings.services.scheduling import schedule_run_execute


@task()
def run_schedule(run_id: int) -> str:
    """Execute a queued schedule run (load, engine, store); the run records progress and result."""
    run = schedule_run_execute(run_id=run_id)
    return run.status if run is not None else "not queued"


@task()
def refresh_recommendations(event_id: int) -> int:
    """Recompute an event's recommendations when what they depend on changed (idempotent)."""
    event = Event.objects.filter(pk=event_id).first()
    return recommendations_refresh(event=event) if event is not None else 0


MAILS = {"request_received": notifications.request_received, "request_answered": notifications.request_answered,
         "request_cancelled": notifications.request_cancelled, "request_reviewed": notifications.request_reviewed,
         "meeting_cancelled": notifications.meeting_cancelled, "meeting_moved": notifications.meeting_moved,
         "schedule_published": notifications.schedule_published}


@task()
def send_meeting_mail(kind: str, object_id: int, *details: str) -> int:
    """One of the meeting e-mails (notifications.py) for a request or a published run; how many went."""
    return MAILS[kind](object_id, *details)


def mail_on_commit(kind: str, object_id: int, *details: str) -> None:
    """Queue the e-mail once the change that calls for it is committed (never for one rolled back)."""
    from django.db import transaction

    transaction.on_commit(lambda: send_meeting_mail.enqueue(kind, object_id, *details))
