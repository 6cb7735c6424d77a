"""B2: the subtree member query as the app writes it, against the same query given the ids.

App: `Member.objects.in_subtree(org)` (ANY(ARRAY(path-prefix subquery))), the materialized
path resolved inside the query (`organization_id IN (SELECT id ... WHERE path LIKE '1.4.%')`).
Baseline: `organization_id = ANY(%s)` with the subtree's organization ids computed beforehand.
Both run through the ORM with the same columns and ordering, interleaved, in two shapes:

* ids (the B2 figure): every member id of the subtree, `list(qs.values_list("id", flat=True))`,
  the set that exports, reports and counts start from;
* page (extra figures): what the member list asks, `qs.count()` and the first 50 ids in
  Vietnamese order (`vietnamese_order()[:50]`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from harness import Context, Result, Subtree, Timer, detail, median, percentile, pick_subtrees

from dangbo.members.models import Member, MemberQuerySet
from dangbo.organizations.models import Organization

ID = "B2"
TITLE = "subtree member query (path prefix) vs `organization_id = ANY(<precomputed ids>)`"
TARGET_RATIO = 1.3
WARMUP_ROUNDS = 3
PAGE_SIZE = 50


def app_members(organization: Organization) -> MemberQuerySet:
    return Member.objects.in_subtree(organization)


def baseline_members(organization_ids: list[int]) -> MemberQuerySet:
    return Member.objects.extra(
        where=['"members_member"."organization_id" = ANY(%s::bigint[])'], params=[organization_ids]
    )


def all_ids(members: MemberQuerySet) -> list[int]:
    return list(members.values_list("id", flat=True))


def first_page(members: MemberQuerySet) -> tuple[int, list[int]]:
    return members.count(), list(members.vietnamese_order().values_list("id", flat=True)[:PAGE_SIZE])


SHAPES: dict[str, Callable[[MemberQuerySet], Any]] = {"ids": all_ids, "page": first_page}


def _explain(subtree: Subtree, organization_ids: list[int]) -> None:
    detail(f"-- EXPLAIN ANALYZE for {subtree.label}")
    with connection.cursor() as cursor:
        for variant, members in [
            ("app", app_members(subtree.organization)),
            ("baseline", baseline_members(organization_ids)),
        ]:
            for shape, fn in SHAPES.items():
                with CaptureQueriesContext(connection) as captured:
                    fn(members)
                for query in captured.captured_queries:
                    detail(f"{variant} {shape}: {query['sql'][:300]}")
                    cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {query['sql']}")
                    for (row,) in cursor.fetchall():
                        detail(f"    {row}")


def run(context: Context) -> Result:
    rnd = context.rng(ID)
    subtrees = pick_subtrees(rnd)
    ids_by_code = {
        s.organization.code: list(
            Organization.objects.subtree_of(s.organization).order_by("id").values_list("id", flat=True)
        )
        for s in subtrees
    }
    for subtree in subtrees:  # same answers, or the comparison means nothing
        code = subtree.organization.code
        for shape, fn in SHAPES.items():
            app = fn(app_members(subtree.organization))
            baseline = fn(baseline_members(ids_by_code[code]))
            if shape == "ids":
                app, baseline = sorted(app), sorted(baseline)
            if app != baseline:
                raise RuntimeError(f"{code}: the app and baseline {shape} queries disagree")

    def cases(subtree: Subtree) -> list[tuple[str, Callable[[], Any]]]:
        org, ids = subtree.organization, ids_by_code[subtree.organization.code]
        return [
            (f"{variant} {shape} {org.code}", lambda fn=fn, make=make, arg=arg: fn(make(arg)))
            for shape, fn in SHAPES.items()
            for variant, make, arg in [("app", app_members, org), ("baseline", baseline_members, ids)]
        ]

    timer = Timer()
    for _ in range(WARMUP_ROUNDS):
        for subtree in subtrees:
            for _name, fn in cases(subtree):
                fn()
    for i in range(context.iterations):
        order = list(subtrees)
        rnd.shuffle(order)
        for subtree in order:
            pairs = cases(subtree)
            for name, fn in pairs if i % 2 == 0 else reversed(pairs):
                timer.measure(name, fn)

    pooled: dict[str, list[float]] = {}
    worst: tuple[float, Subtree] | None = None
    detail(
        f"{'subtree':<62} {'orgs':>5} {'ids app':>8} {'base':>7} {'ratio':>6} {'page app':>9} {'base':>7} {'ratio':>6}"
    )
    for subtree in sorted(subtrees, key=lambda s: s.members):
        code = subtree.organization.code
        medians: dict[str, float] = {}
        for variant in ("app", "baseline"):
            for shape in SHAPES:
                samples = timer.samples[f"{variant} {shape} {code}"]
                pooled.setdefault(f"{variant} {shape}", []).extend(samples)
                medians[f"{variant} {shape}"] = median(samples)
        page_ratio = medians["app page"] / medians["baseline page"]
        ids_ratio = medians["app ids"] / medians["baseline ids"]
        if worst is None or max(page_ratio, ids_ratio) > worst[0]:
            worst = (max(page_ratio, ids_ratio), subtree)
        detail(
            f"{subtree.label:<62} {len(ids_by_code[code]):5d} {medians['app ids']:8.2f} "
            f"{medians['baseline ids']:7.2f} {ids_ratio:6.2f} {medians['app page']:9.2f} "
            f"{medians['baseline page']:7.2f} {page_ratio:6.2f}"
        )
    if context.explain and worst:
        _explain(worst[1], ids_by_code[worst[1].organization.code])
    app_ids, base_ids = pooled["app ids"], pooled["baseline ids"]
    app_page, base_page = pooled["app page"], pooled["baseline page"]
    ratio = median(app_ids) / median(base_ids)
    page_ratio = median(app_page) / median(base_page)
    return Result(
        ratio=ratio,
        median_ms=median(app_ids),
        p95_ms=percentile(app_ids, 95),
        extra={
            "baseline_ms": median(base_ids),
            "page_ratio": page_ratio,
            "page_median_ms": median(app_page),
            "page_p95_ms": percentile(app_page, 95),
            "page_baseline_ms": median(base_page),
            "subtrees": len(subtrees),
            "iterations": context.iterations,
            "target_ratio": TARGET_RATIO,
            "ok": ratio <= TARGET_RATIO,
        },
    )
