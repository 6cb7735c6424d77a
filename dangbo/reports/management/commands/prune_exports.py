from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from dangbo.reports import services


class Command(BaseCommand):
    help = "Xóa các tệp xuất dữ liệu đã hết hạn."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = services.delete_expired_exports()
        self.stdout.write(f"Đã xóa {deleted} tệp xuất dữ liệu hết hạn.")
