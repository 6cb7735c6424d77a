"""The figures a year-end report quotes, computed from the decided assessments of a period.

For a period and the inclusive subtree of an organization: grassroots organizations (their own
assessments, kind base committee or base cell) and members, each as total, classified, not classified
and, per level of the period's regime, the count and its percentage of those classified; the combined
"good or better" line; the same by sector and by direct child organization; the change against the
previous period. Results that are not decided yet (stage before "decided") count in no figure: they are
reported apart as `pending`.

* Each level appears under its own regime's labels (RULES.md R1): a period judged by 27-HD/BTCTW shows
  "Trong sạch, vững mạnh", one judged by 132-QĐ/TW "Hoàn thành xuất sắc nhiệm vụ", and nothing maps one
  onto the other. Comparing two periods of different regimes compares only what both have by
  definition (totals, not classified, and the "good or better" line, whose levels are named).
* Percentages are exact: `vn.percent` divides integers and rounds half up to two decimals, so 64 of 79
  is 81.01 and prints "81,01%". Each level is rounded on its own, so the levels of a table add up to
  100.00 within rounding (at most 0.005 per level away), never through an adjusted figure.
* Everything is counted in PostgreSQL: one GROUP BY per period returns at most (subjects x sectors x
  children x levels x flags) rows, whatever the number of people; Python only adds those rows up. It adds
  up the tally the database keeps per organization (models.Tally), not every result again.

Streaks (RULES.md R38, section 7): organizations and members at the top level of their regime N years in
a row up to a year, for award proposals; whether a merged organization's results count for the
organization it was merged into is a setting (RULES.md section 10 leaves it open), on by default.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Q

from dangbo.assessments import regimes
from dangbo.assessments.models import (
    DECIDED_STAGES,
    Assessment,
    AssessmentQuerySet,
    LevelLabel,
    Period,
    PeriodKind,
)
from dangbo.assessments.regimes import MEMBER, ORGANIZATION, Level, Regime, Subject
from dangbo.lib import vn
from dangbo.organizations.models import GRASSROOTS_KINDS, EventKind, Organization, OrganizationEvent, Sector

SUBJECTS: tuple[Subject, ...] = (ORGANIZATION, MEMBER)
SUBJECT_TITLES = {ORGANIZATION: "Tổ chức cơ sở đảng", MEMBER: "Đảng viên"}
ZERO = Decimal("0.00")
HUNDRED = Decimal("100.00")
DEFAULT_STREAK_YEARS = 5


def percent_text(value: Decimal) -> str:
    """The API's form of a percentage: a decimal string with two places, "81.01"."""
    return f"{value:.2f}"


# ---------------------------------------------------------------------------------------- periods


def period_for_year(year: int) -> Period:
    """The yearly period of `year`; an unsaved one (no results yet) when none was opened or imported."""
    period = Period.objects.years().filter(year=year).order_by("starts_on").first()
    if period is None:
        period = Period(
            kind=PeriodKind.YEAR,
            year=year,
            starts_on=dt.date(year, 1, 1),
            ends_on=dt.date(year, 12, 31),
            regime=regimes.regime_for_year(year).code,
            label=f"Năm {year}",
        )
    return period


def previous_period(period: Period) -> Period | None:
    """The period of the same kind that ended last before `period` began (the year before, for a year)."""
    return Period.objects.filter(kind=period.kind, ends_on__lt=period.starts_on).order_by("-ends_on").first()


# ----------------------------------------------------------------------------------------- labels


def level_labels(regime_codes: Iterable[str]) -> dict[tuple[str, str, str], tuple[str, str]]:
    """An installation's own labels for levels RULES.md marks UNCONFIRMED: {(regime, subject, code):
    (label, abbreviation)} from the LevelLabel table (one query)."""
    return {
        (row.regime, row.subject, row.code): (row.label, row.abbreviation)
        for row in LevelLabel.objects.filter(regime__in=list(regime_codes))
    }


