"""Importing members: created, updated, transferred or refused, all or nothing, within the user's scope."""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest import mock

from django.utils import timezone

from dangbo.imports import importers
from dangbo.imports.importers import Options, run_import
from dangbo.imports.parsing import Report
from dangbo.imports.tests.helpers import MEMBER_HEADER, member_row, members_xlsx, xls
from dangbo.lib import legacy
from dangbo.members.models import Member, Placement
from dangbo.testing import BaseTestCase


class MemberImportTestCase(BaseTestCase):
    def run_import(
        self,
        data: bytes,
        persona: str = "secretary_a",
        *,
        commit: bool = True,
        name: str = "ds.xlsx",
        **kw: Any,
    ) -> Report:
        user = self.world.users[persona]
        mapping = kw.pop("mapping", None)
        options = Options(user=user, by=user, scope=kw.pop("scope", None), commit=commit, filename=name)
        return run_import("members", data, name, options, mapping=mapping)


class CreatingMembersTests(MemberImportTestCase):
    def test_a_new_file_creates_members_with_their_first_placement(self) -> None:
        data = members_xlsx(
            member_row("M001", "  Đỗ   Văn  An ", "A1", card="20000001"),
            member_row("M002", "Vũ Thị Bích", "A2", gender="Nữ", official=None, admitted="05/06/2025"),
        )
        report = self.run_import(data)
        self.assertTrue(report.ok, report.messages())
        self.assertTrue(report.committed)
        self.assertEqual(report.counts["created"], 2)
        an = Member.objects.get(code="M001")
        self.assertEqual((an.full_name, an.given_name, an.card_number), ("Đỗ Văn An", "An", "20000001"))
        self.assertEqual(an.status, "full")
        self.assertEqual(an.placements.get().organization, self.world.cell_a1)
        bich = Member.objects.get(code="M002")
        self.assertEqual(
            (bich.gender, bich.status, bich.organization), ("female", "probationary", self.world.cell_a2)
        )

    def test_a_bad_row_names_sheet_row_column_and_value_and_nothing_is_saved(self) -> None:
        before = Member.objects.count()
        data = members_xlsx(
            member_row("M001", "Đỗ Văn An"),
            member_row("M002", "Vũ Thị Bích", gender="Nữ"),
            member_row("M003", "Lý Văn Cường", birth="31/02/1985"),
        )
        report = self.run_import(data)
        self.assertFalse(report.committed)
        self.assertIn(
            "Trang tính 'Danh sách', dòng 4, cột E (Ngày sinh): Ngày không hợp lệ: 31/02/1985",
            report.messages(),
        )
        self.assertEqual(report.problems[0].value, "31/02/1985")
        self.assertEqual(report.counts["refused"], 1)
        self.assertEqual(Member.objects.count(), before)

    def test_title_rows_above_the_header_are_skipped_and_row_numbers_stay_those_of_the_sheet(self) -> None:
        data = members_xlsx(
            member_row("M001", "Đỗ Văn An", gender="Không rõ"),
            before=[["DANH SÁCH ĐẢNG VIÊN"], ["Chi bộ Phòng Ngân sách"], []],
        )
        report = self.run_import(data, commit=False)
        self.assertEqual(report.header_row, 4)
        self.assertEqual(
            report.messages(),
            [
                "Trang tính 'Danh sách', dòng 5, cột D (Giới tính): Giới tính phải là “Nam” hoặc “Nữ”: Không rõ"
            ],
        )

    def test_the_member_services_rules_apply_with_their_columns(self) -> None:
        data = members_xlsx(
            member_row("M001", "Đỗ Văn An", birth="01/01/2000", admitted="01/01/2010"),
            member_row("M002", "Vũ Văn Bình", admitted="01/01/2012", official="01/01/2011"),
        )
        messages = self.run_import(data, commit=False).messages()
        self.assertTrue(
            any(
                m.startswith("Trang tính 'Danh sách', dòng 2, cột E (Ngày sinh)") and "R15" in m
                for m in messages
            )
        )
        self.assertTrue(
            any(
                m.startswith("Trang tính 'Danh sách', dòng 3, cột H (Ngày chính thức): Ngày chính thức")
                for m in messages
            )
        )

    def test_a_commit_refused_by_the_bulk_service_lists_every_bad_row_and_saves_nothing(self) -> None:
        before = Member.objects.count()
        data = members_xlsx(
            member_row("M001", "Đỗ Văn An"),
            member_row("M002", "Vũ Văn Bình", birth="01/01/2000", admitted="01/01/2010"),
            member_row("M003", "Lý Văn Cường", admitted="01/01/2012", official="01/01/2011"),
        )
        report = self.run_import(data, commit=True)
        self.assertFalse(report.committed)
        self.assertEqual([(p.row, p.column) for p in report.problems], [(3, "E"), (4, "H")])
        self.assertEqual(report.counts["refused"], 2)
        self.assertEqual(Member.objects.count(), before)

    def test_required_values_of_a_new_member_are_asked_for(self) -> None:
        data = members_xlsx(["M001", None, "Đỗ Văn An", "Nam", None, "A1", "02/03/2010", None, None])
        messages = self.run_import(data, commit=False).messages()
        self.assertIn("Trang tính 'Danh sách', dòng 2, cột E (Ngày sinh): Thiếu ngày sinh.", messages)

    def test_a_cell_that_does_not_hold_members_is_refused(self) -> None:
        messages = self.run_import(
            members_xlsx(member_row("M001", "Đỗ Văn An", "A")), commit=False
        ).messages()
        self.assertEqual(len(messages), 1)
        self.assertIn("cột F (Mã tổ chức)", messages[0])
        self.assertIn("chi bộ", messages[0])

    def test_a_national_id_held_by_someone_else_is_refused(self) -> None:
        header = [*MEMBER_HEADER, "Số CCCD"]
        data = members_xlsx([*member_row("M001", "Đỗ Văn An"), "001185000001"], header=header)
        messages = self.run_import(data, commit=False).messages()
        self.assertEqual(
            messages,
            [
                "Trang tính 'Danh sách', dòng 2, cột J (Số CCCD): Số CCCD “001185000001” đã thuộc về một đảng viên khác."
            ],
        )

    def test_duplicates_within_the_file_name_the_first_row_even_across_batches(self) -> None:
        data = members_xlsx(
            member_row("M001", "Đỗ Văn An", card="20000001"),
            member_row("M002", "Vũ Văn Bình", card="20000002"),
            member_row("M003", "Lý Văn Cường", card="20000001"),
            member_row("M001", "Hồ Văn Dũng", card="20000004"),
        )
        with mock.patch.object(importers, "BATCH", 2):
            messages = self.run_import(data, commit=False).messages()
        self.assertIn(
            "Trang tính 'Danh sách', dòng 4, cột B (Số thẻ đảng viên): Số thẻ đảng viên “20000001” trùng với dòng 2.",
            messages,
        )
        self.assertIn(
            "Trang tính 'Danh sách', dòng 5, cột A (Mã đảng viên): Mã đảng viên “M001” trùng với dòng 2.",
            messages,
        )

    def test_a_dry_run_writes_nothing(self) -> None:
        before = Member.objects.count()
        report = self.run_import(members_xlsx(member_row("M001", "Đỗ Văn An")), commit=False)
        self.assertTrue(report.ok)
        self.assertFalse(report.committed)
        self.assertEqual(report.counts["created"], 1)
        self.assertEqual(Member.objects.count(), before)

    def test_a_missing_required_column_is_reported_and_a_mapping_fixes_it(self) -> None:
        header = ["Mã đảng viên", "Số thẻ đảng viên", "Tên đầy đủ", *MEMBER_HEADER[3:]]
        data = members_xlsx(member_row("M001", "Đỗ Văn An"), header=header)
        report = self.run_import(data, commit=False)
        self.assertEqual(report.unmatched, [{"letter": "C", "header": "Tên đầy đủ"}])
        self.assertIn("thiếu cột “Họ và tên”", report.file_errors[0])
        report = self.run_import(data, mapping={"C": "full_name"})
        self.assertTrue(report.committed, report.messages())
        self.assertEqual(Member.objects.get(code="M001").full_name, "Đỗ Văn An")


