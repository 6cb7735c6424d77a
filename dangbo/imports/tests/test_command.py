"""`dangbo import organizations|members FILE`: the same checks and messages as the web import."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from django.core.management import CommandError, call_command

from dangbo.imports.tests.helpers import member_row, members_xlsx, xlsx
from dangbo.members.models import Member
from dangbo.organizations.models import Organization
from dangbo.testing import BaseTestCase


class ImportCommandTests(BaseTestCase):
    def call(self, *args: str, data: bytes, name: str = "ds.xlsx") -> tuple[str, str, CommandError | None]:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / name
            path.write_bytes(data)
            out, err = io.StringIO(), io.StringIO()
            try:
                call_command("import", *args[:1], str(path), *args[1:], stdout=out, stderr=err)
            except CommandError as error:
                return out.getvalue(), err.getvalue(), error
            return out.getvalue(), err.getvalue(), None

    def test_a_refused_row_exits_non_zero_with_the_vietnamese_message_and_writes_nothing(self) -> None:
        before = Member.objects.count()
        data = members_xlsx(
            member_row("M001", "Đỗ Văn An"), member_row("M002", "Vũ Văn Bình", birth="31/02/1985")
        )
        out, err, error = self.call("members", data=data)
        self.assertIsNotNone(error)
        self.assertEqual(error.returncode, 1)  # type: ignore[union-attr]
        self.assertIn("Trang tính 'Danh sách', dòng 3, cột E (Ngày sinh): Ngày không hợp lệ: 31/02/1985", err)
        self.assertIn("từ chối 1 dòng", out)
        self.assertEqual(Member.objects.count(), before)

    def test_dry_run_checks_and_writes_nothing(self) -> None:
        before = Member.objects.count()
        out, _, error = self.call("members", "--dry-run", data=members_xlsx(member_row("M001", "Đỗ Văn An")))
        self.assertIsNone(error)
        self.assertIn("Sẽ tạo mới 1", out)
        self.assertIn("--dry-run", out)
        self.assertEqual(Member.objects.count(), before)

    def test_without_user_it_imports_anywhere_and_reports_what_it_did(self) -> None:
        out, _, error = self.call("members", data=members_xlsx(member_row("M001", "Đỗ Văn An", "B1")))
        self.assertIsNone(error)
        self.assertIn("Đã tạo mới 1", out)
        self.assertEqual(Member.objects.get(code="M001").organization, self.world.cell_b1)

    def test_with_a_user_it_has_that_users_scope(self) -> None:
        data = members_xlsx(member_row("M001", "Đỗ Văn An", "B1"))
        _, err, error = self.call("members", "--user", "secretary_a", data=data)
        self.assertIsNotNone(error)
        self.assertIn("Không tìm thấy tổ chức mã “B1” trong phạm vi của bạn.", err)

    def test_the_organization_option_must_be_in_scope_and_limits_the_import(self) -> None:
        _, _, error = self.call("members", "--user", "secretary_a", "--organization", "B", data=b"x")
        self.assertIn("Không tìm thấy tổ chức mã “B”", str(error))
        data = members_xlsx(member_row("M001", "Đỗ Văn An", "A2"))
        _, err, error = self.call("members", "--organization", "A1", data=data)
        self.assertIn("Không tìm thấy tổ chức mã “A2” trong phạm vi của bạn.", err)

    def test_organizations_import_from_the_command_line(self) -> None:
        header = [
            "Mã tổ chức",
            "Tên tổ chức",
            "Loại",
            "Mã tổ chức cấp trên",
            "Khối/Lĩnh vực",
            "Ngày thành lập",
        ]
        data = xlsx([header, ["A3", "Chi bộ Thanh tra", "Chi bộ trực thuộc", "A", "Cơ quan", "01/02/2020"]])
        out, _, error = self.call("organizations", data=data)
        self.assertIsNone(error, out)
        self.assertEqual(Organization.objects.get(code="A3").parent, self.world.org_a)

    def test_a_hostile_file_is_refused_with_its_reason(self) -> None:
        _, err, error = self.call("members", data=b"MZ" + b"\x00" * 64)
        self.assertIsNotNone(error)
        self.assertIn("sai chữ ký tệp", err)

    def test_legacy_conversions_are_printed_for_review(self) -> None:
        data = members_xlsx(member_row("M001", "Hoµng V¨n Th¸i"), fonts={(2, 3): ".VnTime"})
        out, _, error = self.call("members", "--dry-run", data=data)
        self.assertIsNone(error)
        self.assertIn("cột C (Họ và tên): chuyển từ TCVN3 (ABC): “Hoµng V¨n Th¸i” → “Hoàng Văn Thái”", out)
