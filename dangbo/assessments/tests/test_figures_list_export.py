"""The export of the list behind a number of the figures page (`/assessments/figures/list/export.xlsx`):
every row of every page of the list, in its order, after the same scope checks, with the period, the
selection and the organization in the title rows, real numbers, neutralized formulas, a fixed number of
queries, and large lists in the background."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.test import override_settings
from django.utils import timezone

from dangbo.assessments.models import Assessment
from dangbo.assessments.tests.figures_helpers import record_many
from dangbo.assessments.tests.test_figures_views import FiguresPageTestCase
from dangbo.lib import vn
from dangbo.organizations.models import Organization
from dangbo.reports import services as report_services
from dangbo.reports.models import ExportJob
from dangbo.reports.tests.helpers import data_rows, header, sheet
from dangbo.testing import add_members

LIST = "/assessments/figures/list/"
EXPORT = "/assessments/figures/list/export.xlsx"
NAME, CODE, MEMBER_NOTE = 1, 2, 10  # columns of the file (CODE: the card number of a member)


class FiguresListExportTestCase(FiguresPageTestCase):
    def export(self, persona: str, **params: Any) -> bytes:
        self.login(persona)
        response = self.client.get(EXPORT, {"period": self.p2017.pk, **params})
        self.assertEqual(response.status_code, 200, params)
        self.assertEqual(
            response["Content-Type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        return response.content

    def listed(self, persona: str, **params: Any) -> list[dict[str, Any]]:
        """The rows of every page of the list, in its order."""
        self.login(persona)
        rows: list[dict[str, Any]] = []
        number = 1
        while True:
            response = self.client.get(LIST, {"period": self.p2017.pk, **params, "page": number})
            self.assertEqual(response.status_code, 200, params)
            rows += response.context["rows"]
            if not response.context["page"].has_next():
                return rows
            number += 1


class FiguresListExportTests(FiguresListExportTestCase):
    def test_the_file_holds_exactly_the_organizations_of_every_page_of_the_list(self) -> None:
        w = self.world
        cases: list[tuple[str, dict[str, Any], int]] = [
            ("office_staff", {"subject": "organizations", "what": "total"}, 79),
            ("office_staff", {"subject": "organizations", "what": "clean_strong"}, 64),
            ("office_staff", {"subject": "organizations", "what": "good_or_better"}, 74),
            ("office_staff", {"subject": "organizations", "what": "weak"}, 1),
            ("office_staff", {"subject": "organizations", "what": "total", "sector": "public_service"}, 1),
            ("office_staff", {"subject": "organizations", "what": "total", "child": str(w.org_a.pk)}, 1),
            ("secretary_a", {"subject": "organizations", "what": "total", "organization": "A"}, 1),
        ]
        for persona, params, count in cases:
            with self.subTest(persona=persona, **params):
                listed = self.listed(persona, **params)
                self.assertEqual(len(listed), count)
                rows = data_rows(self.export(persona, **params))
                self.assertEqual([r[CODE] for r in rows], [item["code"] for item in listed])
                self.assertEqual([r[0] for r in rows], list(range(1, count + 1)))
                ids = set(
                    Organization.objects.filter(code__in=[r[CODE] for r in rows]).values_list("pk", flat=True)
                )
                self.assertEqual(ids, {item["id"] for item in listed})

    def test_the_file_holds_exactly_the_members_the_list_shows(self) -> None:
        a1 = [m.full_name for m in self.a1]
        cases: list[tuple[str, dict[str, Any], list[str]]] = [
            ("office_staff", {"subject": "members", "what": "total"}, [self.world.member_b1.full_name, *a1]),
            ("secretary_a", {"subject": "members", "what": "good", "organization": "A"}, a1[:7]),
            ("secretary_a", {"subject": "members", "what": "not_classified", "organization": "A"}, a1[7:]),
            ("secretary_b", {"subject": "members", "what": "total", "organization": "B"}, ["Lê Thị Hà"]),
        ]
        for persona, params, expected in cases:
            with self.subTest(persona=persona, **params):
                listed = self.listed(persona, **params)
                self.assertEqual(sorted(item["name"] for item in listed), sorted(expected))
                rows = data_rows(self.export(persona, **params))
                self.assertEqual([r[NAME] for r in rows], [item["name"] for item in listed])

    def test_a_long_list_is_exported_whole_not_one_page(self) -> None:
        params = {"subject": "organizations", "what": "total"}
        self.login("office_staff")
        page = self.client.get(LIST, {"period": self.p2017.pk, **params})
        self.assertEqual(len(page.context["rows"]), 50)
        self.assertEqual(len(data_rows(self.export("office_staff", **params, page="2"))), 79)

    def test_secretary_b_cannot_export_a_s_list(self) -> None:
        self.login("secretary_b")
        for subject in ("members", "organizations"):
            params = {"period": self.p2017.pk, "organization": "A", "subject": subject, "what": "total"}
            self.assertEqual(self.client.get(LIST, params).status_code, 404)
            self.assertEqual(self.client.get(EXPORT, params).status_code, 404)

    def test_unknown_lists_are_404_like_the_page(self) -> None:
        self.login("office_staff")
        for params in (
            {"subject": "members", "what": "nonsense"},
            {"subject": "organizations", "what": "excellent"},  # not a level of 2017 (27-HD)
            {"subject": "members", "what": "exemplary"},
            {"subject": "people", "what": "total"},
            {"what": "total"},
        ):
            response = self.client.get(EXPORT, {"period": self.p2017.pk, **params})
            self.assertEqual(response.status_code, 404, params)
        self.assertEqual(
            self.client.get(EXPORT, {"period": "999999", "subject": "members", "what": "total"}).status_code,
            404,
        )

    def test_title_rows_name_the_organization_the_period_and_the_number(self) -> None:
        today = vn.format_date(timezone.localdate())
        content = self.export("secretary_a", organization="A", subject="members", what="not_classified")
        ws = sheet(content)
        self.assertEqual(ws["A1"].value, "DANH SÁCH KẾT QUẢ XẾP LOẠI ĐẢNG VIÊN")
        self.assertEqual(ws["A2"].value, f"Đảng bộ Sở Tài chính — xuất ngày {today}")
        self.assertEqual(ws["A3"].value, "Năm 2017: Không xếp loại")
        self.assertEqual(ws.freeze_panes, "A5")
        self.assertEqual(header(content)[:3], ["STT", "Họ và tên", "Số thẻ đảng viên"])
        self.assertEqual(data_rows(content)[0][8], "Đình chỉ sinh hoạt đảng")
        ws = sheet(
            self.export("office_staff", subject="organizations", what="total", sector="public_service")
        )
        self.assertEqual(ws["A1"].value, "DANH SÁCH KẾT QUẢ XẾP LOẠI TỔ CHỨC CƠ SỞ ĐẢNG")
        self.assertEqual(ws["A2"].value, f"Đảng bộ Khối các cơ quan tỉnh — xuất ngày {today}")
        self.assertEqual(ws["A3"].value, "Năm 2017: Tổng số có kết quả — Đơn vị sự nghiệp")
        self.assertEqual(ws.column_dimensions["B"].width, 40 + 0.7109375)  # XlsxWriter's padding

    def test_scores_are_numbers_and_a_note_that_looks_like_a_formula_is_neutralized(self) -> None:
        Assessment.objects.filter(member=self.world.member_b1).update(
            score_general=Decimal("45.50"), score_tasks=Decimal("48.00"), note='=HYPERLINK("http://x")'
        )
        ws = sheet(self.export("secretary_b", organization="B", subject="members", what="total"))
        score = ws["H5"]
        self.assertEqual((ws["B5"].value, score.value, score.number_format), ("Lê Thị Hà", 93.5, "#,##0.00"))
        self.assertEqual(ws["K5"].value, '\'=HYPERLINK("http://x")')
        self.assertEqual((ws["A5"].value, ws["A5"].number_format), (1, "#,##0"))

    def test_the_list_page_links_to_the_export_with_its_parameters(self) -> None:
        self.login("office_staff")
        response = self.client.get(
            LIST, {"period": self.p2017.pk, "subject": "organizations", "what": "good", "page": "1"}
        )
        self.assertContains(
            response, f'href="{EXPORT}?period={self.p2017.pk}&amp;subject=organizations&amp;what=good"'
        )

    @override_settings(DEBUG=False)
    def test_query_count_does_not_grow_with_rows(self) -> None:
        self.login("office_staff")
        url = f"{EXPORT}?period={self.p2017.pk}&subject=members&what=good"
        few = self.count_queries(url)
        record_many(
            self.p2017,
            [
                {"organization": self.world.cell_b2, "member": m, "level": "good"}
                for m in add_members(self.world.cell_b2, 60)
            ],
        )
        self.assertEqual(self.count_queries(url), few)
        # session, user, grants, the top organization, the periods, the labels, the count, the rows (a
        # server-side cursor), the session's save (3 with its savepoint)
        self.assertEqual(few, 11)


@override_settings(EXPORT_DIRECT_MAX_ROWS=0)
class BackgroundFiguresListExportTests(FiguresListExportTestCase):
    def test_a_large_list_is_exported_in_the_background_with_the_same_rows(self) -> None:
        params = {"subject": "organizations", "what": "clean_strong"}
        with override_settings(EXPORT_DIRECT_MAX_ROWS=5000):
            direct = data_rows(self.export("office_staff", **params))
        response = self.client.get(EXPORT, {"period": self.p2017.pk, **params, "page": "2"})
        self.assertRedirects(response, "/reports/")
        job = ExportJob.objects.get(user=self.world.users["office_staff"])
        self.assertEqual(
            (job.report, job.params, job.row_count),
            (
                "assessment_results_organizations",
                {"period": [str(self.p2017.pk)], "subject": ["organizations"], "what": ["clean_strong"]},
                64,
            ),
        )
        report_services.run_export(job_id=job.pk)
        job.refresh_from_db()
        assert job.file is not None
        self.assertEqual(data_rows(bytes(job.file)), direct)
