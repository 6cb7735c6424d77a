"""The member movement table ("báo cáo tăng giảm đảng viên", Biểu 1-TCTW) and the lists behind it.

Everything is read from official placements (temporary ones never count, RULES R25), in one SQL query
per table whatever the size of the subtree:

* A (at the start) = official placements in the subtree open at the end of the day before the period;
  D (at the end) = those open at the end of its last day.
* B (increases) = placements in the subtree that start within the period, C (decreases) = those that
  end within it, except the halves of a move between two cells of the subtree (the member's previous
  placement ends the day the next one starts, both in the subtree), which cancel out.
* Each increase and decrease is classified by the record that opened or closed its placement
  (a readmission, a transfer from or to outside the tree, an exit), else by the tree (the member's
  first placement: admitted; a move from or to a cell outside the subtree: transferred), else by the
  member's status; what remains is "other", shown so that it can be corrected.

Every placement counts in A and D exactly when its start and end allow, and in B and C by the same
dates, so A + B − C = D holds by construction (the property test checks it for random histories).
The subtree is the tree as it stands today (organizations moved since keep their placements).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection

from dangbo.lib import vn
from dangbo.organizations.models import Organization


@dataclass(frozen=True)
class Line:
    key: str
    number: str  # the form's line: "A", "B1", "B2a", "C5b", "D"
    label: str
    side: str  # "stock" (A, D), "in" (B), "out" (C)


INCREASES = (
    Line("admitted", "B1", "Kết nạp mới", "in"),
    Line("in_outside", "B2a", "Chuyển đến từ ngoài hệ thống (tỉnh, ngành khác)", "in"),
    Line("in_tree", "B2b", "Chuyển đến từ đơn vị khác trong hệ thống", "in"),
    Line("readmitted", "B3", "Kết nạp lại, khôi phục đảng tịch", "in"),
)
DECREASES = (
    Line("died", "C1", "Từ trần", "out"),
    Line("expelled", "C2", "Khai trừ", "out"),
    Line("removed", "C3", "Xóa tên", "out"),
    Line("left", "C4", "Xin ra khỏi Đảng", "out"),
    Line("out_outside", "C5a", "Chuyển đi ngoài hệ thống (tỉnh, ngành khác)", "out"),
    Line("out_tree", "C5b", "Chuyển đi đơn vị khác trong hệ thống", "out"),
    Line("other", "C6", "Giảm khác (chưa ghi nhận lý do)", "out"),
)
START = Line("start", "A", "Đảng viên đầu kỳ", "stock")
END = Line("end", "D", "Đảng viên cuối kỳ", "stock")
LINES = {line.key: line for line in (START, *INCREASES, *DECREASES, END)}

# The classified official placements of the members who were in the subtree at some time between
# `first` and `last` (the window of every period asked for). Parameters: path, first, last.
# Measured on the province demo (150,000 members): the whole province's table (two periods) ~0.6 s,
# a grassroots organization's ~30 ms. `touched` is left to the planner (a hash semi-join); materialized,
# it was slower.
_CLASSIFIED = """
WITH sub AS MATERIALIZED (
    SELECT id FROM organizations_organization WHERE path LIKE %(path)s
),
touched AS (
    SELECT DISTINCT member_id FROM members_placement
    WHERE kind = 'official' AND organization_id IN (SELECT id FROM sub)
      AND started_on <= %(last)s AND (ended_on IS NULL OR ended_on >= %(first)s)
),
seq AS (
    SELECT p.id, p.member_id, p.organization_id, p.started_on, p.ended_on,
           LAG(p.organization_id) OVER w AS prev_org, LAG(p.ended_on) OVER w AS prev_end,
           LEAD(p.organization_id) OVER w AS next_org, LEAD(p.started_on) OVER w AS next_start
    FROM members_placement p
    WHERE p.kind = 'official' AND p.member_id IN (SELECT member_id FROM touched)
    WINDOW w AS (PARTITION BY p.member_id ORDER BY p.started_on, p.id)
),
readmitted AS (SELECT DISTINCT placement_id FROM movements_readmission WHERE placement_id IS NOT NULL),
arrived AS (
    SELECT DISTINCT placement_opened_id AS placement_id FROM movements_transfer
    WHERE direction = 'in' AND placement_opened_id IS NOT NULL
),
departed AS (
    SELECT DISTINCT placement_closed_id AS placement_id FROM movements_transfer
    WHERE direction = 'out' AND placement_closed_id IS NOT NULL
),
exited AS (
    SELECT DISTINCT ON (placement_id) placement_id, kind FROM movements_exit
    WHERE placement_id IS NOT NULL ORDER BY placement_id, id DESC
),
classified AS (
    SELECT s.id, s.member_id, s.organization_id, s.started_on, s.ended_on,
        CASE
            WHEN s.prev_org IN (SELECT id FROM sub) AND s.prev_end = s.started_on THEN NULL
            WHEN r.placement_id IS NOT NULL THEN 'readmitted'
            WHEN a.placement_id IS NOT NULL THEN 'in_outside'
            WHEN s.prev_org IS NULL THEN 'admitted'
            ELSE 'in_tree'
        END AS cause_in,
        CASE
            WHEN s.ended_on IS NULL THEN NULL
            WHEN s.next_org IN (SELECT id FROM sub) AND s.next_start = s.ended_on THEN NULL
            WHEN e.kind = 'death' THEN 'died'
            WHEN e.kind = 'expulsion' THEN 'expelled'
            WHEN e.kind = 'removal' THEN 'removed'
            WHEN e.kind = 'leaving' THEN 'left'
            WHEN d.placement_id IS NOT NULL THEN 'out_outside'
            WHEN s.next_start = s.ended_on THEN 'out_tree'
            ELSE (  -- no record, no next placement: the member's status says why (rare: legacy data)
                SELECT CASE m.status WHEN 'deceased' THEN 'died' WHEN 'expelled' THEN 'expelled'
                    WHEN 'removed' THEN 'removed' WHEN 'left' THEN 'left' WHEN 'transferred_out' THEN 'out_outside'
                    ELSE 'other' END
                FROM members_member m WHERE m.id = s.member_id
            )
        END AS cause_out
    FROM seq s
    LEFT JOIN readmitted r ON r.placement_id = s.id
    LEFT JOIN arrived a ON a.placement_id = s.id
    LEFT JOIN departed d ON d.placement_id = s.id
    LEFT JOIN exited e ON e.placement_id = s.id
    WHERE s.organization_id IN (SELECT id FROM sub)
)
"""


def _condition(key: str, suffix: str) -> str:
    """The SQL filter for one line of the table in the period whose parameters end with `suffix`."""
    start, end = f"%(start{suffix})s", f"%(end{suffix})s"
    if key == "start":
        return f"started_on < {start} AND (ended_on IS NULL OR ended_on >= {start})"
    if key == "end":
        return f"started_on <= {end} AND (ended_on IS NULL OR ended_on > {end})"
    if LINES[key].side == "in":
        return f"cause_in = '{key}' AND started_on BETWEEN {start} AND {end}"
    return f"cause_out = '{key}' AND ended_on BETWEEN {start} AND {end}"


def _year_before(day: dt.date) -> dt.date:
    """The same day a year earlier; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        return f"{vn.format_date(self.start)} – {vn.format_date(self.end)}"

    def year_before(self) -> Period:
        return Period(_year_before(self.start), _year_before(self.end))


