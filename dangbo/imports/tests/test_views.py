"""The import pages: upload, preview, column mapping, commit, progress, the user's jobs, templates."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangbo.imports import services, templates_xlsx
from dangbo.imports.models import ImportJob, JobStatus
from dangbo.imports.tests.helpers import MEMBER_HEADER, member_row, members_xlsx
from dangbo.members.models import Member
from dangbo.testing import BaseTestCase

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


class ImportViewTestCase(BaseTestCase):
    def upload(self, data: bytes, name: str = "ds.xlsx", kind: str = "members", **extra: str) -> Any:
        return self.client.post(
            reverse("imports:list"), {"kind": kind, "file": SimpleUploadedFile(name, data), **extra}
        )


class UploadAndPreviewTests(ImportViewTestCase):
    def test_a_small_file_is_checked_during_upload_and_previewed(self) -> None:
        self.login("secretary_a")
        response = self.upload(members_xlsx(member_row("M001", "Đỗ Văn An")))
        job = ImportJob.objects.get()
        self.assertRedirects(response, job.get_absolute_url())
        self.assertEqual(job.status, JobStatus.CHECKED)
        page = self.client.get(job.get_absolute_url())
        self.assertContains(
            page, "Sẽ tạo mới 1, cập nhật 0, chuyển sinh hoạt 0, giữ nguyên 0; từ chối 0 dòng."
        )
        self.assertContains(page, 'id="commit-form"')
        self.assertContains(page, "Dòng 2: Đỗ Văn An — A1")
        self.assertFalse(Member.objects.filter(code="M001").exists())

    def test_refused_rows_are_listed_with_their_place_and_commit_is_not_offered(self) -> None:
        self.login("secretary_a")
        self.upload(members_xlsx(member_row("M001", "Đỗ Văn An", birth="31/02/1985")))
        page = self.client.get(ImportJob.objects.get().get_absolute_url())
        self.assertContains(
            page,
            "<td>E (Ngày sinh)</td><td>31/02/1985</td><td>Ngày không hợp lệ: 31/02/1985</td>",
            html=False,
        )
        self.assertNotContains(page, 'id="commit-form"')
        response = self.client.post(reverse("imports:commit", args=[ImportJob.objects.get().pk]), follow=True)
        self.assertContains(response, "không có dòng bị từ chối")

    def test_a_hostile_file_is_refused_at_upload_with_its_reason(self) -> None:
        self.login("secretary_a")
        response = self.upload(b"MZ" + b"\x00" * 100)
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "sai chữ ký tệp", status_code=422)
        self.assertFalse(ImportJob.objects.exists())

    def test_an_organization_outside_scope_is_refused_at_upload(self) -> None:
        self.login("secretary_b")
        response = self.upload(members_xlsx(member_row("M001", "Đỗ Văn An")), organization="A")
        self.assertContains(response, "Không tìm thấy tổ chức mã “A” trong phạm vi của bạn.", status_code=422)

    def test_unmatched_columns_can_be_mapped_and_the_file_is_checked_again(self) -> None:
        self.login("secretary_a")
        header = ["Mã đảng viên", "Số thẻ đảng viên", "Tên đầy đủ", *MEMBER_HEADER[3:]]
        self.upload(members_xlsx(member_row("M001", "Đỗ Văn An"), header=header))
        job = ImportJob.objects.get()
        page = self.client.get(job.get_absolute_url())
        self.assertContains(page, 'name="column_C"')
        self.assertContains(page, "thiếu cột “Họ và tên”")
        response = self.client.post(reverse("imports:mapping", args=[job.pk]), {"column_C": "full_name"})
        self.assertRedirects(response, job.get_absolute_url())
        job.refresh_from_db()
        self.assertEqual(job.mapping, {"C": "full_name"})
        self.assertTrue(job.can_commit)


@override_settings(TASKS=IMMEDIATE)
class CommitTests(ImportViewTestCase):
    def test_commit_writes_everything_and_shows_the_result(self) -> None:
        self.login("secretary_a")
        self.upload(members_xlsx(member_row("M001", "Đỗ Văn An"), member_row("M002", "Vũ Văn Bình", "A2")))
        job = ImportJob.objects.get()
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("imports:commit", args=[job.pk]))
        self.assertRedirects(response, job.get_absolute_url())
        job.refresh_from_db()
        self.assertEqual(job.status, JobStatus.DONE)
        self.assertEqual(Member.objects.filter(code__in=["M001", "M002"]).count(), 2)
        page = self.client.get(job.get_absolute_url())
        self.assertContains(page, "Đã tạo mới 2")
        self.assertNotContains(page, 'id="commit-form"')

    def test_legacy_conversions_must_be_confirmed_before_commit(self) -> None:
        self.login("secretary_a")
        self.upload(members_xlsx(member_row("M001", "Hoµng V¨n Th¸i"), fonts={(2, 3): ".VnTime"}))
        job = ImportJob.objects.get()
        page = self.client.get(job.get_absolute_url())
        self.assertContains(page, "<td>Hoµng V¨n Th¸i</td><td>Hoàng Văn Thái</td>", html=False)
        self.assertContains(page, 'name="confirm_conversions"')
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("imports:commit", args=[job.pk]), follow=True)
        self.assertContains(response, "Hãy xác nhận các ô đã chuyển từ mã TCVN3/VNI")
        self.assertFalse(Member.objects.filter(code="M001").exists())
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("imports:commit", args=[job.pk]), {"confirm_conversions": "1"})
        self.assertEqual(Member.objects.get(code="M001").full_name, "Hoàng Văn Thái")

    def test_a_row_that_became_invalid_since_the_preview_fails_the_whole_commit(self) -> None:
        self.login("secretary_a")
        self.upload(
            members_xlsx(member_row("M001", "Đỗ Văn An", card="30000001"), member_row("M002", "Vũ Văn Bình"))
        )
        job = ImportJob.objects.get()
        from dangbo.testing import make_member

        make_member(self.world.cell_b1, "Người Khác", card_number="30000001", code="OTHER")  # meanwhile
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("imports:commit", args=[job.pk]))
        job.refresh_from_db()
        self.assertEqual(job.status, JobStatus.FAILED)
        self.assertFalse(Member.objects.filter(code__in=["M001", "M002"]).exists())
        self.assertIn("dòng 2", " ".join(job.report["messages"]))


class BackgroundAndAccessTests(ImportViewTestCase):
    @override_settings(IMPORT_INLINE_MAX_BYTES=0)
    def test_a_large_file_is_queued_and_the_page_polls_a_progress_bar(self) -> None:
        self.login("secretary_a")
        self.upload(members_xlsx(member_row("M001", "Đỗ Văn An")))
        job = ImportJob.objects.get()
        self.assertEqual(job.status, JobStatus.QUEUED)
        page = self.client.get(job.get_absolute_url())
        self.assertContains(page, 'hx-trigger="every 1s"')
        self.assertContains(page, "<progress")
        partial = self.client.get(reverse("imports:progress", args=[job.pk]), headers={"HX-Request": "true"})
        self.assertContains(partial, "Đang chờ kiểm tra")
        self.assertNotContains(partial, "<html")
        self.assertNotIn("HX-Refresh", partial.headers)
        services.check_job(job.pk)  # what the worker does
        partial = self.client.get(reverse("imports:progress", args=[job.pk]), headers={"HX-Request": "true"})
        self.assertEqual(partial.headers["HX-Refresh"], "true")

    def test_another_users_job_is_404_even_for_office_staff(self) -> None:
        job = services.create_import_job(
            kind="members",
            filename="a.xlsx",
            content=members_xlsx(member_row("M001", "Đỗ Văn An")),
            by=self.world.users["secretary_a"],
        )
        for persona in ["secretary_b", "office_staff", "superuser"]:
            self.login(persona)
            for name in ["detail", "progress"]:
                self.assertEqual(self.client.get(reverse(f"imports:{name}", args=[job.pk])).status_code, 404)
            self.assertEqual(self.client.post(reverse("imports:commit", args=[job.pk])).status_code, 404)
            self.assertNotContains(self.client.get(reverse("imports:list")), "a.xlsx")

    def test_the_job_list_runs_a_bounded_number_of_queries(self) -> None:
        self.login("secretary_a")
        user = self.world.users["secretary_a"]
        content = members_xlsx(member_row("M001", "Đỗ Văn An"))

        def count() -> int:
            with CaptureQueriesContext(connection) as captured:
                self.assertEqual(self.client.get(reverse("imports:list")).status_code, 200)
            return len(captured)

        services.create_import_job(kind="members", filename="1.xlsx", content=content, by=user)
        one = count()
        for n in range(5):
            services.create_import_job(kind="members", filename=f"{n}.xlsx", content=content, by=user)
        self.assertEqual(count(), one)
        self.assertLessEqual(one, 12)

    def test_a_member_without_change_rights_cannot_import(self) -> None:
        self.login("member_a1")
        self.assertEqual(self.client.get(reverse("imports:list")).status_code, 404)
        self.assertEqual(self.upload(b"x", "a.csv").status_code, 404)


class TemplateTests(ImportViewTestCase):
    def test_the_committed_templates_are_those_the_generator_writes(self) -> None:
        for kind, name in templates_xlsx.FILENAMES.items():
            committed = (templates_xlsx.DOCS / name).read_bytes()
            self.assertEqual(committed, templates_xlsx.build(kind), f"regenerate docs/templates/{name}")

    def test_the_downloaded_member_template_filled_in_imports(self) -> None:
        self.login("secretary_a")
        response = self.client.get(reverse("imports:template", args=["members"]))
        self.assertEqual(response["Content-Disposition"], 'attachment; filename="mau-nhap-dang-vien.xlsx"')
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        self.assertEqual(book.sheetnames, ["Danh sách", "Hướng dẫn"])
        sheet = book["Danh sách"]
        headers = [c.value for c in sheet[1]]
        self.assertEqual(headers[:3], ["Mã đảng viên", "Số thẻ đảng viên", "Họ và tên"])
        values = {"Mã đảng viên": "M001", "Họ và tên": "Đỗ Văn An", "Giới tính": "Nam", "Ngày sinh": "06/02/1985",
                  "Mã tổ chức": "A1", "Ngày vào Đảng": "06/02/2010"}  # fmt: skip
        for index, header in enumerate(headers, start=1):
            sheet.cell(row=2, column=index, value=values.get(header))
        buffer = io.BytesIO()
        book.save(buffer)
        self.upload(buffer.getvalue())
        job = ImportJob.objects.get()
        self.assertTrue(job.can_commit, job.report.get("messages"))
        self.assertEqual(job.report["unmatched"], [])

    def test_the_organization_template_has_every_documented_column(self) -> None:
        self.login("office_staff")
        response = self.client.get(reverse("imports:template", args=["organizations"]))
        sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Danh sách"]
        self.assertEqual(
            [c.value for c in sheet[1]],
            ["Mã tổ chức", "Tên tổ chức", "Loại", "Mã tổ chức cấp trên", "Khối/Lĩnh vực", "Ngày thành lập"],
        )
        self.assertEqual(self.client.get("/imports/templates/other.xlsx").status_code, 404)
