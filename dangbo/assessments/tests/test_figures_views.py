"""The figures pages: scope (404 outside it), charts, links to the lists behind the numbers, pinned query
counts, and the .xlsx export (real numbers with formats; opens in LibreOffice)."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import openpyxl
from django.test import override_settings

from dangbo.assessments.models import NotClassifiedReason
from dangbo.assessments.tests.figures_helpers import (
    base_cells,
    levels_of_organizations,
    record,
    record_many,
    year,
)
from dangbo.testing import BaseTestCase, add_members

LIBREOFFICE = shutil.which("libreoffice") or shutil.which("soffice")
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1"


class FiguresPageTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        w = cls.world
        cls.p2016, cls.p2017 = year(2016), year(2017)
        cls.cells = base_cells(w.bloc, 77)
        grassroots = [w.org_a, w.org_b, *cls.cells]
        levels_of_organizations(
            cls.p2017, grassroots, ["clean_strong"] * 64 + ["good"] * 10 + ["pass"] * 4 + ["weak"]
        )
        levels_of_organizations(cls.p2016, grassroots, ["clean_strong"] * 70 + ["good"] * 9)
        cls.a1 = add_members(w.cell_a1, 8, "Phan Văn Tám")
        record_many(
            cls.p2017,
            [{"organization": w.cell_a1, "member": m, "level": "good"} for m in cls.a1[:7]]
            + [{"organization": w.cell_a1, "member": cls.a1[7], "reason": NotClassifiedReason.SUSPENDED}],
        )
        record(cls.p2017, w.cell_b1, "excellent", member=w.member_b1)

    def page(self, persona: str = "office_staff", **params: object):  # type: ignore[no-untyped-def]
        self.login(persona)
        return self.client.get("/assessments/figures/", {"period": self.p2017.pk, **params})


class FiguresPageTests(FiguresPageTestCase):
    def test_the_page_opens_on_the_top_of_the_users_scope(self) -> None:
        response = self.page("secretary_a")
        self.assertEqual(response.context["organization"], self.world.org_a)
        self.assertContains(response, "Số liệu đánh giá, xếp loại chất lượng — Đảng bộ Sở Tài chính")
        response = self.page()
        self.assertEqual(response.context["organization"], self.world.bloc)

    def test_tables_print_the_vietnamese_formats_with_a_chart_per_table(self) -> None:
        response = self.page()
        body = response.content.decode()
        self.assertIn("81,01%", body)
        self.assertIn("100,00%", body)  # the classified line: the levels added up
        self.assertIn("8 đảng viên đủ tư cách, hoàn thành tốt nhiệm vụ trở lên (100,00%)", body)
        self.assertIn("74 tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên (93,67%)", body)
        charts = re.findall(r"<svg[^>]*role=\"img\"", body)
        self.assertGreaterEqual(len(charts), 6)  # totals, by sector, by child, for each subject
        self.assertNotIn("<script", body.split("<main>")[1])  # no chart library

    def test_a_year_against_the_previous_one_under_their_own_labels(self) -> None:
        response = self.page()
        self.assertContains(response, "So với <a")
        self.assertContains(response, "Năm 2016")
        section = response.context["sections"][0]
        self.assertTrue(section["change"].same_regime)  # 2016 and 2017: both 27-HD
        self.assertIn("change_chart", section)

    def test_every_number_links_to_the_list_that_counts_as_much(self) -> None:
        response = self.page()
        for section in response.context["sections"]:
            for view in [section["total"], *section["by_sector"], *section["by_child"]]:
                table = view["table"]
                for line, link in view["levels"]:
                    listed = self.client.get(link)
                    self.assertEqual(listed.status_code, 200, link)
                    self.assertEqual(listed.context["page"].paginator.count, line.count, link)
                self.assertEqual(
                    self.client.get(view["links"]["not_classified"]).context["page"].paginator.count,
                    table.not_classified,
                )

    def test_the_list_of_members_not_classified_shows_the_reason(self) -> None:
        self.login("secretary_a")
        response = self.client.get(
            "/assessments/figures/list/",
            {"period": self.p2017.pk, "organization": "A", "subject": "members", "what": "not_classified"},
        )
        self.assertContains(response, "Phan Văn Tám 7")
        self.assertContains(response, "Đình chỉ sinh hoạt đảng")

    def test_a_drill_down_link_for_each_direct_child(self) -> None:
        response = self.page()
        self.assertContains(response, f'?period={self.p2017.pk}&amp;organization=A"')

    def test_unknown_lists_and_periods_are_404(self) -> None:
        self.login("office_staff")
        for params in (
            {"subject": "members", "what": "nonsense"},
            {"subject": "organizations", "what": "excellent"},  # not a level of 2017 (27-HD)
            {"subject": "members", "what": "exemplary"},
            {"subject": "people", "what": "total"},
        ):
            response = self.client.get("/assessments/figures/list/", {"period": self.p2017.pk, **params})
            self.assertEqual(response.status_code, 404, params)
        self.assertEqual(self.client.get("/assessments/figures/", {"period": "999999"}).status_code, 404)
        self.assertEqual(self.client.get("/assessments/figures/", {"period": "x"}).status_code, 404)


class ScopeTests(FiguresPageTestCase):
    def test_the_secretary_of_b_gets_404_on_the_figures_of_a_by_page_list_and_export(self) -> None:
        self.login("secretary_b")
        for url, params in (
            ("/assessments/figures/", {}),
            ("/assessments/figures/export.xlsx", {}),
            ("/assessments/figures/list/", {"subject": "members", "what": "total"}),
            ("/assessments/figures/streaks/", {}),
        ):
            response = self.client.get(url, {"organization": "A", "period": self.p2017.pk, **params})
            self.assertEqual(response.status_code, 404, url)

    def test_a_member_without_a_scope_gets_404(self) -> None:
        self.login("member_a1")
        self.assertEqual(self.client.get("/assessments/figures/").status_code, 404)

    def test_the_figures_of_b_do_not_count_a(self) -> None:
        response = self.page("secretary_b", organization="B")
        members = response.context["figures"].totals["member"]
        self.assertEqual((members.total, members.levels[0].count), (1, 1))


class QueryCountTests(FiguresPageTestCase):
    @override_settings(DEBUG=False)
    def test_the_page_list_and_export_make_a_fixed_number_of_queries(self) -> None:
        self.login("office_staff")
        urls = [
            f"/assessments/figures/?period={self.p2017.pk}",
            f"/assessments/figures/list/?period={self.p2017.pk}&subject=members&what=good",
            f"/assessments/figures/export.xlsx?period={self.p2017.pk}",
        ]
        before = [self.count_queries(url) for url in urls]
        more = base_cells(self.world.org_b.parent, 20, "TH")
        levels_of_organizations(self.p2017, more, ["pass"] * 20)
        record_many(
            self.p2017,
            [
                {"organization": self.world.cell_b2, "member": m, "level": "good"}
                for m in add_members(self.world.cell_b2, 60)
            ],
        )
        self.assertEqual([self.count_queries(url) for url in urls], before)
        # Page and export: session, user, grants, organization, periods, previous period, labels, counts,
        # children, previous counts, and the session's save (3 with its savepoint); the list: session, user,
        # grants, organization, period, count, page, labels, session's save.
        self.assertEqual(before, [13, 11, 13])


class ExportTests(FiguresPageTestCase):
    def export(self) -> bytes:
        self.login("office_staff")
        response = self.client.get("/assessments/figures/export.xlsx", {"period": self.p2017.pk})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(
            response["Content-Disposition"].startswith('attachment; filename="so-lieu-xep-loai-2017-DUK-')
        )
        return response.content

    def test_counts_and_percentages_are_numbers_with_formats_not_text(self) -> None:
        book = openpyxl.load_workbook(io.BytesIO(self.export()))
        self.assertEqual(book.sheetnames, ["Tổ chức cơ sở đảng", "Đảng viên"])
        sheet = book["Tổ chức cơ sở đảng"]
        rows: dict = {}
        for row in sheet.iter_rows(min_row=5):  # the first table; the change table repeats the labels
            if row[0].value:
                rows.setdefault(row[0].value, row)
        top = rows["Trong sạch, vững mạnh (TSVM)"]
        self.assertEqual(top[1].value, 64)
        self.assertEqual(top[1].number_format, "#,##0")
        self.assertAlmostEqual(top[2].value, 0.8101)
        self.assertEqual(top[2].number_format, "0.00%")
        self.assertEqual(rows["Tổng số có kết quả xếp loại"][1].value, 79)
        self.assertIn("So với Năm 2016", [c.value for c in sheet["A"]])

    def test_the_export_opens_in_libreoffice_with_the_percentages_as_numbers(self) -> None:
        if LIBREOFFICE is None:
            if os.environ.get("CI"):
                self.fail("libreoffice is not installed: .ci/run must install libreoffice-calc-nogui")
            self.skipTest("libreoffice is not on PATH")
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / "so-lieu.xlsx"
            source.write_bytes(self.export())
            subprocess.run(
                [LIBREOFFICE, f"-env:UserInstallation=file://{Path(tmp) / 'profile'}", "--headless",
                 "--convert-to", CSV_FILTER, "--outdir", tmp, str(source)],
                check=True, capture_output=True, timeout=180,
            )  # fmt: skip
            with open(Path(tmp) / "so-lieu.csv", encoding="utf-8", newline="") as f:
                rows = list(csv.reader(f))
        self.assertTrue(rows[0][0].startswith("SỐ LIỆU ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG TỔ CHỨC CƠ SỞ ĐẢNG"))
        top = next(row for row in rows if row[0] == "Trong sạch, vững mạnh (TSVM)")
        self.assertEqual(
            top[1:3], ["64", "81.01%"]
        )  # a number shown through its format, not the text "81,01%"
