"""B1: the member list page for a subtree against a minimal view returning the same bytes.

Both go through the same in-process test Client and the whole middleware stack (session, auth,
login-required, CSRF, htmx, history), so the ratio measures the page's own work: the scope check,
the filter form, the count and first page of members, the breadcrumbs and the template.

This module is also the urlconf used while measuring: the real urls plus the baseline view.
"""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import include, path
from harness import Context, Result, Subtree, Timer, detail, median, percentile, pick_subtrees

ID = "B1"
TITLE = "member list page (GET /members/?organization=<code>) vs a view returning the same bytes"
TARGET_RATIO = 4
TARGET_P95_MS = 200
WARMUP_ROUNDS = 3

_bodies: dict[str, tuple[bytes, str]] = {}


def same_bytes(request: HttpRequest) -> HttpResponse:
    """The baseline: the page's bytes, computed beforehand."""
    body, content_type = _bodies[request.GET["organization"]]
    return HttpResponse(body, content_type=content_type)


urlpatterns = [
    path("__bench__/same-bytes/", same_bytes),
    path("", include("dangbo.urls")),
]


def _page_url(code: str) -> str:
    return f"/members/?organization={code}"


def _baseline_url(code: str) -> str:
    return f"/__bench__/same-bytes/?organization={code}"


def _get(client: Client, url: str) -> HttpResponse:
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    return response


def _explain(client: Client, subtree: Subtree) -> None:
    """EXPLAIN ANALYZE of every member query the page runs for this subtree."""
    with CaptureQueriesContext(connection) as captured:
        _get(client, _page_url(subtree.organization.code))
    detail(f"-- EXPLAIN ANALYZE of the page's member queries for {subtree.label}")
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.startswith("SELECT") or "members_member" not in sql:
                continue
            detail(sql)
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            for (row,) in cursor.fetchall():
                detail(f"    {row}")


def run(context: Context) -> Result:
    rnd = context.rng(ID)
    subtrees = pick_subtrees(rnd)
    client = Client(raise_request_exception=True)
    client.force_login(context.user)
    timer = Timer()
    queries: dict[str, int] = {}
    with override_settings(ROOT_URLCONF=__name__):
        for subtree in subtrees:
            code = subtree.organization.code
            with CaptureQueriesContext(connection) as captured:
                response = _get(client, _page_url(code))
            queries[code] = len(captured.captured_queries)
            _bodies[code] = (response.content, response["Content-Type"])
        for _ in range(WARMUP_ROUNDS):
            for subtree in subtrees:
                _get(client, _page_url(subtree.organization.code))
                _get(client, _baseline_url(subtree.organization.code))
        for i in range(context.iterations):
            order = list(subtrees)
            rnd.shuffle(order)
            for subtree in order:
                code = subtree.organization.code
                cases = [("page", _page_url(code)), ("baseline", _baseline_url(code))]
                for name, url in cases if i % 2 == 0 else reversed(cases):
                    timer.measure(f"{name} {code}", lambda url=url: _get(client, url))
        page_all: list[float] = []
        baseline_all: list[float] = []
        page_cpu: list[float] = []
        baseline_cpu: list[float] = []
        worst: tuple[float, Subtree] | None = None
        detail(
            f"{'subtree':<62} {'page med':>9} {'p95':>7} {'base med':>9} {'ratio':>6} {'KB':>5} {'SQL':>4}"
        )
        for subtree in sorted(subtrees, key=lambda s: s.members):
            code = subtree.organization.code
            page = timer.samples[f"page {code}"]
            baseline = timer.samples[f"baseline {code}"]
            page_all += page
            baseline_all += baseline
            page_cpu += timer.cpu_samples[f"page {code}"]
            baseline_cpu += timer.cpu_samples[f"baseline {code}"]
            if worst is None or median(page) > worst[0]:
                worst = (median(page), subtree)
            detail(
                f"{subtree.label:<62} {median(page):9.2f} {percentile(page, 95):7.2f} "
                f"{median(baseline):9.2f} {median(page) / median(baseline):6.2f} "
                f"{len(_bodies[code][0]) / 1024:5.0f} {queries[code]:4d}"
            )
        if context.explain and worst:
            _explain(client, worst[1])
    page_median = median(page_all)
    baseline_median = median(baseline_all)
    ratio = page_median / baseline_median
    p95 = percentile(page_all, 95)
    return Result(
        ratio=ratio,
        median_ms=page_median,
        p95_ms=p95,
        extra={
            "baseline_ms": baseline_median,
            "max_ms": max(page_all),
            "cpu_ratio": median(page_cpu) / median(baseline_cpu),
            "page_cpu_ms": median(page_cpu),
            "subtrees": len(subtrees),
            "largest_subtree_members": max(s.members for s in subtrees),
            "iterations": context.iterations,
            "target_ratio": TARGET_RATIO,
            "target_p95_ms": TARGET_P95_MS,
            "ok": ratio <= TARGET_RATIO and p95 <= TARGET_P95_MS,
        },
    )
