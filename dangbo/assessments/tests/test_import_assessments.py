"""Past results from .xlsx (`assessments` kind of the imports app): labels under each year's regime,
located errors, all or nothing, scope, the command and the page."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from dangbo.assessments import figures
from dangbo.assessments.models import Assessment, NotClassifiedReason, Period, Source, Stage
from dangbo.assessments.regimes import MEMBER, ORGANIZATION
from dangbo.imports.importers import SYSTEM, Options, run_import
from dangbo.imports.models import ImportJob, JobStatus
from dangbo.imports.parsing import Report
from dangbo.members import services as member_services
from dangbo.testing import BaseTestCase, make_member

ORG_HEADER = ["Năm", "Mã tổ chức", "Tên tổ chức", "Xếp loại", "Điểm", "Ghi chú"]
MEMBER_HEADER = ["Năm", "Số thẻ đảng viên", "Mã đảng viên", "Họ và tên", "Xếp loại", "Điểm", "Ghi chú"]
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def book(
    organizations: Sequence[Sequence[Any]] | None = None,
    members: Sequence[Sequence[Any]] | None = None,
    *,
    org_header: Sequence[str] = ORG_HEADER,
    member_header: Sequence[str] = MEMBER_HEADER,
    titles: Sequence[Sequence[Any]] = (),
) -> bytes:
    """An .xlsx with a "Tổ chức" and/or "Đảng viên" sheet (header first) and a guide sheet."""
    workbook = openpyxl.Workbook()
    workbook.active.title = "Hướng dẫn"
    workbook.active.append(["Mẫu nhập kết quả xếp loại"])
    for title, header, rows in (
        ("Tổ chức", org_header, organizations),
        ("Đảng viên", member_header, members),
    ):
        if rows is None:
            continue
        sheet = workbook.create_sheet(title)
        for row in [*titles, header, *rows]:
            sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class ImportTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        w = cls.world
        cls.moved = make_member(w.cell_a1, "Đinh Văn Chuyển", card_number="10000010", code="DV010")
        member_services.transfer_member(
            member=cls.moved, to=w.cell_a2, effective_on=dt.date(2020, 6, 1), by=None
        )

    def run_file(self, data: bytes, *, commit: bool = True, user: Any = SYSTEM, scope: Any = None) -> Report:
        by = None if user is SYSTEM else user
        return run_import(
            "assessments",
            data,
            "ket-qua.xlsx",
            Options(user=user, by=by, scope=scope, commit=commit, filename="ket-qua.xlsx"),
        )

    def messages(self, data: bytes, **kwargs: Any) -> list[str]:
        report = self.run_file(data, **kwargs)
        self.assertFalse(report.committed)
        return report.messages()


class GoodFileTests(ImportTestCase):
    def good_file(self) -> bytes:
        return book(
            [
                [2016, "A", "Đảng bộ Sở Tài chính", "TSVMTB", None, None],
                [2017, "a", None, "Trong sạch, vững mạnh", 92, None],
                [2017, "B", None, "yếu kém", None, None],
                ["2018", "B", None, "HTXSNV", None, None],
                [2025, "A1", None, "Hoàn thành tốt nhiệm vụ", "85,5", "Chi bộ trực thuộc"],
            ],
            [
                [2017, "10000001", None, "Nguyễn Thị Đào", "HTXSNV", None, None],
                [2017, None, "DV010", None, "Đủ tư cách, hoàn thành tốt nhiệm vụ", None, None],
                [2021, "10000010", None, None, "hoàn thành tốt nhiệm vụ", None, None],
                [2019, "10000003", None, None, "KHTNV", None, None],
                [2025, "10000002", None, None, "Không xếp loại", None, "Miễn công tác và sinh hoạt đảng"],
            ],
        )

    def test_a_good_file_is_previewed_then_written_as_published_past_results(self) -> None:
        preview = self.run_file(self.good_file(), commit=False)
        self.assertTrue(preview.ok, preview.messages())
        self.assertEqual(preview.counts["created"], 10)
        self.assertFalse(Assessment.objects.exists())
        report = self.run_file(self.good_file())
        self.assertTrue(report.committed, report.messages())
        self.assertEqual(report.sheet, "Tổ chức, Đảng viên")
        self.assertEqual(Assessment.objects.count(), 10)
        self.assertFalse(Assessment.objects.exclude(source=Source.IMPORT, stage=Stage.PUBLISHED).exists())

    def test_labels_and_abbreviations_are_read_under_the_regime_of_their_year_r1(self) -> None:
        self.run_file(self.good_file())
        w = self.world
        a2016 = Assessment.objects.get(organization=w.org_a, period__year=2016, member=None)
        self.assertEqual(
            (a2016.level, a2016.exemplary, a2016.period.regime), ("clean_strong", True, "hd27_2014")
        )
        self.assertEqual(Assessment.objects.get(organization=w.org_b, period__year=2017).level, "weak")
        self.assertEqual(Assessment.objects.get(organization=w.org_b, period__year=2018).level, "excellent")
        dao = Assessment.objects.get(member=w.member_a1, period__year=2017)
        self.assertEqual((dao.level, dao.period.regime), ("excellent", "hd27_2014"))
        self.assertEqual(Assessment.objects.get(member=w.member_b1, period__year=2019).level, "fail")

    def test_a_member_result_counts_in_the_cell_of_that_year_with_its_grassroots_and_decider(self) -> None:
        self.run_file(self.good_file())
        w = self.world
        before, after = (
            Assessment.objects.get(member=self.moved, period__year=2017),
            Assessment.objects.get(member=self.moved, period__year=2021),
        )
        self.assertEqual((before.organization, after.organization), (w.cell_a1, w.cell_a2))
        self.assertEqual((after.grassroots, after.decider), (w.org_a, w.org_a))
        cell = Assessment.objects.get(organization=w.cell_a1, member=None)
        self.assertEqual((cell.grassroots, cell.decider), (w.org_a, w.org_a))
        self.assertIn("Điểm: 85,5", cell.note)  # a total without its two parts is kept in the note

    def test_not_classified_with_the_reason_from_the_note_r11(self) -> None:
        self.run_file(self.good_file())
        result = Assessment.objects.get(member=self.world.member_a2, period__year=2025)
        self.assertEqual((result.level, result.not_classified_reason), ("", NotClassifiedReason.EXEMPTED))

    def test_importing_the_same_file_again_changes_nothing(self) -> None:
        self.run_file(self.good_file())
        report = self.run_file(self.good_file())
        self.assertTrue(report.committed)
        self.assertEqual(
            (report.counts["created"], report.counts["updated"], report.counts["unchanged"]), (0, 0, 10)
        )
        self.assertEqual(Assessment.objects.count(), 10)

    def test_a_changed_level_of_an_imported_result_is_updated(self) -> None:
        self.run_file(self.good_file())
        report = self.run_file(book([[2017, "B", None, "Hoàn thành nhiệm vụ", None, None]]))
        self.assertEqual(report.counts["updated"], 1)
        self.assertEqual(
            Assessment.objects.get(organization=self.world.org_b, period__year=2017).level, "pass"
        )

    def test_the_figures_of_an_imported_year(self) -> None:
        self.run_file(self.good_file())
        table = figures.compute(Period.objects.get(year=2017), self.world.bloc).totals[ORGANIZATION]
        self.assertEqual([line.count for line in table.levels], [1, 0, 0, 1])
        self.assertEqual(
            figures.compute(Period.objects.get(year=2017), self.world.bloc).totals[MEMBER].classified, 2
        )

    def test_two_part_scores_under_366_are_stored_and_checked_against_the_bands_r3(self) -> None:
        header = [*MEMBER_HEADER[:5], "Điểm tiêu chí chung", "Điểm kết quả thực hiện nhiệm vụ"]
        report = self.run_file(
            book(members=[[2025, "10000001", None, None, "HTTNV", 27, 60]], member_header=header)
        )
        self.assertTrue(report.committed, report.messages())
        result = Assessment.objects.get(member=self.world.member_a1)
        self.assertEqual((result.score_general, result.score_tasks, result.score_total), (27, 60, 87))


class RefusedRowTests(ImportTestCase):
    def test_a_label_of_another_regime_is_refused_with_sheet_row_and_column_r1(self) -> None:
        messages = self.messages(book([[2016, "A", None, "HTXSNV", None, None]]))
        self.assertEqual(len(messages), 1)
        self.assertTrue(
            messages[0].startswith("Trang tính 'Tổ chức', dòng 2, cột D (Xếp loại): “HTXSNV” không phải")
        )
        self.assertIn("năm 2016 theo Hướng dẫn 27-HD/BTCTW", messages[0])
        self.assertIn("Trong sạch, vững mạnh (TSVM)", messages[0])
        self.assertIn("không tự quy đổi sang quy định khác (RULES R1)", messages[0])

    def test_the_exemplary_flag_after_2018_is_refused(self) -> None:
        messages = self.messages(book([[2019, "A", None, "TSVMTB", None, None]]))
        self.assertIn("cột D (Xếp loại)", messages[0])
        self.assertIn("Đây là mức của Hướng dẫn 20-HD/BTCTW, Hướng dẫn 27-HD/BTCTW", messages[0])

    def test_an_unreadable_year(self) -> None:
        messages = self.messages(book([["201 7", "A", None, "TSVM", None, None]]))
        self.assertEqual(
            messages,
            [
                "Trang tính 'Tổ chức', dòng 2, cột A (Năm): Năm không hợp lệ: 201 7 (ghi năm gồm bốn chữ số, ví dụ 2017)"
            ],
        )

    def test_unknown_organization_and_member(self) -> None:
        messages = self.messages(
            book(
                [[2017, "ZZZ", None, "TSVM", None, None]],
                [[2017, "99999999", None, None, "HTTNV", None, None]],
            )
        )
        self.assertIn(
            "Trang tính 'Tổ chức', dòng 2, cột B (Mã tổ chức): Không tìm thấy tổ chức mã “ZZZ”", messages[0]
        )
        self.assertEqual(
            messages[1],
            "Trang tính 'Đảng viên', dòng 2, cột B (Số thẻ đảng viên): Không tìm thấy đảng viên có số thẻ “99999999”.",
        )

    def test_a_score_above_the_band_is_refused_r3(self) -> None:
        messages = self.messages(book(members=[[2025, "10000001", None, None, "HTXSNV", 85, None]]))
        self.assertEqual(
            messages,
            [
                "Trang tính 'Đảng viên', dòng 2, cột E (Xếp loại): Theo R3: tổng điểm 85,00 chỉ cho phép xếp loại tối đa “Hoàn thành tốt nhiệm vụ”."
            ],
        )

    def test_score_parts_out_of_range_r2(self) -> None:
        header = [*MEMBER_HEADER[:5], "Điểm tiêu chí chung", "Điểm kết quả thực hiện nhiệm vụ"]
        messages = self.messages(
            book(members=[[2025, "10000001", None, None, "HTNV", 31, 30]], member_header=header)
        )
        self.assertEqual(
            messages,
            [
                "Trang tính 'Đảng viên', dòng 2, cột F (Điểm tiêu chí chung): Theo R2: điểm tiêu chí chung từ 0 đến 30, không phải 31,00."
            ],
        )

    def test_the_same_result_twice_in_the_file(self) -> None:
        messages = self.messages(
            book(
                members=[
                    [2017, "10000001", None, None, "HTTNV", None, None],
                    [2017, None, None, None, "HTNV", None, None],
                    [2017, "10000001", None, None, "HTNV", None, None],
                ]
            )  # fmt: skip
        )
        self.assertEqual(
            messages,
            [
                "Trang tính 'Đảng viên', dòng 3, cột B (Số thẻ đảng viên): Thiếu số thẻ đảng viên hoặc mã đảng viên.",
                "Trang tính 'Đảng viên', dòng 4, cột A (Năm): Năm 2017 của đảng viên này đã có ở dòng 2.",
            ],
        )

    def test_not_classified_needs_its_reason_r11(self) -> None:
        messages = self.messages(book(members=[[2020, "10000001", None, None, "Không xếp loại", None, None]]))
        self.assertIn("cột G (Ghi chú): Ghi lý do không xếp loại", messages[0])
        self.assertIn("RULES R11", messages[0])

    def test_a_name_that_does_not_match_the_card(self) -> None:
        messages = self.messages(
            book(members=[[2020, "10000001", None, "Trần Văn Bình", "HTTNV", None, None]])
        )
        self.assertEqual(
            messages,
            [
                "Trang tính 'Đảng viên', dòng 2, cột D (Họ và tên): Họ tên trong tệp khác họ tên của đảng viên số thẻ “10000001” (“Nguyễn Thị Đào”)."
            ],
        )

    def test_a_result_from_the_workflow_is_never_overwritten(self) -> None:
        Assessment.objects.create(
            period=Period.objects.yearly(2024), organization=self.world.cell_a1, member=self.world.member_a1,
            level="good", stage=Stage.DECIDED, source=Source.WORKFLOW,
        )  # fmt: skip
        messages = self.messages(book(members=[[2024, "10000001", None, None, "HTXSNV", None, None]]))
        self.assertIn("Năm 2024 đã có kết quả xếp loại từ quy trình đánh giá (đã quyết định)", messages[0])

    def test_a_member_admitted_after_the_year(self) -> None:
        messages = self.messages(book(members=[[2009, "10000001", None, None, "HTTNV", None, None]]))
        self.assertIn("vào Đảng ngày 02/03/2010, sau năm 2009", messages[0])

    def test_optional_columns_may_be_left_out_and_a_file_without_results_is_refused(self) -> None:
        report = self.run_file(book([[2017, "A", "TSVM"]], org_header=["Năm", "Mã tổ chức", "Xếp loại"]))
        self.assertTrue(report.committed, report.messages())  # the optional columns may be left out
        no_level = book(members=[[2017, "10000001"]], member_header=["Năm", "Số thẻ đảng viên"])
        self.assertEqual(
            self.messages(no_level),
            [
                "Không tìm thấy trang tính kết quả xếp loại: dòng tiêu đề cần các cột “Năm”, “Xếp loại” và “Mã tổ "
                "chức” (kết quả của tổ chức đảng) hoặc “Số thẻ đảng viên” / “Mã đảng viên” (kết quả của đảng viên)."
            ],
        )

    def test_one_bad_row_and_nothing_is_written(self) -> None:
        periods = Period.objects.count()
        data = book(
            [[2017, "A", None, "TSVM", None, None], [2017, "B", None, "TSVM", None, None]],
            [
                [2017, "10000001", None, None, "HTTNV", None, None],
                [2018, "10000003", None, None, "Xuất sắc", None, None],
            ],
        )
        report = self.run_file(data)
        self.assertFalse(report.committed)
        self.assertEqual(report.counts["refused"], 1)
        self.assertEqual([(p.sheet, p.row, p.column) for p in report.problems], [("Đảng viên", 3, "E")])
        self.assertFalse(Assessment.objects.exists())
        self.assertEqual(Period.objects.count(), periods)


class ScopeTests(ImportTestCase):
    def test_a_grassroots_secretary_imports_their_members_not_the_neighbours_r12(self) -> None:
        secretary_b = self.world.users["secretary_b"]
        messages = self.messages(
            book(members=[[2020, "10000001", None, None, "HTTNV", None, None]]), user=secretary_b
        )
        self.assertIn("ngoài phạm vi bạn được quyết định xếp loại", messages[0])
        ok = self.run_file(
            book(members=[[2020, "10000003", None, None, "HTTNV", None, None]]), user=secretary_b
        )
        self.assertTrue(ok.committed, ok.messages())
        self.assertEqual(Assessment.objects.get().decider, self.world.org_b)

    def test_an_organizations_level_needs_the_superior_committee_r12(self) -> None:
        secretary_a = self.world.users["secretary_a"]
        messages = self.messages(book([[2017, "A", None, "TSVM", None, None]]), user=secretary_a)
        self.assertIn("cần quyền quyết định của cấp ủy cấp trên trực tiếp: RULES R12", messages[0])
        ok = self.run_file(book([[2017, "A1", None, "TSVM", None, None]]), user=secretary_a)  # a cell of A
        self.assertTrue(ok.committed, ok.messages())

    def test_a_clerk_cannot_record_decisions(self) -> None:
        messages = self.messages(
            book(members=[[2020, "10000001", None, None, "HTTNV", None, None]]),
            user=self.world.users["clerk_a1"],
        )
        self.assertIn("ngoài phạm vi bạn được quyết định xếp loại", messages[0])


class CommandAndPageTests(ImportTestCase):
    def test_the_command_writes_a_good_file_and_refuses_a_bad_one(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            good, bad = Path(folder) / "tot.xlsx", Path(folder) / "loi.xlsx"
            good.write_bytes(book([[2017, "A", None, "TSVM", None, None]]))
            bad.write_bytes(book([[2017, "B", None, "HTXSNV", None, None]]))
            out = io.StringIO()
            call_command("import", "assessments", str(good), stdout=out)
            self.assertIn("Đã tạo mới 1", out.getvalue())
            err = io.StringIO()
            with self.assertRaises(CommandError) as raised:
                call_command("import", "assessments", str(bad), stdout=io.StringIO(), stderr=err)
            self.assertEqual(raised.exception.returncode, 1)
            self.assertIn(
                "Trang tính 'Tổ chức', dòng 2, cột D (Xếp loại): “HTXSNV” không phải", err.getvalue()
            )
        self.assertEqual(Assessment.objects.count(), 1)

    @override_settings(TASKS=IMMEDIATE)
    def test_the_page_previews_and_commits_an_upload(self) -> None:
        self.login("office_staff")
        data = book(
            [[2017, "A", None, "TSVM", None, None]], [[2017, "10000001", None, None, "HTTNV", None, None]]
        )
        response = self.client.post(
            reverse("imports:list"), {"kind": "assessments", "file": SimpleUploadedFile("kq.xlsx", data)}
        )
        job = ImportJob.objects.get()
        self.assertRedirects(response, job.get_absolute_url())
        self.assertEqual(job.status, JobStatus.CHECKED)
        page = self.client.get(job.get_absolute_url())
        self.assertContains(page, "Sẽ tạo mới 2, cập nhật 0, giữ nguyên 0; từ chối 0 dòng.")
        self.assertContains(page, "Dòng 2: Đảng bộ Sở Tài chính — Năm 2017: Trong sạch, vững mạnh")
        self.assertContains(page, "Trang tính “Đảng viên”, cột B “Số thẻ đảng viên” → Số thẻ đảng viên")
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("imports:commit", args=[job.pk]))
        job.refresh_from_db()
        self.assertEqual(job.status, JobStatus.DONE, job.report.get("messages"))
        self.assertEqual(Assessment.objects.count(), 2)

    def test_the_template_downloads_and_imports_once_filled_in(self) -> None:
        self.login("office_staff")
        response = self.client.get(reverse("imports:template", args=["assessments"]))
        self.assertEqual(
            response["Content-Disposition"], 'attachment; filename="mau-nhap-ket-qua-xep-loai.xlsx"'
        )
        workbook = openpyxl.load_workbook(io.BytesIO(response.content))
        self.assertEqual(workbook.sheetnames, ["Tổ chức", "Đảng viên", "Hướng dẫn"])
        self.assertEqual([c.value for c in workbook["Tổ chức"][1]], ORG_HEADER)
        self.assertEqual([c.value for c in workbook["Đảng viên"][1]], MEMBER_HEADER)
        workbook["Tổ chức"].append([2017, "A", None, "TSVMTB"])
        workbook["Đảng viên"].append([2017, "10000001", None, None, "HTXSNV"])
        buffer = io.BytesIO()
        workbook.save(buffer)
        report = self.run_file(buffer.getvalue())
        self.assertTrue(report.committed, report.messages())
        guide = [row[0].value for row in workbook["Hướng dẫn"].iter_rows() if row[0].value]
        self.assertIn("2014–2017: Hướng dẫn 27-HD/BTCTW", guide)
