"""Discipline rules: R30 (form fits the subject), R31 (limitation), R32 (effect, automatic end), R33
(child under 12 months), and the queries the assessments use for R9/R10."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError

from dangbo.discipline import queries, services
from dangbo.discipline.models import Discipline
from dangbo.testing import BaseTestCase, make_member

D = dt.date


def values(**overrides: Any) -> dict[str, Any]:
    return {
        "form": "reprimand",
        "violation": "Vi phạm quy định về những điều đảng viên không được làm",
        "violation_date": D(2024, 6, 1),
        "deciding_body": "Ủy ban Kiểm tra Đảng ủy cơ sở",
        "decision_number": "12-QĐ/UBKT",
        "decision_date": D(2024, 9, 10),
    } | overrides


class SubjectFormTests(BaseTestCase):
    def test_r30_an_official_member_may_be_expelled_but_an_organization_may_not(self) -> None:
        services.record_discipline(member=self.world.member_a2, values=values(form="removal"), by=None)
        with self.assertRaisesMessage(ValidationError, "Theo R30"):
            services.record_discipline(
                organization=self.world.cell_a1, values=values(form="expulsion"), by=None
            )

    def test_r30_a_probationary_member_only_gets_reprimand_or_warning(self) -> None:
        member = make_member(
            self.world.cell_a1,
            "Đỗ Thị Mới",
            admission_date=D(2024, 1, 5),
            official_date=None,
            status="probationary",
        )
        with self.assertRaisesMessage(
            ValidationError, "đảng viên dự bị, chỉ áp dụng các hình thức khiển trách, cảnh cáo"
        ):
            services.record_discipline(member=member, values=values(form="removal"), by=None)
        services.record_discipline(member=member, values=values(form="warning"), by=None)

    def test_r30_an_organization_may_be_dissolved(self) -> None:
        discipline = services.record_discipline(
            organization=self.world.cell_b2, values=values(form="dissolution"), by=None
        )
        self.assertIsNone(discipline.ends_on)


class LimitationTests(BaseTestCase):
    def test_r31_a_reprimand_is_refused_after_five_years(self) -> None:
        with self.assertRaisesMessage(
            ValidationError, "Theo R31: đã hết thời hiệu xử lý kỷ luật khiển trách (5 năm)"
        ):
            services.record_discipline(
                member=self.world.member_a2,
                values=values(violation_date=D(2019, 9, 9), decision_date=D(2024, 9, 10)),
                by=None,
            )
        services.record_discipline(
            member=self.world.member_a2,
            values=values(violation_date=D(2019, 9, 10), decision_date=D(2024, 9, 10)),
            by=None,
        )

    def test_r31_a_warning_has_ten_years(self) -> None:
        services.record_discipline(
            member=self.world.member_a2,
            values=values(form="warning", violation_date=D(2015, 1, 1), decision_date=D(2024, 12, 31)),
            by=None,
        )

    def test_r31_expulsion_and_internal_politics_have_no_limitation(self) -> None:
        old = {"violation_date": D(1995, 1, 1), "decision_date": D(2024, 12, 31)}
        services.record_discipline(
            member=self.world.member_a2,
            values=values(form="warning", no_limitation="internal_politics", **old),
            by=None,
        )
        with self.assertRaisesMessage(ValidationError, "Theo R31"):
            services.record_discipline(
                member=self.world.member_b1, values=values(form="warning", **old), by=None
            )

    def test_r31_a_newer_violation_restarts_the_clock(self) -> None:
        services.record_discipline(
            member=self.world.member_a2,
            values=values(
                violation_date=D(2018, 1, 1),
                limitation_restarted_on=D(2022, 6, 1),
                decision_date=D(2025, 1, 1),
            ),
            by=None,
        )

    def test_r31_a_newer_violation_after_the_period_restarts_nothing(self) -> None:
        with self.assertRaisesMessage(ValidationError, "vi phạm mới chỉ tính lại thời hiệu"):
            services.record_discipline(
                member=self.world.member_a2,
                values=values(
                    violation_date=D(2015, 1, 1),
                    limitation_restarted_on=D(2021, 6, 1),
                    decision_date=D(2022, 1, 1),
                ),
                by=None,
            )

    def test_r31_a_case_cannot_be_opened_once_the_limitation_has_run_out(self) -> None:
        with self.assertRaisesMessage(ValidationError, "Theo R31"):
            services.record_discipline(
                member=self.world.member_a2,
                values=values(
                    decision_number="",
                    decision_date=None,
                    violation_date=D(2018, 1, 1),
                    opened_on=D(2024, 1, 1),
                ),
                by=None,
            )


class EffectTests(BaseTestCase):
    def test_r32_a_discipline_ends_twelve_months_after_its_announcement(self) -> None:
        d = services.record_discipline(
            member=self.world.member_a2, values=values(announced_on=D(2024, 9, 20)), by=None
        )
        self.assertEqual(d.ends_on, D(2025, 9, 20))
        self.assertEqual(d.state_on(D(2025, 9, 19)), "Đang thi hành")
        self.assertEqual(d.state_on(D(2025, 9, 20)), "Đã hết hiệu lực")
        self.assertTrue(queries.active_disciplines([self.world.member_a2.pk], on=D(2025, 9, 19)).exists())
        self.assertFalse(queries.active_disciplines([self.world.member_a2.pk], on=D(2025, 9, 20)).exists())

    def test_r32_a_complaint_decision_restarts_the_twelve_months(self) -> None:
        d = services.record_discipline(member=self.world.member_a2, values=values(), by=None)
        d = services.update_discipline(discipline=d, values={"complaint_decided_on": D(2025, 2, 3)}, by=None)
        self.assertEqual(d.ends_on, D(2026, 2, 3))

    def test_r32_a_repeat_stops_the_automatic_end_until_one_is_recorded(self) -> None:
        d = services.record_discipline(member=self.world.member_a2, values=values(repeated=True), by=None)
        self.assertIsNone(d.ends_on)
        self.assertTrue(queries.active_disciplines([self.world.member_a2.pk], on=D(2030, 1, 1)).exists())
        d = services.end_discipline(discipline=d, ended_on=D(2026, 5, 1), by=None)
        self.assertEqual(d.ends_on, D(2026, 5, 1))

    def test_r32_expulsion_and_dissolution_do_not_end(self) -> None:
        d = services.record_discipline(
            organization=self.world.cell_b2, values=values(form="dissolution"), by=None
        )
        self.assertEqual(d.state_on(D(2040, 1, 1)), "Đã thi hành")

    def test_r32_an_active_discipline_blocks_awards_and_appointments(self) -> None:
        services.record_discipline(member=self.world.member_a2, values=values(), by=None)
        self.assertIsNotNone(queries.blocking_discipline(member=self.world.member_a2, on=D(2025, 1, 1)))
        self.assertIsNone(queries.blocking_discipline(member=self.world.member_a2, on=D(2024, 9, 9)))

    def test_an_annulled_discipline_counts_as_never_given(self) -> None:
        d = services.record_discipline(member=self.world.member_a2, values=values(), by=None)
        services.annul_discipline(
            discipline=d, annulled_on=D(2024, 12, 1), reason="Quyết định giải quyết khiếu nại số 3", by=None
        )
        self.assertFalse(
            queries.disciplined_in_period([self.world.member_a2.pk], D(2024, 1, 1), D(2024, 12, 31)).exists()
        )
        self.assertIsNone(queries.blocking_discipline(member=self.world.member_a2, on=D(2024, 10, 1)))

    def test_a_case_without_decision_has_no_effect(self) -> None:
        services.record_discipline(
            member=self.world.member_a2, values=values(decision_number="", decision_date=None), by=None
        )
        self.assertIsNone(queries.blocking_discipline(member=self.world.member_a2, on=D(2024, 10, 1)))


class ChildTests(BaseTestCase):
    def test_r33_no_discipline_while_the_member_raises_a_child_under_twelve_months(self) -> None:
        member = self.world.member_a1
        services.record_child_birth(member=member, born_on=D(2024, 3, 15), by=None)
        with self.assertRaisesMessage(ValidationError, "Theo R33: chưa xem xét kỷ luật Nguyễn Thị Đào"):
            services.record_discipline(member=member, values=values(decision_date=D(2025, 3, 14)), by=None)
        services.record_discipline(member=member, values=values(decision_date=D(2025, 3, 15)), by=None)

    def test_r33_the_child_birth_date_may_be_given_on_the_discipline_itself(self) -> None:
        with self.assertRaisesMessage(ValidationError, "Theo R33"):
            services.record_discipline(
                member=self.world.member_b1, values=values(child_born_on=D(2024, 5, 1)), by=None
            )


class PeriodQueryTests(BaseTestCase):
    def test_r9_r10_disciplined_in_period_lists_decisions_in_the_year_with_the_remedied_flag(self) -> None:
        a2, b1 = self.world.member_a2, self.world.member_b1
        services.record_discipline(member=a2, values=values(self_detected_remedied=True), by=None)
        services.record_discipline(
            member=b1, values=values(decision_date=D(2025, 1, 5), violation_date=D(2024, 12, 1)), by=None
        )
        services.record_discipline(organization=self.world.cell_a1, values=values(), by=None)
        found = queries.disciplined_in_period([a2.pk, b1.pk], D(2024, 1, 1), D(2024, 12, 31))
        self.assertEqual(list(found.values_list("member_id", "self_detected_remedied")), [(a2.pk, True)])
        from dangbo.members.models import Member

        self.assertEqual(
            queries.disciplined_in_period(Member.objects.all(), D(2025, 1, 1), D(2025, 12, 31)).count(), 1
        )
        units = queries.disciplined_in_period(
            [self.world.cell_a1.pk], D(2024, 1, 1), D(2024, 12, 31), organizations=True
        )
        self.assertEqual(units.get().organization_id, self.world.cell_a1.pk)

    def test_a_discipline_history_row_does_not_reference_the_member(self) -> None:
        """The member's page lists history rows referencing the member; a discipline must not be one."""
        from dangbo.audit.queries import history_of

        services.record_discipline(member=self.world.member_a2, values=values(), by=None)
        self.assertTrue(Discipline.objects.exists())
        models = {change.model for change in history_of(self.world.member_a2)}
        self.assertNotIn("kỷ luật", models)
        models = {change.model for change in history_of(self.world.cell_a2)}
        self.assertNotIn("kỷ luật", models)


