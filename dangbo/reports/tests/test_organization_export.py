from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangbo.members import services as member_services
from dangbo.organizations import services as org_services
from dangbo.organizations.models import Kind
from dangbo.reports.tests.helpers import data_rows, header, sheet
from dangbo.testing import BaseTestCase, make_member

CODE, NAME, PARENT, MEMBERS = 1, 2, 6, 9


class OrganizationExportTests(BaseTestCase):
    def _export(self, persona: str, **params: str) -> bytes:
        self.login(persona)
        response = self.client.get(reverse("organizations:export"), params)
        self.assertEqual(response.status_code, 200)
        return response.content

    def _codes(self, persona: str, **params: str) -> list[str]:
        return [row[CODE] for row in data_rows(self._export(persona, **params))]

    def test_secretary_b_gets_exactly_the_organizations_of_b(self) -> None:
        self.assertEqual(self._codes("secretary_b"), ["B", "B1", "B2"])

    def test_office_staff_gets_the_whole_tree_in_tree_order(self) -> None:
        self.assertEqual(self._codes("office_staff"), ["DUK", "A", "A1", "A2", "B", "B1", "B2"])

    def test_clerk_gets_only_their_cell(self) -> None:
        self.assertEqual(self._codes("clerk_a1"), ["A1"])

    def test_member_without_a_role_gets_404_like_the_tree_page(self) -> None:
        self.login("member_a1")
        self.assertEqual(self.client.get(reverse("organizations:list")).status_code, 404)
        self.assertEqual(self.client.get(reverse("organizations:export")).status_code, 404)

    def test_subtree_filter_and_its_scope(self) -> None:
        self.assertEqual(self._codes("office_staff", organization="A"), ["A", "A1", "A2"])
        self.login("secretary_b")
        self.assertEqual(
            self.client.get(reverse("organizations:export"), {"organization": "A"}).status_code, 404
        )

    def test_columns_parent_codes_dates_and_active_member_counts_of_the_subtree(self) -> None:
        member_services.update_member(
            member=self.world.member_a2, values={"status": "deceased"}, by=None, procedure=True
        )
        content = self._export("office_staff")
        self.assertEqual(
            header(content),
            [
                "STT",
                "Mã tổ chức",
                "Tên tổ chức",
                "Tên viết tắt",
                "Loại",
                "Khối/Lĩnh vực",
                "Mã tổ chức cấp trên",
                "Ngày thành lập",
                "Ngày giải thể",
                "Số đảng viên",
            ],
        )
        rows = {row[CODE]: row for row in data_rows(content)}
        self.assertEqual(rows["A1"][NAME], "Chi bộ Phòng Ngân sách")
        self.assertEqual(rows["A1"][4], "Chi bộ trực thuộc")
        self.assertEqual(rows["B"][5], "Đơn vị sự nghiệp")
        self.assertEqual(rows["A1"][PARENT], "A")
        self.assertIsNone(rows["DUK"][PARENT])
        self.assertEqual(rows["A"][7], dt.datetime(2010, 1, 1))
        counts = {code: row[MEMBERS] for code, row in rows.items()}
        self.assertEqual(counts, {"DUK": 4, "A": 2, "A1": 2, "A2": 0, "B": 2, "B1": 1, "B2": 1})

    def test_a_past_date_gives_the_tree_of_that_day(self) -> None:
        org_services.rename_organization(
            organization=self.world.cell_a1,
            name="Chi bộ Phòng Ngân sách và Tài chính",
            short_name="",
            effective_on=dt.date(2024, 1, 1),
            by=None,
        )
        org_services.establish_organization(
            code="A3",
            name="Chi bộ Thanh tra Sở",
            kind=Kind.CELL,
            parent=self.world.org_a,
            established_on=dt.date(2025, 1, 1),
            by=None,
        )
        today = {row[CODE]: row[NAME] for row in data_rows(self._export("secretary_a"))}
        self.assertEqual(today["A1"], "Chi bộ Phòng Ngân sách và Tài chính")
        self.assertIn("A3", today)
        content = self._export("secretary_a", on="31/12/2023")
        past = {row[CODE]: row[NAME] for row in data_rows(content)}
        self.assertEqual(past["A1"], "Chi bộ Phòng Ngân sách")
        self.assertNotIn("A3", past)
        self.assertEqual(sheet(content)["A3"].value, "Tổ chức hoạt động ngày 31/12/2023")

    def test_title_rows_name_the_scope(self) -> None:
        ws = sheet(self._export("secretary_b"))
        self.assertEqual(ws["A1"].value, "DANH SÁCH TỔ CHỨC ĐẢNG")
        self.assertTrue(ws["A2"].value.startswith("Đảng bộ Sở Y tế — xuất ngày "))

    def test_the_tree_page_has_the_export_button(self) -> None:
        self.login("office_staff")
        response = self.client.get(reverse("organizations:list"), {"on": "01/06/2020"})
        self.assertContains(response, f'href="{reverse("organizations:export")}?on=01/06/2020"')

    def test_one_query_for_the_organizations_however_many(self) -> None:
        self.login("office_staff")

        def count() -> int:
            with CaptureQueriesContext(connection) as ctx:
                self.assertEqual(self.client.get(reverse("organizations:export")).status_code, 200)
            return len(ctx)

        few = count()
        for i in range(10):
            cell = org_services.establish_organization(
                code=f"B{i + 3}",
                name=f"Chi bộ Khoa {i}",
                kind=Kind.CELL,
                parent=self.world.org_b,
                established_on=dt.date(2015, 1, 1),
                by=None,
            )
            make_member(cell, f"Lý Thị Thu {i}")
        self.assertEqual(count(), few)
        # session and user (2), grants, scope roots' names, the organizations; session save (3)
        self.assertLessEqual(few, 8)
