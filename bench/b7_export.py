"""B7: the member export (150,000 members x 20 columns) against XlsxWriter writing the same cells.

Measured: the real export code path, as the "Xuất Excel" button and the background task run it:
the members report definition's `select` for a user who sees every organization (the policy's
visible queryset and the page's filters), its count, the rows streamed from PostgreSQL and shaped
into tuples, and `reports.rendering.render` (dangbo.lib.xlsx: title rows, frozen header, widths,
date and number formats, formula neutralizing) into the .xlsx bytes.

Baseline: XlsxWriter in constant_memory mode writing the same prepared lists (the very tuples the
definition yields, fetched beforehand) with the same title, header and formats: `write_string` for
text, `write_number` with `#,##0` for numbers and `write_datetime` with `dd/mm/yyyy` for dates.

Run by bench/run (`run(ctx)`), or standalone: `.venv/bin/python bench/b7_export.py [--rounds N]`
against the benchmark database (DANGBO_BENCH_DB_NAME, default dangbo_bench).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import io
import os
import sys
import time
from collections.abc import Sequence
from typing import Any

ID = "B7"
TITLE = "member export to .xlsx (150,000 members x 20 columns) vs XlsxWriter writing the same prepared cells"
TARGET_RATIO = 1.5
TARGET_ROWS = 150_000
ROUNDS = 3  # each round writes the whole file once per side (a minute or so each on 2 cores)


def _print(text: str = "") -> None:
    print(text, flush=True)


def _median(samples: Sequence[float]) -> float:
    ordered = sorted(samples)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def _export(user: Any, today: dt.date) -> tuple[bytes, int]:
    """The real path: definition (scope + filters) → count → rows → writer."""
    from django.http import QueryDict

    from dangbo.reports.definitions import get_report
    from dangbo.reports.rendering import render

    report = get_report("members")
    selection = report.select(user, QueryDict())
    count = selection.count()
    return render(report, selection, on=today), count


def _baseline(rows: list[tuple[Any, ...]], subtitle: str) -> bytes:
    """Plain XlsxWriter, constant_memory, the same cells and formats from prepared lists."""
    import xlsxwriter

    from dangbo.reports.definitions import MEMBER_COLUMNS

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True, "in_memory": False})
    ws = book.add_worksheet("Danh sách")
    header = book.add_format({"bold": True, "bg_color": "#EEF0F3", "border": 1, "text_wrap": True})
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    number_format = book.add_format({"num_format": "#,##0"})
    ws.write_string(0, 0, "DANH SÁCH ĐẢNG VIÊN", book.add_format({"bold": True, "font_size": 13}))
    ws.write_string(1, 0, subtitle)
    for c, column in enumerate(MEMBER_COLUMNS):
        ws.set_column(c, c, column.width)
        ws.write_string(3, c, column.header, header)
    ws.freeze_panes(4, 0)
    for r, row in enumerate(rows, start=4):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                ws.write_string(r, c, value)
            elif isinstance(value, dt.date):
                ws.write_datetime(r, c, value, date_format)
            else:
                ws.write_number(r, c, value, number_format)
    book.close()
    return buffer.getvalue()


def _timed(fn: Any) -> tuple[float, float, Any]:
    """Wall-clock and this process's CPU milliseconds (the CPU figure leaves out PostgreSQL's work)."""
    gc.collect()
    start, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000, result


def run(ctx: Any, rounds: int = ROUNDS) -> None:
    from django.db import connection
    from django.http import QueryDict
    from django.utils import timezone

    from dangbo.lib import xlsx
    from dangbo.reports.definitions import MEMBER_COLUMNS, get_report

    user = ctx.user
    today = timezone.localdate()
    selection = get_report("members").select(user, QueryDict())
    rows = list(selection.rows())  # the prepared lists of the baseline: exactly the cells exported
    count = len(rows)
    cols = len(MEMBER_COLUMNS)
    if count < TARGET_ROWS:
        _print(
            f"note: the benchmark database holds {count:,} members (target {TARGET_ROWS:,}); "
            "measuring all of them"
        )
    subtitle = xlsx.export_subtitle(selection.scope_name, today)
    _print(f"rows: {count:,} members x {cols} columns = {count * cols:,} cells, {rounds} round(s) per side")
    with connection.cursor() as cursor:  # warm the plan and the cache for the export's query
        cursor.execute("SELECT count(*) FROM members_member")

    export_ms: list[float] = []
    baseline_ms: list[float] = []
    cpu_ms: dict[str, list[float]] = {"export": [], "baseline": []}
    for i in range(rounds):
        cases = [("export", lambda: _export(user, today)), ("baseline", lambda: _baseline(rows, subtitle))]
        for name, fn in cases if i % 2 == 0 else reversed(cases):
            elapsed, cpu, result = _timed(fn)
            cpu_ms[name].append(cpu)
            if name == "export":
                content, exported = result
                if exported != count:
                    raise RuntimeError(f"export counted {exported} rows, expected {count}")
                export_ms.append(elapsed)
            else:
                content = result
                baseline_ms.append(elapsed)
            _print(
                f"round {i + 1} {name:<8} {elapsed / 1000:8.2f} s wall {cpu / 1000:8.2f} s cpu "
                f"{len(content) / 1e6:6.1f} MB"
            )
            del content, result
    rows.clear()  # free the prepared lists before printing
    median_ms, base_ms = _median(export_ms), _median(baseline_ms)
    ratio = median_ms / base_ms
    cells_per_s = count * cols / (median_ms / 1000)
    pairs = [e / b for e, b in zip(export_ms, baseline_ms, strict=True)]
    cpu_ratio = _median(cpu_ms["export"]) / _median(cpu_ms["baseline"])
    _print(
        f"per-round ratios {', '.join(f'{p:.3f}' for p in pairs)}; cpu ratio {cpu_ratio:.3f} (python process)"
    )
    _print(
        f"export median {median_ms / 1000:.2f} s ({cells_per_s:,.0f} cells/s), baseline {base_ms / 1000:.2f} s"
    )
    _print(
        f"BENCH {ID} rows={count} cols={cols} median_ms={median_ms:.1f} baseline_ms={base_ms:.1f} "
        f"ratio={ratio:.3f} target_ratio={TARGET_RATIO} ok={'true' if ratio <= TARGET_RATIO else 'false'}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/b7_export.py", description=TITLE)
    parser.add_argument("--rounds", type=int, default=ROUNDS, help=f"timed runs per side (default {ROUNDS})")
    args = parser.parse_args(argv)
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import harness  # the runner's helpers: the benchmark database and its office-role user

    database = harness.configure_environment()
    import django

    django.setup()
    from django.core.management import call_command

    _print(f"database: {database}")
    _print(f"machine: {os.cpu_count()} CPUs, load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    call_command("migrate", verbosity=0)
    if not harness.member_count():
        raise SystemExit("b7_export: the benchmark database holds no members (run bench/run first)")
    ctx = harness.Context(user=harness.bench_user(), iterations=args.rounds, explain=False)
    _print(f"== {ID}: {TITLE}")
    run(ctx, rounds=args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
