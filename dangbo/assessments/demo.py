"""Demo results: ten years of assessments (2016–2025) for every grassroots organization and every member,
each year under its own regime (RULES.md 1.0), called by `dangbo demo` once the tree and members exist.

Set-based, so the province (about 150,000 members and 2,000 grassroots organizations, 1.5 million
results) loads in seconds: one INSERT … SELECT per year and subject, and one UPDATE per year and subject
for the excellence quota. The draws are hashes of (id, year, salt), not `random()`, so the same seed
gives the same results whatever the query plan.

What the data looks like:
* members: about 15 % at the top level, most "good", a few "pass" and about 1 % "fail"; one member in
  twenty is a steady performer at the top level four years in five, so five-year streaks exist (R38);
* members not classified (R11): admitted less than six full months before the year's end, exempted
  members in the last two years, and a handful suspended;
* organizations before 2018 mostly "Trong sạch, vững mạnh", some "tiêu biểu", one in a hundred "Yếu
  kém"; from 2018 about 15 % "Hoàn thành xuất sắc nhiệm vụ";
* from 2018 the excellence quota (R8: top ≤ 20 % of the second level, per deciding body and sector) holds:
  the excess is lowered to the second level, steady performers kept first.

A member counts in a year when an official placement covers its last day: members who have left (moved
out, removed, deceased…) count until their placement was closed (the movements demo closes them with
their dates); one who left without a closed placement, so without a known date, gets no results. Results
are published, recorded as past results (source "import").
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pgtrigger
from django.db import connection, models, transaction

from dangbo.assessments import checks, queries, regimes
from dangbo.assessments.models import Assessment, Period, Source, Stage
from dangbo.members.models import ACTIVE_STATUSES, PlacementKind
from dangbo.organizations.models import GRASSROOTS_KINDS, Organization

YEARS = 10
STAR_SHARE = 0.05  # members; organizations: 0.10
TABLE = "demo_assessment_orgs"


def _uniform(key_sql: str, salt: str) -> str:
    """SQL for a uniform draw in [0, 1) from a hash of `key_sql` (an SQL text expression) and a salt."""
    return f"((hashtext(({key_sql}) || ':{salt}')::bigint + 2147483648) / 4294967296.0)"


def _insert_sql(select: str, computed: dict[str, str]) -> tuple[str, list[Any]]:
    """INSERT INTO the assessment table from `select` (aliased `s`): `computed` gives the SQL of some
    columns; every other column gets the model field's default (so the statement follows the model)."""
    columns, expressions, params = [], [], []
    for f in Assessment._meta.concrete_fields:
        if f.primary_key:
            continue
        columns.append(f'"{f.column}"')
        if f.column in computed:
            expressions.append(computed[f.column])
        elif isinstance(f, models.DateTimeField) and (f.auto_now or f.auto_now_add):
            expressions.append("now()")
        else:
            value = f.get_default()
            if value is None:
                expressions.append("NULL")
            else:
                expressions.append("%s")
                params.append(value)
    sql = f"INSERT INTO assessments_assessment ({', '.join(columns)}) SELECT {', '.join(expressions)} FROM ({select}) s"
    return sql, params


def _level_case(draw: str, star: str, bands: list[tuple[str, float, float]]) -> str:
    """CASE choosing a level code: `bands` are (code, cumulative share for steady performers, for others)."""
    whens = " ".join(
        f"WHEN {draw} < CASE WHEN {star} THEN {s} ELSE {o} END THEN '{code}'" for code, s, o in bands[:-1]
    )
    return f"CASE {whens} ELSE '{bands[-1][0]}' END"


def _organizations_table() -> None:
    """A temporary table of every organization with its grassroots organization, deciding body and sector."""
    organizations = list(Organization.objects.only("id", "path", "kind", "sector"))
    by_id = {o.pk: o for o in organizations}
    rows = [
        (o.pk, queries.grassroots_id(o, by_id), queries.decider_id(o, by_id), o.sector) for o in organizations
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {TABLE} (id bigint PRIMARY KEY, grassroots bigint, decider bigint, sector text)"
        )
        cursor.execute(
            f"INSERT INTO {TABLE} SELECT * FROM unnest(%s::bigint[], %s::bigint[], %s::bigint[], %s::text[])",
            [list(column) for column in zip(*rows, strict=True)] if rows else [[], [], [], []],
        )
        cursor.execute(f"ANALYZE {TABLE}")


