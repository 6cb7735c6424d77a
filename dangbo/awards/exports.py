"""The award list and the badge round's list as .xlsx (reports registry): the same rows as the pages, real
dates and numbers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict

from dangbo.accounts import policy
from dangbo.awards.models import AwardBasis, IssuerLevel
from dangbo.awards.queries import DueBadge, badge_scope, filter_awards, round_list
from dangbo.lib import vn
from dangbo.lib.xlsx import Column
from dangbo.reports.definitions import Report, Row, Selection, describe_filters, register, scope_name
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


# ------------------------------------------------------------------------------------------- awards

AWARD_COLUMNS = (
    Column("STT", 6, "number"),
    Column("Được khen thưởng", 30),
    Column("Đối tượng", 12),
    Column("Số thẻ đảng viên", 16),
    Column("Chi bộ", 34),
    Column("Mã tổ chức", 14),
    Column("Hình thức", 26),
    Column("Khen thưởng về", 30),
    Column("Cấp khen thưởng", 24),
    Column("Cơ quan khen thưởng", 30),
    Column("Số quyết định", 16),
    Column("Ngày quyết định", 13, "date"),
    Column("Từ năm", 8, "year"),
    Column("Đến năm", 8, "year"),
    Column("Lý do, thành tích", 50),
)
_AWARD_FIELDS = (
    "form", "basis", "issuer_level", "issuer_name", "decision_number", "decision_date", "reason",
    "period_from", "period_to", "badge_years", "posthumous",
    "member__full_name", "member__card_number", "member__organization__name", "member__organization__code",
    "organization__name", "organization__code",
)  # fmt: skip


def select_awards(user: Any, params: QueryDict) -> Selection:
    """The award list (`/awards/`) as filtered, newest decision first; a member's cell is today's."""
    found = filter_awards(user, params)  # 404 outside the scope, before any job starts
    awards = found.awards.select_related("member__organization", "organization").only(*_AWARD_FIELDS)

    def rows() -> Iterator[Row]:
        bases, levels = dict(AwardBasis.choices), dict(IssuerLevel.choices)
        for n, a in enumerate(awards.iterator(chunk_size=2000), start=1):
            member, organization = a.member, a.organization
            yield (
                n,
                a.subject_name,
                "Đảng viên" if member else "Tổ chức đảng",
                member.card_number if member else "",
                member.organization.name if member else "",
                member.organization.code if member else organization.code,  # type: ignore[union-attr]
                a.title,
                bases.get(a.basis, a.basis),
                levels.get(a.issuer_level, a.issuer_level),
                a.issuer_name,
                a.decision_number,
                a.decision_date,
                a.period_from,
                a.period_to,
                a.reason,
            )

    if found.scope:
        name = found.scope
    elif policy.has_any_scope(user, policy.VIEW_MEMBERS):
        name = scope_name(user, policy.VIEW_MEMBERS)
    else:  # a member without a role: their own awards
        name = user.member.full_name
    return Selection(
        scope_name=name,
        count=found.awards.count,
        rows=rows,
        note=describe_filters(found.form, skip=("organization", "member")),
    )


register(
    Report(
        name="awards",
        title="DANH SÁCH KHEN THƯỞNG",
        filename="khen-thuong",
        columns=AWARD_COLUMNS,
        select=select_awards,
        sheet="Khen thưởng",
    )
)
