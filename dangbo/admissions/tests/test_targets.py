"""Admissions against the year's targets, for any subtree."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError

from dangbo.admissions import queries, services
from dangbo.admissions.tests.helpers import D
from dangbo.members import services as member_services
from dangbo.testing import BaseTestCase, add_members

ADMITTED_ON = D(2025, 5, 19)


def admit_bulk(organization, count: int, on=ADMITTED_ON) -> None:  # type: ignore[no-untyped-def]
    values = {"gender": "male", "birth_date": D(1995, 1, 1), "admission_date": on, "status": "probationary"}
    member_services.create_members_bulk(
        rows=[(values | {"full_name": f"Phan Văn Nạp {i}"}, organization) for i in range(count)], by=None
    )


class TargetFigureTests(BaseTestCase):
    def test_admitted_over_the_target_is_counted_and_said_in_vietnamese(self) -> None:
        admit_bulk(self.world.cell_a1, 150)
        admit_bulk(self.world.cell_a2, 108)
        services.set_admission_target(organization=self.world.org_a, year=2025, target=225, by=None)
        total, rows = queries.target_figures(self.world.org_a, 2025)
        self.assertEqual((total.admitted, total.target, total.difference), (258, 225, 33))
        self.assertEqual(total.percent, Decimal("114.67"))
        self.assertEqual(
            total.sentence, "Đã kết nạp 258 đảng viên, vượt 33 so với chỉ tiêu 225, đạt 114,67% chỉ tiêu."
        )
        self.assertEqual(
            [(r.organization.code, r.admitted, r.target) for r in rows],
            [("A1", 150, None), ("A2", 108, None)],
        )

    def test_percentage_of_the_target_is_an_exact_decimal(self) -> None:
        admit_bulk(self.world.cell_b1, 17)
        services.set_admission_target(organization=self.world.org_b, year=2025, target=40, by=None)
        total, _ = queries.target_figures(self.world.org_b, 2025)
        self.assertEqual(total.percent, Decimal("42.50"))
        self.assertEqual(
            total.sentence, "Đã kết nạp 17 đảng viên, còn thiếu 23 so với chỉ tiêu 40, đạt 42,50% chỉ tiêu."
        )

    def test_a_subtree_without_its_own_target_adds_up_its_childrens(self) -> None:
        services.set_admission_target(organization=self.world.org_a, year=2025, target=10, by=None)
        services.set_admission_target(
            organization=self.world.cell_a1, year=2025, target=6, by=None
        )  # inside A's: not added
        services.set_admission_target(organization=self.world.org_b, year=2025, target=7, by=None)
        total, rows = queries.target_figures(self.world.bloc, 2025)
        self.assertEqual(total.target, 17)
        self.assertEqual([r.target for r in rows], [10, 7])

    def test_only_admissions_of_the_year_in_the_cell_of_admission_count(self) -> None:
        admit_bulk(self.world.cell_a1, 3, on=D(2024, 12, 31))
        admit_bulk(self.world.cell_a1, 2, on=D(2025, 1, 1))
        add_members(self.world.cell_a1, 4)  # admitted in 2005
        moved = member_services.create_member(
            values={
                "full_name": "Tạ Văn Chuyển",
                "gender": "male",
                "birth_date": D(1990, 1, 1),
                "admission_date": D(2025, 3, 1),
                "status": "probationary",
            },
            organization=self.world.cell_b1,
            by=None,
        )
        member_services.transfer_member(
            member=moved, to=self.world.cell_a1, effective_on=D(2025, 9, 1), by=None
        )
        total, _ = queries.target_figures(self.world.org_a, 2025)
        self.assertEqual(total.admitted, 2)  # the one admitted in B1 counts for B
        self.assertEqual(queries.target_figures(self.world.org_b, 2025)[0].admitted, 1)

    def test_without_a_target_the_sentence_says_so(self) -> None:
        total, _ = queries.target_figures(self.world.org_a, 2025)
        self.assertIsNone(total.percent)
        self.assertEqual(total.sentence, "Đã kết nạp 0 đảng viên; chưa giao chỉ tiêu.")

    def test_setting_a_target_again_changes_it(self) -> None:
        services.set_admission_target(organization=self.world.org_a, year=2026, target=10, by=None)
        services.set_admission_target(
            organization=self.world.org_a, year=2026, target=12, resolution="NQ 05", by=None
        )
        self.assertEqual(queries.target_figures(self.world.org_a, 2026)[0].target, 12)

    def test_a_negative_target_is_refused(self) -> None:
        with self.assertRaisesMessage(ValidationError, "Chỉ tiêu không được âm."):
            services.set_admission_target(organization=self.world.org_a, year=2026, target=-1, by=None)