@dataclass
class Counts:
    period: Period
    values: dict[str, int] = field(default_factory=dict)

    def __getitem__(self, key: str) -> int:
        return self.values[key]

    @property
    def increases(self) -> int:
        return sum(self.values[line.key] for line in INCREASES)

    @property
    def decreases(self) -> int:
        return sum(self.values[line.key] for line in DECREASES)

    @property
    def balanced(self) -> bool:
        """A + B − C = D."""
        return self.values["start"] + self.increases - self.decreases == self.values["end"]


@dataclass
class TableRow:
    number: str
    label: str
    key: str  # the list behind the number ("" for the totals B and C)
    current: int
    previous: int
    level: int = 1  # 0: A, B, C, D; 1: their parts

    @property
    def ratio(self) -> Decimal | None:
        """This period as a percentage of the same period last year (the form's column 4 = 2 : 3)."""
        return vn.percent(self.current, self.previous) if self.previous else None


@dataclass
class MovementTable:
    organization: Organization
    current: Counts
    previous: Counts

    @property
    def balanced(self) -> bool:
        return self.current.balanced and self.previous.balanced

    def rows(self) -> list[TableRow]:
        """The form's lines in order; "other" only when something is unclassified."""
        cur, prev = self.current, self.previous

        def row(line: Line, level: int = 1) -> TableRow:
            return TableRow(line.number, line.label, line.key, cur[line.key], prev[line.key], level)

        rows = [row(START, 0), TableRow("B", "Tăng trong kỳ", "", cur.increases, prev.increases, 0)]
        rows += [row(line) for line in INCREASES]
        rows.append(TableRow("C", "Giảm trong kỳ", "", cur.decreases, prev.decreases, 0))
        rows += [row(line) for line in DECREASES if line.key != "other" or cur["other"] or prev["other"]]
        rows.append(row(END, 0))
        return rows


