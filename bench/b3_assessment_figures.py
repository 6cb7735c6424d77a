"""B3: the figures of one assessment period, as the app computes them, against one raw SQL GROUP BY over
the same rows.

App: `dangbo.assessments.figures.compute(period, organization, compare=False)`: grassroots organizations
and members of the subtree, each as total / classified / not classified / per level, by sector and by
direct child (one GROUP BY with conditional keys, the children's names, the level labels), everything
the figures page shows except the change against the previous period (reported apart as
`change_median_ms`: the same again for the previous year, plus the lookup of that year). The GROUP BY
adds up the tally the database keeps per period and organization (`dangbo.assessments.models.Tally`,
maintained by statement triggers on the assessments), a few rows per organization.
Baseline: the smallest query that counts the same results, `SELECT member_id IS NOT NULL, level, count(*)
… GROUP BY 1, 2` over the assessments themselves with the same period, subtree and grassroots filter,
through a raw cursor (PostgreSQL runs it with a parallel worker).
Also reported: `sql_ms`, the app's own grouped query alone through a raw cursor (what the figures cost
beyond the SQL is `median_ms - sql_ms`).

The headline is the whole province (the root of the tree, about 150,000 members and 2,000 grassroots
organizations) for the last yearly period; detail lines add grassroots organizations of every size
and another upper-level committee. When the benchmark database has no assessments yet, the demo's
results (dangbo/assessments/demo.py: ten years, about 1.5 million rows) are seeded first.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from harness import Context, Result, Subtree, Timer, detail, median, percentile, pick_subtrees

from dangbo.assessments import demo, figures
from dangbo.assessments.models import Assessment, Period
from dangbo.assessments.regimes import MEMBER, ORGANIZATION
from dangbo.organizations.models import GRASSROOTS_KINDS, Organization

ID = "B3"
TITLE = "figures of one assessment period (totals, per level, by sector and child) vs one raw GROUP BY"
TARGET_RATIO = 1.5
TARGET_MEDIAN_MS = 300
WARMUP_ROUNDS = 3
DATASET_TODAY = dt.date(2025, 12, 31)

BASELINE_SQL = """
SELECT a.member_id IS NOT NULL, a.level, count(*)
FROM assessments_assessment a JOIN organizations_organization o ON o.id = a.organization_id
WHERE a.period_id = %s AND o.path LIKE %s AND (a.member_id IS NOT NULL OR o.kind = ANY(%s))
GROUP BY 1, 2
"""


def ensure_assessments() -> None:
    if Assessment.objects.filter(period__kind="year", period__year=DATASET_TODAY.year).exists():
        detail(f"assessments: reusing {Assessment.objects.count():,} results")
        return
    detail("assessments: seeding the demo's ten years of results (years already present are kept) ...")
    start = time.perf_counter()
    demo.seed(rng=random.Random("2025-dangbo.assessments"), scale="province", today=DATASET_TODAY, say=detail)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) assessments_assessment")
    detail(f"DEMO assessments rows={Assessment.objects.count()} seconds={time.perf_counter() - start:.1f}")


def app_figures(period: Period, organization: Organization) -> Any:
    return figures.compute(period, organization, compare=False)


def app_with_change(period: Period, organization: Organization) -> Any:
    return figures.compute(period, organization, compare=True)


def app_sql(period: Period, organization: Organization) -> list[dict]:
    return figures._rows(period, organization, groups=True)


def baseline(period: Period, organization: Organization) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(BASELINE_SQL, [period.pk, organization.path + "%", [str(k) for k in GRASSROOTS_KINDS]])
        return cursor.fetchall()


def _check(period: Period, subtree: Subtree) -> None:
    """Same counts from both, or the comparison means nothing."""
    org = subtree.organization
    counted: dict[tuple[bool, str], int] = {(m, level): n for m, level, n in baseline(period, org)}
    result = app_figures(period, org)
    for subject, is_member in ((ORGANIZATION, False), (MEMBER, True)):
        table = result.totals[subject]
        rows = {level: n for (m, level), n in counted.items() if m == is_member}
        if table.total + table.pending != sum(rows.values()):
            raise RuntimeError(
                f"{org.code}: {subject} totals disagree: {table.total} + {table.pending} vs {rows}"
            )
        for line in table.levels:
            if line.count != rows.get(line.key, 0):  # all demo results are decided and published
                raise RuntimeError(
                    f"{org.code}: {subject} {line.key}: {line.count} vs {rows.get(line.key, 0)}"
                )


def _explain(period: Period, organization: Organization) -> None:
    detail(f"-- EXPLAIN ANALYZE for {organization.code}")
    with CaptureQueriesContext(connection) as captured:
        app_figures(period, organization)
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            detail(f"app: {query['sql'][:400]}")
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {query['sql']}")
            for (row,) in cursor.fetchall():
                detail(f"    {row}")
        cursor.execute(
            "EXPLAIN (ANALYZE, BUFFERS) " + BASELINE_SQL,
            [period.pk, organization.path + "%", [str(k) for k in GRASSROOTS_KINDS]],
        )
        detail("baseline:")
        for (row,) in cursor.fetchall():
            detail(f"    {row}")


def run(context: Context) -> Result:
    ensure_assessments()
    period = Period.objects.years().order_by("-year").first()
    if period is None:
        raise RuntimeError("no yearly period")
    rnd = context.rng(ID)
    subtrees = pick_subtrees(rnd, grassroots=8, upper=2)
    province = max(subtrees, key=lambda s: s.members)  # the root: the whole province
    for subtree in subtrees:
        _check(period, subtree)
    with CaptureQueriesContext(connection) as captured:
        app_figures(period, province.organization)
    detail(f"period: {period.label} ({period.rules.title}); app queries per call: {len(captured)}")

    cases: list[tuple[str, Callable[[], Any]]] = []
    for subtree in subtrees:
        org = subtree.organization
        cases += [
            (f"app {org.code}", lambda org=org: app_figures(period, org)),
            (f"baseline {org.code}", lambda org=org: baseline(period, org)),
        ]
    root = province.organization
    cases.append((f"change {root.code}", lambda: app_with_change(period, root)))
    cases.append((f"sql {root.code}", lambda: app_sql(period, root)))
    timer = Timer()
    for _ in range(WARMUP_ROUNDS):
        for _name, fn in cases:
            fn()
    for i in range(context.iterations):
        order = list(cases)
        rnd.shuffle(order)
        if i % 2:
            order.reverse()
        for name, fn in order:
            timer.measure(name, fn)

    detail(f"{'subtree':<62} {'app ms':>8} {'base ms':>8} {'ratio':>6}")
    for subtree in sorted(subtrees, key=lambda s: s.members):
        code = subtree.organization.code
        app, base = median(timer.samples[f"app {code}"]), median(timer.samples[f"baseline {code}"])
        detail(f"{subtree.label:<62} {app:8.2f} {base:8.2f} {app / base:6.2f}")
    code = province.organization.code
    app_samples, base_samples = timer.samples[f"app {code}"], timer.samples[f"baseline {code}"]
    change = timer.samples[f"change {code}"]
    sql = timer.samples[f"sql {code}"]
    if context.explain:
        _explain(period, province.organization)
    ratio = median(app_samples) / median(base_samples)
    median_ms = median(app_samples)
    return Result(
        ratio=ratio,
        median_ms=median_ms,
        p95_ms=percentile(app_samples, 95),
        extra={
            "baseline_ms": median(base_samples),
            "sql_ms": median(sql),
            "change_median_ms": median(change),
            "organization": code,
            "members": province.members,
            "rows": Assessment.objects.filter(period=period).count(),
            "iterations": context.iterations,
            "target_ratio": TARGET_RATIO,
            "target_median_ms": TARGET_MEDIAN_MS,
            "ok": ratio <= TARGET_RATIO and median_ms <= TARGET_MEDIAN_MS,
        },
    )
