"""Writes of reports: only the background export jobs (reports read everything else)."""

from django.db import transaction

from pavilion.core import clock
from pavilion.core.services import audit_record
from pavilion.reports.models import ExportJob


def export_job_create(*, actor, event, kind: str, format: str, filters: dict) -> ExportJob:
    """Queue an export too large for a request; the task starts when the transaction commits."""
    from pavilion.reports.tasks import run_export

    with transaction.atomic():
        job = ExportJob.objects.create(event=event, kind=kind, format=format, filters=filters,
                                       created_by=actor if getattr(actor, "pk", None) else None,
                                       created_at=clock.now())
        audit_record(actor=actor, action="report.export_queued", obj=job,
                     after={"kind": kind, "format": format, "filters": filters})
        transaction.on_commit(lambda: run_export.enqueue(job.pk))
    return job
