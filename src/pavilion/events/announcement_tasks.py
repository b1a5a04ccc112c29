"""Background work of announcements (django-tasks): thin, taking ids, idempotent."""

from django_tasks import task

from pavilion.events import announcement_mail


@task()
def send_announcement(announcement_id: int) -> int:
    """E-mail an announcement to its audience once it is out; run again, it sends nothing."""
    return announcement_mail.send(announcement_id)


@task()
def send_due_announcements() -> int:
    """E-mail every announcement out now whose e-mail has not gone (scheduled ones, where the task
    backend cannot run a task at a given time): for a periodic job. How many e-mails went."""
    return sum(announcement_mail.send(announcement_id) for announcement_id in announcement_mail.due())
