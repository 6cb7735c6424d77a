"""`dangbo backup [--output DIR]`: pg_dump (directory format) plus a manifest of table checksums."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from dangbo import backups
from dangbo.lib import vn


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu đang dùng (máy chủ PostgreSQL kèm theo hoặc DATABASE_URL) bằng pg_dump dạng "
        "thư mục, kèm biên bản manifest.json ghi số dòng và mã kiểm tra của từng bảng. Mặc định lưu vào "
        "backups/dangbo-NĂMTHÁNGNGÀY-GIỜPHÚTGIÂY/ trong thư mục dữ liệu (.data/ hoặc DANGBO_DATA_DIR)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, help="Thư mục chứa bản sao lưu (chưa có, hoặc trống).")
        parser.add_argument(
            "--jobs", type=int, default=2, help="Số tiến trình pg_dump song song (mặc định 2)."
        )

    def handle(self, *args: Any, output: Path | None, jobs: int, **options: Any) -> None:
        folder = (output or backups.default_folder()).resolve()
        database = backups.Database.from_settings(connection.settings_dict)
        try:
            manifest = backups.backup(folder, database=database, jobs=jobs)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        tables = manifest["tables"]
        rows = sum(table["rows"] for table in tables.values())
        megabytes = backups.folder_size(folder) / 1024 / 1024
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã sao lưu cơ sở dữ liệu “{database.name}” (PostgreSQL {manifest['server_version']}): "
                f"{vn.format_number(len(tables))} bảng, {vn.format_number(rows)} dòng, "
                f"{vn.format_number(megabytes, 1)} MB."
            )
        )
        self.stdout.write(f"Thư mục: {folder}")