def levels_of(
    regime: Regime, subject: Subject, labels: dict[tuple[str, str, str], tuple[str, str]] | None = None
) -> list[Level]:
    """The regime's levels for `subject`, best first, with the installation's labels where it set some."""
    found = []
    for level in sorted(regime.levels(subject), key=lambda lv: lv.rank):
        override = (labels or {}).get((regime.code, subject, level.code))
        if override:
            label, abbreviation = override
            level = Level(
                level.code, label, abbreviation or level.abbreviation, level.rank, level.good_or_better
            )
        found.append(level)
    return found


# ----------------------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class Line:
    """One figure: a level (key = its code) or a combined line ("good_or_better", "below_top",
    "exemplary"), its count and its percentage of the classified."""

    key: str
    label: str
    abbreviation: str
    count: int
    percent: Decimal


@dataclass(frozen=True)
class Table:
    """The figures of one subject for one group: the whole subtree (group ""), a sector, a child."""

    subject: Subject
    group: str
    title: str
    total: int  # decided results: classified + not classified
    classified: int
    not_classified: int
    pending: int  # results not decided yet (in no other figure)
    levels: tuple[Line, ...]
    good_or_better: Line
    below_top: Line  # classified, but not at the top level ("not rated clean and strong")
    exemplary: Line | None  # organizations under a regime with the "tiêu biểu" flag

    @property
    def percent_sum(self) -> Decimal:
        """The levels' percentages added up: 100.00 within rounding when anything is classified."""
        return sum((line.percent for line in self.levels), ZERO)

    @property
    def top(self) -> Line:
        return self.levels[0]


@dataclass
class _Counts:
    total: int = 0
    classified: int = 0
    not_classified: int = 0
    pending: int = 0
    levels: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    exemplary: int = 0

    def add(self, row: dict[str, Any]) -> None:
        n = row["n"]
        if not row["decided"]:
            self.pending += n
            return
        self.total += n
        if row["classified"] and row["level"]:
            self.classified += n
            self.levels[row["level"]] += n
            if row["exemplary"]:
                self.exemplary += n
        else:
            self.not_classified += n


def _table(
    counts: _Counts, subject: Subject, group: str, title: str, regime: Regime, levels: list[Level]
) -> Table:
    classified = counts.classified
    lines = tuple(
        Line(
            lv.code,
            lv.label,
            lv.abbreviation,
            counts.levels.get(lv.code, 0),
            vn.percent(counts.levels.get(lv.code, 0), classified),
        )
        for lv in levels
    )
    good_levels = [lv for lv in levels if lv.good_or_better]
    good = sum(counts.levels.get(lv.code, 0) for lv in good_levels)
    good_names = ", ".join(lv.abbreviation for lv in good_levels)
    top = levels[0]
    below = classified - counts.levels.get(top.code, 0)
    exemplary = None
    if subject == ORGANIZATION and regime.has_exemplary:
        exemplary = Line(
            "exemplary",
            f"Trong đó: {regime.exemplary_label[:1].lower()}{regime.exemplary_label[1:]}",
            regime.exemplary_abbreviation,
            counts.exemplary,
            vn.percent(counts.exemplary, classified),
        )
    return Table(
        subject=subject,
        group=group,
        title=title,
        total=counts.total,
        classified=classified,
        not_classified=counts.not_classified,
        pending=counts.pending,
        levels=lines,
        good_or_better=Line(
            "good_or_better",
            f"Từ “{good_levels[-1].label}” trở lên" if good_levels else "Tốt trở lên",
            good_names,
            good,
            vn.percent(good, classified),
        ),
        below_top=Line(
            "below_top",
            f"Không đạt mức “{top.label}”",
            f"Dưới {top.abbreviation}",
            below,
            vn.percent(below, classified),
        ),
        exemplary=exemplary,
    )


# ---------------------------------------------------------------------------------------- queries


def _counted(period: Period, organization: Organization) -> AssessmentQuerySet:
    """The assessments the figures count, decided or not: the period's rows in the subtree, members and
    the grassroots organizations' own assessments."""
    return Assessment.objects.filter(
        period_id=period.pk, organization__path__startswith=organization.path
    ).filter(Q(member__isnull=False) | Q(organization__kind__in=GRASSROOTS_KINDS))


