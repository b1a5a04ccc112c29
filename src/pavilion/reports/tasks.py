"""Background work of reports (django-tasks): thin, idempotent, taking ids."""

from django_tasks import task

from pavilion.reports import exports, rollup


@task()
def refresh_entry_rollup(event_id: int) -> int:
    """Add the gate scans that arrived since the last refresh to the hourly rollup."""
    return rollup.entry_rollup_refresh(event_id=event_id)


@task()
def run_export(job_id: int) -> int:
    """Write one export job's file, showing progress as it goes; returns the rows written."""
    return exports.export_job_run(job_id=job_id)


@task()
def refresh_registration_snapshot(event_id: int) -> int:
    """Count the registration figures of the dashboard again; returns the registrations counted."""
    from pavilion.reports import snapshots

    data = snapshots.registration_snapshot_refresh(event_id=event_id).data
    return sum(sum(statuses.values()) for statuses in data["by_category"].values())
