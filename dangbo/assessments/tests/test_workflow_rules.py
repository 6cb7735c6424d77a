"""One test (at least) per rule the workflow enforces, named by its RULES.md number."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase, override_settings
from hypothesis import given
from hypothesis import strategies as st

from dangbo.assessments import checks, queries, regimes, services
from dangbo.assessments.models import Assessment, Period
from dangbo.assessments.tests.workflow_helpers import (
    EXCELLENT_366,
    decide,
    of_member,
    of_organization,
    open_year_round,
)
from dangbo.testing import BaseTestCase, add_members


def _set(assessment: Assessment, **values: object) -> Assessment:
    for name, value in values.items():
        setattr(assessment, name, value)
    assessment.save()
    return assessment


class Rules366Tests(BaseTestCase):
    """Quy định 366-QĐ/TW, year 2025."""

    def setUp(self) -> None:
        self.round = open_year_round(self.world, 2025)
        self.a1 = of_member(self.round, self.world.member_a1)

    def propose(self, assessment: Assessment, level: str) -> None:
        services.propose_level(assessment=assessment, level=level, by=self.secretary_a)

    def test_r2_a_level_under_366_needs_both_parts_of_the_score(self) -> None:
        with self.assertRaisesMessage(ValidationError, "Theo R2"):
            self.propose(self.a1, "fail")
        _set(self.a1, score_general=Decimal("31"), score_tasks=Decimal("10"))
        with self.assertRaisesMessage(ValidationError, "phải từ 0 đến 30"):
            self.propose(self.a1, "fail")

    def test_r3_the_level_is_at_most_the_score_band(self) -> None:
        _set(self.a1, **EXCELLENT_366 | {"score_general": Decimal("25"), "score_tasks": Decimal("60")})
        with self.assertRaisesMessage(
            ValidationError, "Theo R3 (Quy định 366-QĐ/TW): Nguyễn Thị Đào đạt 85,00 điểm"
        ):
            self.propose(self.a1, "excellent")
        self.propose(self.a1, "good")
        _set(self.a1, score_general=Decimal("20"), score_tasks=Decimal("29.99"))
        with self.assertRaisesMessage(ValidationError, "Theo R3"):
            self.propose(self.a1, "pass")

    def test_r3_a_lower_level_than_the_band_is_allowed(self) -> None:
        _set(self.a1, **EXCELLENT_366)
        self.propose(self.a1, "pass")

    def test_r4_excellent_needs_all_tasks_done_and_thirty_percent_exceeded(self) -> None:
        _set(self.a1, **EXCELLENT_366 | {"tasks_exceeded_percent": Decimal("29.99")})
        with self.assertRaisesMessage(ValidationError, "Theo R4"):
            self.propose(self.a1, "excellent")
        _set(self.a1, tasks_exceeded_percent=Decimal("30"))
        self.propose(self.a1, "excellent")

    def test_r4_a_leaders_units_must_complete_every_task(self) -> None:
        _set(self.a1, **EXCELLENT_366 | {"holds_leadership": True, "led_units_done_percent": Decimal("95")})
        with self.assertRaisesMessage(ValidationError, "đơn vị phụ trách phải hoàn thành 100%"):
            self.propose(self.a1, "excellent")

    def test_r5_a_collective_with_a_disciplined_unit_or_leader_is_not_excellent(self) -> None:
        org_a = _set(of_organization(self.round, self.world.org_a), **EXCELLENT_366)
        _set(of_organization(self.round, self.world.cell_a2), disciplined_in_period=True)
        with self.assertRaisesMessage(
            ValidationError,
            "Theo R5 (Quy định 366-QĐ/TW): Đảng bộ Sở Tài chính có đơn vị trực thuộc bị kỷ luật trong kỳ (Chi bộ Văn phòng Sở Tài chính)",
        ):
            services.propose_level(assessment=org_a, level="excellent", by=self.office_staff)
        _set(of_organization(self.round, self.world.cell_a2), disciplined_in_period=False)
        _set(org_a, leadership_disciplined=True)
        with self.assertRaisesMessage(
            ValidationError, "tập thể lãnh đạo hoặc thành viên lãnh đạo bị kỷ luật"
        ):
            services.propose_level(assessment=org_a, level="excellent", by=self.office_staff)

    def test_r6_good_needs_every_task_on_time(self) -> None:
        _set(self.a1, **EXCELLENT_366 | {"tasks_late_percent": Decimal("5")})
        with self.assertRaisesMessage(ValidationError, "Theo R6"):
            self.propose(self.a1, "good")

    def test_r6_a_collective_completed_may_have_at_most_twenty_percent_late(self) -> None:
        cell = _set(
            of_organization(self.round, self.world.cell_a1),
            score_general=Decimal("20"), score_tasks=Decimal("40"),
            tasks_done_percent=Decimal("100"), tasks_late_percent=Decimal("25"),
        )  # fmt: skip
        with self.assertRaisesMessage(ValidationError, "không quá 20% nhiệm vụ chậm tiến độ"):
            services.propose_level(assessment=cell, level="pass", by=self.secretary_a)
        _set(cell, tasks_late_percent=Decimal("20"))
        services.propose_level(assessment=cell, level="pass", by=self.secretary_a)

    def test_r7_a_leader_with_low_confidence_or_discipline_is_not_completed(self) -> None:
        _set(
            self.a1,
            **EXCELLENT_366
            | {
                "holds_leadership": True,
                "led_units_done_percent": Decimal("100"),
                "low_confidence_percent": Decimal("51"),
            },
        )
        with self.assertRaisesMessage(ValidationError, "Theo R7"):
            self.propose(self.a1, "good")
        _set(self.a1, low_confidence_percent=Decimal("10"), led_units_done_percent=Decimal("65"))
        with self.assertRaisesMessage(ValidationError, "dưới 70%"):
            self.propose(self.a1, "pass")
        _set(self.a1, led_units_done_percent=Decimal("100"), led_units_failed_percent=Decimal("60"))
        with self.assertRaisesMessage(ValidationError, "không hoàn thành nhiệm vụ (trên 50%)"):
            self.propose(self.a1, "pass")
        _set(self.a1, led_units_failed_percent=None, disciplined_in_period=True)
        with self.assertRaisesMessage(ValidationError, "bị kỷ luật từ khiển trách"):
            self.propose(self.a1, "pass")
        self.propose(self.a1, "fail")


class DisciplineCapTests(BaseTestCase):
    def test_r9_a_member_disciplined_in_the_year_is_not_completed(self) -> None:
        round_ = open_year_round(self.world, 2024)
        a = _set(of_member(round_, self.world.member_a1), disciplined_in_period=True)
        with self.assertRaisesMessage(
            ValidationError,
            "Theo R9 (Quy định 124-QĐ/TW): đảng viên Nguyễn Thị Đào bị kỷ luật trong kỳ đánh giá",
        ):
            services.propose_level(assessment=a, level="pass", by=self.clerk_a1)
        services.propose_level(assessment=a, level="fail", by=self.clerk_a1)

    def test_r9_unless_self_detected_and_remedied(self) -> None:
        round_ = open_year_round(self.world, 2020)  # 132-QĐ/TW
        a = _set(
            of_member(round_, self.world.member_a1), disciplined_in_period=True, discipline_remedied=True
        )
        services.propose_level(assessment=a, level="good", by=self.clerk_a1)

    def test_r9_does_not_apply_before_2018(self) -> None:
        round_ = open_year_round(self.world, 2016)
        a = _set(of_member(round_, self.world.member_a1), disciplined_in_period=True)
        services.propose_level(assessment=a, level="good", by=self.clerk_a1)

    def test_r10_a_collective_with_more_than_a_fifth_of_its_units_disciplined_is_not_completed(self) -> None:
        round_ = open_year_round(self.world, 2024)
        _set(of_organization(round_, self.world.cell_a1), disciplined_in_period=True)
        org_a = of_organization(round_, self.world.org_a)
        with self.assertRaisesMessage(
            ValidationError,
            "Theo R10 (Quy định 124-QĐ/TW): Đảng bộ Sở Tài chính có 1/2 đơn vị trực thuộc bị kỷ luật",
        ):
            services.propose_level(assessment=org_a, level="pass", by=self.office_staff)
        services.propose_level(assessment=org_a, level="fail", by=self.office_staff)

    def test_r10_a_collective_whose_leadership_was_disciplined_is_not_completed(self) -> None:
        round_ = open_year_round(self.world, 2024)
        org_b = _set(of_organization(round_, self.world.org_b), leadership_disciplined=True)
        with self.assertRaisesMessage(ValidationError, "tập thể lãnh đạo bị kỷ luật trong kỳ"):
            services.propose_level(assessment=org_b, level="good", by=self.office_staff)


class QuotaTests(BaseTestCase):
    def setUp(self) -> None:
        add_members(self.world.cell_a2, 8)  # A: 2 + 1 + 8 = 11 members
        self.round = open_year_round(self.world, 2024)
        self.members = list(
            Assessment.objects.filter(round=self.round, decider=self.world.org_a, member__isnull=False)
            .select_related("period", "member", "organization", "decider", "round")
            .order_by("member__sort_key")
        )

    def levels(self, excellent: int) -> dict[int, tuple[str, bool]]:
        return {a.pk: ("excellent" if i < excellent else "good", False) for i, a in enumerate(self.members)}

    def test_r8_excellent_at_most_twenty_percent_of_good_per_grassroots_organization(self) -> None:
        # 11 members: 2 excellent / 9 good → 2 > 1.8: refused; 1 excellent / 10 good → allowed.
        with self.assertRaisesMessage(ValidationError, "Theo R8: Số đảng viên của Đảng bộ Sở Tài chính có 2"):
            services.decide_levels(
                assessments=self.members, levels=self.levels(2), decision_number="05-QĐ/ĐU",
                decision_date=Period.objects.yearly(2024).ends_on, by=self.secretary_a,
            )  # fmt: skip
        services.decide_levels(
            assessments=self.members, levels=self.levels(1), decision_number="05-QĐ/ĐU",
            decision_date=Period.objects.yearly(2024).ends_on, by=self.secretary_a,
        )  # fmt: skip

    def test_r8_the_deciding_body_may_exceed_the_quota_with_a_recorded_reason(self) -> None:
        services.decide_levels(
            assessments=self.members, levels=self.levels(3), decision_number="05-QĐ/ĐU",
            decision_date=Period.objects.yearly(2024).ends_on, quota_reason="Đơn vị được Bằng khen của Tỉnh ủy",
            by=self.secretary_a,
        )  # fmt: skip
        reasons = set(
            Assessment.objects.filter(round=self.round, level="excellent").values_list(
                "quota_reason", flat=True
            )
        )
        self.assertEqual(reasons, {"Đơn vị được Bằng khen của Tỉnh ủy"})

    def test_r8_the_quota_counts_earlier_decisions_of_the_same_body(self) -> None:
        decide(self.members[1:], "good", by=self.secretary_a)  # 10 good
        decide(self.members[:1], "excellent", by=self.secretary_a, number="06-QĐ/ĐU")  # alone it would exceed
        self.assertEqual(Assessment.objects.filter(round=self.round, level="excellent").count(), 1)

    def test_r8_per_comparable_group(self) -> None:
        self.world.cell_a2.sector = "enterprise"
        self.world.cell_a2.save()
        # A1 (agency): member_a1 + Phạm Văn Ánh; A2 (enterprise): Trần Văn Bình + 8. One excellent in A1 with one good.
        levels = {a.pk: ("good", False) for a in self.members}
        levels[of_member(self.round, self.world.member_a1).pk] = ("excellent", False)
        with self.assertRaisesMessage(ValidationError, "(nhóm Cơ quan)"):
            services.decide_levels(
                assessments=self.members, levels=levels, decision_number="05-QĐ/ĐU",
                decision_date=Period.objects.yearly(2024).ends_on, by=self.secretary_a,
            )  # fmt: skip

    def test_r8_has_no_quota_before_2018(self) -> None:
        self.assertIsNone(checks.quota_percent(regimes.regime("hd27_2014")))

    @override_settings(DANGBO_EXCELLENCE_QUOTA_PERCENT={"qd124_2023": 30})
    def test_r8_the_percentage_is_a_setting_per_regime(self) -> None:
        self.assertEqual(checks.quota_percent(regimes.regime("qd124_2023")), Decimal("30"))
        self.assertEqual(checks.quota_percent(regimes.regime("qd366_2025")), Decimal("20"))


class QuotaPropertyTests(SimpleTestCase):
    @given(
        excellent=st.integers(min_value=0, max_value=500),
        good=st.integers(min_value=0, max_value=2000),
        percent=st.decimals(min_value=0, max_value=100, places=2),
        reason=st.sampled_from(["", "  ", "Lý do"]),
    )
    def test_r8_the_quota_never_passes_more_excellent_than_allowed_without_a_reason(
        self, excellent: int, good: int, percent: Decimal, reason: str
    ) -> None:
        rules = regimes.regime("qd366_2025")
        with override_settings(DANGBO_EXCELLENCE_QUOTA_PERCENT={rules.code: percent}):
            errors = checks.quota_errors(
                rules=rules, subject="member", excellent=excellent, good=good, group="Nhóm", reason=reason
            )
        if not errors and not reason.strip():
            self.assertLessEqual(Decimal(excellent), percent * good / 100)
        if Decimal(excellent) * 100 > percent * good and not reason.strip():
            self.assertTrue(errors)


class ScreeningTests(BaseTestCase):
    def test_r14_two_consecutive_not_completed_years_flag_the_member(self) -> None:
        w = self.world
        for year in (2023, 2024):
            round_ = open_year_round(w, year)
            a = _set(of_member(round_, w.member_a1), disciplined_in_period=True)
            decide([a], "fail", by=self.secretary_a)
            decide([of_member(round_, w.member_a2)], "fail" if year == 2024 else "good", by=self.secretary_a)
        cases = queries.members_for_screening(w.org_a.__class__.objects.subtree_of(w.org_a), up_to_year=2024)
        self.assertEqual([(c.full_name, c.years) for c in cases], [("Nguyễn Thị Đào", (2023, 2024))])
        self.assertEqual(
            queries.flagged_for_screening([w.member_a1.pk, w.member_a2.pk], year=2024), {w.member_a1.pk}
        )
        self.assertEqual(queries.previous_fail([w.member_a1.pk, w.member_a2.pk], year=2024), {w.member_a1.pk})

    def test_r14_the_bottom_level_of_an_older_regime_counts_in_its_own_terms(self) -> None:
        w = self.world
        for year in (2016, 2017):
            round_ = open_year_round(w, year)
            decide([of_member(round_, w.member_a1)], "fail", by=self.secretary_a)
        self.assertEqual(queries.flagged_for_screening([w.member_a1.pk], year=2017), {w.member_a1.pk})


class DisciplineRecordTests(BaseTestCase):
    """The discipline app's records count like the flags (R7, R9, R10)."""

    def record(self, *, remedied: bool = False, decided: str = "2024-06-03", **subject: object) -> None:
        import datetime as dt

        from dangbo.discipline import services as discipline_services

        discipline_services.record_discipline(
            **subject,  # type: ignore[arg-type]
            values={
                "form": "reprimand",
                "violation": "Vi phạm quy chế làm việc",
                "violation_date": dt.date(2024, 3, 1),
                "decision_date": dt.date.fromisoformat(decided),
                "decision_number": "15-QĐ/UBKT",
                "deciding_body": "Ủy ban Kiểm tra Đảng ủy Khối",
                "self_detected_remedied": remedied,
            },
            by=None,
        )

    def test_r9_a_member_with_a_discipline_decided_in_the_year_is_not_completed(self) -> None:
        self.record(member=self.world.member_a1)
        round_ = open_year_round(self.world, 2024)
        with self.assertRaisesMessage(ValidationError, "Theo R9"):
            services.propose_level(
                assessment=of_member(round_, self.world.member_a1), level="good", by=self.clerk_a1
            )

    def test_r9_a_self_detected_and_remedied_discipline_does_not_cap(self) -> None:
        self.record(member=self.world.member_a1, remedied=True)
        round_ = open_year_round(self.world, 2024)
        services.propose_level(
            assessment=of_member(round_, self.world.member_a1), level="good", by=self.clerk_a1
        )

    def test_r9_a_discipline_of_another_year_does_not_cap(self) -> None:
        self.record(member=self.world.member_a1, decided="2025-01-10")
        round_ = open_year_round(self.world, 2024)
        services.propose_level(
            assessment=of_member(round_, self.world.member_a1), level="good", by=self.clerk_a1
        )

    def test_r10_a_unit_disciplined_by_record_counts_against_its_committee(self) -> None:
        self.record(organization=self.world.cell_a1)
        round_ = open_year_round(self.world, 2024)
        with self.assertRaisesMessage(
            ValidationError, "1/2 đơn vị trực thuộc bị kỷ luật (Chi bộ Phòng Ngân sách)"
        ):
            services.propose_level(
                assessment=of_organization(round_, self.world.org_a), level="good", by=self.office_staff
            )

    def test_r7_a_leader_disciplined_by_record_is_not_completed_even_if_remedied(self) -> None:
        self.record(member=self.world.member_a1, remedied=True, decided="2025-02-03")
        round_ = open_year_round(self.world, 2025)
        a = _set(
            of_member(round_, self.world.member_a1),
            **EXCELLENT_366 | {"holds_leadership": True, "led_units_done_percent": Decimal("100")},
        )
        with self.assertRaisesMessage(ValidationError, "Theo R7"):
            services.propose_level(assessment=a, level="good", by=self.clerk_a1)


