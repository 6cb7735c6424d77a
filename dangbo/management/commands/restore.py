"""`dangbo restore DIR [--database NAME]`: pg_restore into an empty database, then check the manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from dangbo import backups
from dangbo.lib import vn


class Command(BaseCommand):
    help = (
        "Khôi phục một bản sao lưu của `dangbo backup` vào một cơ sở dữ liệu trống, rồi đối chiếu từng bảng "
        "với biên bản (số dòng, mã kiểm tra). Mặc định khôi phục vào cơ sở dữ liệu đang cấu hình (phải trống: "
        "đừng chạy `dangbo migrate` trước); --database TÊN khôi phục vào cơ sở dữ liệu TÊN trên cùng máy chủ "
        "(tạo mới nếu chưa có). Lệnh từ chối nếu cơ sở dữ liệu đích đã có bảng, và trả mã lỗi nếu có bảng "
        "không khớp."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="Thư mục bản sao lưu (chứa manifest.json và dump/).")
        parser.add_argument("--database", help="Tên cơ sở dữ liệu đích trên cùng máy chủ.")
        parser.add_argument(
            "--jobs", type=int, default=2, help="Số tiến trình pg_restore song song (mặc định 2)."
        )

    def handle(self, *args: Any, folder: Path, database: str | None, jobs: int, **options: Any) -> None:
        configured = backups.Database.from_settings(connection.settings_dict)
        target = configured.other(database) if database else configured
        try:
            if database and backups.ensure_database(target, via=configured):
                self.stdout.write(f"Đã tạo cơ sở dữ liệu trống “{target.name}”.")
            restored = backups.restore(folder.resolve(), database=target, jobs=jobs)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        if restored.mismatches:
            for problem in restored.mismatches:
                self.stderr.write(problem)
            raise CommandError(
                f"Đã khôi phục vào “{target.name}” nhưng {len(restored.mismatches)} bảng không khớp biên bản."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Khôi phục thành công: {vn.format_number(restored.tables)} bảng, "
                f"{vn.format_number(restored.rows)} dòng, khớp biên bản."
            )
        )
        self.stdout.write(f"Cơ sở dữ liệu: {target.name}")
