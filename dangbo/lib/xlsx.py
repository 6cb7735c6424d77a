"""Write a table to a real .xlsx file: title rows, frozen header, widths, dates and numbers as values.

Dates are written as date serials with the `dd/mm/yyyy` format and numbers as numbers with `#,##0`
(Excel and LibreOffice then show them with the reader's separators, "1.234" in Vietnamese settings);
never as preformatted strings (VIETNAMESE.md §4). Text that starts like a formula is neutralized.
XlsxWriter's `constant_memory` mode streams the rows, so memory stays flat however long the table.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import xlsxwriter

from dangbo.lib import vn

FORMULA_PREFIXES = ("=", "+", "-", "@")
KINDS = ("text", "date", "number", "decimal", "percent", "year")
NUMBER_FORMATS = {
    "date": "dd/mm/yyyy",
    "number": "#,##0",
    "decimal": "#,##0.00",
    "percent": "0.00%",
    "year": "0",  # a year is a number but never "2.024"
}
HEADER_ROW = 3  # 0-based: title, subtitle, note, then the header
_EXCEL_EPOCH = dt.date(1899, 12, 30).toordinal()  # serial 0 in Excel's 1900 date system


@dataclass(frozen=True)
class Column:
    header: str
    width: int = 16
    kind: str = "text"  # one of KINDS

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")


def neutralize(value: str) -> str:
    """Keep a cell that starts like a formula from ever being read as one (CSV/formula injection)."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def date_serial(value: dt.date) -> int | float:
    """The Excel serial of a date (whole days) or of a naive datetime (with the time as a fraction)."""
    if isinstance(value, dt.datetime):
        midnight = value.replace(hour=0, minute=0, second=0, microsecond=0)
        return value.toordinal() - _EXCEL_EPOCH + (value - midnight).total_seconds() / 86400
    return value.toordinal() - _EXCEL_EPOCH


def write_table(
    *,
    title: str,
    subtitle: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    sheet: str = "Danh sách",
    note: str = "",
    progress: Callable[[int], None] | None = None,
    progress_every: int = 5000,
) -> bytes:
    """Render rows under the title lines (title, subtitle, optional note); returns the file's bytes.

    `progress(n)` is called after every `progress_every` rows and once at the end with the total.
    """
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True, "in_memory": False})
    book.set_properties({"title": title, "comments": subtitle})
    ws = book.add_worksheet(sheet[:31])
    bold = book.add_format({"bold": True, "font_size": 13})
    italic = book.add_format({"italic": True})
    header = book.add_format(
        {"bold": True, "bg_color": "#EEF0F3", "border": 1, "text_wrap": True, "valign": "top"}
    )
    formats = {kind: book.add_format({"num_format": fmt}) for kind, fmt in NUMBER_FORMATS.items()}
    ws.write_string(0, 0, title, bold)
    ws.write_string(1, 0, subtitle)
    if note:
        ws.write_string(2, 0, note, italic)
    for col, column in enumerate(columns):
        ws.set_column(col, col, column.width)
        ws.write_string(HEADER_ROW, col, column.header, header)
    ws.freeze_panes(HEADER_ROW + 1, 0)
    ws.repeat_rows(HEADER_ROW)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)

    # Bound methods and formats looked up once: this loop runs for every cell of large exports.
    write_string, write_number = ws.write_string, ws.write_number
    date_format, number_format = formats["date"], formats["number"]
    column_formats = [formats.get(c.kind, number_format) for c in columns]
    date_type, datetime_type, str_type, int_type = dt.date, dt.datetime, str, int
    epoch = _EXCEL_EPOCH
    r = HEADER_ROW
    for r, row in enumerate(rows, start=HEADER_ROW + 1):
        for c, value in enumerate(row):
            kind = type(value)
            if kind is str_type:
                if value:
                    write_string(r, c, "'" + value if value[0] in "=+-@" else value)
            elif value is None:
                continue
            elif kind is date_type:
                write_number(r, c, value.toordinal() - epoch, date_format)
            elif kind is int_type or kind is float:
                write_number(r, c, value, column_formats[c])
            elif kind is datetime_type:
                write_number(r, c, date_serial(value), date_format)
            elif isinstance(value, bool):
                write_string(r, c, "Có" if value else "Không")
            elif isinstance(value, int | float):
                write_number(r, c, value, column_formats[c])
            elif isinstance(value, Decimal):
                write_number(r, c, float(value), column_formats[c])
            else:
                text = str(value)
                if text:
                    write_string(r, c, neutralize(text))
        if progress is not None and (r - HEADER_ROW) % progress_every == 0:
            progress(r - HEADER_ROW)
    last = max(r, HEADER_ROW)
    if columns:
        ws.autofilter(HEADER_ROW, 0, last, len(columns) - 1)
    book.close()
    if progress is not None:
        progress(last - HEADER_ROW)
    return buffer.getvalue()


def export_subtitle(scope: str, on: dt.date) -> str:
    return f"{scope} — xuất ngày {vn.format_date(on)}"