class LegacyTextTests(MemberImportTestCase):
    def test_tcvn3_and_vni_cells_are_recognised_by_font_converted_and_listed(self) -> None:
        data = members_xlsx(
            member_row("M001", legacy.encode_vni("Nguyễn Văn Đức"), hometown="Uû ban nh©n d©n"),
            fonts={(2, 3): "VNI-Times", (2, 9): ".VnTime"},
        )
        report = self.run_import(data)
        self.assertTrue(report.committed, report.messages())
        member = Member.objects.get(code="M001")
        self.assertEqual(member.full_name, "Nguyễn Văn Đức")
        self.assertEqual(member.given_name, "Đức")
        self.assertEqual(member.hometown, "Uỷ ban nhân dân")
        self.assertEqual(
            [(c.column, c.encoding, c.original, c.converted) for c in report.conversions],
            [
                ("C", "VNI", "Nguyeãn Vaên Ñöùc", "Nguyễn Văn Đức"),
                ("I", "TCVN3 (ABC)", "Uû ban nh©n d©n", "Uỷ ban nhân dân"),
            ],
        )

    def test_the_same_text_in_an_ordinary_font_is_kept_as_typed(self) -> None:
        data = members_xlsx(member_row("M001", "Đỗ Văn An", hometown="Uû ban nh©n d©n"))
        report = self.run_import(data)
        self.assertEqual(report.conversions_total, 0)
        self.assertEqual(Member.objects.get(code="M001").hometown, "Uû ban nh©n d©n")

    def test_an_xls_file_with_a_vntime_cell_imports_like_an_xlsx(self) -> None:
        data = xls(
            [MEMBER_HEADER, member_row("M001", "Hoµng V¨n Th¸i", card=20000001)], fonts={(2, 3): ".VnTime"}
        )
        report = self.run_import(data, name="ds.xls")
        self.assertTrue(report.committed, report.messages())
        member = Member.objects.get(code="M001")
        self.assertEqual((member.full_name, member.card_number), ("Hoàng Văn Thái", "20000001"))

    def test_a_csv_file_imports(self) -> None:
        text = ";".join(MEMBER_HEADER) + "\nM001;;Đỗ Văn An;Nam;1985;A1;02/03/2010;;\n"
        report = self.run_import(text.encode("utf-8-sig"), name="ds.csv")
        self.assertTrue(report.committed, report.messages())
        self.assertEqual(Member.objects.get(code="M001").birth_date, dt.date(1985, 1, 1))


