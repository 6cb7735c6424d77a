"""Backups: the demo data (bloc scale) is committed, backed up with `dangbo backup`, restored with
`dangbo restore` into new databases on the same server, and checked against the manifest."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from psycopg import sql

from dangbo import backups, demo
from dangbo.members.models import Member

pytestmark = pytest.mark.django_db


@dataclass
class Backup:
    folder: Path
    manifest: dict[str, Any]
    output: str
    configured: backups.Database
    scratch: list[str]  # databases the tests create, dropped at the end

    def database(self, suffix: str) -> backups.Database:
        name = f"{self.configured.name}_{suffix}"  # distinct per test database: parallel runs do not collide
        self.scratch.append(name)
        return self.configured.other(name)


@pytest.fixture(scope="module")
def backup(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Backup]:
    """The demo data, committed (pg_dump reads only committed rows) and backed up once for the module."""
    with django_db_blocker.unblock():
        demo.build(seed=demo.DEFAULT_SEED, scale="bloc")
        configured = backups.Database.from_settings(connection.settings_dict)
        state = Backup(tmp_path_factory.mktemp("backups") / "nightly", {}, "", configured, [])
        try:
            out = io.StringIO()
            call_command("backup", output=state.folder, stdout=out)
            state.output = out.getvalue()
            state.manifest = json.loads((state.folder / backups.MANIFEST).read_text(encoding="utf-8"))
            yield state
        finally:
            with configured.connect(autocommit=True) as conn:
                for name in state.scratch:
                    conn.execute(
                        sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                    )
            with transaction.atomic():
                demo.wipe()


@pytest.fixture(scope="module")
def restored(backup: Backup, django_db_blocker: Any) -> tuple[backups.Database, str]:
    """The backup restored by the command into a new database."""
    target = backup.database("restored")
    out = io.StringIO()
    with django_db_blocker.unblock():
        call_command("restore", str(backup.folder), database=target.name, stdout=out)
    return target, out.getvalue()


def _copy(backup: Backup, destination: Path) -> Path:
    shutil.copytree(backup.folder, destination)
    return destination


def test_backup_writes_a_directory_dump_and_a_manifest_of_every_table(backup: Backup) -> None:
    manifest = backup.manifest
    assert (backup.folder / "dump" / "toc.dat").is_file()
    assert manifest["database"] == connection.settings_dict["NAME"]
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        assert manifest["server_version"] == cursor.fetchone()[0]
    assert manifest["dangbo_version"] and manifest["pg_dump_version"].startswith("pg_dump (PostgreSQL)")
    tables = manifest["tables"]
    assert tables["members_member"]["rows"] == Member.objects.count() > 5000
    # History tables written by the triggers and Django's own tables are in the manifest too.
    assert tables["members_memberevent"]["rows"] > 0 and tables["pghistory_context"]["rows"] > 0
    assert tables["django_migrations"]["rows"] > 0 and "django_session" in tables
    assert all(len(table["checksum"]) == 32 for table in tables.values())
    rows = sum(table["rows"] for table in tables.values())
    assert f"{len(tables)} bảng" in backup.output and f"{rows:,}".replace(",", ".") + " dòng" in backup.output
    assert str(backup.folder) in backup.output


def test_restore_into_a_new_database_matches_the_manifest(
    backup: Backup, restored: tuple[backups.Database, str]
) -> None:
    target, output = restored
    tables = backup.manifest["tables"]
    rows = f"{sum(t['rows'] for t in tables.values()):,}".replace(",", ".")
    assert f"Khôi phục thành công: {len(tables)} bảng, {rows} dòng, khớp biên bản." in output
    with target.connect() as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        assert backups.table_states(conn) == tables
        assert conn.execute("SELECT count(*) FROM members_member").fetchone() == (Member.objects.count(),)


def test_a_changed_or_deleted_row_in_the_restored_database_does_not_match(
    backup: Backup, restored: tuple[backups.Database, str]
) -> None:
    target, _ = restored
    with target.connect() as conn:  # changes rolled back at the end: the restored database stays intact
        conn.execute(
            "UPDATE members_member SET phone = '0912345678' WHERE id = (SELECT min(id) FROM members_member)"
        )
        conn.execute("DELETE FROM django_content_type WHERE id = (SELECT max(id) FROM django_content_type)")
        problems = backups.compare(backup.manifest["tables"], backups.table_states(conn))
        conn.rollback()
    count = backup.manifest["tables"]["members_member"]["rows"]
    assert f"Bảng members_member: cùng {count} dòng nhưng nội dung khác (mã kiểm tra không khớp)." in problems
    # The change also wrote a history row through the trigger.
    assert any(problem.startswith("Bảng members_memberevent: biên bản ghi") for problem in problems)
    content_types = backup.manifest["tables"]["django_content_type"]["rows"]
    assert (
        f"Bảng django_content_type: biên bản ghi {content_types} dòng, cơ sở dữ liệu có {content_types - 1} dòng."
        in problems
    )
    assert backups.verify(backup.manifest, target) == []


def test_restore_reports_tables_that_do_not_match_a_tampered_manifest_and_fails(
    backup: Backup, tmp_path: Path
) -> None:
    folder = _copy(backup, tmp_path / "tampered")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["tables"]["organizations_organization"]["rows"] += 1
    manifest["tables"]["accounts_user"]["checksum"] = "0" * 32
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    target = backup.database("tampered")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="2 bảng không khớp biên bản"):
        call_command("restore", str(folder), database=target.name, stdout=out, stderr=err)
    users = manifest["tables"]["accounts_user"]["rows"]
    assert f"Bảng accounts_user: cùng {users} dòng nhưng nội dung khác" in err.getvalue()
    assert "Bảng organizations_organization: biên bản ghi" in err.getvalue()
    assert "Khôi phục thành công" not in out.getvalue()


def test_restore_refuses_a_database_that_already_has_tables(backup: Backup) -> None:
    name = connection.settings_dict["NAME"]
    with pytest.raises(CommandError, match=f"Cơ sở dữ liệu “{name}” không trống"):
        call_command("restore", str(backup.folder), stdout=io.StringIO())
    assert Member.objects.count() == backup.manifest["tables"]["members_member"]["rows"]


def test_restore_refuses_a_dump_file_changed_after_the_backup(backup: Backup, tmp_path: Path) -> None:
    folder = _copy(backup, tmp_path / "damaged")
    damaged = next((folder / "dump").glob("*.dat.gz"))
    damaged.write_bytes(damaged.read_bytes() + b"\0")
    with pytest.raises(CommandError, match=f"Tệp dump/{damaged.name} đã bị thay đổi"):
        call_command("restore", str(folder), database=backup.database("damaged").name, stdout=io.StringIO())


def test_restore_refuses_a_folder_without_a_manifest(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Không thấy manifest.json"):
        call_command("restore", str(tmp_path), stdout=io.StringIO())


def test_backup_refuses_a_folder_that_is_not_empty(backup: Backup) -> None:
    with pytest.raises(CommandError, match="đã có nội dung"):
        call_command("backup", output=backup.folder, stdout=io.StringIO())
    assert (backup.folder / "manifest.json").is_file()


def test_only_the_transaction_timeout_error_of_servers_before_17_is_forgiven() -> None:
    # What pg_restore 18 prints against a PostgreSQL 15 server, once per connection.
    harmless = (
        "pg_restore: error: could not execute query: ERROR:  unrecognized configuration parameter "
        '"transaction_timeout"\nCommand was: SET transaction_timeout = 0;\n'
    )
    assert backups.restore_errors(harmless * 3 + "pg_restore: warning: errors ignored on restore: 3\n") == []
    real = (
        "pg_restore: error: could not execute query: ERROR:  permission denied for schema public\n"
        "Command was: CREATE TABLE public.members_member (\n"
    )
    errors = backups.restore_errors(harmless + real + "pg_restore: warning: errors ignored on restore: 2\n")
    assert errors == [real.splitlines()[0] + "\n" + real.splitlines()[1]]
    fatal = 'pg_restore: error: connection to server on socket "/tmp/.s.PGSQL.5432" failed\n'
    assert backups.restore_errors(fatal) == [fatal.strip()]
