"""The figures and the streak lists as .xlsx (XlsxWriter): real numbers with number formats, never text;
and the list behind one number, registered with the reports' exports.

Counts are numbers formatted `#,##0`; percentages are the exact rounded figure divided by 100 with the
format `0.00%` (81,01% in Vietnamese settings); changes in percentage points are numbers with `0.00`.
One sheet per subject for the figures (totals, by sector, by direct child, change against the previous
period), one sheet per subject for the streaks. The list behind a number is one report per subject (their
columns differ), its rows from `figures_lists.figures_list`, the same function as the page.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.http import Http404, QueryDict

from dangbo.assessments.figures import SUBJECT_TITLES, SUBJECTS, Figures, Streak, Table
from dangbo.assessments.figures_lists import FiguresList, figures_list
from dangbo.assessments.regimes import MEMBER, ORGANIZATION, Subject
from dangbo.lib import vn
from dangbo.lib.xlsx import Column, neutralize
from dangbo.organizations.models import Organization
from dangbo.reports.definitions import Report, Row, Selection, register


class _Book:
    def __init__(self, title: str) -> None:
        self.buffer = io.BytesIO()
        self.book = xlsxwriter.Workbook(self.buffer, {"in_memory": True})
        self.book.set_properties({"title": title, "author": "dangbo"})
        add = self.book.add_format
        self.title = add({"bold": True, "font_size": 13})
        self.bold = add({"bold": True})
        self.header = add(
            {"bold": True, "bg_color": "#EEF0F3", "border": 1, "text_wrap": True, "valign": "top"}
        )
        self.count = add({"num_format": "#,##0", "border": 1})
        self.percent = add({"num_format": "0.00%", "border": 1})
        self.points = add({"num_format": "+0.00;-0.00;0.00", "border": 1})
        self.delta = add({"num_format": "+#,##0;-#,##0;0", "border": 1})
        self.text = add({"border": 1, "text_wrap": True, "valign": "top"})
        self.italic = add({"italic": True})

    def close(self) -> bytes:
        self.book.close()
        return self.buffer.getvalue()

    def cell(self, ws: Any, row: int, col: int, value: Any, kind: str = "text") -> None:
        if value is None:
            ws.write_blank(row, col, None, self.text)
        elif kind == "count":
            ws.write_number(row, col, value, self.count)
        elif kind == "delta":
            ws.write_number(row, col, value, self.delta)
        elif kind == "percent":
            ws.write_number(row, col, float(Decimal(value) / 100), self.percent)
        elif kind == "points":
            ws.write_number(row, col, float(value), self.points)
        else:
            ws.write_string(row, col, neutralize(str(value)), self.text)

    def header_row(self, ws: Any, row: int, headers: Sequence[str]) -> None:
        for col, text in enumerate(headers):
            ws.write_string(row, col, text, self.header)


def _main_table(b: _Book, ws: Any, row: int, table: Table) -> int:
    b.header_row(ws, row, ["Nội dung", "Số lượng", "Tỷ lệ (so với số được xếp loại)"])
    lines: list[tuple[str, int, Decimal | None]] = [
        ("Tổng số có kết quả xếp loại", table.total, None),
        ("Không xếp loại", table.not_classified, None),
        ("Được xếp loại", table.classified, None),
    ]
    for line in table.levels:
        lines.append((f"{line.label} ({line.abbreviation})", line.count, line.percent))
    if table.exemplary is not None:
        lines.append((table.exemplary.label, table.exemplary.count, table.exemplary.percent))
    lines += [
        (table.good_or_better.label, table.good_or_better.count, table.good_or_better.percent),
        (table.below_top.label, table.below_top.count, table.below_top.percent),
        ("Chưa có quyết định xếp loại (không tính ở trên)", table.pending, None),
    ]
    for label, count, percent in lines:
        row += 1
        b.cell(ws, row, 0, label)
        b.cell(ws, row, 1, count, "count")
        b.cell(ws, row, 2, percent, "percent")
    return row + 2


def _group_table(b: _Book, ws: Any, row: int, heading: str, first: str, tables: list[Table]) -> int:
    if not tables:
        return row
    ws.write_string(row, 0, heading, b.bold)
    row += 1
    headers = [first, "Tổng số", "Không xếp loại", "Được xếp loại"]
    for line in tables[0].levels:
        headers += [f"{line.abbreviation} (số lượng)", f"{line.abbreviation} (tỷ lệ)"]
    headers += ["Tốt trở lên (số lượng)", "Tốt trở lên (tỷ lệ)"]
    b.header_row(ws, row, headers)
    for table in tables:
        row += 1
        b.cell(ws, row, 0, table.title)
        for col, value in enumerate((table.total, table.not_classified, table.classified), start=1):
            b.cell(ws, row, col, value, "count")
        col = 4
        for line in [*table.levels, table.good_or_better]:
            b.cell(ws, row, col, line.count, "count")
            b.cell(ws, row, col + 1, line.percent, "percent")
            col += 2
    return row + 2


def _change_table(b: _Book, ws: Any, row: int, figures: Figures, subject: Subject) -> int:
    change = figures.changes.get(subject)
    if change is None:
        return row
    before, now = change.previous_period.label, figures.period.label
    ws.write_string(row, 0, f"So với {before}", b.bold)
    row += 1
    if change.note:
        ws.write_string(row, 0, change.note, b.italic)
        row += 1
    b.header_row(
        ws,
        row,
        [
            "Nội dung",
            before,
            now,
            "Tăng (+), giảm (−)",
            f"Tỷ lệ {before}",
            f"Tỷ lệ {now}",
            "Chênh lệch (điểm %)",
        ],
    )
    for line in change.lines:
        row += 1
        b.cell(ws, row, 0, line.label)
        b.cell(ws, row, 1, line.previous, "count")
        b.cell(ws, row, 2, line.current, "count")
        b.cell(ws, row, 3, line.delta, "delta")
        b.cell(ws, row, 4, line.previous_percent, "percent")
        b.cell(ws, row, 5, line.current_percent, "percent")
        b.cell(ws, row, 6, line.delta_percent, "points")
    row += 2
    if not change.same_regime:  # the previous period under its own labels
        ws.write_string(row, 0, f"{before} ({change.previous_regime.title})", b.bold)
        row = _main_table(b, ws, row + 1, change.previous)
    return row


def figures_workbook(figures: Figures, *, on: dt.date) -> bytes:
    """The figures page as a workbook: a sheet for grassroots organizations, one for members."""
    period, organization = figures.period, figures.organization
    b = _Book(f"Số liệu đánh giá, xếp loại {period.label}")
    for subject in SUBJECTS:
        ws = b.book.add_worksheet(SUBJECT_TITLES[subject][:31])
        ws.set_column(0, 0, 48)
        ws.set_column(1, 20, 14)
        ws.write_string(
            0, 0, f"SỐ LIỆU ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG {SUBJECT_TITLES[subject].upper()}", b.title
        )
        ws.write_string(
            1,
            0,
            f"{organization.name} — {period.label}, xếp loại theo {figures.regime.title} — "
            f"xuất ngày {vn.format_date(on)}",
        )
        row = _main_table(b, ws, 3, figures.totals[subject])
        row = _group_table(b, ws, row, "Theo khối", "Khối", figures.by_sector[subject])
        row = _group_table(b, ws, row, "Theo tổ chức trực thuộc", "Tổ chức", figures.by_child[subject])
        _change_table(b, ws, row, figures, subject)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
    return b.close()


def streaks_workbook(
    organization: Organization, options: dict[str, Any], found: dict[Subject, list[Streak]], *, on: dt.date
) -> bytes:
    """The streak lists: one sheet per subject."""
    years, until = options["years"], options["until"]
    b = _Book(f"Xếp loại mức cao nhất {years} năm liền đến {until}")
    for subject in SUBJECTS:
        ws = b.book.add_worksheet(SUBJECT_TITLES[subject][:31])
        ws.write_string(
            0,
            0,
            f"{SUBJECT_TITLES[subject].upper()} XẾP LOẠI MỨC CAO NHẤT {years} NĂM LIỀN (ĐẾN NĂM {until})",
            b.title,
        )
        notes = [f"{organization.name} — xuất ngày {vn.format_date(on)}"]
        if subject == ORGANIZATION:
            notes.append(
                "Tính cả kết quả của tổ chức đã hợp nhất vào."
                if options["count_predecessors"]
                else "Không tính kết quả của tổ chức đã hợp nhất vào."
            )
            if options["require_exemplary"]:
                notes.append("Các năm trước 2018 phải là “Trong sạch, vững mạnh tiêu biểu”.")
        ws.write_string(1, 0, " ".join(notes))
        if subject == ORGANIZATION:
            headers = [
                "STT",
                "Tên tổ chức",
                "Mã tổ chức",
                "Cấp trên",
                "Số năm liền",
                "Từ năm",
                "Đến năm",
                "Gồm kết quả của",
            ]
        else:
            headers = [
                "STT",
                "Họ và tên",
                "Số thẻ / mã",
                "Chi bộ (năm cuối)",
                "Số năm liền",
                "Từ năm",
                "Đến năm",
            ]
        b.header_row(ws, 3, headers)
        for index, streak in enumerate(found[subject], start=1):
            row = 3 + index
            b.cell(ws, row, 0, index, "count")
            b.cell(ws, row, 1, streak.name)
            b.cell(ws, row, 2, streak.code)
            b.cell(ws, row, 3, streak.organization_name)
            b.cell(ws, row, 4, streak.years, "count")
            ws.write_number(row, 5, streak.since, b.text)  # a year: no thousands separator
            ws.write_number(row, 6, streak.until, b.text)
            if subject == ORGANIZATION:
                b.cell(ws, row, 7, "; ".join(streak.predecessors))
        ws.set_column(0, 0, 6)
        ws.set_column(1, 1, 34)
        ws.set_column(2, 2, 14)
        ws.set_column(3, 3, 34)
        ws.set_column(4, 6, 11)
        ws.set_column(7, 7, 40)
        ws.freeze_panes(4, 0)
    return b.close()


# ------------------------------------------------------------------------- the list behind a number

MEMBER_LIST_COLUMNS = (
    Column("STT", 6, "number"),
    Column("Họ và tên", 26),
    Column("Số thẻ đảng viên", 16),
    Column("Mã đảng viên", 14),
    Column("Chi bộ", 34),
    Column("Mã chi bộ", 12),
    Column("Xếp loại", 30),
    Column("Điểm", 8, "decimal"),
    Column("Lý do không xếp loại", 26),
    Column("Bước", 18),
    Column("Ghi chú", 30),
)
ORGANIZATION_LIST_COLUMNS = (
    Column("STT", 6, "number"),
    Column("Tên tổ chức", 40),
    Column("Mã tổ chức", 12),
    Column("Loại", 20),
    Column("Khối", 20),
    Column("Cấp trên", 34),
    Column("Xếp loại", 30),
    Column("Tiêu biểu", 10),
    Column("Điểm", 8, "decimal"),
    Column("Lý do không xếp loại", 26),
    Column("Bước", 18),
)


def _list_rows(found: FiguresList) -> Iterator[Row]:
    items = found.items(found.rows.iterator(chunk_size=2000))
    if found.subject == MEMBER:
        for i in items:
            yield (
                i["number"], i["name"], i["card_number"], i["member_code"], i["organization"],
                i["organization_code"], i["level"], i["score"], i["reason"], i["stage"], i["note"],
            )  # fmt: skip
    else:
        for i in items:
            yield (
                i["number"], i["name"], i["code"], i["kind"], i["sector"], i["organization"], i["level"],
                "Tiêu biểu" if i["exemplary"] else "", i["score"], i["reason"], i["stage"],
            )  # fmt: skip


def _select_list(param: str) -> Callable[[Any, QueryDict], Selection]:
    def select(user: Any, params: QueryDict) -> Selection:
        """The list behind one number of the figures page (`/assessments/figures/list/`), every row of it."""
        if params.get("subject") != param:
            raise Http404("Không có danh sách này.")
        found = figures_list(user, params)  # 404 outside the scope, before any job starts
        note = f"{found.period.label}: {found.selection}" + (f" — {found.group}" if found.group else "")
        return Selection(
            scope_name=found.organization.name,
            count=found.rows.count,
            rows=lambda: _list_rows(found),
            note=note,
        )

    return select


MEMBER_LIST = register(
    Report(
        name="assessment_results_members",
        title="DANH SÁCH KẾT QUẢ XẾP LOẠI ĐẢNG VIÊN",
        filename="ket-qua-xep-loai-dang-vien",
        columns=MEMBER_LIST_COLUMNS,
        select=_select_list("members"),
        sheet=SUBJECT_TITLES[MEMBER],
    )
)
ORGANIZATION_LIST = register(
    Report(
        name="assessment_results_organizations",
        title="DANH SÁCH KẾT QUẢ XẾP LOẠI TỔ CHỨC CƠ SỞ ĐẢNG",
        filename="ket-qua-xep-loai-to-chuc",
        columns=ORGANIZATION_LIST_COLUMNS,
        select=_select_list("organizations"),
        sheet=SUBJECT_TITLES[ORGANIZATION],
    )
)
LIST_REPORTS = {"members": MEMBER_LIST.name, "organizations": ORGANIZATION_LIST.name}  # by `subject`
