"""Writes of reports: only the background export jobs and their files' expiry (reports read
everything else)."""

import datetime

from django.db import transaction

from pavilion.core import clock
from pavilion.core.services import audit_record
from pavilion.reports import exports
from pavilion.reports.models import ExportJob


def export_jobs_expire() -> int:
    """Delete the files of background exports written more than PAVILION_EXPORT_KEEP_HOURS ago
    (they hold personal data) and mark their jobs expired; returns how many. Runs whenever an export
    is queued and from `pavilion exports-expire` (for a daily timer)."""
    cutoff = clock.now() - datetime.timedelta(hours=exports.keep_hours())
    expired = 0
    for job in ExportJob.objects.filter(status=ExportJob.Status.DONE, finished_at__lt=cutoff).order_by("pk"):
        path = exports.job_path(job)
        if path is not None:
            path.unlink(missing_ok=True)
        with transaction.atomic():
            ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.EXPIRED, file_name="")
            audit_record(actor=None, action="report.export_expired", obj=job,
                         after={"kind": job.kind, "format": job.format, "hours": exports.keep_hours()})
        expired += 1
    return expired


def export_job_create(*, actor, event, kind: str, format: str, filters: dict) -> ExportJob:
    """Queue an export too large for a request; the task starts when the transaction commits."""
    from pavilion.reports.tasks import run_export

    export_jobs_expire()
    with transaction.atomic():
        job = ExportJob.objects.create(event=event, kind=kind, format=format, filters=filters,
                                       created_by=actor if getattr(actor, "pk", None) else None,
                                       created_at=clock.now())
        audit_record(actor=actor, action="report.export_queued", obj=job,
                     after={"kind": kind, "format": format, "filters": filters})
        transaction.on_commit(lambda: run_export.enqueue(job.pk))
    return job