# The grouped counts, in one statement over the tally (models.Tally: per period and organization, how many
# results share each combination of keys, kept by triggers), a few rows per organization rather than one
# per result (bench B3):
# * the organizations of the subtree come from a subquery that turns each into its group, "sector|child"
#   (child: the id of the direct child of the subtree's root it lies under, "" for the root itself);
# * a result's state is one small number: 2 not decided yet, 1 decided but not classified (R11), 0 else.
_COUNTS_SQL = """
SELECT o.grp, t.is_member, t.level, t.exemplary,
       CASE WHEN t.stage <> ALL(%(decided)s) THEN 2 WHEN t.unclassified THEN 1 ELSE 0 END AS state,
       sum(t.n) AS n
FROM assessments_tally t
JOIN (SELECT id, kind, {group} AS grp FROM organizations_organization WHERE path LIKE %(path)s) o
  ON o.id = t.organization_id
WHERE t.period_id = %(period)s AND t.n > 0 AND (t.is_member OR o.kind = ANY(%(grassroots)s))
GROUP BY 1, 2, 3, 4, 5
"""
_GROUP_SQL = "sector || '|' || split_part(substr(path, %(start)s), '.', 1)"


def _rows(period: Period, organization: Organization, *, groups: bool) -> list[dict[str, Any]]:
    """One GROUP BY over the tally of the period's results in the subtree (members, and grassroots organizations'
    own results): by subject, level, exemplary flag and state; with `groups`, also by sector and by the
    direct child of `organization` the result lies under."""
    if period.pk is None:
        return []
    params: dict[str, Any] = {
        "decided": sorted(DECIDED_STAGES),
        "path": organization.path + "%",
        "period": period.pk,
        "grassroots": sorted(GRASSROOTS_KINDS),
        "start": len(organization.path) + 1,
    }
    with connection.cursor() as cursor:
        cursor.execute(_COUNTS_SQL.format(group=_GROUP_SQL if groups else "''"), params)
        found = cursor.fetchall()
    rows = []
    for grp, is_member, level, exemplary, state, n in found:
        sector, _, child = grp.partition("|")
        rows.append(
            {
                "sector": sector,
                "child": child,
                "is_member": is_member,
                "level": level,
                "exemplary": exemplary,
                "decided": state != 2,
                "classified": state == 0,
                "n": n,
            }
        )
    return rows


# ---------------------------------------------------------------------------------------- figures


@dataclass(frozen=True)
class ChangeLine:
    label: str
    previous: int
    current: int
    previous_percent: Decimal | None  # None for counts that are not shares of the classified
    current_percent: Decimal | None

    @property
    def delta(self) -> int:
        return self.current - self.previous

    @property
    def delta_percent(self) -> Decimal | None:
        """The change in percentage points."""
        if self.previous_percent is None or self.current_percent is None:
            return None
        return self.current_percent - self.previous_percent


@dataclass(frozen=True)
class Change:
    """The change of one subject's figures against the previous period."""

    subject: Subject
    previous_period: Period
    previous_regime: Regime
    previous: Table
    same_regime: bool
    lines: tuple[ChangeLine, ...]
    note: str  # what is compared across two regimes, in words


@dataclass
class Figures:
    period: Period
    regime: Regime
    organization: Organization
    totals: dict[Subject, Table]
    by_sector: dict[Subject, list[Table]]
    by_child: dict[Subject, list[Table]]
    children: dict[str, Organization]  # child id (text) -> organization
    changes: dict[Subject, Change] = field(default_factory=dict)

    def table(self, subject: Subject, *, sector: str = "", child: str = "") -> Table:
        if sector:
            return next(t for t in self.by_sector[subject] if t.group == sector)
        if child:
            return next(t for t in self.by_child[subject] if t.group == child)
        return self.totals[subject]


def _change_lines(previous: Table, current: Table, same_regime: bool) -> tuple[ChangeLine, ...]:
    lines = [
        ChangeLine("Tổng số có kết quả", previous.total, current.total, None, None),
        ChangeLine("Được xếp loại", previous.classified, current.classified, None, None),
        ChangeLine("Không xếp loại", previous.not_classified, current.not_classified, None, None),
    ]
    if same_regime:
        lines += [
            ChangeLine(f"{c.label} ({c.abbreviation})", p.count, c.count, p.percent, c.percent)
            for p, c in zip(previous.levels, current.levels, strict=True)
        ]
    g_p, g_c = previous.good_or_better, current.good_or_better
    label = "Tốt trở lên" if not same_regime else g_c.label
    lines.append(ChangeLine(label, g_p.count, g_c.count, g_p.percent, g_c.percent))
    return tuple(lines)