class ExpulsionTests(BaseTestCase):
    def test_an_expulsion_takes_the_member_out_of_the_lists_and_stops_the_party_age(self) -> None:
        from dangbo.members.party_age import party_age
        from dangbo.movements.models import Exit

        member = self.world.member_a2
        services.record_discipline(
            member=member, values=values(form="expulsion", decision_date=D(2024, 9, 10)), by=None
        )
        member.refresh_from_db()
        self.assertEqual(member.status, "expelled")
        exit_ = Exit.objects.get(member=member)
        self.assertEqual(
            (exit_.kind, exit_.reason, exit_.effective_on), ("expulsion", "discipline", D(2024, 9, 10))
        )
        self.assertEqual(party_age(member, D(2030, 1, 1)), party_age(member, D(2024, 9, 10)))

    def test_r30_a_member_already_expelled_is_not_disciplined_again(self) -> None:
        member = self.world.member_a2
        services.record_discipline(member=member, values=values(form="expulsion"), by=None)
        member.refresh_from_db()
        with self.assertRaisesMessage(ValidationError, "đã bị khai trừ"):
            services.record_discipline(member=member, values=values(), by=None)

    def test_an_expulsion_cannot_be_turned_into_another_form_once_carried_out(self) -> None:
        d = services.record_discipline(member=self.world.member_a2, values=values(form="expulsion"), by=None)
        with self.assertRaisesMessage(ValidationError, "hãy hủy bỏ quyết định"):
            services.update_discipline(discipline=d, values={"form": "warning"}, by=None)
