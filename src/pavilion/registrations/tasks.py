"""Background work of registrations (django-tasks): thin, taking ids."""

from django_tasks import task

from pavilion.registrations import notifications


@task()
def send_registration_links(registration_ids: list[int]) -> int:
    """The e-mail of 'send me my link again' (link_requests.request_links). It is queued for every
    request, with or without registrations, so that the page answers in the same time either way: with a
    task worker (PAVILION_TASK_BACKEND) the mail server's delay never shows whether an address is
    registered."""
    notifications.send_links(registration_ids)
    return len(registration_ids)
