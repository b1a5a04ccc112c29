"""Background work of the programme (django-tasks): thin, idempotent, taking ids."""

from django_tasks import task

from pavilion.programme import notifications


@task()
def send_session_changed(entry_id: int) -> int:
    """The e-mails of a session moved (its `session.update` audit entry), once each; how many went."""
    return notifications.session_changed(entry_id)
