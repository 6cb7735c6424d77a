"""Real spreadsheet files for the import tests, written with openpyxl (and xlwt for .xls)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import openpyxl
from openpyxl.styles import Font

MEMBER_HEADER = [
    "Mã đảng viên",
    "Số thẻ đảng viên",
    "Họ và tên",
    "Giới tính",
    "Ngày sinh",
    "Mã tổ chức",
    "Ngày vào Đảng",
    "Ngày chính thức",
    "Quê quán",
]


def member_row(
    code: str,
    name: str,
    cell: str = "A1",
    *,
    card: Any = None,
    gender: str = "Nam",
    birth: Any = "17/05/1985",
    admitted: Any = "02/03/2010",
    official: Any = "02/03/2011",
    hometown: str | None = None,
) -> list[Any]:
    return [code, card, name, gender, birth, cell, admitted, official, hometown]


def xlsx(
    rows: Sequence[Sequence[Any]],
    *,
    sheet: str = "Danh sách",
    fonts: dict[tuple[int, int], str] | None = None,
    before: Sequence[Sequence[Any]] = (),
) -> bytes:
    """An .xlsx with `before` rows (titles), then `rows` (header first); `fonts` maps (row, column),
    1-based over the whole sheet, to a font name."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for row in [*before, *rows]:
        ws.append(list(row))
    for (r, c), name in (fonts or {}).items():
        ws.cell(row=r, column=c).font = Font(name=name)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def members_xlsx(*rows: Sequence[Any], header: Sequence[str] = MEMBER_HEADER, **kwargs: Any) -> bytes:
    return xlsx([list(header), *rows], **kwargs)


def xls(rows: Sequence[Sequence[Any]], *, fonts: dict[tuple[int, int], str] | None = None) -> bytes:
    """An .xls (BIFF8) written by xlwt; `fonts` maps (row, column), 1-based, to a font name."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("Danh sach")
    styles: dict[str, Any] = {}
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None:
                continue
            font_name = (fonts or {}).get((r + 1, c + 1))
            if font_name:
                if font_name not in styles:
                    style = xlwt.XFStyle()
                    style.font = xlwt.Font()
                    style.font.name = font_name
                    styles[font_name] = style
                ws.write(r, c, value, styles[font_name])
            else:
                ws.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