class ReimportTests(MemberImportTestCase):
    def test_reimporting_the_same_file_updates_and_never_duplicates(self) -> None:
        first = members_xlsx(
            member_row("M001", "Đỗ Văn An", hometown="Hà Nội"), member_row("M002", "Vũ Văn Bình")
        )
        self.assertTrue(self.run_import(first).committed)
        count = Member.objects.count()
        again = self.run_import(first)
        self.assertEqual(
            again.counts, {"created": 0, "updated": 0, "transferred": 0, "unchanged": 2, "refused": 0}
        )
        changed = members_xlsx(
            member_row("M001", "Đỗ Văn An", hometown="Hải Phòng"), member_row("M002", "Vũ Văn Bình")
        )
        report = self.run_import(changed)
        self.assertEqual(report.counts["updated"], 1)
        self.assertEqual(report.samples["updated"], ["Dòng 2: Đỗ Văn An — Quê quán"])
        self.assertEqual(Member.objects.count(), count)
        self.assertEqual(Member.objects.get(code="M001").hometown, "Hải Phòng")

    def test_an_existing_member_is_found_by_card_number_and_empty_cells_keep_their_values(self) -> None:
        member = self.world.member_a1  # card 10000001, national ID on record
        data = members_xlsx(["D-001", "10000001", "Nguyễn Thị Đào", "Nữ", None, "A1", None, None, "Nam Định"])
        report = self.run_import(data)
        self.assertTrue(report.committed, report.messages())
        member.refresh_from_db()
        self.assertEqual(
            (member.code, member.hometown, member.national_id), ("D-001", "Nam Định", "001185000001")
        )
        self.assertEqual(member.birth_date, dt.date(1985, 5, 17))

    def test_a_row_without_code_or_card_is_matched_by_name_and_birth_date(self) -> None:
        data = members_xlsx(
            [None, None, "Trần Văn Bình", "Nam", "17/05/1985", "A2", "02/03/2010", None, "Huế"]
        )
        report = self.run_import(data)
        self.assertEqual(report.counts["updated"], 1, report.messages())
        self.assertEqual(
            self.world.member_a2.__class__.objects.get(pk=self.world.member_a2.pk).hometown, "Huế"
        )

    def test_a_member_moved_to_another_cell_in_the_file_is_transferred(self) -> None:
        member = self.world.member_a1
        data = members_xlsx([None, "10000001", "Nguyễn Thị Đào", "Nữ", None, "A2", None, None, None])
        report = self.run_import(data, name="chuyen.xlsx")
        self.assertEqual(report.counts["transferred"], 1, report.messages())
        self.assertEqual(report.samples["transferred"], ["Dòng 2: Nguyễn Thị Đào — A1 → A2"])
        member.refresh_from_db()
        self.assertEqual(member.organization, self.world.cell_a2)
        today = timezone.localdate()
        placements = list(Placement.objects.filter(member=member).order_by("started_on", "id"))
        self.assertEqual(
            [(p.organization.code, p.ended_on) for p in placements], [("A1", today), ("A2", None)]
        )
        self.assertEqual(placements[-1].started_on, today)
        self.assertEqual(placements[-1].note, "Nhập từ tệp “chuyen.xlsx”")

    def test_a_probationary_member_given_an_official_date_becomes_full(self) -> None:
        self.run_import(members_xlsx(member_row("M001", "Đỗ Văn An", admitted="05/06/2024", official=None)))
        self.assertEqual(Member.objects.get(code="M001").status, "probationary")
        self.run_import(
            members_xlsx(member_row("M001", "Đỗ Văn An", admitted="05/06/2024", official="05/06/2025"))
        )
        self.assertEqual(Member.objects.get(code="M001").status, "full")


