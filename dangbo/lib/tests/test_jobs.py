"""A background job whose worker died is shown as failed, and a live worker's job never is.

The worker's side is a real second database session: open, it is a worker at work; closed, the server
ends the session as it does when a worker process is killed."""

from __future__ import annotations

import datetime as dt
import time

import psycopg
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from dangbo.imports import services as import_services
from dangbo.imports.models import ImportJob, JobStatus
from dangbo.imports.tests.access import CSV
from dangbo.lib import jobs
from dangbo.reports.models import ExportJob, ExportStatus
from dangbo.testing import BaseTestCase


def session_of(worker: psycopg.Connection) -> str:
    row = worker.execute(
        f"SELECT {jobs._SESSION_SQL} FROM pg_stat_activity WHERE pid = pg_backend_pid()"
    ).fetchone()
    assert row is not None
    return str(row[0])


def end(worker: psycopg.Connection) -> None:
    """Close the worker's session and wait until the server has ended it."""
    pid = worker.info.backend_pid
    worker.close()
    with connection.cursor() as cursor:
        for _ in range(100):
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
            if cursor.fetchone()[0] == 0:
                return
            time.sleep(0.05)
    raise AssertionError("the worker's session did not end")


class DeadWorkerTests(BaseTestCase):
    def _import_job(self, status: str, worker: str) -> ImportJob:
        job = import_services.create_import_job(
            kind="members", filename="a.csv", content=CSV, by=self.world.users["secretary_a"]
        )
        ImportJob.objects.filter(pk=job.pk).update(status=status, worker=worker)
        return job

    def _export_job(self, worker: str) -> ExportJob:
        now = timezone.now()
        return ExportJob.objects.create(
            user=self.world.users["secretary_a"],
            report="members",
            title="Danh sách đảng viên — Đảng bộ Sở Tài chính",
            status=ExportStatus.RUNNING,
            worker=worker,
            expires_at=now + dt.timedelta(days=1),
        )

    def test_an_import_whose_worker_died_fails_with_a_message_a_live_one_keeps_running(self) -> None:
        alive, dead = jobs.second_connection(), jobs.second_connection()
        try:
            running = self._import_job(JobStatus.COMMITTING, session_of(alive))
            died = self._import_job(JobStatus.COMMITTING, session_of(dead))
            queued = self._import_job(JobStatus.COMMIT_QUEUED, session_of(dead))  # waits for a worker
            end(dead)
            self.login("secretary_a")
            page = self.client.get(reverse("imports:detail", args=[died.pk]))
            self.assertContains(page, "Tiến trình chạy nền đã dừng giữa chừng")
            self.assertContains(page, "Chưa có dữ liệu nào được ghi")
            self.client.get(reverse("imports:list"))
            statuses = dict(ImportJob.objects.values_list("pk", "status"))
            self.assertEqual(
                (statuses[died.pk], statuses[running.pk], statuses[queued.pk]),
                (JobStatus.FAILED, JobStatus.COMMITTING, JobStatus.COMMIT_QUEUED),
            )
        finally:
            alive.close()

    def test_an_export_whose_worker_died_fails_and_does_not_hold_back_a_new_one(self) -> None:
        dead = jobs.second_connection()
        job = self._export_job(session_of(dead))
        end(dead)
        self.login("secretary_a")
        page = self.client.get(reverse("reports:job", args=[job.pk]))
        self.assertContains(page, "Tiến trình chạy nền đã dừng giữa chừng")
        job.refresh_from_db()
        self.assertEqual(job.status, ExportStatus.FAILED)

    def test_a_worker_writes_its_session_on_the_job_it_runs(self) -> None:
        job = import_services.create_import_job(
            kind="members", filename="a.csv", content=CSV, by=self.world.users["secretary_a"]
        )
        job.refresh_from_db()  # small files are checked at once, in this process
        self.assertEqual(job.status, JobStatus.CHECKED)
        self.assertEqual(job.worker, jobs.session())
