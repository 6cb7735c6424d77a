"""Import jobs: upload, check (preview), column mapping, commit; each step small files inline, large ones in
the background (django-tasks, database backend).

The rows themselves are written by dangbo.imports.importers through the organization and member services.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from dangbo.accounts import policy
from dangbo.imports.importers import Options, run_import
from dangbo.imports.models import WORKING, ImportJob, ImportKind, JobStatus
from dangbo.imports.parsing import COLUMNS, Report
from dangbo.lib import jobs, tabular

if TYPE_CHECKING:
    from dangbo.accounts.models import User
    from dangbo.organizations.models import Organization

logger = logging.getLogger(__name__)

MB = 1024 * 1024
CHANGE_ACTIONS = {
    ImportKind.ORGANIZATIONS: policy.CHANGE_ORGANIZATIONS,
    ImportKind.MEMBERS: policy.CHANGE_MEMBERS,
    ImportKind.ASSESSMENTS: policy.DECIDE,  # past results are decisions (RULES.md R12)
}


def limits() -> tabular.Limits:
    """The file limits (settings IMPORT_MAX_BYTES, IMPORT_MAX_UNCOMPRESSED_BYTES, IMPORT_MAX_ZIP_MEMBERS)."""
    default = tabular.Limits()
    return tabular.Limits(
        max_bytes=getattr(settings, "IMPORT_MAX_BYTES", default.max_bytes),
        max_uncompressed_bytes=getattr(
            settings, "IMPORT_MAX_UNCOMPRESSED_BYTES", default.max_uncompressed_bytes
        ),
        max_members=getattr(settings, "IMPORT_MAX_ZIP_MEMBERS", default.max_members),
    )


def inline_max_bytes() -> int:
    """Files up to this size are checked during the upload request; larger ones in the background."""
    return getattr(settings, "IMPORT_INLINE_MAX_BYTES", 256 * 1024)


@transaction.atomic
def create_import_job(
    *, kind: str, filename: str, content: bytes, scope: Organization | None = None, by: User
) -> ImportJob:
    """Store an uploaded file for import after the checks that need no parsing (size, format, zip bomb),
    then check it: now if small, else in the background."""
    if kind not in ImportKind.values:
        raise ValidationError({"kind": "Loại dữ liệu nhập không hợp lệ."})
    if scope is not None and not policy.can(by, CHANGE_ACTIONS[ImportKind(kind)], scope):
        raise ValidationError(
            {"organization": f"Không tìm thấy tổ chức mã “{scope.code}” trong phạm vi của bạn."}
        )
    try:
        tabular.detect_format(content, filename, limits())
    except tabular.FileRefused as error:
        raise ValidationError({"file": str(error)}) from error
    job = ImportJob.objects.create(
        user=by, kind=kind, filename=filename[-255:], size=len(content), content=content, scope=scope
    )
    start_check(job)
    return job


def start_check(job: ImportJob) -> None:
    """Check a job now (small files) or queue the check."""
    from dangbo.imports import tasks

    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.QUEUED, processed_rows=0, conversions_confirmed=False, error=""
    )
    job.status = JobStatus.QUEUED
    if job.size <= inline_max_bytes():
        _run(job.pk, commit=False, report_progress=False)
        job.refresh_from_db()
    else:
        job_id = job.pk
        transaction.on_commit(lambda: tasks.check_import.enqueue(job_id))


@transaction.atomic
def set_mapping(*, job: ImportJob, mapping: dict[str, str], by: User) -> ImportJob:
    """Record which field each unrecognised column holds ("" to ignore it), then check the file again."""
    names = {c.name for c in COLUMNS.get(job.kind, ())}
    bad = [value for value in mapping.values() if value and value not in names]
    if bad:
        raise ValidationError("Cột được chọn không hợp lệ.")
    if job.is_running:
        raise ValidationError("Tệp đang được xử lý, hãy chờ xong.")
    job.mapping = {**job.mapping, **mapping}
    job.save(update_fields=["mapping", "updated_at"])
    start_check(job)
    return job


@transaction.atomic
def commit_import_job(*, job: ImportJob, conversions_confirmed: bool, by: User) -> ImportJob:
    """Queue the commit of a checked job: all rows in one transaction, in the background."""
    from dangbo.imports import tasks

    job = ImportJob.objects.select_for_update().defer("content").get(pk=job.pk)
    if not job.can_commit:
        raise ValidationError("Chỉ ghi được dữ liệu khi tệp đã kiểm tra xong và không có dòng bị từ chối.")
    if job.report.get("conversions_total") and not conversions_confirmed:
        raise ValidationError(
            "Hãy xác nhận các ô đã chuyển từ mã TCVN3/VNI sang Unicode trước khi ghi dữ liệu."
        )
    job.status = JobStatus.COMMIT_QUEUED
    job.processed_rows = 0
    job.conversions_confirmed = conversions_confirmed
    job.save(update_fields=["status", "processed_rows", "conversions_confirmed", "updated_at"])
    job_id = job.pk
    transaction.on_commit(lambda: tasks.commit_import.enqueue(job_id))
    return job


# ------------------------------------------------------------------------------------------- running


class _ProgressWriter:
    """Writes processed/total rows to the job at most twice a second.

    Inside the commit's long transaction the job row is written through a second, autocommit connection,
    so that the page polling the job sees the progress before the transaction ends. The commit itself
    never touches the job row (the second connection would wait for it).
    """

    interval = 0.5

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.last = 0.0
        self.side: Any = None
        self.side_failed = False

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last < self.interval:
            return
        self.last = now
        if not connection.in_atomic_block:
            ImportJob.objects.filter(pk=self.job_id).update(processed_rows=done, total_rows=total)
            return
        if self.side_failed:
            return
        try:
            if self.side is None:
                self.side = jobs.second_connection()
                self.side.execute("SET lock_timeout = '1s'")
            self.side.execute(
                f"UPDATE {ImportJob._meta.db_table} SET processed_rows = %s, total_rows = %s WHERE id = %s",
                [done, total, self.job_id],
            )
        except Exception:  # progress is a nicety: never let it break an import
            logger.warning("import job %s: progress not written", self.job_id, exc_info=True)
            self.side_failed = True

    def close(self) -> None:
        if self.side is not None:
            self.side.close()
            self.side = None


def _actor(job: ImportJob) -> Any:
    return job.user


def _run(job_id: int, *, commit: bool, report_progress: bool = True) -> None:
    running, final = (
        (JobStatus.COMMITTING, JobStatus.DONE) if commit else (JobStatus.CHECKING, JobStatus.CHECKED)
    )
    job = ImportJob.objects.select_related("user", "scope").get(pk=job_id)
    expected = JobStatus.COMMIT_QUEUED if commit else JobStatus.QUEUED
    if job.status != expected:
        logger.info("import job %s: status %s, not %s; nothing to do", job_id, job.status, expected)
        return
    ImportJob.objects.filter(pk=job_id).update(
        status=running, processed_rows=0, worker=jobs.session(), updated_at=timezone.now()
    )
    progress = _ProgressWriter(job_id)
    try:
        report = run_import(
            job.kind,
            bytes(job.content),
            job.filename,
            Options(
                user=_actor(job),
                by=job.user,
                scope=job.scope,
                commit=commit,
                filename=job.filename,
                progress=progress if report_progress else None,
            ),
            mapping=job.mapping,
            limits=limits(),
        )
    except Exception as error:
        logger.exception("import job %s failed", job_id)
        ImportJob.objects.filter(pk=job_id).update(
            status=JobStatus.FAILED,
            error=f"Lỗi hệ thống khi xử lý tệp ({type(error).__name__}). Hãy báo quản trị hệ thống.",
            finished_at=timezone.now(),
        )
        return
    finally:
        progress.close()
    status = final if (report.committed or not commit) else JobStatus.FAILED
    ImportJob.objects.filter(pk=job_id).update(
        status=status,
        report=report.to_json(),
        processed_rows=report.rows,
        total_rows=report.rows,
        finished_at=timezone.now(),
    )


def check_job(job_id: int) -> None:
    """Parse and validate every row without writing; the job's report becomes the preview."""
    _run(job_id, commit=False)


def commit_job(job_id: int) -> None:
    """Write every row in one transaction; any refused row rolls everything back."""
    _run(job_id, commit=True)


def report_of(job: ImportJob) -> Report | None:
    return Report.from_json(job.report) if job.report else None


def reap_dead_jobs(job_set: Any) -> int:
    """Mark failed the jobs of `job_set` whose worker died while checking or committing (dangbo.lib.jobs)."""
    return jobs.reap(
        job_set,
        WORKING,
        status=JobStatus.FAILED,
        error=jobs.DIED + " Chưa có dữ liệu nào được ghi.",
        finished_at=timezone.now(),
    )