class ScopeTests(MemberImportTestCase):
    def test_secretary_b_cannot_import_into_a(self) -> None:
        before = Member.objects.count()
        data = members_xlsx(member_row("M001", "Đỗ Văn An", "A1"), member_row("M002", "Vũ Văn Bình", "B1"))
        report = self.run_import(data, "secretary_b")
        self.assertEqual(
            report.messages(),
            [
                "Trang tính 'Danh sách', dòng 2, cột F (Mã tổ chức): Không tìm thấy tổ chức mã “A1” trong phạm vi của bạn."
            ],
        )
        self.assertEqual(Member.objects.count(), before)

    def test_secretary_b_cannot_change_or_move_a_member_of_a(self) -> None:
        data = members_xlsx([None, "10000001", "Nguyễn Thị Đào", "Nữ", None, "B1", None, None, "Huế"])
        messages = self.run_import(data, "secretary_b").messages()
        self.assertEqual(
            messages,
            [
                "Trang tính 'Danh sách', dòng 2, cột B (Số thẻ đảng viên): Đảng viên này đang sinh hoạt ở tổ chức ngoài phạm vi của bạn."
            ],
        )

    def test_the_organization_option_narrows_the_scope(self) -> None:
        data = members_xlsx(member_row("M001", "Đỗ Văn An", "A1"))
        report = self.run_import(data, "office_staff", scope=self.world.org_b)
        self.assertIn("Không tìm thấy tổ chức mã “A1” trong phạm vi của bạn.", report.messages()[0])

    def test_a_clerk_cannot_write_sensitive_columns(self) -> None:
        header = [*MEMBER_HEADER, "Dân tộc"]
        data = members_xlsx([*member_row("M001", "Đỗ Văn An", "A1"), "Kinh"], header=header)
        messages = self.run_import(data, "clerk_a1").messages()
        self.assertEqual(
            messages,
            [
                "Trang tính 'Danh sách', dòng 2, cột J (Dân tộc): Bạn không có quyền ghi thông tin nhạy cảm này của đảng viên."
            ],
        )
