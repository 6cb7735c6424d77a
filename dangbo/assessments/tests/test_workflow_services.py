"""The workflow's actions: who may take each step, what they write, atomicity and audit (issue 3 "Workflow")."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from pghistory.models import Events

from dangbo.assessments import services
from dangbo.assessments.models import Assessment, NotClassifiedReason, Period, Stage
from dangbo.assessments.tests.workflow_helpers import decide, of_member, of_organization, open_year_round
from dangbo.testing import BaseTestCase, make_member


class OpenRoundTests(BaseTestCase):
    def test_opening_creates_a_pending_assessment_for_every_unit_and_active_member_of_the_subtree(
        self,
    ) -> None:
        round_ = open_year_round(self.world)
        rows = Assessment.objects.filter(round=round_)
        self.assertEqual(
            set(rows.of_organizations().values_list("organization__code", flat=True)),
            {"A", "B", "A1", "A2", "B1", "B2"},
        )
        self.assertEqual(rows.of_members().count(), 5)
        self.assertEqual(set(rows.values_list("stage", flat=True)), {Stage.PENDING})

    def test_the_deciding_body_is_the_grassroots_for_members_and_the_superior_for_units(self) -> None:
        round_ = open_year_round(self.world)
        w = self.world
        self.assertEqual(of_member(round_, w.member_a1).decider, w.org_a)
        self.assertEqual(of_member(round_, w.member_a1).grassroots, w.org_a)
        self.assertEqual(of_organization(round_, w.cell_a1).decider, w.org_a)
        self.assertEqual(of_organization(round_, w.org_a).decider, w.bloc)
        self.assertEqual(of_organization(round_, w.org_a).grassroots, w.org_a)

    def test_members_admitted_after_the_period_are_not_in_it(self) -> None:
        late = make_member(
            self.world.cell_a1,
            "Vũ Văn Muộn",
            admission_date=dt.date(2025, 3, 1),
            status="probationary",
            official_date=None,
        )
        round_ = open_year_round(self.world)
        self.assertFalse(Assessment.objects.filter(round=round_, member=late).exists())

    def test_a_round_cannot_overlap_another_round_of_the_same_period(self) -> None:
        open_year_round(self.world)
        with self.assertRaisesMessage(
            ValidationError, "đã có đợt đánh giá do Đảng bộ Khối các cơ quan tỉnh mở"
        ):
            open_year_round(self.world, organization=self.world.org_a, by=self.secretary_a)

    def test_a_cell_cannot_open_a_round(self) -> None:
        with self.assertRaisesMessage(ValidationError, "chi bộ trực thuộc"):
            open_year_round(self.world, organization=self.world.cell_a1, by=self.office_staff)

    def test_deadlines_must_follow_the_steps(self) -> None:
        with self.assertRaisesMessage(ValidationError, "theo thứ tự"):
            services.open_round(
                organization=self.world.bloc,
                period=Period.objects.yearly(2024),
                self_assessment_due=dt.date(2024, 12, 20),
                proposal_due=dt.date(2024, 12, 10),
                decision_due=dt.date(2024, 12, 25),
                by=self.office_staff,
            )

    def test_only_a_deciding_role_on_the_committee_opens_its_round(self) -> None:
        with self.assertRaises(PermissionDenied):
            open_year_round(self.world, organization=self.world.org_a, by=self.secretary_b)
        with self.assertRaises(PermissionDenied):
            open_year_round(self.world, organization=self.world.org_a, by=self.clerk_a1)

    def test_opening_is_audited_with_the_acting_user(self) -> None:
        round_ = open_year_round(self.world)
        event = Events.objects.tracks(round_).get(pgh_label="insert")
        self.assertEqual(
            event.pgh_context, {"user": self.office_staff.pk, "action": "assessments.open_round"}
        )
        rows = Events.objects.tracks(of_member(round_, self.world.member_a1))
        self.assertEqual(rows.get().pgh_context["action"], "assessments.open_round")

    def test_imported_results_of_the_period_are_kept(self) -> None:
        period = Period.objects.yearly(2024)
        Assessment.objects.create(
            period=period,
            organization=self.world.cell_a1,
            member=self.world.member_a1,
            level="good",
            source="import",
        )
        round_ = open_year_round(self.world)
        self.assertFalse(Assessment.objects.filter(round=round_, member=self.world.member_a1).exists())
        self.assertEqual(Assessment.objects.filter(period=period, member=self.world.member_a1).count(), 1)


class NotClassifiedTests(BaseTestCase):
    def test_r11_exempted_members_are_not_classified(self) -> None:
        exempted = make_member(self.world.cell_a1, "Đỗ Văn Miễn", status="exempted")
        round_ = open_year_round(self.world)
        self.assertEqual(of_member(round_, exempted).not_classified_reason, NotClassifiedReason.EXEMPTED)

    def test_r11_members_admitted_less_than_six_full_months_before_the_end_are_not_classified(self) -> None:
        recent = make_member(
            self.world.cell_a1,
            "Lý Thị Mới",
            admission_date=dt.date(2024, 7, 2),
            status="probationary",
            official_date=None,
        )
        six_months = make_member(
            self.world.cell_a1,
            "Lý Thị Đủ",
            admission_date=dt.date(2024, 7, 1),
            status="probationary",
            official_date=None,
        )
        round_ = open_year_round(self.world)
        self.assertEqual(
            of_member(round_, recent).not_classified_reason, NotClassifiedReason.ADMITTED_RECENTLY
        )
        self.assertEqual(of_member(round_, six_months).not_classified_reason, "")

    def test_r11_a_not_classified_member_files_a_review_without_a_level(self) -> None:
        exempted = make_member(self.world.cell_a1, "Đỗ Văn Miễn", status="exempted")
        round_ = open_year_round(self.world)
        a = of_member(round_, exempted)
        with self.assertRaisesMessage(ValidationError, "Theo R11"):
            services.submit_self_assessment(
                assessment=a, review="Tự kiểm điểm", level="good", by=self.clerk_a1
            )
        services.submit_self_assessment(assessment=a, review="Tự kiểm điểm", by=self.clerk_a1)
        decide([of_member(round_, exempted)], "", by=self.secretary_a)
        a.refresh_from_db()
        self.assertEqual((a.level, a.stage), ("", Stage.DECIDED))

    def test_r11_the_proposer_marks_a_suspended_member_not_classified(self) -> None:
        round_ = open_year_round(self.world)
        a = of_member(round_, self.world.member_a1)
        services.update_conditions(
            assessment=a, values={}, not_classified_reason=NotClassifiedReason.SUSPENDED, by=self.clerk_a1
        )
        a.refresh_from_db()
        self.assertEqual(a.not_classified_reason, "suspended")


class StepTests(BaseTestCase):
    def setUp(self) -> None:
        self.round = open_year_round(self.world)
        self.a1 = of_member(self.round, self.world.member_a1)

    def test_a_member_self_assesses_their_own_record(self) -> None:
        services.submit_self_assessment(
            assessment=self.a1, review="Hoàn thành tốt", level="good", by=self.member_a1
        )
        self.a1.refresh_from_db()
        self.assertEqual((self.a1.stage, self.a1.self_level), (Stage.SELF_ASSESSED, "good"))

    def test_a_member_cannot_self_assess_for_someone_else(self) -> None:
        other = of_member(self.round, self.world.member_a2)
        with self.assertRaises(PermissionDenied):
            services.submit_self_assessment(assessment=other, review="x", level="good", by=self.member_a1)

    def test_the_cell_clerk_proposes_for_the_cells_members_only(self) -> None:
        services.propose_level(assessment=self.a1, level="good", by=self.clerk_a1)
        self.a1.refresh_from_db()
        self.assertEqual((self.a1.proposed_level, self.a1.stage), ("good", Stage.PROPOSED))
        with self.assertRaises(PermissionDenied):
            services.propose_level(
                assessment=of_member(self.round, self.world.member_a2), level="good", by=self.clerk_a1
            )

    def test_the_grassroots_committee_proposes_for_its_cells_and_the_bloc_for_the_grassroots(self) -> None:
        services.propose_level(
            assessment=of_organization(self.round, self.world.cell_a1), level="good", by=self.secretary_a
        )
        with self.assertRaises(PermissionDenied):
            services.propose_level(
                assessment=of_organization(self.round, self.world.org_a), level="good", by=self.secretary_a
            )
        services.propose_level(
            assessment=of_organization(self.round, self.world.org_a), level="good", by=self.office_staff
        )

    def test_r12_members_are_decided_by_the_grassroots_committee(self) -> None:
        decide([self.a1], "good", by=self.secretary_a)
        self.a1.refresh_from_db()
        self.assertEqual(
            (self.a1.level, self.a1.decision_number, self.a1.decided_by),
            ("good", "01-QĐ/ĐU", self.secretary_a),
        )
        with self.assertRaises(PermissionDenied):
            decide([of_member(self.round, self.world.member_a2)], "good", by=self.clerk_a1)
        with self.assertRaises(PermissionDenied):
            decide([of_member(self.round, self.world.member_b1)], "good", by=self.secretary_a)

    def test_r12_a_grassroots_organization_is_decided_by_the_directly_superior_committee(self) -> None:
        org_a = of_organization(self.round, self.world.org_a)
        with self.assertRaises(PermissionDenied):
            decide([org_a], "good", by=self.secretary_a)  # its own secretary cannot decide its level
        decide([org_a], "good", by=self.office_staff)
        org_a.refresh_from_db()
        self.assertEqual(org_a.level, "good")

    def test_r12_a_decision_covers_one_deciding_body(self) -> None:
        with self.assertRaisesMessage(ValidationError, "cùng cấp quyết định"):
            decide([self.a1, of_member(self.round, self.world.member_b1)], "good", by=self.office_staff)

    def test_after_the_decision_the_clerk_can_no_longer_change_the_level(self) -> None:
        decide([self.a1], "good", by=self.secretary_a)
        with self.assertRaisesMessage(ValidationError, "chỉ cấp quyết định được xếp loại lại"):
            services.propose_level(assessment=self.a1, level="excellent", by=self.clerk_a1)
        with self.assertRaisesMessage(ValidationError, "không sửa được bản tự đánh giá"):
            services.submit_self_assessment(assessment=self.a1, review="x", level="pass", by=self.member_a1)

    def test_reclassification_needs_the_deciding_body_and_a_reason_and_keeps_both_values(self) -> None:
        decide([self.a1], "good", by=self.secretary_a)
        with self.assertRaises(PermissionDenied):
            services.reclassify(
                assessment=self.a1, level="pass", reason="Phát hiện vi phạm", by=self.clerk_a1
            )
        with self.assertRaisesMessage(ValidationError, "lý do"):
            services.reclassify(assessment=self.a1, level="pass", reason=" ", by=self.secretary_a)
        services.reclassify(
            assessment=self.a1, level="pass", reason="Phát hiện vi phạm trong năm", by=self.secretary_a
        )
        levels = [
            e.pgh_data["level"]
            for e in Events.objects.tracks(self.a1).order_by("pgh_id")
            if e.pgh_label == "update"
        ]
        self.assertEqual(levels[-2:], ["good", "pass"])
        last = Events.objects.tracks(self.a1).order_by("-pgh_id").first()
        self.assertEqual(last.pgh_context["action"], "assessments.reclassify")

    def test_publishing_needs_every_assessment_decided(self) -> None:
        with self.assertRaisesMessage(ValidationError, "Còn đánh giá chưa có quyết định"):
            services.publish_round(round=self.round, by=self.office_staff)

    def test_publishing_marks_every_result_published(self) -> None:
        w = self.world
        for grassroots, secretary in ((w.org_a, self.secretary_a), (w.org_b, self.secretary_b)):
            members = list(
                Assessment.objects.filter(
                    round=self.round, decider=grassroots, member__isnull=False
                ).select_related("period", "member", "organization", "decider", "round")
            )
            decide(members, "good", by=secretary)
            units = list(
                Assessment.objects.filter(
                    round=self.round, decider=grassroots, member__isnull=True
                ).select_related("period", "member", "organization", "decider", "round")
            )
            decide(units, "good", by=secretary)
        tops = list(
            Assessment.objects.filter(round=self.round, decider=w.bloc).select_related(
                "period", "member", "organization", "decider", "round"
            )
        )
        decide(tops, "good", by=self.office_staff)
        services.publish_round(round=self.round, by=self.office_staff)
        self.round.refresh_from_db()
        self.assertTrue(self.round.published)
        self.assertEqual(
            set(Assessment.objects.filter(round=self.round).values_list("stage", flat=True)),
            {Stage.PUBLISHED},
        )

    def test_a_batch_of_proposals_with_one_bad_row_writes_nothing(self) -> None:
        a2 = of_member(self.round, self.world.member_a2)
        with self.assertRaises(ValidationError):
            services.propose_levels(
                proposals=[services.Proposal(a2, "good"), services.Proposal(self.a1, "nonsense")],
                by=self.secretary_a,
            )
        self.assertEqual(
            set(
                Assessment.objects.filter(pk__in=[a2.pk, self.a1.pk]).values_list("proposed_level", flat=True)
            ),
            {""},
        )

    def test_a_decision_that_breaks_a_rule_writes_nothing(self) -> None:
        a_member = of_member(self.round, self.world.member_a1)
        a_member.disciplined_in_period = True
        a_member.save()
        others = list(
            Assessment.objects.filter(
                round=self.round, decider=self.world.org_a, member__isnull=False
            ).select_related("period", "member", "organization", "decider", "round")
        )
        with self.assertRaisesMessage(ValidationError, "Theo R9"):
            decide(others, "good", by=self.secretary_a)
        self.assertFalse(Assessment.objects.filter(round=self.round).decided().exists())