def compute(
    period: Period,
    organization: Organization,
    *,
    compare: bool = True,
    labels: dict[tuple[str, str, str], tuple[str, str]] | None = None,
) -> Figures:
    """The figures of `period` in the subtree of `organization` (and, with `compare`, the change against
    the previous period). Queries: the grouped counts, the direct children's names, the level labels;
    with `compare` also the previous period and its totals (five in all, whatever the size)."""
    previous = previous_period(period) if compare else None
    regime = period.rules
    if labels is None:
        labels = level_labels({period.regime} | ({previous.regime} if previous else set()))
    counts: dict[tuple[Subject, str, str], _Counts] = defaultdict(_Counts)
    for row in _rows(period, organization, groups=True):
        subject = MEMBER if row["is_member"] else ORGANIZATION
        counts[(subject, "", "")].add(row)
        counts[(subject, "sector", row["sector"])].add(row)
        counts[(subject, "child", row["child"])].add(row)
    child_ids = sorted({int(key) for (_, kind, key) in counts if kind == "child" and key})
    children = {
        str(o.pk): o for o in Organization.objects.filter(pk__in=child_ids).order_by("sort_key", "pk")
    }
    sector_names = dict(Sector.choices)
    figures = Figures(
        period=period,
        regime=regime,
        organization=organization,
        totals={},
        by_sector={},
        by_child={},
        children=children,
    )
    for subject in SUBJECTS:
        levels = levels_of(regime, subject, labels)
        figures.totals[subject] = _table(
            counts.get((subject, "", ""), _Counts()), subject, "", organization.name, regime, levels
        )
        figures.by_sector[subject] = [
            _table(counts[(subject, "sector", code)], subject, code, name, regime, levels)
            for code, name in sector_names.items()
            if (subject, "sector", code) in counts
        ]
        order = [""] + list(children)  # the organization itself first, then its children by name
        figures.by_child[subject] = [
            _table(
                counts[(subject, "child", key)],
                subject,
                key,
                children[key].name if key else f"{organization.name} (trực tiếp)",
                regime,
                levels,
            )
            for key in order
            if (subject, "child", key) in counts
        ]
    if previous is not None:
        figures.changes = _changes(figures, previous, organization, labels)
    return figures


def _names(levels: list[Level]) -> list[tuple[str, str]]:
    return [(lv.code, lv.label) for lv in levels]


def _changes(
    figures: Figures,
    previous: Period,
    organization: Organization,
    labels: dict[tuple[str, str, str], tuple[str, str]],
) -> dict[Subject, Change]:
    old_regime = previous.rules
    counts: dict[Subject, _Counts] = defaultdict(_Counts)
    for row in _rows(previous, organization, groups=False):
        counts[MEMBER if row["is_member"] else ORGANIZATION].add(row)
    # Two regimes with the very same levels (132-QĐ/TW and 124-QĐ/TW) compare level by level.
    same = all(
        _names(levels_of(old_regime, s, labels)) == _names(levels_of(figures.regime, s, labels))
        for s in SUBJECTS
    )
    changes = {}
    for subject in SUBJECTS:
        old = _table(
            counts[subject],
            subject,
            "",
            organization.name,
            old_regime,
            levels_of(old_regime, subject, labels),
        )
        current = figures.totals[subject]
        note = ""
        if not same:
            note = (
                f"{previous.label} xếp loại theo {old_regime.title}, {figures.period.label} theo "
                f"{figures.regime.title}: mỗi kỳ giữ tên mức của mình, không quy đổi (RULES R1). Chỉ so sánh "
                f"tổng số, số không xếp loại và dòng “tốt trở lên”, gồm {old.good_or_better.abbreviation} "
                f"({previous.label}) và {current.good_or_better.abbreviation} ({figures.period.label})."
            )
        changes[subject] = Change(
            subject=subject,
            previous_period=previous,
            previous_regime=old_regime,
            previous=old,
            same_regime=same,
            lines=_change_lines(old, current, same),
            note=note,
        )
    return changes


