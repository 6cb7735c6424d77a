"""`dangbo import organizations|members|assessments FILE`: the web import from the command line.

Without --user the command acts for the whole tree, like a superuser, and the history records no user;
with --user USERNAME it has exactly that user's scope and the history names them. --organization CODE
limits the import to that organization's subtree. --dry-run checks every row and writes nothing. The
messages are those of the web preview; any refused row exits with status 1 and nothing is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangbo.accounts import policy
from dangbo.accounts.models import User
from dangbo.imports.importers import SYSTEM, Options, run_import
from dangbo.imports.services import CHANGE_ACTIONS, limits
from dangbo.organizations.models import Organization

MAX_PRINTED = 200


class Command(BaseCommand):
    help = (
        "Nhập tổ chức đảng, đảng viên hoặc kết quả xếp loại các năm trước từ tệp .xlsx, .xls hoặc .csv "
        "(theo mẫu trong docs/templates)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "kind",
            choices=["organizations", "members", "assessments"],
            help="loại dữ liệu (assessments: kết quả xếp loại các năm trước)",
        )
        parser.add_argument("file", help="tệp .xlsx, .xls hoặc .csv")
        parser.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi gì")
        parser.add_argument("--organization", metavar="CODE", help="chỉ trong phạm vi tổ chức có mã này")
        parser.add_argument("--user", metavar="USERNAME", help="nhập với phạm vi và tên của người dùng này")

    def handle(self, *args: Any, **options: Any) -> None:
        kind, path = options["kind"], Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Không đọc được tệp {path}: {error.strerror}") from error
        user: Any = SYSTEM
        by = None
        if options["user"]:
            by = User.objects.filter(username=options["user"], is_active=True).first()
            if by is None:
                raise CommandError(f"Không có người dùng “{options['user']}”.")
            user = by
        scope = None
        if options["organization"]:
            scope = Organization.objects.filter(code=options["organization"]).first()
            if scope is None or not policy.can(user, CHANGE_ACTIONS[kind], scope):
                raise CommandError(
                    f"Không tìm thấy tổ chức mã “{options['organization']}” trong phạm vi của bạn."
                )
        report = run_import(
            kind,
            data,
            path.name,
            Options(user=user, by=by, scope=scope, commit=not options["dry_run"], filename=path.name),
            limits=limits(),
        )
        for conversion in report.conversions[:MAX_PRINTED]:
            self.stdout.write(
                f"Trang tính '{conversion.sheet}', dòng {conversion.row}, cột {conversion.column} "
                f"({conversion.label}): chuyển từ {conversion.encoding}: “{conversion.original}” → "
                f"“{conversion.converted}”"
            )
        if report.conversions_total > MAX_PRINTED:
            self.stdout.write(f"… và {report.conversions_total - MAX_PRINTED} ô khác được chuyển mã.")
        for column in report.unmatched:
            self.stdout.write(f"Bỏ qua cột {column['letter']} (“{column['header']}”): không nhận ra tên cột.")
        messages = report.messages()
        for message in messages:
            self.stderr.write(message)
        if report.problems_total > len(report.problems):
            self.stderr.write(f"… và {report.problems_total - len(report.problems)} lỗi khác.")
        self.stdout.write(report.summary())
        if not report.ok:
            raise CommandError("Không ghi dữ liệu nào: hãy sửa các lỗi trên rồi nhập lại.")
        if options["dry_run"]:
            self.stdout.write("Chạy thử (--dry-run): không ghi dữ liệu nào.")
