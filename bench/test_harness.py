"""The harness's pure parts (run with `.venv/bin/pytest bench/test_harness.py`; no timing asserted)."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import bench_line, discover, median, percentile, select_ids, stratified_sample  # noqa: E402


def test_percentile_interpolates_between_ranks():
    assert percentile([1, 2, 3, 4], 50) == 2.5
    assert percentile([5], 95) == 5
    assert percentile(list(range(1, 101)), 95) == pytest.approx(95.05)


def test_median_ignores_order():
    assert median([3, 1, 2]) == 2


def test_percentile_of_nothing_is_an_error():
    with pytest.raises(ValueError):
        percentile([], 50)


def test_bench_line_keeps_the_key_order_and_formats_values():
    line = bench_line(
        "B1", {"ratio": 2.3149, "median_ms": 38.24, "target": 1.3, "p95_ms": 200.0, "n": 22, "ok": True}
    )
    assert line == "BENCH B1 ratio=2.31 median_ms=38.2 target=1.3 p95_ms=200 n=22 ok=true"


def test_stratified_sample_draws_one_from_each_slice():
    items = list(range(100))
    picked = stratified_sample(items, 10, random.Random(1))
    assert [p // 10 for p in picked] == list(range(10))


def test_stratified_sample_of_few_items_takes_them_all():
    assert stratified_sample([1, 2], 5, random.Random(1)) == [1, 2]


def test_select_ids_runs_all_by_default_and_the_named_ones_in_order():
    assert select_ids([], ["B1", "B2"]) == ["B1", "B2"]
    assert select_ids(["b2", "B1"], ["B1", "B2"]) == ["B1", "B2"]
    assert select_ids(["B2"], ["B1", "B2"]) == ["B2"]


def test_select_ids_rejects_an_unknown_benchmark():
    with pytest.raises(SystemExit):
        select_ids(["B9"], ["B1", "B2"])


def test_benchmarks_are_found_by_file_name_in_numeric_order():
    names = [
        "harness.py",
        "b10_later.py",
        "b2_subtree_query.py",
        "test_harness.py",
        "b1_member_list.py",
        "run",
    ]
    assert discover(names) == {"B1": "b1_member_list", "B2": "b2_subtree_query", "B10": "b10_later"}