# ------------------------------------------------------------------------------- the lists behind

# What a list shows: a level's code, or one of these.
SPECIAL_SELECTIONS = {
    "total": "Tổng số có kết quả",
    "classified": "Được xếp loại",
    "not_classified": "Không xếp loại",
    "pending": "Chưa có quyết định xếp loại",
    "good_or_better": "Tốt trở lên",
    "below_top": "Không đạt mức cao nhất",
    "exemplary": "Tiêu biểu",
}


def selection_label(regime: Regime, subject: Subject, what: str, labels: dict | None = None) -> str:
    if what in SPECIAL_SELECTIONS:
        return SPECIAL_SELECTIONS[what]
    level = next(lv for lv in levels_of(regime, subject, labels) if lv.code == what)
    return level.label


def is_selection(regime: Regime, subject: Subject, what: str) -> bool:
    if what == "exemplary":
        return subject == ORGANIZATION and regime.has_exemplary
    return what in SPECIAL_SELECTIONS or any(lv.code == what for lv in regime.levels(subject))


def listing(
    period: Period,
    organization: Organization,
    subject: Subject,
    what: str,
    *,
    sector: str = "",
    child: str = "",
) -> AssessmentQuerySet:
    """The assessments behind one figure: exactly the rows that figure counts.

    `what` is a level code of the period's regime or a key of SPECIAL_SELECTIONS; `sector` and `child`
    (a direct child's id, "-" for the organization itself) narrow to a group's figure.
    """
    rows = _counted(period, organization).filter(member__isnull=subject == ORGANIZATION)
    if sector:
        rows = rows.filter(organization__sector=sector)
    if child == "-":
        rows = rows.filter(organization=organization)
    elif child:
        rows = rows.filter(organization__path__startswith=f"{organization.path}{int(child)}.")
    if what == "pending":
        return rows.exclude(stage__in=DECIDED_STAGES)
    rows = rows.filter(stage__in=DECIDED_STAGES)
    classified = Q(not_classified_reason="") & ~Q(level="")
    regime = period.rules
    if what == "total":
        return rows
    if what == "classified":
        return rows.filter(classified)
    if what == "not_classified":
        return rows.exclude(classified)
    if what == "good_or_better":
        codes = [lv.code for lv in regime.levels(subject) if lv.good_or_better]
        return rows.filter(classified, level__in=codes)
    if what == "below_top":
        return rows.filter(classified).exclude(level=regime.top(subject).code)
    if what == "exemplary":
        return rows.filter(classified, exemplary=True)
    return rows.filter(classified, level=what)


# ------------------------------------------------------------------------------ API / CLI payload


def _subject_payload(table: Table) -> dict[str, Any]:
    def line(item: Line) -> dict[str, Any]:
        return {"count": item.count, "percentage": percent_text(item.percent)}

    return {
        "total": table.total,
        "classified": table.classified,
        "not_classified": table.not_classified,
        "pending": table.pending,
        "levels": [
            {
                "code": item.key,
                "label": item.label,
                "abbreviation": item.abbreviation,
                "count": item.count,
                "percentage": percent_text(item.percent),
            }
            for item in table.levels
        ],
        "good_or_better": line(table.good_or_better),
        "exemplary": line(table.exemplary) if table.exemplary else None,
    }


def stats_payload(period: Period, organization: Organization) -> dict[str, Any]:
    """The figures of the API (`GET /api/v1/assessments/stats`) and of `dangbo stats assessments`:
    one function, so both give the same numbers."""
    figures = compute(period, organization, compare=False)
    regime = figures.regime
    return {
        "period": {
            "year": period.year,
            "kind": period.kind,
            "label": period.label,
            "regime": regime.code,
            "regime_title": regime.title,
        },
        "organization": {"code": organization.code, "name": organization.name},
        "organizations": _subject_payload(figures.totals[ORGANIZATION]),
        "members": _subject_payload(figures.totals[MEMBER]),
    }


# ---------------------------------------------------------------------------------------- streaks


