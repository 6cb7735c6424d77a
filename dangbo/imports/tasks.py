"""Background steps of an import (django-tasks): they receive the job's id and re-read everything."""

from __future__ import annotations

from django_tasks import task

from dangbo.imports import services


@task()
def check_import(job_id: int) -> None:
    services.check_job(job_id)


@task()
def commit_import(job_id: int) -> None:
    services.commit_job(job_id)
