"""B5: importing 150,000 members from one .xlsx (province scale) against the floor of reading the same file.

The file is generated here: 150,000 new members with every template column (a third of the dates typed as
text, as people do), spread over the province dataset's active cells. Two measurements, each in a fresh
child process so that peak memory (ru_maxrss) is its own:

* floor: openpyxl in read-only mode reads every row (values only) and psycopg COPYs them into a temporary
  staging table; nothing is validated.
* import: the real import (`dangbo.imports.importers.run_import`, what `dangbo import members FILE` and
  the web commit run): header matching, cell parsing, legacy-font checks, scope, the member services'
  rules, in-file duplicate checks, matching against the registry, then `create_members_bulk` in batches,
  all in one transaction, rolled back at the end so the dataset stays as it was.

The import is also run on a tenth of the file: its memory above the interpreter's baseline should be about
the same (flat), not ten times smaller. Printed: detail lines, then
`BENCH B5 rows=150000 rows_per_s=... peak_mb=... floor_rows_per_s=... ratio=... ...`
(ratio = import seconds / floor seconds). Runs under bench/run (harness) or alone:
`.venv/bin/python bench/b5_import.py [--rows N]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ID = "B5"
TITLE = "import of 150,000 members from .xlsx vs openpyxl read-only + COPY of the same file"
ROWS = 150_000
TARGET_ROWS_PER_S = 2000
TARGET_RATIO = 5
FLAT_FACTOR = 1.5  # the full file's memory may exceed the tenth's by this factor (+ FLAT_SLACK_MB)
FLAT_SLACK_MB = 25
HERE = Path(__file__).resolve()


def _detail(text: str = "") -> None:
    print(text, flush=True)


@dataclass
class B5Result:
    """What bench/run prints as the BENCH line (it calls `line`)."""

    values: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        return float(self.values["ratio"])

    def line(self, bench_id: str = ID) -> str:
        parts = []
        for key, value in self.values.items():
            if isinstance(value, bool):
                text = "true" if value else "false"
            elif isinstance(value, float):
                text = f"{value:.2f}" if abs(value) < 100 else f"{value:.0f}"
            else:
                text = str(value)
            parts.append(f"{key}={text.replace(' ', '_')}")
        return " ".join(["BENCH", bench_id, *parts])


# ------------------------------------------------------------------------------------------ the file


def generate(path: Path, rows: int, cells: list[str], seed: int = 2026) -> None:
    """Write `rows` valid new members (template columns, header in row 1) to `path`."""
    import xlsxwriter

    from dangbo.demo import person_name
    from dangbo.imports.templates_xlsx import template_columns

    rng = random.Random(seed)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Danh sách")
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    columns = [c.name for c in template_columns("members")]
    for index, column in enumerate(template_columns("members")):
        sheet.write_string(0, index, column.label)
    ethnicities = ["Kinh"] * 9 + ["Tày", "Thái", "Mường", "Nùng"]
    educations = ["12/12", "12/12", "10/10", "9/12"]
    qualifications = ["Cử nhân Kinh tế", "Kỹ sư Xây dựng", "Thạc sĩ Quản lý công", "Cử nhân Luật", "Bác sĩ"]
    theories = ["Sơ cấp", "Trung cấp", "Cao cấp", ""]
    jobs = ["Chuyên viên", "Trưởng phòng", "Giáo viên", "Công nhân", "Kỹ sư", "Nhân viên"]
    for n in range(1, rows + 1):
        gender = "Nữ" if rng.random() < 0.4 else "Nam"
        birth = dt.date(rng.randint(1960, 2000), rng.randint(1, 12), rng.randint(1, 28))
        admitted = dt.date(birth.year + rng.randint(19, 24), rng.randint(1, 12), rng.randint(1, 28))
        official = admitted + dt.timedelta(days=365) if admitted.year < 2024 else None
        values: dict[str, Any] = {
            "code": f"B5-{n:06d}",
            "card_number": f"95{n:08d}",  # 10 digits: the dataset's cards have 8
            "full_name": person_name(rng, "female" if gender == "Nữ" else "male", birth.year),
            "gender": gender,
            "birth_date": birth,
            "ethnicity": rng.choice(ethnicities),
            "religion": "Không",
            "hometown": f"xã Hồng Phong {rng.randint(1, 40)}, tỉnh Lam Hồng",
            "organization": cells[n % len(cells)],
            "admission_date": admitted,
            "official_date": official,
            "general_education": rng.choice(educations),
            "qualification": rng.choice(qualifications),
            "political_theory": rng.choice(theories),
            "occupation": rng.choice(jobs),
            "national_id": f"099{n:09d}",
            "phone": f"09{rng.randint(10_000_000, 99_999_999)}",
        }
        for index, name in enumerate(columns):
            value = values[name]
            if value is None or value == "":
                continue
            if isinstance(value, dt.date):
                if n % 3 == 0:  # typed as text, as people do
                    sheet.write_string(n, index, f"{value.day:02d}/{value.month:02d}/{value.year}")
                else:
                    sheet.write_datetime(
                        n, index, dt.datetime(value.year, value.month, value.day), date_format
                    )
            else:
                sheet.write_string(n, index, value)
    book.close()


# --------------------------------------------------------------------------------------- child runs


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _current_rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)


def child_floor(path: Path) -> dict[str, Any]:
    """openpyxl read-only parse + COPY into a temporary staging table."""
    import openpyxl
    from django.db import connection, transaction

    base = _current_rss_mb()
    start = time.perf_counter()
    rows = 0
    with transaction.atomic():
        with connection.cursor() as cursor:
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
            sheet = book.worksheets[0]
            iterator = sheet.iter_rows(values_only=True)
            header = next(iterator)
            columns = ", ".join(f"c{i} text" for i in range(len(header)))
            cursor.execute(f"CREATE TEMPORARY TABLE b5_staging ({columns}) ON COMMIT DROP")
            with cursor.copy("COPY b5_staging FROM STDIN") as copy:  # type: ignore[attr-defined]
                for values in iterator:
                    copy.write_row([None if v is None else str(v) for v in values])
                    rows += 1
            book.close()
        transaction.set_rollback(True)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "rows": rows, "peak_rss_mb": _rss_mb(), "base_rss_mb": base}


def child_import(path: Path) -> dict[str, Any]:
    """The real import, committed inside a transaction that is rolled back afterwards."""
    from django.db import transaction
    from harness import bench_user

    from dangbo.imports.importers import Options, run_import

    user = bench_user()
    data = path.read_bytes()
    base = _current_rss_mb()
    with transaction.atomic():
        start = time.perf_counter()
        report = run_import(
            "members",
            data,
            path.name,
            Options(user=user, by=user, scope=None, commit=True, filename=path.name),
        )
        seconds = time.perf_counter() - start
        transaction.set_rollback(True)
    return {
        "seconds": seconds,
        "rows": report.rows,
        "committed": report.committed,
        "counts": report.counts,
        "messages": report.messages()[:5],
        "peak_rss_mb": _rss_mb(),
        "base_rss_mb": base,
    }


def _child(kind: str, path: Path) -> dict[str, Any]:
    process = subprocess.run(
        [sys.executable, str(HERE), "--child", kind, str(path)],
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        check=False,
    )
    if process.returncode != 0:
        raise RuntimeError(f"B5 child {kind} failed:\n{process.stderr[-3000:]}")
    return json.loads(process.stdout.strip().splitlines()[-1])


def _cells() -> list[str]:
    from dangbo.organizations.models import MEMBER_KINDS, Organization

    return list(
        Organization.objects.filter(kind__in=MEMBER_KINDS, dissolved_on__isnull=True)
        .order_by("path")
        .values_list("code", flat=True)
    )


def run(context: Any = None, rows: int = ROWS) -> B5Result:
    cells = _cells()
    if not cells:
        raise RuntimeError("B5 needs the province dataset (no active cells in the database)")
    with tempfile.TemporaryDirectory(prefix="b5-") as folder:
        full, tenth = Path(folder) / "dang-vien-tinh.xlsx", Path(folder) / "dang-vien-tinh-1-10.xlsx"
        start = time.perf_counter()
        generate(full, rows, cells)
        generate(tenth, rows // 10, cells)
        _detail(
            f"file: {rows:,} members over {len(cells):,} cells, {full.stat().st_size / 1e6:.1f} MB "
            f"(generated in {time.perf_counter() - start:.0f} s); a tenth: {tenth.stat().st_size / 1e6:.1f} MB"
        )
        floor = _child("floor", full)
        _detail(
            f"floor  (openpyxl read-only + COPY): {floor['seconds']:7.1f} s  {floor['rows'] / floor['seconds']:8,.0f} "
            f"rows/s  peak RSS {floor['peak_rss_mb']:.0f} MB (baseline {floor['base_rss_mb']:.0f} MB)"
        )
        small = _child("import", tenth)
        imported = _child("import", full)
        for label, result in (("import 1/10", small), ("import", imported)):
            _detail(
                f"{label:<12}(rows {result['rows']:,}): {result['seconds']:7.1f} s  "
                f"{result['rows'] / result['seconds']:8,.0f} rows/s  peak RSS {result['peak_rss_mb']:.0f} MB "
                f"(baseline {result['base_rss_mb']:.0f} MB)  committed={result['committed']} {result['counts']}"
            )
            for message in result["messages"]:
                _detail(f"    {message}")
    rows_per_s = imported["rows"] / imported["seconds"]
    floor_rows_per_s = floor["rows"] / floor["seconds"]
    ratio = imported["seconds"] / floor["seconds"]
    peak_mb = imported["peak_rss_mb"] - imported["base_rss_mb"]
    small_mb = small["peak_rss_mb"] - small["base_rss_mb"]
    flat = peak_mb <= FLAT_FACTOR * small_mb + FLAT_SLACK_MB
    ok = imported["committed"] and rows_per_s >= TARGET_ROWS_PER_S and ratio <= TARGET_RATIO and flat
    return B5Result(
        {
            "rows": imported["rows"],
            "rows_per_s": rows_per_s,
            "peak_mb": peak_mb,
            "floor_rows_per_s": floor_rows_per_s,
            "ratio": ratio,
            "seconds": imported["seconds"],
            "floor_seconds": floor["seconds"],
            "peak_rss_mb": imported["peak_rss_mb"],
            "peak_mb_tenth": small_mb,
            "floor_peak_mb": floor["peak_rss_mb"] - floor["base_rss_mb"],
            "memory_flat": flat,
            "target_rows_per_s": TARGET_ROWS_PER_S,
            "target_ratio": TARGET_RATIO,
            "ok": ok,
        }
    )


def _setup() -> None:
    sys.path.insert(0, str(HERE.parent))
    from harness import configure_environment

    description = configure_environment()
    import django

    django.setup()
    if os.environ.get("B5_VERBOSE"):
        _detail(f"database: {description}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/b5_import.py", description=TITLE)
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--child", nargs=2, metavar=("KIND", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    _setup()
    if args.child:
        kind, path = args.child
        result = child_floor(Path(path)) if kind == "floor" else child_import(Path(path))
        print(json.dumps(result, ensure_ascii=False))
        return 0
    from django.core.management import call_command
    from harness import bench_user, ensure_dataset

    call_command("migrate", verbosity=0)
    ensure_dataset(build=True)
    bench_user()
    _detail(f"== {ID}: {TITLE}")
    result = run(rows=args.rows)
    _detail(result.line(ID))
    return 0 if result.values["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
