from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import openpyxl
from django.test import SimpleTestCase

from dangbo.lib import xlsx

COLUMNS = [
    xlsx.Column("STT", 6, "number"),
    xlsx.Column("Họ và tên", 26),
    xlsx.Column("Ngày sinh", 12, "date"),
    xlsx.Column("Tỷ lệ", 10, "percent"),
    xlsx.Column("Điểm", 10, "decimal"),
]


def _book(rows: list[tuple], **kwargs: Any) -> openpyxl.Workbook:
    content = xlsx.write_table(
        title="DANH SÁCH",
        subtitle="Đảng bộ Sở Y tế — xuất ngày 06/02/2026",
        columns=COLUMNS,
        rows=rows,
        **kwargs,
    )
    return openpyxl.load_workbook(io.BytesIO(content))


class WriteTableTests(SimpleTestCase):
    def test_it_writes_title_rows_a_frozen_header_and_widths(self) -> None:
        ws = _book(
            [(1, "Nguyễn Thị Đào", dt.date(1985, 5, 17), 0.8101, Decimal("91.5"))], note="Lọc: Nữ"
        ).active
        self.assertEqual(
            [ws["A1"].value, ws["A2"].value, ws["A3"].value], ["DANH SÁCH", ws["A2"].value, "Lọc: Nữ"]
        )
        self.assertIn("06/02/2026", ws["A2"].value)
        self.assertEqual([c.value for c in ws[4]], [c.header for c in COLUMNS])
        self.assertEqual(ws.freeze_panes, "A5")
        self.assertTrue(ws["A4"].font.b)
        self.assertAlmostEqual(ws.column_dimensions["B"].width, 26, delta=1)
        self.assertEqual(ws.auto_filter.ref, "A4:E5")

    def test_dates_and_numbers_are_values_with_formats(self) -> None:
        ws = _book([(1234, "x", dt.date(2018, 2, 6), 0.8101, Decimal("1234.5"))]).active
        number, date, rate, decimal = ws["A5"], ws["C5"], ws["D5"], ws["E5"]
        self.assertEqual((number.value, number.number_format), (1234, "#,##0"))
        self.assertEqual((date.value, date.number_format), (dt.datetime(2018, 2, 6), "dd/mm/yyyy"))
        self.assertEqual((rate.value, rate.number_format), (0.8101, "0.00%"))
        self.assertEqual((decimal.value, decimal.number_format), (1234.5, "#,##0.00"))

    def test_years_are_numbers_without_a_thousands_separator(self) -> None:
        content = xlsx.write_table(
            title="T", subtitle="S", columns=[xlsx.Column("Năm", 8, "year")], rows=[(2024,)]
        )
        cell = openpyxl.load_workbook(io.BytesIO(content)).active["A5"]
        self.assertEqual((cell.value, cell.number_format), (2024, "0"))

    def test_datetimes_keep_their_time(self) -> None:
        ws = _book([(1, "x", dt.datetime(2026, 2, 6, 18, 30), None, None)]).active
        self.assertEqual(ws["C5"].value, dt.datetime(2026, 2, 6, 18, 30))

    def test_text_that_starts_like_a_formula_is_neutralized(self) -> None:
        ws = _book([(1, text, None, None, None) for text in ["=1+1", "+84 912", "-5", "@x", "a=b"]]).active
        self.assertEqual(
            [ws[f"B{r}"].value for r in range(5, 10)], ["'=1+1", "'+84 912", "'-5", "'@x", "a=b"]
        )
        self.assertEqual(xlsx.neutralize("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0")

    def test_empty_values_leave_empty_cells_and_an_empty_table_is_valid(self) -> None:
        ws = _book([(1, "", None, None, None)]).active
        self.assertIsNone(ws["B5"].value)
        ws = _book([]).active
        self.assertEqual(ws.max_row, 4)

    def test_progress_is_reported_every_n_rows_and_at_the_end(self) -> None:
        seen: list[int] = []
        _book([(i, "x", None, None, None) for i in range(7)], progress=seen.append, progress_every=3)
        self.assertEqual(seen, [3, 6, 7])

    def test_unknown_column_kind_is_refused(self) -> None:
        with self.assertRaises(ValueError):
            xlsx.Column("x", kind="money")
