from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dangbo.lib import vn
from dangbo.members import services
from dangbo.members.models import Member
from dangbo.reports.tests.helpers import data_rows, header, sheet
from dangbo.testing import BaseTestCase, make_member

CARD = 4  # column of the card number
ALL_CARDS = {"10000001", "10000002", "10000003", "10000004", "10000005"}


class MemberExportTests(BaseTestCase):
    def _export(self, persona: str, **params: str) -> bytes:
        self.login(persona)
        response = self.client.get(reverse("members:export"), params)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response["Content-Type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        return response.content

    def _cards(self, persona: str, **params: str) -> set[str]:
        return {row[CARD] for row in data_rows(self._export(persona, **params))}

    def test_secretary_b_gets_exactly_the_members_of_b(self) -> None:
        self.assertEqual(self._cards("secretary_b"), {"10000003", "10000005"})

    def test_office_staff_gets_every_member_of_the_tree(self) -> None:
        self.assertEqual(self._cards("office_staff"), ALL_CARDS)

    def test_export_rows_are_the_members_the_list_shows(self) -> None:
        self.login("secretary_a")
        page = self.client.get(reverse("members:list")).content.decode()
        rows = data_rows(self._export("secretary_a"))
        self.assertEqual([row[1] for row in rows], ["Phạm Văn Ánh", "Trần Văn Bình", "Nguyễn Thị Đào"])
        for row in rows:
            self.assertIn(row[1], page)
        self.assertEqual([row[0] for row in rows], [1, 2, 3])

    def test_member_without_a_role_exports_only_their_own_record(self) -> None:
        self.assertEqual(self._cards("member_a1"), {"10000001"})

    def test_filters_of_the_page_apply_to_the_export(self) -> None:
        self.assertEqual(self._cards("office_staff", organization="B", gender="female"), {"10000003"})
        self.assertEqual(self._cards("office_staff", q="dao"), {"10000001"})

    def test_filter_outside_the_scope_is_404(self) -> None:
        self.login("secretary_b")
        self.assertEqual(self.client.get(reverse("members:export"), {"organization": "A"}).status_code, 404)

    def test_title_rows_name_the_organization_and_the_export_date(self) -> None:
        ws = sheet(self._export("secretary_b", gender="female"))
        self.assertEqual(ws["A1"].value, "DANH SÁCH ĐẢNG VIÊN")
        today = vn.format_date(timezone.localdate())
        self.assertEqual(ws["A2"].value, f"Đảng bộ Sở Y tế — xuất ngày {today}")
        self.assertEqual(ws["A3"].value, "Điều kiện lọc: Giới tính: Nữ")
        ws = sheet(self._export("office_staff", organization="A1"))
        self.assertTrue(ws["A2"].value.startswith("Chi bộ Phòng Ngân sách — xuất ngày "))

    def test_header_is_frozen_with_widths_and_twenty_columns(self) -> None:
        content = self._export("office_staff")
        ws = sheet(content)
        self.assertEqual(ws.freeze_panes, "A5")
        self.assertEqual(len(header(content)), 20)
        self.assertEqual(header(content)[:3], ["STT", "Họ và tên", "Giới tính"])
        self.assertEqual(ws.column_dimensions["B"].width, 26 + 0.7109375)  # XlsxWriter's padding

    def test_dates_and_numbers_are_real_values_in_vietnamese_formats(self) -> None:
        ws = sheet(self._export("office_staff", q="dao"))
        birth, admission, number, age = ws["D5"], ws["F5"], ws["A5"], ws["T5"]
        self.assertEqual(birth.value, dt.datetime(1985, 5, 17))
        self.assertEqual(birth.number_format, "dd/mm/yyyy")
        self.assertEqual(admission.value, dt.datetime(2010, 3, 2))
        self.assertEqual((number.value, number.number_format), (1, "#,##0"))
        self.assertIsInstance(age.value, int)

    def test_cells_that_look_like_formulas_are_neutralized(self) -> None:
        for text in ['=HYPERLINK("x")', "+1", "-2", "@SUM(A1)"]:
            services.update_member(member=self.world.member_a1, values={"occupation": text}, by=None)
            rows = data_rows(self._export("office_staff", q="dao"))
            self.assertEqual(rows[0][10], "'" + text)

    def test_sensitive_fields_are_never_exported(self) -> None:
        content = self._export("secretary_a")
        self.assertNotIn("Số CCCD", header(content))
        values = {value for row in data_rows(content) for value in row}
        self.assertNotIn("001185000001", values)
        self.assertNotIn("Kinh", values)

    def test_query_count_does_not_grow_with_rows(self) -> None:
        self.login("office_staff")

        def count() -> int:
            with CaptureQueriesContext(connection) as ctx:
                self.assertEqual(
                    self.client.get(reverse("members:export"), {"organization": "B"}).status_code, 200
                )
            return len(ctx)

        few = count()
        for i in range(40):
            make_member(self.world.cell_b1, f"Đỗ Văn Thêm {i}")
        self.assertEqual(count(), few)
        # session and user (2), grants, the filtered organization, the count, the rows; session save (3)
        self.assertLessEqual(few, 9)

    def test_export_follows_the_members_list_order_for_many_rows(self) -> None:
        for i in range(30):
            make_member(self.world.cell_a2, f"Vũ Văn Ơn {i}")
        rows = data_rows(self._export("secretary_a"))
        expected = list(
            Member.objects.filter(organization__code__startswith="A")
            .vietnamese_order()
            .values_list("full_name", flat=True)
        )
        self.assertEqual([row[1] for row in rows], expected)