class ExemplaryTests(BaseTestCase):
    def test_r1_before_2018_a_clean_and_strong_organization_may_be_exemplary(self) -> None:
        round_ = open_year_round(self.world, 2016)
        cell = of_organization(round_, self.world.cell_a1)
        services.propose_level(assessment=cell, level="clean_strong", exemplary=True, by=self.secretary_a)
        decide_units = [of_organization(round_, self.world.cell_a1)]
        services.decide_levels(
            assessments=decide_units, levels={}, decision_number="80-QĐ/ĐU",
            decision_date=Period.objects.yearly(2016).ends_on, by=self.secretary_a,
        )  # fmt: skip
        cell.refresh_from_db()
        self.assertEqual((cell.level, cell.exemplary), ("clean_strong", True))

    def test_r1_exemplary_is_refused_below_the_top_level_and_after_2017(self) -> None:
        old = of_organization(open_year_round(self.world, 2016), self.world.cell_a1)
        with self.assertRaisesMessage(ValidationError, "Theo R1: danh hiệu “tiêu biểu”"):
            services.propose_level(assessment=old, level="good", exemplary=True, by=self.secretary_a)
        new = of_organization(open_year_round(self.world, 2024), self.world.cell_a1)
        with self.assertRaisesMessage(ValidationError, "Theo R1"):
            services.propose_level(assessment=new, level="excellent", exemplary=True, by=self.secretary_a)

    def test_r1_a_level_of_another_regime_is_refused(self) -> None:
        new = of_organization(open_year_round(self.world, 2024), self.world.cell_a1)
        with self.assertRaisesMessage(
            ValidationError, "Theo R1: “clean_strong” không phải mức xếp loại của Quy định 124-QĐ/TW"
        ):
            services.propose_level(assessment=new, level="clean_strong", by=self.secretary_a)
