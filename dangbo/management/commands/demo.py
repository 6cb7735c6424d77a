"""`dangbo demo`: load the demo dataset (dangbo/demo.py) into the configured database."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from dangbo import demo
from dangbo.lib import vn
from dangbo.organizations.models import Organization


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu mẫu (tỉnh giả định Lam Hồng): một Đảng bộ Khối các cơ quan tỉnh với khoảng 80 tổ chức "
        "cơ sở đảng, 350 chi bộ, 6.000 đảng viên, lịch sử 2013–2025 và một tài khoản mẫu cho mỗi vai trò "
        f"(mật khẩu chung “{demo.PASSWORD}”). Cùng seed cho cùng dữ liệu. Nếu cơ sở dữ liệu đã có tổ chức, "
        "lệnh chỉ in danh sách tài khoản và thoát; --replace xóa TOÀN BỘ dữ liệu dangbo (tổ chức, đảng viên, "
        "lịch sử, người dùng) rồi nạp lại. Mỗi bước ghi ngay vào cơ sở dữ liệu; nếu lệnh dừng giữa chừng, "
        "chạy lại với --replace. --scale province tạo khoảng 2.000 tổ chức cơ sở đảng và 150.000 "
        "đảng viên để đo hiệu năng."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed", type=int, default=demo.DEFAULT_SEED, help=f"Seed (mặc định {demo.DEFAULT_SEED})."
        )
        parser.add_argument(
            "--scale",
            choices=demo.SCALES,
            default="bloc",
            help="bloc: một đảng bộ khối (mặc định); province: cả tỉnh, để đo hiệu năng.",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Xóa toàn bộ dữ liệu dangbo và người dùng hiện có rồi nạp lại dữ liệu mẫu.",
        )

    def handle(self, *args: Any, seed: int, scale: str, replace: bool, **options: Any) -> None:
        if Organization.objects.exists() and not replace:
            if demo.is_complete():
                self.stdout.write(
                    "Cơ sở dữ liệu đã có dữ liệu mẫu; không nạp lại (--replace để xóa và nạp lại)."
                )
            else:
                self.stdout.write(
                    "Cơ sở dữ liệu đã có dữ liệu nhưng thiếu tài khoản mẫu (dữ liệu khác, hoặc lần nạp trước "
                    "bị gián đoạn); không nạp lại (--replace để xóa và nạp lại)."
                )
            self.print_accounts(demo.demo_accounts())
            return
        started = time.monotonic()
        if replace:
            self.stdout.write("Xóa dữ liệu hiện có...")
            with transaction.atomic():
                demo.wipe()
        try:
            summary = demo.build(seed=seed, scale=scale, progress=self.stdout.write)
        except Exception as exc:
            raise CommandError(
                f"Nạp dữ liệu mẫu thất bại: {exc}. Dữ liệu mới nạp một phần; chạy lại với --replace."
            ) from exc
        summary.seconds = time.monotonic() - started  # including the wipe
        summary.peak_memory_mb = demo.peak_memory_mb()
        self.print_summary(summary)
        self.print_accounts(summary.accounts)

    def print_summary(self, summary: demo.Summary) -> None:
        self.stdout.write(
            self.style.SUCCESS(f"Đã nạp dữ liệu mẫu (seed {summary.seed}, quy mô {summary.scale}).")
        )
        for label, count in summary.organizations.items():
            self.stdout.write(f"  {label}: {vn.format_number(count)}")
        self.stdout.write(f"  Tổ chức đã giải thể (lịch sử): {vn.format_number(summary.dissolved)}")
        members = ", ".join(f"{label} {vn.format_number(n)}" for label, n in summary.members.items())
        self.stdout.write(f"  Đảng viên: {vn.format_number(sum(summary.members.values()))} ({members})")
        events = ", ".join(f"{label} {n}" for label, n in summary.events.items() if n)
        self.stdout.write(f"  Sự kiện tổ chức: {events}")
        self.stdout.write(f"  Lượt chuyển sinh hoạt: {vn.format_number(summary.placement_changes)}")
        self.stdout.write(
            f"  Thời gian (cả xóa dữ liệu cũ): {vn.format_number(summary.seconds, 1)} giây; "
            f"bộ nhớ tối đa: {vn.format_number(summary.peak_memory_mb)} MB"
        )

    def print_accounts(self, accounts: list[demo.Account]) -> None:
        if not accounts:
            self.stdout.write("Không có tài khoản mẫu.")
            return
        rows = [("Tài khoản", "Vai trò", "Tổ chức", "Mã", "Mật khẩu")]
        rows += [(a.username, a.role, a.organization, a.code, a.password) for a in accounts]
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for number, row in enumerate(rows):
            self.stdout.write(
                "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            )
            if number == 0:
                self.stdout.write("  ".join("-" * width for width in widths))
