"""The background path through the real worker (`dangbo db_worker`), as in production."""

from __future__ import annotations

from django.core.management import call_command
from django.test import TransactionTestCase, override_settings
from django.urls import reverse

from dangbo.imports.models import ImportJob, JobStatus
from dangbo.imports.tests.helpers import member_row, members_xlsx
from dangbo.members.models import Member
from dangbo.testing import build_world


@override_settings(IMPORT_INLINE_MAX_BYTES=0)
class DatabaseWorkerTests(TransactionTestCase):
    def test_a_large_file_is_checked_and_committed_by_the_database_worker(self) -> None:
        world = build_world()
        self.client.force_login(world.users["secretary_a"])
        rows = [member_row(f"W{n:03d}", f"Đỗ Văn Số {n}", "A1" if n % 2 else "A2") for n in range(1, 41)]
        from django.core.files.uploadedfile import SimpleUploadedFile

        self.client.post(
            reverse("imports:list"),
            {"kind": "members", "file": SimpleUploadedFile("lon.xlsx", members_xlsx(*rows))},
        )
        job = ImportJob.objects.get()
        self.assertEqual(job.status, JobStatus.QUEUED)
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
        job.refresh_from_db()
        self.assertEqual(job.status, JobStatus.CHECKED, job.error)
        self.assertEqual((job.processed_rows, job.report["counts"]["created"]), (40, 40))
        self.client.post(reverse("imports:commit", args=[job.pk]))
        self.assertEqual(ImportJob.objects.get().status, JobStatus.COMMIT_QUEUED)
        self.assertFalse(Member.objects.filter(code__startswith="W").exists())
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
        job.refresh_from_db()
        self.assertEqual(job.status, JobStatus.DONE, job.error)
        self.assertEqual(Member.objects.filter(code__startswith="W").count(), 40)
        page = self.client.get(job.get_absolute_url())
        self.assertContains(page, "Đã tạo mới 40")