def _fetch(sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def movement_counts(organization: Organization, periods: list[Period]) -> list[Counts]:
    """A, every increase and decrease, and D of the subtree for each period: one query."""
    params: dict[str, Any] = {
        "path": organization.path + "%",
        "first": min(p.start for p in periods) - dt.timedelta(days=1),
        "last": max(p.end for p in periods),
    }
    columns = []
    for index, period in enumerate(periods):
        params[f"start{index}"], params[f"end{index}"] = period.start, period.end
        columns += [f"COUNT(*) FILTER (WHERE {_condition(key, str(index))})" for key in LINES]
    values = list(_fetch(_CLASSIFIED + f"SELECT {', '.join(columns)} FROM classified", params)[0])
    keys = list(LINES)
    return [
        Counts(period, dict(zip(keys, values[i * len(keys) : (i + 1) * len(keys)], strict=True)))
        for i, period in enumerate(periods)
    ]


def movement_table(organization: Organization, period: Period) -> MovementTable:
    current, previous = movement_counts(organization, [period, period.year_before()])
    return MovementTable(organization, current, previous)


@dataclass(frozen=True)
class ListedMember:
    member_id: int
    full_name: str
    birth_date: dt.date
    status: str
    organization: str
    started_on: dt.date
    ended_on: dt.date | None


def members_behind(
    organization: Organization, period: Period, key: str, *, limit: int, offset: int = 0
) -> tuple[int, list[ListedMember]]:
    """The members behind one number of the table (the total, and one page of them in Vietnamese order)."""
    if key not in LINES:
        raise KeyError(key)
    params: dict[str, Any] = {
        "path": organization.path + "%",
        "first": period.start - dt.timedelta(days=1),
        "last": period.end,
        "start0": period.start,
        "end0": period.end,
        "limit": limit,
        "offset": offset,
    }
    sql = _CLASSIFIED + (
        "SELECT COUNT(*) OVER (), m.id, m.full_name, m.birth_date, m.status, o.name, c.started_on, c.ended_on "
        "FROM classified c JOIN members_member m ON m.id = c.member_id "
        "JOIN organizations_organization o ON o.id = c.organization_id "
        f"WHERE {_condition(key, '0')} "
        "ORDER BY m.sort_key, m.birth_date, m.id, c.started_on LIMIT %(limit)s OFFSET %(offset)s"
    )
    rows = _fetch(sql, params)
    total = rows[0][0] if rows else 0
    if not rows and offset:
        total = members_behind(organization, period, key, limit=1)[0]
    return total, [ListedMember(*row[1:]) for row in rows]
