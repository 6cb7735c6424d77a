from __future__ import annotations

import datetime as dt
import io

from django.core.management import call_command
from django.db import connection
from django.test import TransactionTestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dangbo.members import services as member_services
from dangbo.organizations import services as org_services
from dangbo.reports import services
from dangbo.reports.models import ExportJob, ExportStatus
from dangbo.reports.tests.helpers import data_rows
from dangbo.testing import BaseTestCase, build_world, make_member

CARD = 4


def job_file(job: ExportJob) -> bytes:
    assert job.file is not None, job.get_status_display()
    return bytes(job.file)


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO(), stderr=io.StringIO())


@override_settings(EXPORT_DIRECT_MAX_ROWS=0)
class WorkerExportTests(TransactionTestCase):
    """Through the real worker: the request commits, the task is enqueued on commit, `db_worker` runs it.
    (A TransactionTestCase: the worker closes connections left inside a transaction.)"""

    def setUp(self) -> None:
        self.world = build_world()

    def login(self, persona: str) -> None:
        self.client.force_login(self.world.users[persona])

    def _request_export(self, persona: str, url: str = "", **params: str) -> ExportJob:
        self.login(persona)
        response = self.client.get(url or reverse("members:export"), params)
        self.assertRedirects(response, reverse("reports:list"))
        return ExportJob.objects.filter(user=self.world.users[persona]).latest("created_at")

    def test_large_export_runs_in_the_worker_and_is_downloaded(self) -> None:
        job = self._request_export("secretary_b")
        self.assertEqual((job.status, job.row_count, job.report), (ExportStatus.PENDING, 2, "members"))
        page = self.client.get(reverse("reports:list"))
        self.assertContains(page, "được xuất trong nền")
        self.assertContains(page, 'hx-trigger="every 1s"')
        self.assertContains(page, "Danh sách đảng viên — Đảng bộ Sở Y tế")

        run_worker()

        job.refresh_from_db()
        self.assertEqual((job.status, job.rows_done, job.percent), (ExportStatus.DONE, 2, 100))
        self.assertEqual(job.file_size, len(job_file(job)))
        page = self.client.get(reverse("reports:list"))
        self.assertNotContains(page, 'hx-trigger="every 1s"')
        self.assertContains(page, reverse("reports:download", args=[job.pk]))
        response = self.client.get(reverse("reports:download", args=[job.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertIn(job.file_name, response["Content-Disposition"])
        content = response.content
        self.assertEqual({row[CARD] for row in data_rows(content)}, {"10000003", "10000005"})

    def test_the_filters_travel_with_the_job(self) -> None:
        for name in ["Vũ Thị Yến", "Lê Thị Hồng", "Mai Thị Lan"]:
            make_member(self.world.cell_a2, name, gender="female")
        job = self._request_export("office_staff", gender="female", organization="A", page="3")
        self.assertEqual(job.params, {"gender": ["female"], "organization": ["A"]})
        run_worker()
        job.refresh_from_db()
        names = [row[1] for row in data_rows(job_file(job))]
        self.assertEqual(names, ["Nguyễn Thị Đào", "Lê Thị Hồng", "Mai Thị Lan", "Vũ Thị Yến"])

    def test_organizations_export_runs_in_the_background_too(self) -> None:
        job = self._request_export("secretary_b", url=reverse("organizations:export"))
        run_worker()
        job.refresh_from_db()
        self.assertEqual([row[1] for row in data_rows(job_file(job))], ["B", "B1", "B2"])

    def test_the_task_applies_the_scope_as_it_stands_when_it_runs(self) -> None:
        job = self._request_export("secretary_b")
        member_services.transfer_member(
            member=self.world.member_b1, to=self.world.cell_a1, effective_on=dt.date(2025, 1, 1), by=None
        )
        make_member(self.world.cell_b2, "Phan Văn Ý", card_number="10000099")
        run_worker()
        job.refresh_from_db()
        self.assertEqual({row[CARD] for row in data_rows(job_file(job))}, {"10000005", "10000099"})

    def test_a_job_whose_filter_left_the_scope_fails_without_a_file(self) -> None:
        job = self._request_export("secretary_b", organization="B1")
        org_services.move_organization(
            organization=self.world.cell_b1,
            parent=self.world.org_a,
            effective_on=dt.date(2025, 1, 1),
            by=None,
        )
        run_worker()
        job.refresh_from_db()
        self.assertEqual(job.status, ExportStatus.FAILED)
        self.assertIsNone(job.file)
        self.assertContains(self.client.get(reverse("reports:list")), "Không còn quyền xem dữ liệu này")
        self.assertEqual(self.client.get(reverse("reports:download", args=[job.pk])).status_code, 404)


@override_settings(EXPORT_DIRECT_MAX_ROWS=0)
class BackgroundExportTests(BaseTestCase):
    """The job's life without the worker process: the task body is `services.run_export`."""

    def _request_export(self, persona: str, **params: str) -> ExportJob:
        self.login(persona)
        response = self.client.get(reverse("members:export"), params)
        self.assertRedirects(response, reverse("reports:list"))
        return ExportJob.objects.filter(user=self.world.users[persona]).latest("created_at")

    def test_progress_is_stored_while_the_file_is_written(self) -> None:
        for i in range(7):
            make_member(self.world.cell_b1, f"Đinh Văn Tú {i}")
        job = self._request_export("secretary_b")
        with override_settings(EXPORT_PROGRESS_EVERY=3), CaptureQueriesContext(connection) as ctx:
            services.run_export(job_id=job.pk)
        progress = [
            q["sql"]
            for q in ctx.captured_queries
            if '"rows_done" = 3' in q["sql"] or '"rows_done" = 6' in q["sql"]
        ]
        self.assertEqual(len(progress), 2)
        job.refresh_from_db()
        self.assertEqual((job.rows_done, job.row_count), (9, 9))

    def test_the_same_export_requested_twice_while_waiting_is_one_job(self) -> None:
        first = self._request_export("secretary_b", gender="female")
        second = self._request_export("secretary_b", gender="female")
        self.assertEqual(first.pk, second.pk)
        self.assertEqual(ExportJob.objects.count(), 1)

    def test_small_exports_still_answer_with_the_file(self) -> None:
        self.login("secretary_b")
        with override_settings(EXPORT_DIRECT_MAX_ROWS=5000):
            response = self.client.get(reverse("members:export"))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(ExportJob.objects.exists())


@override_settings(EXPORT_DIRECT_MAX_ROWS=0)
class ExportJobAccessTests(BaseTestCase):
    job_id: int

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        from dangbo.reports.tests.access import secretary_a_job

        cls.job_id = secretary_a_job(cls.world)

    def test_owner_downloads_their_file(self) -> None:
        self.login("secretary_a")
        response = self.client.get(reverse("reports:download", args=[self.job_id]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(data_rows(response.content)), 3)

    def test_anyone_else_gets_404_even_office_staff_and_superuser(self) -> None:
        for persona in ["secretary_b", "office_staff", "superuser", "clerk_a1"]:
            self.login(persona)
            for name in ["reports:job", "reports:download"]:
                response = self.client.get(reverse(name, args=[self.job_id]))
                self.assertEqual(response.status_code, 404, f"{persona} {name}")
            self.assertNotContains(self.client.get(reverse("reports:list")), "Đảng bộ Sở Tài chính")

    def test_an_expired_file_is_gone_and_deleted(self) -> None:
        ExportJob.objects.filter(pk=self.job_id).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
        self.login("secretary_a")
        self.assertEqual(self.client.get(reverse("reports:download", args=[self.job_id])).status_code, 404)
        self.assertNotContains(self.client.get(reverse("reports:list")), "Đảng bộ Sở Tài chính")
        self.assertFalse(ExportJob.objects.filter(pk=self.job_id).exists())

    def test_prune_command_deletes_only_expired_files(self) -> None:
        keep = ExportJob.objects.get(pk=self.job_id)
        gone = ExportJob.objects.create(
            user=keep.user, report="members", title="x", expires_at=timezone.now() - dt.timedelta(hours=1)
        )
        out = io.StringIO()
        call_command("prune_exports", stdout=out)
        self.assertIn("Đã xóa 1 tệp", out.getvalue())
        self.assertTrue(ExportJob.objects.filter(pk=keep.pk).exists())
        self.assertFalse(ExportJob.objects.filter(pk=gone.pk).exists())

    def test_files_are_kept_for_a_day_by_default(self) -> None:
        job = ExportJob.objects.get(pk=self.job_id)
        assert job.finished_at is not None
        self.assertAlmostEqual((job.expires_at - job.finished_at).total_seconds(), 24 * 3600, delta=1)

    def test_polled_row_of_a_finished_job_stops_polling(self) -> None:
        self.login("secretary_a")
        response = self.client.get(reverse("reports:job", args=[self.job_id]), headers={"HX-Request": "true"})
        self.assertContains(response, "Tải về")
        self.assertNotContains(response, "hx-trigger")
        self.assertNotContains(response, "<html")

    def test_job_list_query_count_does_not_grow_with_jobs(self) -> None:
        self.login("secretary_a")

        def count() -> int:
            with CaptureQueriesContext(connection) as ctx:
                self.assertEqual(self.client.get(reverse("reports:list")).status_code, 200)
            return len(ctx)

        few = count()
        from dangbo.reports.tests.access import secretary_a_job

        for _ in range(5):
            secretary_a_job(self.world)
        self.assertEqual(count(), few)
        # session and user (2), delete expired, dead workers' jobs (2: snapshot, update), grants
        # (navigation), the jobs; session save (3)
        self.assertLessEqual(few, 10)
