"""Watch-list imports from the officers' page, in the background: the file is read and checked while
the page waits (a bad file is refused on the form, nothing stored), then stored as the list's next
version by a task (django-tasks), whose progress the page shows. Storing 300,000 entries takes about
a minute, longer than a web request may last."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from pavilion.core import clock
from pavilion.core.i18n import supported_language
from pavilion.core.services import audit_record
from pavilion.vetting import lists
from pavilion.vetting.models import WatchList, WatchListImport

Status = WatchListImport.Status


def watch_list_import_queue(*, actor, watch_list: WatchList | None = None, name: str = "", file_name: str,
                            content: bytes, published: str = "", confirm_drop: bool = False) -> WatchListImport:
    """Check the file as `lists.watch_list_import` does, then queue its import as the next version of
    `watch_list`, or without it as the first of a new list called `name` (which no list may have yet);
    ValidationError for a file or a name that would be refused, and nothing is stored. A file that would
    drop much of the list's current version, or change its format, is refused here, while the officer
    waits, unless they `confirm_drop` (`lists.checked_replacement`); the task checks again with it."""
    if not lists.can_import(actor):
        raise PermissionDenied(_("Only organiser admins and security officers import watch lists."))
    name = watch_list.name if watch_list is not None else lists.checked_new_name(name)
    parsed = lists.checked_file(file_name=file_name, content=content, published=published)
    dropping = lists.checked_replacement(watch_list, parsed, confirmed=confirm_drop) if watch_list else None
    with transaction.atomic():
        job = WatchListImport.objects.create(
            watch_list=watch_list, name=name, file_name=file_name, published=published, content=content,
            requested_by=actor, drop_confirmed=dropping is not None,
            language=supported_language(translation.get_language()), entry_count=len(parsed.entries))
        audit_record(actor=actor, action="watch_list.import_queue", obj=job,
                     after={"list": watch_list.slug if watch_list else None, "name": name, "file": file_name,
                            "entries": job.entry_count, **({"confirmed_drop": dropping} if dropping else {})})
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from pavilion.vetting.tasks import import_watch_list

    import_watch_list.enqueue(job_id)


def watch_list_import_run(job_id: int) -> WatchListImport | None:
    """Store a queued import (the task's work); idempotent: a job already taken is left alone."""
    with transaction.atomic():
        job = WatchListImport.objects.select_for_update().filter(pk=job_id, status=Status.QUEUED).first()
        if job is None:
            return None
        job.status = Status.RUNNING
        job.save(update_fields=["status"])
    content = bytes(job.content)
    try:
        with translation.override(job.language):
            # A new list's name is checked again: another import may have created it since.
            version = lists.watch_list_import(actor=job.requested_by, watch_list=job.watch_list, name=job.name,
                                              new_list=job.watch_list_id is None, file_name=job.file_name,
                                              content=content, published=job.published,
                                              confirm_drop=job.drop_confirmed)
    except (ValidationError, PermissionDenied) as error:
        with translation.override(job.language):
            reason = " ".join(getattr(error, "messages", None) or [str(error) or _("The import was refused.")])
        _finish(job, Status.FAILED, error=reason)
        return job
    except Exception as error:
        # The reason stays in the task's record; the page says no more than that it failed.
        _finish(job, Status.FAILED, error=type(error).__name__)
        raise
    _finish(job, Status.DONE, version=version)
    return job


def _finish(job: WatchListImport, status: str, *, error: str = "", version=None) -> None:
    job.status, job.error, job.version, job.content, job.finished_at = status, error[:500], version, b"", clock.now()
    job.save(update_fields=["status", "error", "version", "content", "finished_at"])