def _members(period: Period, rules: regimes.Regime, salt: str, exempt_from: int) -> int:
    end = period.ends_on
    # R11: admitted less than six full months before the period's end (the workflow's test, in SQL).
    recent = (end + dt.timedelta(days=1)) - dt.timedelta(days=183)
    draw = _uniform(f"s.member_id::text || ':{period.year}'", salt)
    star = f"({_uniform('s.member_id::text', salt + ':star')} < {STAR_SHARE})"
    top, second, third, bottom = (lv.code for lv in sorted(rules.member_levels, key=lambda lv: lv.rank))
    level = _level_case(
        draw, star, [(top, 0.80, 0.125), (second, 0.98, 0.905), (third, 0.995, 0.985), (bottom, 1, 1)]
    )
    suspended = _uniform(f"s.member_id::text || ':{period.year}'", salt + ":suspended")
    exempted = "s.status = 'exempted'" if period.year >= exempt_from else "false"
    reason = (
        f"CASE WHEN {exempted} THEN 'exempted' "
        f"WHEN s.admission_date > DATE '{recent.isoformat()}' THEN 'admitted_recently' "
        f"WHEN {suspended} < 0.0004 THEN 'suspended' ELSE '' END"
    )
    select = (
        "SELECT DISTINCT ON (m.id) m.id AS member_id, pl.organization_id, o.grassroots, m.status, "
        "m.admission_date FROM members_placement pl JOIN members_member m ON m.id = pl.member_id "
        f"JOIN {TABLE} o ON o.id = pl.organization_id "
        "WHERE pl.kind = %s AND pl.started_on <= %s AND (pl.ended_on IS NULL OR pl.ended_on > %s) "
        "AND (m.status = ANY(%s) OR pl.ended_on IS NOT NULL) AND m.admission_date <= %s "
        "ORDER BY m.id, pl.started_on DESC"
    )
    sql, defaults = _insert_sql(
        select,
        {
            "period_id": str(period.pk),
            "organization_id": "s.organization_id",
            "member_id": "s.member_id",
            "grassroots_id": "s.grassroots",
            "decider_id": "s.grassroots",
            "not_classified_reason": reason,
            "level": f"CASE WHEN ({reason}) <> '' THEN '' ELSE {level} END",
            "stage": f"'{Stage.PUBLISHED}'",
            "source": f"'{Source.IMPORT}'",
        },
    )
    params = [*defaults, PlacementKind.OFFICIAL, end, end, [str(s) for s in ACTIVE_STATUSES], end]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _organizations(period: Period, rules: regimes.Regime, salt: str) -> int:
    end = period.ends_on
    draw = _uniform(f"s.id::text || ':{period.year}'", salt)
    star = f"({_uniform('s.id::text', salt + ':ostar')} < 0.10)"
    top, second, third, bottom = (lv.code for lv in sorted(rules.organization_levels, key=lambda lv: lv.rank))
    if rules.has_exemplary:  # before 2018: mostly "clean and strong"
        bands = [(top, 0.95, 0.72), (second, 0.995, 0.92), (third, 1, 0.99), (bottom, 1, 1)]
        flag = _uniform(f"s.id::text || ':{period.year}'", salt + ":exemplary")
        exemplary = f"{flag} < CASE WHEN {star} THEN 0.7 ELSE 0.12 END"
    else:
        bands = [(top, 0.85, 0.10), (second, 0.995, 0.90), (third, 1, 0.99), (bottom, 1, 1)]
        exemplary = "false"
    level = _level_case(draw, star, bands)
    select = (
        f"SELECT g.id, o.decider FROM organizations_organization g JOIN {TABLE} o ON o.id = g.id "
        "WHERE g.kind = ANY(%s) AND g.established_on <= %s AND (g.dissolved_on IS NULL OR g.dissolved_on > %s)"
    )
    sql, defaults = _insert_sql(
        select,
        {
            "period_id": str(period.pk),
            "organization_id": "s.id",
            "grassroots_id": "s.id",
            "decider_id": "s.decider",
            "level": level,
            "exemplary": f"({level}) = '{top}' AND ({exemplary})",
            "stage": f"'{Stage.PUBLISHED}'",
            "source": f"'{Source.IMPORT}'",
        },
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*defaults, [str(k) for k in GRASSROOTS_KINDS], end, end])
        return cursor.rowcount


