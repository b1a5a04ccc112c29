"""Background work of the events app (django-tasks): thin, taking ids."""

from django_tasks import task

from pavilion.events import notifications


@task()
def send_booking_decision(booking_id: int, reason: str = "") -> int:
    """E-mail the organiser's decision on a stand request to whoever made it; how many went."""
    return notifications.booking_decision(booking_id, reason)
