"""The award list's export (`/awards/export.xlsx`): exactly the awards the list pages through, for each
user and filter, with real dates and years, the scope in the title rows, neutralized formulas, a fixed
number of queries, and large lists in the background."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import override_settings
from django.utils import timezone

from dangbo.awards import services
from dangbo.lib import vn
from dangbo.members.models import Member
from dangbo.organizations.models import Organization
from dangbo.reports import services as report_services
from dangbo.reports.models import ExportJob
from dangbo.reports.tests.helpers import data_rows, header, sheet
from dangbo.testing import BaseTestCase

D = dt.date
URL = "/awards/export.xlsx"
NAME, DECISION, REASON = 1, 10, 14  # columns of the file


def award(*, member: Member | None = None, organization: Organization | None = None, **values: Any) -> None:
    services.record_award(
        member=member,
        organization=organization,
        values={
            "form": "certificate",
            "basis": "year",
            "issuer": None,
            "issuer_level": "upper",
            "issuer_name": "Đảng ủy Khối các cơ quan tỉnh",
            "decision_number": "1-QĐ/ĐUK",
            "decision_date": D(2025, 1, 20),
            "reason": "Hoàn thành xuất sắc nhiệm vụ năm 2024",
            "period_from": 2024,
            "period_to": 2024,
        }
        | values,
        by=None,
    )


class AwardExportTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        w = cls.world
        award(member=w.member_a1, decision_number="11-QĐ/ĐUK")
        award(member=w.member_a2, decision_number="12-QĐ/ĐUK", decision_date=D(2024, 1, 15),
              period_from=2023, period_to=2023)  # fmt: skip
        award(member=w.member_b1, decision_number="21-QĐ/ĐUK")
        award(organization=w.org_b, decision_number="22-QĐ/ĐUK", decision_date=D(2025, 2, 1))
        award(member=w.member_a1, form="other", basis="deed", issuer_level="cell", issuer_name="Chi bộ",
              decision_number="13-CB", decision_date=D(2023, 6, 1), period_from=None, period_to=None,
              reason="=HYPERLINK(\"http://x\")")  # fmt: skip

    def export(self, persona: str, **params: str) -> bytes:
        self.login(persona)
        response = self.client.get(URL, params)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response["Content-Type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        self.assertTrue(response["Content-Disposition"].startswith('attachment; filename="khen-thuong-'))
        return response.content

    def decisions(self, content: bytes) -> list[str]:
        return [row[DECISION] for row in data_rows(content)]

    def listed(self, persona: str, **params: str) -> list[str]:
        """The decision numbers of every page of the list, in its order."""
        self.login(persona)
        response = self.client.get("/awards/", params)
        self.assertEqual(response.status_code, 200)
        return [a.decision_number for a in response.context["page"].paginator.object_list]


class AwardExportTests(AwardExportTestCase):
    def test_the_file_holds_exactly_the_awards_the_list_shows(self) -> None:
        cases: list[tuple[str, dict[str, str], list[str]]] = [
            ("office_staff", {}, ["22-QĐ/ĐUK", "21-QĐ/ĐUK", "11-QĐ/ĐUK", "12-QĐ/ĐUK", "13-CB"]),
            ("secretary_a", {}, ["11-QĐ/ĐUK", "12-QĐ/ĐUK", "13-CB"]),
            ("secretary_b", {}, ["22-QĐ/ĐUK", "21-QĐ/ĐUK"]),
            ("clerk_a1", {}, ["11-QĐ/ĐUK", "13-CB"]),
            ("member_a1", {}, ["11-QĐ/ĐUK", "13-CB"]),
            ("office_staff", {"organization": "B"}, ["22-QĐ/ĐUK", "21-QĐ/ĐUK"]),
            ("office_staff", {"form": "other"}, ["13-CB"]),
            ("office_staff", {"year": "2025", "q": "dao"}, ["11-QĐ/ĐUK"]),
            ("secretary_a", {"member": str(self.world.member_a1.pk)}, ["11-QĐ/ĐUK", "13-CB"]),
        ]
        for persona, params, expected in cases:
            with self.subTest(persona=persona, **params):
                self.assertEqual(self.listed(persona, **params), expected)
                self.assertEqual(self.decisions(self.export(persona, **params)), expected)

    def test_every_page_of_a_long_list_is_exported_in_its_order(self) -> None:
        for n in range(60):
            award(member=self.world.member_a2, decision_number=f"{100 + n}-QĐ/ĐUK", decision_date=D(2020, 1, 1),
                  form="other", basis="deed", period_from=None, period_to=None)  # fmt: skip
        listed = self.listed("secretary_a")
        self.assertEqual(len(listed), 63)
        self.assertEqual(self.decisions(self.export("secretary_a")), listed)

    def test_secretary_b_cannot_export_a_s_awards(self) -> None:
        self.login("secretary_b")
        self.assertEqual(self.client.get(URL, {"organization": "A"}).status_code, 404)
        self.assertEqual(self.client.get(URL, {"member": self.world.member_a1.pk}).status_code, 404)
        self.assertNotIn("Nguyễn Thị Đào", [row[NAME] for row in data_rows(self.export("secretary_b"))])

    def test_a_user_without_scope_or_record_gets_404_like_the_page(self) -> None:
        from dangbo.testing import make_user

        self.client.force_login(make_user("nobody"))
        self.assertEqual(self.client.get("/awards/").status_code, 404)
        self.assertEqual(self.client.get(URL).status_code, 404)

    def test_members_and_organizations_are_written_with_their_cell_and_code(self) -> None:
        rows = {row[DECISION]: row for row in data_rows(self.export("office_staff"))}
        self.assertEqual(
            rows["11-QĐ/ĐUK"][1:11],
            ("Nguyễn Thị Đào", "Đảng viên", "10000001", "Chi bộ Phòng Ngân sách", "A1", "Giấy khen",
             "Hoàn thành xuất sắc nhiệm vụ trong năm",
             "Cấp ủy cấp trên trực tiếp cơ sở (huyện ủy, đảng ủy khối và tương đương)",
             "Đảng ủy Khối các cơ quan tỉnh", "11-QĐ/ĐUK"),
        )  # fmt: skip
        self.assertEqual(
            rows["22-QĐ/ĐUK"][1:7], ("Đảng bộ Sở Y tế", "Tổ chức đảng", None, None, "B", "Giấy khen")
        )

    def test_dates_and_years_are_real_values_with_vietnamese_formats(self) -> None:
        ws = sheet(self.export("secretary_a", form="certificate"))
        number, decided, start, end = ws["A5"], ws["L5"], ws["M5"], ws["N5"]
        self.assertEqual((number.value, number.number_format), (1, "#,##0"))
        self.assertEqual((decided.value, decided.number_format), (dt.datetime(2025, 1, 20), "dd/mm/yyyy"))
        self.assertEqual((start.value, start.number_format), (2024, "0"))
        self.assertEqual((end.value, end.number_format), (2024, "0"))

    def test_title_rows_name_the_scope_the_export_date_and_the_filters(self) -> None:
        today = vn.format_date(timezone.localdate())
        ws = sheet(self.export("secretary_b"))
        self.assertEqual(ws["A1"].value, "DANH SÁCH KHEN THƯỞNG")
        self.assertEqual(ws["A2"].value, f"Đảng bộ Sở Y tế — xuất ngày {today}")
        ws = sheet(self.export("office_staff", organization="A1", form="certificate", year="2025"))
        self.assertEqual(ws["A2"].value, f"Chi bộ Phòng Ngân sách — xuất ngày {today}")
        self.assertEqual(ws["A3"].value, "Điều kiện lọc: Hình thức: Giấy khen; Năm quyết định: 2025")
        ws = sheet(self.export("member_a1"))
        self.assertEqual(ws["A2"].value, f"Nguyễn Thị Đào — xuất ngày {today}")

    def test_header_is_frozen_with_widths(self) -> None:
        content = self.export("office_staff")
        ws = sheet(content)
        self.assertEqual(ws.freeze_panes, "A5")
        self.assertEqual(header(content)[:3], ["STT", "Được khen thưởng", "Đối tượng"])
        self.assertEqual(len(header(content)), 15)
        self.assertEqual(ws.column_dimensions["O"].width, 50 + 0.7109375)  # XlsxWriter's padding

    def test_a_reason_that_looks_like_a_formula_is_neutralized(self) -> None:
        rows = {row[DECISION]: row for row in data_rows(self.export("secretary_a"))}
        self.assertEqual(rows["13-CB"][REASON], '\'=HYPERLINK("http://x")')

    def test_the_list_page_links_to_the_export_with_its_filters(self) -> None:
        self.login("office_staff")
        response = self.client.get("/awards/", {"organization": "B", "form": "certificate", "page": "1"})
        self.assertContains(response, 'href="/awards/export.xlsx?organization=B&amp;form=certificate"')

    def test_query_count_does_not_grow_with_rows(self) -> None:
        self.login("office_staff")
        few = self.count_queries(f"{URL}?organization=A")
        for member in Member.objects.filter(organization__in=[self.world.cell_a1, self.world.cell_a2]):
            for n in range(5):
                award(member=member, decision_number=f"{n}-X")
        self.assertEqual(self.count_queries(f"{URL}?organization=A"), few)
        # session and user (2), grants, the filtered organization, the count, the rows (a server-side
        # cursor); the session's save (3 with its savepoint)
        self.assertEqual(few, 9)


@override_settings(EXPORT_DIRECT_MAX_ROWS=0)
class BackgroundAwardExportTests(AwardExportTestCase):
    def test_a_large_export_runs_in_the_background_with_the_same_rows(self) -> None:
        direct = None
        with override_settings(EXPORT_DIRECT_MAX_ROWS=5000):
            direct = self.decisions(self.export("secretary_a", form="certificate"))
        response = self.client.get(URL, {"form": "certificate", "page": "2"})
        self.assertRedirects(response, "/reports/")
        job = ExportJob.objects.get(user=self.world.users["secretary_a"])
        self.assertEqual((job.report, job.params, job.row_count), ("awards", {"form": ["certificate"]}, 2))
        report_services.run_export(job_id=job.pk)
        job.refresh_from_db()
        assert job.file is not None
        self.assertEqual(self.decisions(bytes(job.file)), direct)
        self.assertEqual(direct, ["11-QĐ/ĐUK", "12-QĐ/ĐUK"])