def _apply_quota(period: Period, rules: regimes.Regime, subject: regimes.Subject, salt: str) -> int:
    """R8: per deciding body and sector, keep at most quota % of the second level at the top; steady
    performers first. Keeping floor((top + second) × q / (100 + q)) satisfies top ≤ q % × second after
    the excess moves to the second level."""
    percent = checks.quota_percent(rules)
    if percent is None:
        return 0
    q = Decimal(percent)
    top, second = rules.top(subject).code, rules.second(subject).code
    members = subject == regimes.MEMBER
    entity = "a.member_id" if members else "a.organization_id"
    star = f"{_uniform(f'{entity}::text', salt + (':star' if members else ':ostar'))}"
    sql = f"""
        WITH rows AS (
            SELECT a.id, a.level, a.decider_id, o.sector, {star} AS steady
            FROM assessments_assessment a JOIN {TABLE} o ON o.id = a.organization_id
            WHERE a.period_id = %s AND (a.member_id IS NOT NULL) = %s AND a.level IN (%s, %s)
        ), counted AS (
            SELECT id, level, count(*) OVER (PARTITION BY decider_id, sector) AS both_levels,
                   row_number() OVER (PARTITION BY decider_id, sector, level = %s ORDER BY steady, id) AS n
            FROM rows
        )
        UPDATE assessments_assessment t SET level = %s
        FROM counted c
        WHERE t.id = c.id AND c.level = %s AND c.n * (100 + %s) > c.both_levels * %s
    """
    # pgtrigger.ignore prefixes each statement with its own positional parameter: no named ones here.
    params = [period.pk, members, top, second, top, second, top, q, q]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def seed(*, rng: random.Random, scale: str, today: dt.date, say: Callable[[str], None]) -> None:
    """Ten years of results up to `today`'s year (the last year only once it has ended); a year that
    already has results is left as it is.

    The history triggers are skipped for these generated rows (`pgtrigger.ignore`, and replica mode
    where the role allows it, see `_bulk_load_mode`): recording 1.4 million insert events would
    multiply the load time for nothing a user needs.
    """
    last = today.year if today >= dt.date(today.year, 12, 31) else today.year - 1
    salt = f"{rng.randrange(10**9)}"
    _organizations_table()
    try:
        with pgtrigger.ignore("assessments.Assessment:insert_insert", "assessments.Assessment:update_update"):
            for year in range(last - YEARS + 1, last + 1):
                _seed_year(year, salt, last, say)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
            cursor.execute("ANALYZE assessments_assessment")


def _bulk_load_mode() -> None:
    """For this transaction, skip the foreign-key checks and triggers of a trusted bulk load
    (`session_replication_role = replica`) when the database role may: every id inserted is read from
    the tables it refers to, in the same statement. Otherwise the checks run (slower, same result)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if cursor.fetchone()[0]:
            cursor.execute("SET LOCAL session_replication_role = replica")


def _seed_year(year: int, salt: str, last: int, say: Callable[[str], None]) -> None:
    period = Period.objects.yearly(year)
    if Assessment.objects.filter(period=period).exists():
        say(f"  {period.label}: đã có kết quả xếp loại, giữ nguyên.")
        return
    with transaction.atomic():
        _bulk_load_mode()
        rules = period.rules
        organizations = _organizations(period, rules, salt)
        members = _members(period, rules, salt, exempt_from=last - 1)
        lowered = _apply_quota(period, rules, regimes.ORGANIZATION, salt)
        lowered += _apply_quota(period, rules, regimes.MEMBER, salt)
    say(
        f"  Xếp loại {period.label} ({rules.title}): {organizations} tổ chức cơ sở đảng, {members} đảng viên"
        + (f"; {lowered} kết quả xuất sắc hạ theo tỷ lệ tối đa" if lowered else "")
    )
