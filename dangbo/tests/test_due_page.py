"""The due and late page, its counts on the home page and its export, over real items (a death in A1)."""

import datetime as dt
import io

import openpyxl
from django.test import override_settings

from dangbo.movements import services as movements
from dangbo.movements.models import ExitKind
from dangbo.testing import BaseTestCase, make_member

DIED = dt.date(2026, 1, 5)


def _subjects(content: bytes) -> list[str]:
    """The "Đảng viên, tổ chức" column of an exported due list."""
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).active
    return [row[4] for row in sheet.iter_rows(values_only=True) if isinstance(row[0], int)]


@override_settings(DANGBO_TODAY="2026-03-02")
class DuePageTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        member = make_member(cls.world.cell_a1, "Lê Văn Tạ")
        movements.record_exit(
            member=member, kind=ExitKind.DEATH, effective_on=DIED, slip_written_on=DIED, by=None
        )

    def test_secretary_sees_the_late_death_report_of_their_cell(self) -> None:
        self.login("secretary_a")
        response = self.client.get("/due/")
        self.assertContains(response, "Lê Văn Tạ")
        self.assertContains(response, "(quá hạn)")  # 30 working days after 05/01/2026, Tết between

    def test_a_sibling_secretary_does_not_see_it(self) -> None:
        self.login("secretary_b")
        self.assertNotContains(self.client.get("/due/"), "Lê Văn Tạ")
        self.assertNotIn("Lê Văn Tạ", _subjects(self.client.get("/due/export.xlsx").content))

    def test_home_page_counts_it_as_late(self) -> None:
        self.login("secretary_a")
        response = self.client.get("/")
        due = response.context["due"]
        self.assertTrue(any(count.late >= 1 for count in due))

    def test_the_export_lists_the_same_items(self) -> None:
        self.login("secretary_a")
        page_items = self.client.get("/due/").context["items"]
        subjects = _subjects(self.client.get("/due/export.xlsx").content)
        self.assertEqual(subjects, [item.subject for item in page_items])
        self.assertIn("Lê Văn Tạ", subjects)
