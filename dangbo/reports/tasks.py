"""Background work of the reports app (django-tasks): tasks receive ids, never model instances."""

from __future__ import annotations

from django_tasks import task

from dangbo.reports import services


@task()
def run_export_task(job_id: int) -> None:
    """Write the export `job_id` (re-applying its user's scope) and store the file."""
    services.run_export(job_id=job_id)