def predecessors_count() -> bool:
    """Whether a merged organization's results count towards the streak of the organization it was
    merged into (RULES.md section 10 leaves it to the awarding body): setting
    ASSESSMENT_STREAKS_COUNT_PREDECESSORS, default True."""
    return bool(getattr(settings, "ASSESSMENT_STREAKS_COUNT_PREDECESSORS", True))


def exemplary_required() -> bool:
    """Whether a pre-2018 year counts for an organization's streak only with the "tiêu biểu" flag:
    setting ASSESSMENT_STREAKS_REQUIRE_EXEMPLARY, default False (see `streaks`)."""
    return bool(getattr(settings, "ASSESSMENT_STREAKS_REQUIRE_EXEMPLARY", False))


def merge_successors() -> dict[int, int]:
    """{merged organization id: the organization its results now count for}, following chains of merges
    (A into B, then B into C: A and B count for C). From OrganizationEvent rows of kind merge, where
    `organization` is the merged one and `other` the one it went into."""
    into = dict(
        OrganizationEvent.objects.filter(kind=EventKind.MERGE, other__isnull=False).values_list(
            "organization_id", "other_id"
        )
    )
    resolved: dict[int, int] = {}
    for start in into:
        seen = {start}
        target = into[start]
        while target in into and target not in seen:  # a cycle would be a data error: stop at it
            seen.add(target)
            target = into[target]
        resolved[start] = target
    return resolved


@dataclass(frozen=True)
class Streak:
    subject: Subject
    entity_id: int  # organization or member id
    name: str
    code: str  # organization code, or the member's card number / code
    organization_name: str  # for a member: the cell of the last year; for an organization: its parent
    years: int  # consecutive years at the top level, ending with `until`
    since: int
    until: int
    predecessors: tuple[str, ...] = ()  # names of merged organizations whose results count here


_STREAK_SQL = """
WITH merged(pred, succ) AS (SELECT * FROM unnest(%(preds)s::bigint[], %(succs)s::bigint[])),
tops(regime, level) AS (SELECT * FROM unnest(%(regimes)s::text[], %(levels)s::text[])),
results AS (
    SELECT {entity} AS entity, p.year,
           bool_and(
               t.level IS NOT NULL
               AND a.not_classified_reason = ''
               AND (a.exemplary OR NOT (p.regime = ANY(%(exemplary_regimes)s::text[])))
           ) AS top
    FROM assessments_assessment a
    JOIN assessments_period p ON p.id = a.period_id
    LEFT JOIN tops t ON t.regime = p.regime AND t.level = a.level
    {join}
    WHERE p.kind = 'year' AND p.year <= %(until)s AND a.stage = ANY(%(stages)s::text[]) AND {condition}
    GROUP BY 1, 2
),
islands AS (
    SELECT entity, year, year - row_number() OVER (PARTITION BY entity ORDER BY year) AS island
    FROM results WHERE top
)
SELECT entity, count(*) AS years, min(year) AS since, count(*) OVER () AS found
FROM islands
GROUP BY entity, island
HAVING max(year) = %(until)s AND count(*) >= %(years)s
ORDER BY count(*) DESC, entity
LIMIT %(limit)s OFFSET %(offset)s
"""

_ORGANIZATION_PART = {
    "entity": "COALESCE(m.succ, a.organization_id)",
    "join": "LEFT JOIN merged m ON m.pred = a.organization_id "
    "JOIN organizations_organization e ON e.id = COALESCE(m.succ, a.organization_id)",
    "condition": "a.member_id IS NULL AND e.path LIKE %(path)s",
}
# A member's streak is listed where the member's result of the last year lies (their cell then).
_MEMBER_PART = {
    "entity": "a.member_id",
    "join": "",
    "condition": "a.member_id IN (SELECT l.member_id FROM assessments_assessment l "
    "JOIN assessments_period lp ON lp.id = l.period_id "
    "JOIN organizations_organization lo ON lo.id = l.organization_id "
    "WHERE lp.kind = 'year' AND lp.year = %(until)s AND l.member_id IS NOT NULL AND lo.path LIKE %(path)s)",
}


@dataclass
class StreakPage:
    streaks: list[Streak]
    found: int  # in all, beyond this page


