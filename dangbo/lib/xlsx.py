"""Write a table to a real .xlsx file: title rows, frozen header, widths, dates and numbers as values."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import xlsxwriter

from dangbo.lib import vn

FORMULA_PREFIXES = ("=", "+", "-", "@")


@dataclass(frozen=True)
class Column:
    header: str
    width: int = 16
    kind: str = "text"  # text | date | number


def neutralize(value: str) -> str:
    """Keep a cell that starts like a formula from ever being read as one (CSV/formula injection)."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def write_table(
    *,
    title: str,
    subtitle: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    sheet: str = "Danh sách",
) -> bytes:
    """Render rows under a two-line title; returns the file's bytes."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True, "in_memory": False})
    ws = book.add_worksheet(sheet[:31])
    bold = book.add_format({"bold": True, "font_size": 13})
    header = book.add_format(
        {"bold": True, "bg_color": "#EEF0F3", "border": 1, "text_wrap": True, "valign": "top"}
    )
    date = book.add_format({"num_format": "dd/mm/yyyy"})
    number = book.add_format({"num_format": "#,##0"})
    ws.write_string(0, 0, title, bold)
    ws.write_string(1, 0, subtitle)
    for col, column in enumerate(columns):
        ws.set_column(col, col, column.width)
        ws.write_string(3, col, column.header, header)
    ws.freeze_panes(4, 0)
    for r, row in enumerate(rows, start=4):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, dt.date):
                ws.write_datetime(r, c, dt.datetime(value.year, value.month, value.day), date)
            elif isinstance(value, int | float):
                ws.write_number(r, c, value, number)
            else:
                ws.write_string(r, c, neutralize(str(value)))
    book.close()
    return buffer.getvalue()


def export_subtitle(scope: str, on: dt.date) -> str:
    return f"{scope} — xuất ngày {vn.format_date(on)}"
