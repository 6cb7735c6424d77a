"""The benchmark runner behind `bench/run`: its own database, the province dataset, timing, BENCH lines.

Benchmarks are the modules `bench/b<N>_<name>.py` (id B<N>, found by name). Each exposes `TITLE` and
`run(context)`: it prints its detail lines as it goes and returns a `Result`, whose line
`BENCH <id> ratio=<x> median_ms=<y> p95_ms=<z> ...` the runner prints (or returns None after printing
its own BENCH line). Timings are wall-clock (perf_counter), in-process.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import re
import resource
import subprocess
import sys
import time
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DB_NAME = "dangbo_bench"
# The province dataset counts well over this many members; fewer means it has not been built yet.
PROVINCE_MIN_MEMBERS = 100_000
BENCH_USERNAME = "bench_office"
SEED = 20260
BENCH_DIR = Path(__file__).resolve().parent


# ---------------------------------------------------------------- pure helpers (no Django)


def percentile(samples: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100) with linear interpolation between closest ranks."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    position = (len(ordered) - 1) * q / 100
    low = math.floor(position)
    high = math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def median(samples: Sequence[float]) -> float:
    return percentile(samples, 50)


def format_value(value: Any) -> str:
    """Floats with 2 decimals below 10, 1 above, trailing zeros dropped: 2.31, 1.3, 38.2, 4."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        text = f"{value:.2f}" if abs(value) < 10 else f"{value:.1f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


def bench_line(bench_id: str, values: dict[str, Any]) -> str:
    """`BENCH B1 ratio=2.31 median_ms=38.2 ...`: keys in the given order, no spaces inside values."""
    parts = [f"{key}={format_value(value).replace(' ', '_')}" for key, value in values.items()]
    return " ".join(["BENCH", bench_id, *parts])


def stratified_sample(items: Sequence[Any], count: int, rnd: random.Random) -> list[Any]:
    """`count` items from `items` (already sorted by size), one drawn at random from each of `count`
    equal slices, so small, middling and large ones all appear."""
    if len(items) <= count:
        return list(items)
    picked = []
    for i in range(count):
        start = i * len(items) // count
        stop = (i + 1) * len(items) // count
        picked.append(items[rnd.randrange(start, stop)])
    return picked


def discover(names: Iterable[str]) -> dict[str, str]:
    """Benchmark modules by id, in numeric order: `b7_export.py` is B7 (module `b7_export`)."""
    found: dict[int, str] = {}
    for name in names:
        match = re.fullmatch(r"b(\d+)_\w+\.py", name)
        if match:
            found[int(match.group(1))] = name.removesuffix(".py")
    return {f"B{number}": found[number] for number in sorted(found)}


def select_ids(requested: Iterable[str], known: Iterable[str]) -> list[str]:
    """Benchmark ids to run, in the known order; unknown ids are an error."""
    known = list(known)
    wanted = [r.upper() for r in requested]
    unknown = [r for r in wanted if r not in known]
    if unknown:
        raise SystemExit(f"bench/run: unknown benchmark {', '.join(unknown)} (known: {', '.join(known)})")
    return [k for k in known if not wanted or k in wanted]


@dataclass
class Timer:
    """Named sample lists, filled by `measure`: wall-clock milliseconds, and this process's CPU
    milliseconds (Python's own work, without waiting for PostgreSQL or for other processes)."""

    samples: dict[str, list[float]] = field(default_factory=dict)
    cpu_samples: dict[str, list[float]] = field(default_factory=dict)

    def measure(self, name: str, fn: Callable[[], Any]) -> Any:
        cpu = time.process_time()
        start = time.perf_counter()
        result = fn()
        elapsed_ms = (time.perf_counter() - start) * 1000
        self.cpu_samples.setdefault(name, []).append((time.process_time() - cpu) * 1000)
        self.samples.setdefault(name, []).append(elapsed_ms)
        return result


@dataclass
class Result:
    ratio: float
    median_ms: float
    p95_ms: float
    extra: dict[str, Any] = field(default_factory=dict)

    def line(self, bench_id: str) -> str:
        return bench_line(
            bench_id, {"ratio": self.ratio, "median_ms": self.median_ms, "p95_ms": self.p95_ms, **self.extra}
        )


def detail(text: str = "") -> None:
    print(text, flush=True)


# ---------------------------------------------------------------- Django side


def configure_environment() -> str:
    """Point Django at the benchmark database before it starts; returns a description of it."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangbo.settings")
    os.environ["DEBUG"] = "0"  # measure what production runs: no query log, no debug pages
    if os.environ.get("DATABASE_URL"):
        return "DATABASE_URL (as given)"
    name = os.environ.get("DANGBO_BENCH_DB_NAME", DEFAULT_DB_NAME)
    os.environ["DANGBO_DB_NAME"] = name
    return f"embedded PostgreSQL, database {name!r}"


@dataclass
class Context:
    """What every benchmark gets: a user with the office role on every root, a seeded RNG, options."""

    user: Any
    iterations: int
    explain: bool
    seed: int = SEED

    def rng(self, bench_id: str) -> random.Random:
        return random.Random(f"{self.seed}-{bench_id}")


def member_count() -> int:
    from dangbo.members.models import Member

    return Member.objects.count()


def build_dataset(replace: bool) -> None:
    """`dangbo demo --scale province` in a child process; prints its wall time and peak memory."""
    command = [sys.executable, str(REPO / "manage.py"), "demo", "--scale", "province"]
    if replace:
        command.append("--replace")
    detail(f"dataset: building with `dangbo {' '.join(command[2:])}` (several minutes) ...")
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, env=os.environ.copy())
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"bench/run: `dangbo demo --scale province` failed (exit {process.returncode})")
    peak_mb = usage.ru_maxrss / 1024  # kilobytes on Linux
    detail(f"DEMO scale=province seconds={seconds:.1f} peak_rss_mb={peak_mb:.0f}")


def ensure_dataset(build: bool) -> None:
    """Reuse the province dataset, or build it: into an empty database, or replacing a smaller dataset
    in the benchmarks' own embedded database (never in a database given by DATABASE_URL)."""
    from django.db import connection

    from dangbo.organizations.models import Organization

    count = member_count()
    if count >= PROVINCE_MIN_MEMBERS:
        detail(f"dataset: reusing {count:,} members")
    elif not build:
        detail(f"dataset: {count:,} members (--no-build: the province dataset is not built)")
    else:
        replace = Organization.objects.exists()
        if replace and os.environ.get("DATABASE_URL"):
            raise SystemExit(
                f"bench/run: the database at DATABASE_URL holds {count:,} members, fewer than the province "
                f"dataset ({PROVINCE_MIN_MEMBERS:,}+); give an empty database, or load it yourself with "
                "`dangbo demo --scale province --replace` (this deletes all its dangbo data)"
            )
        if replace:
            detail(f"dataset: {count:,} members only; replacing them with the province dataset")
        build_dataset(replace)
        count = member_count()
        if count < PROVINCE_MIN_MEMBERS:
            raise SystemExit(f"bench/run: after `dangbo demo --scale province` only {count:,} members")
        detail(f"dataset: {count:,} members")
    with connection.cursor() as cursor:
        # The steady state autovacuum keeps: fresh statistics, and a visibility map so that index-only
        # scans (counts) skip the heap. Right after a bulk load neither exists yet.
        cursor.execute("VACUUM (ANALYZE)")


def bench_user() -> Any:
    """The benchmark account: office role on every root organization (granted through the service)."""
    from dangbo.accounts.models import Role, RoleAssignment, User
    from dangbo.accounts.services import grant_role
    from dangbo.organizations.models import Organization

    user = User.objects.filter(username=BENCH_USERNAME).first()
    if user is None:
        user = User.objects.create_user(username=BENCH_USERNAME, first_name="Benchmark")
    held = set(
        RoleAssignment.objects.filter(user=user, role=Role.OFFICE, valid_to__isnull=True).values_list(
            "organization_id", flat=True
        )
    )
    for root in Organization.objects.filter(parent__isnull=True).order_by("established_on", "id"):
        if root.pk not in held:
            grant_role(
                user=user, role=Role.OFFICE, organization=root, valid_from=root.established_on, by=None
            )
    return user


@dataclass(frozen=True)
class Subtree:
    organization: Any
    members: int  # members (any status) in the organization's inclusive subtree

    @property
    def label(self) -> str:
        org = self.organization
        return f"{org.code} ({org.get_kind_display()}, depth {org.depth}, {self.members:,} members)"


def subtree_sizes() -> dict[int, int]:
    """Members in each organization's inclusive subtree, by organization id."""
    from django.db.models import Count

    from dangbo.members.models import Member
    from dangbo.organizations.models import Organization

    direct = dict(
        Member.objects.values("organization_id")
        .annotate(n=Count("id"))
        .values_list("organization_id", "n")
        .order_by()
    )
    sizes: dict[int, int] = {}
    for org_id, path in Organization.objects.values_list("id", "path"):
        for ancestor in (int(part) for part in path.split(".") if part):
            sizes[ancestor] = sizes.get(ancestor, 0) + direct.get(org_id, 0)
    return sizes


def pick_subtrees(rnd: random.Random, grassroots: int = 20, upper: int = 2) -> list[Subtree]:
    """Grassroots organizations of every size (stratified by member count) and upper-level ones:
    the largest (the whole province) and random others."""
    from dangbo.organizations.models import GRASSROOTS_KINDS, Kind, Organization

    sizes = subtree_sizes()
    active = Organization.objects.filter(dissolved_on__isnull=True).order_by("id")
    roots = sorted(
        (Subtree(o, sizes.get(o.pk, 0)) for o in active.filter(kind__in=GRASSROOTS_KINDS)),
        key=lambda s: (s.members, s.organization.pk),
    )
    roots = [s for s in roots if s.members]
    picked = stratified_sample(roots, grassroots, rnd)
    blocs = sorted(
        (Subtree(o, sizes.get(o.pk, 0)) for o in active.filter(kind=Kind.BLOC)),
        key=lambda s: (-s.members, s.organization.pk),
    )
    blocs = [s for s in blocs if s.members]
    if blocs and upper:
        picked.append(blocs[0])
        rest = blocs[1:]
        picked.extend(rnd.sample(rest, min(upper - 1, len(rest))))
    return picked


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/run", description="dangbo benchmarks (see bench/README.md)")
    modules = discover(path.name for path in BENCH_DIR.iterdir())
    parser.add_argument(
        "ids", nargs="*", metavar="ID", help=f"benchmarks to run (default: all): {', '.join(modules)}"
    )
    parser.add_argument("--iterations", type=int, default=30, help="timed runs per case (default 30)")
    parser.add_argument("--no-build", action="store_true", help="use the data as it is, build nothing")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of the slowest case")
    args = parser.parse_args(argv)
    ids = select_ids(args.ids, modules)

    database = configure_environment()
    import django

    django.setup()
    from django.core.management import call_command

    detail(f"database: {database}")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    detail(f"machine: {os.cpu_count()} CPUs, load average {load} (wall-clock timings; load inflates them)")
    call_command("migrate", verbosity=0)
    ensure_dataset(build=not args.no_build)
    if not member_count():
        raise SystemExit("bench/run: the benchmark database holds no members")
    context = Context(user=bench_user(), iterations=args.iterations, explain=args.explain)

    import importlib

    failed = False
    for bench_id in ids:
        module = importlib.import_module(modules[bench_id])
        detail()
        detail(f"== {bench_id}: {module.TITLE}")
        try:
            result = module.run(context)
        except Exception:
            traceback.print_exc()
            failed = True
            continue
        if result is not None:  # None: the module printed its own BENCH line
            detail(result.line(bench_id))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    detail(f"\nbench/run: peak memory of the runner {peak_mb:.0f} MB")
    return 1 if failed else 0


if __name__ == "__main__":
    # Run as the module `harness`, the one benchmark modules import: one `Result` class, not two.
    import harness

    sys.exit(harness.main())
