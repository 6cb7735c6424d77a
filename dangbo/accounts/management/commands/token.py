"""`dangbo token USERNAME [--name NAME]`: issue an API token and print only its key (for scripts)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangbo.accounts.models import User
from dangbo.accounts.services import issue_token

NAME_MAX_LENGTH = 100  # ApiToken.name


class Command(BaseCommand):
    help = "Cấp một mã truy cập API mới cho người dùng và in mã ra (chỉ hiện một lần)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="Tên đăng nhập của người dùng.")
        parser.add_argument("--name", default="", help="Tên gợi nhớ của mã, ví dụ tên máy hoặc ứng dụng.")

    def handle(self, *args: Any, username: str, name: str, **options: Any) -> None:
        if len(name) > NAME_MAX_LENGTH:
            raise CommandError(f"Tên của mã dài quá {NAME_MAX_LENGTH} ký tự.")
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không tìm thấy người dùng “{username}”.")
        if not user.is_active:
            raise CommandError(f"Người dùng “{username}” đã bị khóa, không thể cấp mã truy cập API.")
        self.stdout.write(issue_token(user=user, name=name, by=None))
