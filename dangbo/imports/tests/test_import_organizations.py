"""Importing organizations: a tree in any row order, re-import as rename/move events, scope, tree rules."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from dangbo.imports.importers import Options, run_import
from dangbo.imports.parsing import Report
from dangbo.imports.tests.helpers import xlsx
from dangbo.organizations.models import EventKind, Organization, OrganizationEvent
from dangbo.testing import BaseTestCase

HEADER = ["Mã tổ chức", "Tên tổ chức", "Loại", "Mã tổ chức cấp trên", "Khối/Lĩnh vực", "Ngày thành lập"]


def orgs_xlsx(*rows: list[Any]) -> bytes:
    return xlsx([HEADER, *rows], sheet="Tổ chức")


class OrganizationImportTests(BaseTestCase):
    def run_import(
        self, data: bytes, persona: str = "office_staff", *, commit: bool = True, **kw: Any
    ) -> Report:
        user = self.world.users[persona]
        options = Options(user=user, by=user, scope=kw.get("scope"), commit=commit, filename="tc.xlsx")
        return run_import("organizations", data, "tc.xlsx", options)

    def test_a_tree_is_created_whatever_the_order_of_its_rows(self) -> None:
        data = orgs_xlsx(
            ["C1", "Chi bộ Phòng Kế toán", "Chi bộ trực thuộc", "C", "Doanh nghiệp", "01/02/2015"],
            ["C", "Đảng bộ Công ty Điện lực", "Đảng bộ cơ sở", "DUK", "Doanh nghiệp", "2015"],
            ["C2", "Chi bộ Phân xưởng", "chi bo truc thuoc", "C", None, "01/03/2015"],
        )
        report = self.run_import(data)
        self.assertTrue(report.committed, report.messages())
        self.assertEqual(report.counts["created"], 3)
        company = Organization.objects.get(code="C")
        self.assertEqual(
            (company.parent, company.kind, company.sector), (self.world.bloc, "base_committee", "enterprise")
        )
        self.assertEqual(set(company.children.values_list("code", flat=True)), {"C1", "C2"})
        self.assertEqual(Organization.objects.get(code="C2").sector, "other")

    def test_reimport_records_renames_and_moves_and_never_duplicates(self) -> None:
        data = orgs_xlsx(
            ["A1", "Chi bộ Phòng Ngân sách Nhà nước", "Chi bộ trực thuộc", "A", "Cơ quan", "01/01/2010"],
            ["A2", "Chi bộ Văn phòng Sở Tài chính", "Chi bộ trực thuộc", "B", "Cơ quan", "01/01/2010"],
            ["A", "Đảng bộ Sở Tài chính", "Đảng bộ cơ sở", "DUK", "Cơ quan", "01/01/2010"],
        )
        count = Organization.objects.count()
        report = self.run_import(data)
        self.assertTrue(report.committed, report.messages())
        self.assertEqual((report.counts["updated"], report.counts["unchanged"]), (2, 1))
        self.assertEqual(Organization.objects.count(), count)
        a1 = Organization.objects.get(code="A1")
        self.assertEqual(a1.name, "Chi bộ Phòng Ngân sách Nhà nước")
        self.assertEqual(Organization.objects.get(code="A2").parent, self.world.org_b)
        events = OrganizationEvent.objects.filter(kind__in=[EventKind.RENAME, EventKind.MOVE])
        self.assertEqual(
            sorted((e.organization.code, e.kind, e.effective_on) for e in events),
            [("A1", "rename", timezone.localdate()), ("A2", "move", timezone.localdate())],
        )
        again = self.run_import(data)
        self.assertEqual(again.counts["unchanged"], 3)

    def test_the_kind_of_an_existing_organization_cannot_change(self) -> None:
        data = orgs_xlsx(["A1", "Chi bộ Phòng Ngân sách", "Chi bộ cơ sở", "A", "Cơ quan", "01/01/2010"])
        self.assertEqual(
            self.run_import(data).messages(),
            [
                "Trang tính 'Tổ chức', dòng 2, cột C (Loại): Không đổi được loại tổ chức khi nhập dữ liệu "
                "(hiện là “Chi bộ trực thuộc”)."
            ],
        )

    def test_the_tree_rules_of_the_services_apply(self) -> None:
        data = orgs_xlsx(["X1", "Chi bộ X", "Chi bộ trực thuộc", "DUK", None, "01/01/2020"])
        messages = self.run_import(data).messages()
        self.assertEqual(len(messages), 1)
        self.assertTrue(messages[0].startswith("Trang tính 'Tổ chức', dòng 2, cột D (Mã tổ chức cấp trên): "))
        self.assertFalse(Organization.objects.filter(code="X1").exists())

    def test_a_refused_parent_refuses_its_children_and_nothing_is_saved(self) -> None:
        data = orgs_xlsx(
            ["C", "Đảng bộ Công ty", "Đảng bộ cơ sở", "DUK", None, "31/02/2015"],
            ["C1", "Chi bộ 1", "Chi bộ trực thuộc", "C", None, "01/03/2015"],
            ["D", "Đảng bộ Công ty D", "Đảng bộ cơ sở", "DUK", None, "01/03/2015"],
        )
        report = self.run_import(data)
        self.assertIn(
            "Trang tính 'Tổ chức', dòng 3, cột D (Mã tổ chức cấp trên): Tổ chức cấp trên “C” (dòng 2) bị từ chối.",
            report.messages(),
        )
        self.assertFalse(Organization.objects.filter(code__in=["C", "C1", "D"]).exists())

    def test_a_cycle_of_parents_is_refused(self) -> None:
        data = orgs_xlsx(
            ["P", "Đảng bộ bộ phận P", "Đảng bộ bộ phận", "Q", None, "01/03/2015"],
            ["Q", "Đảng bộ bộ phận Q", "Đảng bộ bộ phận", "P", None, "01/03/2015"],
        )
        messages = self.run_import(data).messages()
        self.assertEqual(len(messages), 2)
        self.assertTrue(all("vòng lặp" in m for m in messages))

    def test_secretary_a_can_establish_under_a_but_not_under_b_nor_at_the_root(self) -> None:
        data = orgs_xlsx(
            ["A3", "Chi bộ Thanh tra Sở", "Chi bộ trực thuộc", "A", None, "01/03/2015"],
            ["B3", "Chi bộ Dược", "Chi bộ trực thuộc", "B", None, "01/03/2015"],
            ["R", "Đảng bộ Khối mới", "Đảng bộ cấp trên trực tiếp cơ sở", None, None, "01/03/2015"],
        )
        messages = self.run_import(data, "secretary_a").messages()
        self.assertEqual(
            messages,
            [
                "Trang tính 'Tổ chức', dòng 3, cột D (Mã tổ chức cấp trên): Không tìm thấy tổ chức mã “B” trong "
                "phạm vi của bạn.",
                "Trang tính 'Tổ chức', dòng 4, cột D (Mã tổ chức cấp trên): Thiếu mã tổ chức cấp trên (chỉ quản "
                "trị hệ thống tạo được tổ chức gốc).",
            ],
        )
        ok = self.run_import(
            orgs_xlsx(data_row := ["A3", "Chi bộ Thanh tra Sở", "Chi bộ trực thuộc", "A", None, "2015"]),
            "secretary_a",
        )
        self.assertTrue(ok.committed, (data_row, ok.messages()))

    def test_secretary_b_cannot_rename_an_organization_of_a(self) -> None:
        data = orgs_xlsx(["A1", "Tên mới", "Chi bộ trực thuộc", "A", None, "01/01/2010"])
        messages = self.run_import(data, "secretary_b").messages()
        self.assertEqual(
            messages,
            [
                "Trang tính 'Tổ chức', dòng 2, cột D (Mã tổ chức cấp trên): Không tìm thấy tổ chức mã “A” trong phạm vi của bạn."
            ],
        )
        self.assertEqual(Organization.objects.get(code="A1").name, "Chi bộ Phòng Ngân sách")
