"""Background exports: queue one, run it (inside the task, on ids only), delete expired files."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import Http404, QueryDict
from django.utils import timezone

from dangbo.lib import jobs as lib_jobs
from dangbo.reports.definitions import Report, Selection, get_report
from dangbo.reports.models import ExportJob, ExportStatus
from dangbo.reports.rendering import file_name, render

IGNORED_PARAMS = frozenset({"page"})


def file_lifetime() -> dt.timedelta:
    """How long a finished export's file is kept (setting EXPORT_FILE_HOURS, 24 by default)."""
    return dt.timedelta(hours=int(getattr(settings, "EXPORT_FILE_HOURS", 24)))


def progress_every() -> int:
    """Rows between two progress updates of a background export (setting EXPORT_PROGRESS_EVERY)."""
    return int(getattr(settings, "EXPORT_PROGRESS_EVERY", 2000))


def stored_params(params: QueryDict) -> dict[str, list[str]]:
    return {key: params.getlist(key) for key in sorted(params) if key not in IGNORED_PARAMS}


def query_params(stored: dict[str, list[str]]) -> QueryDict:
    params = QueryDict(mutable=True)
    for key, values in stored.items():
        params.setlist(key, list(values))
    return params


@transaction.atomic
def start_export(
    *, report: Report, selection: Selection, row_count: int, params: QueryDict, by: Any
) -> ExportJob:
    """Queue `report` with the page's filters for `by`; the task runs after commit. The same export
    already waiting or running for the same user is returned instead of a second one."""
    stored = stored_params(params)
    reap_dead_exports(ExportJob.objects.filter(user=by, report=report.name))  # never wait behind a dead one
    waiting = (
        ExportJob.objects.filter(user=by, report=report.name, params=stored)
        .filter(status__in=[ExportStatus.PENDING, ExportStatus.RUNNING])
        .unexpired()
        .defer("file")
        .first()
    )
    if waiting is not None:
        return waiting
    now = timezone.now()
    job = ExportJob.objects.create(
        user=by,
        report=report.name,
        params=stored,
        title=f"{report.label} — {selection.scope_name}"[:255],
        note=selection.note[:255],
        row_count=row_count,
        created_at=now,
        expires_at=now + file_lifetime(),
    )
    from dangbo.reports.tasks import run_export_task  # the task module imports this one

    transaction.on_commit(lambda: run_export_task.enqueue(job.pk))
    return job


def run_export(*, job_id: int) -> ExportJob | None:
    """Write a queued export: load its user, re-apply their scope and filters through the report's
    `select`, write the file with progress updates, store it. A job whose user may no longer see
    what it asked for fails with a message; nothing of it is written."""
    job = ExportJob.objects.select_related("user").defer("file").filter(pk=job_id).first()
    if job is None or job.status != ExportStatus.PENDING:
        return job  # deleted meanwhile, or already run
    jobs = ExportJob.objects.filter(pk=job.pk)
    jobs.update(status=ExportStatus.RUNNING, rows_done=0, worker=lib_jobs.session())

    def report_progress(rows_done: int) -> None:
        jobs.update(rows_done=rows_done)  # autocommit: the polling page sees it at once

    try:
        report = get_report(job.report)
        user = job.user
        if not user.is_active:
            raise Http404("Tài khoản đã bị khóa.")
        selection = report.select(user, query_params(job.params))
        total = selection.count()
        jobs.update(row_count=total)
        today = timezone.localdate()
        content = render(
            report,
            selection,
            on=today,
            progress=report_progress,
            progress_every=progress_every(),
        )
    except Http404:
        jobs.update(
            status=ExportStatus.FAILED,
            error="Không còn quyền xem dữ liệu này nên không xuất được.",
            finished_at=timezone.now(),
        )
    except Exception:
        jobs.update(status=ExportStatus.FAILED, error="Lỗi khi xuất dữ liệu.", finished_at=timezone.now())
        raise
    else:
        now = timezone.now()
        jobs.update(
            status=ExportStatus.DONE,
            file=content,
            file_name=file_name(report, today),
            file_size=len(content),
            rows_done=total,
            row_count=total,
            finished_at=now,
            expires_at=now + file_lifetime(),
        )
    delete_expired_exports()
    return ExportJob.objects.defer("file").get(pk=job.pk)


def delete_expired_exports() -> int:
    """Delete the jobs (and their files) whose time is up; returns how many."""
    deleted, _ = ExportJob.objects.expired().delete()
    return deleted


def reap_dead_exports(job_set: Any) -> int:
    """Mark failed the exports of `job_set` whose worker died while writing (dangbo.lib.jobs)."""
    return lib_jobs.reap(
        job_set,
        [ExportStatus.RUNNING],
        status=ExportStatus.FAILED,
        error=lib_jobs.DIED,
        finished_at=timezone.now(),
    )
