"""Background work of the events app (django-tasks): thin, idempotent, taking ids."""

from django_tasks import task

from pavilion.events import notifications


@task()
def send_booking_decision(booking_id: int, reason: str = "") -> int:
    """E-mail the organiser's decision on a stand request to whoever made it; how many went."""
    return notifications.booking_decision(booking_id, reason)


@task()
def resign_badges(entry_id: int) -> int:
    """Sign the badges a postponement (its `event.postpone` audit entry) superseded, with their moved
    windows; those already signed are skipped. How many were signed by this run."""
    from pavilion.accreditation import reprint_tasks
    from pavilion.core.models import AuditEntry
    from pavilion.events.models import Event

    entry = AuditEntry.objects.filter(pk=entry_id, action="event.postpone", object_type="events.event").first()
    event = Event.objects.filter(pk=int(entry.object_id)).first() if entry is not None else None
    if event is None:
        return 0
    signed, _not_cleared = reprint_tasks.badges_resign(actor=entry.actor, event=event)
    return signed


@task()
def send_postponement_mails(entry_id: int) -> int:
    """The participants' e-mails of a postponement (postponement_mail.py), once each; how many went."""
    from pavilion.events.postponement_mail import send_postponement_mails as send

    return send(entry_id)
