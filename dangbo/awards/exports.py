"""The badge round's list as an .xlsx (reports registry): the same rows as the page, real dates and numbers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict

from dangbo.awards.queries import DueBadge, badge_scope, round_list
from dangbo.lib import vn
from dangbo.lib.xlsx import Column
from dangbo.reports.definitions import Report, Row, Selection, register, scope_name
from dangbo.workdays import clock

BADGE_COLUMNS = (
    Column("STT", 6, "number"),
    Column("Họ và tên", 26),
    Column("Ngày sinh", 12, "date"),
    Column("Số thẻ đảng viên", 16),
    Column("Ngày vào Đảng", 13, "date"),
    Column("Ngày chính thức", 13, "date"),
    Column("Tuổi đảng (năm)", 10, "number"),
    Column("Tuổi đảng (tháng lẻ)", 10, "number"),
    Column("Huy hiệu đề nghị (năm)", 12, "number"),
    Column("Ngày đủ tuổi đảng", 13, "date"),
    Column("Ghi chú", 30),
    Column("Chi bộ", 34),
    Column("Tổ chức cơ sở đảng", 34),
)


def badge_row(number: int, row: DueBadge) -> Row:
    return (
        number,
        row.name,
        row.birth_date,
        row.card_number,
        row.admission_date,
        row.official_date,
        row.age.years if row.age else None,
        row.age.months if row.age else None,
        row.years,
        row.reached_on,
        row.note,
        row.organization,
        row.grassroots,
    )


@dataclass
class _Rows:
    user: Any
    params: QueryDict
    _rows: list[DueBadge] | None = field(default=None, init=False)

    def fetch(self) -> list[DueBadge]:
        if self._rows is None:
            scope = badge_scope(self.user, self.params, today=clock.today())
            self._rows = round_list(self.user, scope.members, scope.round_on, sensitive=scope.sensitive).rows
        return self._rows

    def count(self) -> int:
        return len(self.fetch())

    def rows(self) -> Iterator[Row]:
        return (badge_row(n, r) for n, r in enumerate(self.fetch(), start=1))


def select_badges(user: Any, params: QueryDict) -> Selection:
    """Members due a Party badge in the round `?round=` within `?organization=` (RULES R22)."""
    scope = badge_scope(user, params, today=clock.today())  # 404 outside the scope, before any job starts
    rows = _Rows(user, params)
    name = scope.organization.name if scope.organization else scope_name(user, "members.view")
    note = f"Đợt trao tặng ngày {vn.format_date(scope.round_on)} ({scope.round_name})"
    return Selection(scope_name=name, count=rows.count, rows=rows.rows, note=note)


register(
    Report(
        name="badges_due",
        title="DANH SÁCH ĐẢNG VIÊN ĐỀ NGHỊ TẶNG, TRUY TẶNG HUY HIỆU ĐẢNG",
        filename="huy-hieu-dang",
        columns=BADGE_COLUMNS,
        select=select_badges,
        sheet="Huy hiệu Đảng",
    )
)