def streaks(
    subject: Subject,
    organization: Organization,
    until: int,
    *,
    years: int = DEFAULT_STREAK_YEARS,
    count_predecessors: bool | None = None,
    require_exemplary: bool | None = None,
    limit: int = 100,
    offset: int = 0,
) -> StreakPage:
    """Organizations (their own assessments) or members at the top level of each year's regime in each
    of the `years` yearly periods up to `until`, in the subtree of `organization`; longest first.

    The top level is each regime's rank-1 level: "Hoàn thành xuất sắc nhiệm vụ" from 2018; before, for
    organizations "Trong sạch, vững mạnh" and for members "Đủ tư cách, hoàn thành xuất sắc nhiệm vụ"
    (RULES.md 1.0, R38 for members). A pre-2018 organization year does not need the "tiêu biểu" flag
    by default: RULES.md 1.0 records "tiêu biểu" as a sub-flag of the level, not a level, and section 7
    (21-HD, [S102]) bases the five-year "tiêu biểu" consideration on the top level alone (HTXSNV), so
    asking more of the pre-2018 years would judge them by a stricter bar than the later ones. An
    awarding body that wants the flag sets ASSESSMENT_STREAKS_REQUIRE_EXEMPLARY (or passes
    `require_exemplary`).

    With `count_predecessors` (default: the setting, True), the results of organizations merged into
    an organization count as its own; a year where it and its predecessors all have results counts
    only if every one of them is at the top level.
    """
    if count_predecessors is None:
        count_predecessors = predecessors_count()
    if require_exemplary is None:
        require_exemplary = exemplary_required()
    successors = merge_successors() if count_predecessors and subject == ORGANIZATION else {}
    tops = [(r.code, r.top(subject).code) for r in regimes.ORDERED]
    exemplary_regimes = (
        [r.code for r in regimes.ORDERED if r.has_exemplary]
        if require_exemplary and subject == ORGANIZATION
        else []
    )
    part = _ORGANIZATION_PART if subject == ORGANIZATION else _MEMBER_PART
    params: dict[str, Any] = {
        "preds": list(successors),
        "succs": list(successors.values()),
        "regimes": [r for r, _ in tops],
        "levels": [lv for _, lv in tops],
        "exemplary_regimes": exemplary_regimes,
        "until": until,
        "years": years,
        "stages": sorted(DECIDED_STAGES),
        "path": organization.path + "%",
        "limit": limit,
        "offset": offset,
    }
    with connection.cursor() as cursor:
        cursor.execute(_STREAK_SQL.format(**part), params)
        rows = cursor.fetchall()
    found = rows[0][3] if rows else 0
    return StreakPage(_describe(subject, rows, until, successors), found)


def _describe(subject: Subject, rows: list[tuple], until: int, successors: dict[int, int]) -> list[Streak]:
    """Names for the streak rows (two queries whatever their number)."""
    ids = [row[0] for row in rows]
    if subject == ORGANIZATION:
        found = {o.pk: o for o in Organization.objects.filter(pk__in=ids).select_related("parent")}
        merged: dict[int, list[int]] = defaultdict(list)
        for pred, succ in successors.items():
            if succ in found:
                merged[succ].append(pred)
        names = (
            dict(
                Organization.objects.filter(pk__in=[p for ps in merged.values() for p in ps]).values_list(
                    "pk", "name"
                )
            )
            if merged
            else {}
        )
        return [
            Streak(
                subject,
                pk,
                found[pk].name,
                found[pk].code,
                getattr(found[pk].parent, "name", ""),
                count,
                since,
                until,
                tuple(sorted(names[p] for p in merged.get(pk, []))),
            )
            for pk, count, since, _ in rows
        ]
    from dangbo.members.models import Member

    people = {
        m["pk"]: m for m in Member.objects.filter(pk__in=ids).values("pk", "full_name", "card_number", "code")
    }
    cells = dict(
        Assessment.objects.filter(
            member_id__in=ids, period__kind=PeriodKind.YEAR, period__year=until
        ).values_list("member_id", "organization__name")
    )
    return [
        Streak(
            subject,
            pk,
            people[pk]["full_name"],
            people[pk]["card_number"] or people[pk]["code"] or "",
            cells.get(pk, ""),
            count,
            since,
            until,
        )
        for pk, count, since, _ in rows
    ]
