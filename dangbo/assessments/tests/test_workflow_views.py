"""The workflow pages: what each role sees and does, the Vietnamese messages, bounded queries."""

from __future__ import annotations

import datetime as dt

from django.test import override_settings

from dangbo.assessments.models import Assessment, Round, Stage
from dangbo.assessments.tests.workflow_helpers import decide, of_member, of_organization, open_year_round
from dangbo.testing import BaseTestCase, add_members


class RoundPagesTests(BaseTestCase):
    def test_the_office_opens_a_round_for_the_bloc(self) -> None:
        self.login("office_staff")
        response = self.client.post(
            "/assessments/rounds/new/",
            {
                "organization": self.world.bloc.pk,
                "kind": "year",
                "year": "2024",
                "self_assessment_due": "10/12/2024",
                "proposal_due": "15/12/2024",
                "decision_due": "25/12/2024",
            },
        )
        round_ = Round.objects.get()
        self.assertRedirects(response, f"/assessments/rounds/{round_.pk}/")
        self.assertEqual(Assessment.objects.filter(round=round_).count(), 11)

    def test_a_round_may_assess_a_quarter_under_366(self) -> None:
        self.login("office_staff")
        response = self.client.post(
            "/assessments/rounds/new/",
            {
                "organization": self.world.bloc.pk,
                "kind": "quarter",
                "starts_on": "01/10/2025",
                "ends_on": "31/12/2025",
                "self_assessment_due": "05/01/2026",
                "proposal_due": "10/01/2026",
                "decision_due": "15/01/2026",
            },
        )
        round_ = Round.objects.get()
        self.assertRedirects(response, f"/assessments/rounds/{round_.pk}/")
        self.assertEqual((round_.period.label, round_.period.regime), ("Quý IV/2025", "qd366_2025"))

    def test_a_quarter_needs_its_dates(self) -> None:
        self.login("office_staff")
        response = self.client.post(
            "/assessments/rounds/new/",
            {"organization": self.world.bloc.pk, "kind": "quarter", "self_assessment_due": "05/01/2026",
             "proposal_due": "10/01/2026", "decision_due": "15/01/2026"},
        )  # fmt: skip
        self.assertContains(response, "Cần ghi ngày cho kỳ đánh giá không theo năm.", status_code=422)

    def test_an_overlapping_round_is_refused_with_a_vietnamese_message(self) -> None:
        open_year_round(self.world)
        self.login("secretary_a")
        response = self.client.post(
            "/assessments/rounds/new/",
            {
                "organization": self.world.org_a.pk,
                "kind": "year",
                "year": "2024",
                "self_assessment_due": "10/12/2024",
                "proposal_due": "15/12/2024",
                "decision_due": "25/12/2024",
            },
        )
        self.assertEqual(response.status_code, 422)
        self.assertContains(
            response, "đã có đợt đánh giá do Đảng bộ Khối các cơ quan tỉnh mở", status_code=422
        )

    def test_the_secretary_of_b_cannot_open_a_round_for_a(self) -> None:
        self.login("secretary_b")
        response = self.client.get("/assessments/rounds/new/")
        self.assertNotContains(response, "Đảng bộ Sở Tài chính")

    @override_settings(DANGBO_TODAY="2024-12-12")
    def test_the_round_page_shows_progress_and_the_overdue_organizations(self) -> None:
        round_ = open_year_round(self.world)
        from dangbo.assessments import services

        services.submit_self_assessment(
            assessment=of_organization(round_, self.world.org_a),
            review="Báo cáo kiểm điểm",
            level="good",
            by=self.secretary_a,
        )
        services.submit_self_assessment(
            assessment=of_member(round_, self.world.member_a1),
            review="Tự kiểm điểm",
            level="good",
            by=self.member_a1,
        )
        self.login("office_staff")
        response = self.client.get(f"/assessments/rounds/{round_.pk}/")
        self.assertContains(response, "1 trên 6 tổ chức đã nộp")
        self.assertContains(response, "1 trên 5 đảng viên đã tự đánh giá")
        self.assertContains(response, "Quá hạn tự đánh giá (10/12/2024): Chi bộ Phòng Ngân sách")
        own = of_organization(round_, self.world.cell_a1)
        self.assertContains(response, f'href="/assessments/{own.pk}/"')  # where its people self-assess

    def test_the_secretary_of_a_sees_only_as_part_of_the_blocs_round(self) -> None:
        round_ = open_year_round(self.world)
        self.login("secretary_a")
        response = self.client.get(f"/assessments/rounds/{round_.pk}/")
        self.assertContains(response, "0 trên 3 tổ chức đã nộp")
        self.assertNotContains(response, "Đảng bộ Sở Y tế")
        self.assertContains(response, f"/assessments/rounds/{round_.pk}/decide/A/members/")
        self.assertNotContains(response, "Quyết định xếp loại tổ chức cơ sở đảng")

    def test_the_round_page_queries_are_bounded(self) -> None:
        round_ = open_year_round(self.world)
        self.login("office_staff")
        few = self.count_queries(f"/assessments/rounds/{round_.pk}/")
        add_members(self.world.cell_a2, 30)
        from dangbo.organizations import services as org_services

        for i in range(5):
            org_services.establish_organization(
                code=f"A9{i}", name=f"Chi bộ thêm {i}", kind="cell", parent=self.world.org_a,
                sector="agency", established_on=dt.date(2010, 1, 1), by=None,
            )  # fmt: skip
        round_.assessments.all().delete()
        round_.delete()
        round_ = open_year_round(self.world)
        self.assertEqual(self.count_queries(f"/assessments/rounds/{round_.pk}/"), few)

    def test_the_round_list_shows_the_members_own_assessment(self) -> None:
        round_ = open_year_round(self.world)
        self.login("member_a1")
        response = self.client.get("/assessments/")
        assessment = of_member(round_, self.world.member_a1)
        self.assertContains(response, f"/assessments/{assessment.pk}/self/")
        self.assertNotContains(response, f"/assessments/rounds/{round_.pk}/")


class ProposalTableTests(BaseTestCase):
    def setUp(self) -> None:
        self.round = open_year_round(self.world)
        self.url = f"/assessments/rounds/{self.round.pk}/propose/A1/members/"

    def test_the_clerk_sees_one_row_per_member_of_the_cell(self) -> None:
        self.login("clerk_a1")
        response = self.client.get(self.url)
        self.assertContains(response, "Nguyễn Thị Đào")
        self.assertContains(response, "Phạm Văn Ánh")
        self.assertNotContains(response, "Trần Văn Bình")  # cell A2

    def test_saving_a_row_returns_the_row_marked_saved(self) -> None:
        self.login("clerk_a1")
        a = of_member(self.round, self.world.member_a1)
        response = self.client.post(
            f"/assessments/rounds/{self.round.pk}/rows/{a.pk}/",
            {"level": "good", "number": "2"},
            headers={"HX-Request": "true"},
        )
        self.assertContains(response, "Đã lưu")
        self.assertContains(response, '<td class="num">2<input')  # the row keeps its place in the table
        self.assertNotContains(response, "<html")
        a.refresh_from_db()
        self.assertEqual((a.proposed_level, a.stage), ("good", Stage.PROPOSED))

    def test_a_refused_row_comes_back_with_the_rule(self) -> None:
        a = of_member(self.round, self.world.member_a1)
        a.disciplined_in_period = True
        a.save()
        self.login("clerk_a1")
        response = self.client.post(f"/assessments/rounds/{self.round.pk}/rows/{a.pk}/", {"level": "good"})
        self.assertContains(response, "Theo R9", status_code=422)
        a.refresh_from_db()
        self.assertEqual(a.proposed_level, "")

    def test_the_clerk_cannot_save_a_row_of_another_cell(self) -> None:
        a2 = of_member(self.round, self.world.member_a2)
        self.login("clerk_a1")
        response = self.client.post(f"/assessments/rounds/{self.round.pk}/rows/{a2.pk}/", {"level": "good"})
        self.assertEqual(response.status_code, 404)

    def test_after_the_decision_the_row_is_read_only(self) -> None:
        decide([of_member(self.round, self.world.member_a1)], "good", by=self.secretary_a)
        self.login("clerk_a1")
        response = self.client.get(self.url)
        self.assertContains(response, "— đã quyết định")
        a = of_member(self.round, self.world.member_a1)
        response = self.client.post(
            f"/assessments/rounds/{self.round.pk}/rows/{a.pk}/", {"level": "excellent"}
        )
        self.assertContains(response, "chỉ cấp quyết định được xếp loại lại", status_code=422)

    def test_the_table_queries_are_bounded(self) -> None:
        self.login("clerk_a1")
        few = self.count_queries(self.url)
        add_members(self.world.cell_a1, 40)
        self.round.assessments.all().delete()
        self.round.delete()
        self.round = open_year_round(self.world)
        self.assertEqual(self.count_queries(f"/assessments/rounds/{self.round.pk}/propose/A1/members/"), few)

    def test_under_366_the_row_takes_the_score(self) -> None:
        round_ = open_year_round(self.world, 2025)
        a = of_member(round_, self.world.member_a1)
        self.login("clerk_a1")
        response = self.client.post(
            f"/assessments/rounds/{round_.pk}/rows/{a.pk}/",
            {"level": "good", "score_general": "25", "score_tasks": "60"},
        )
        self.assertContains(response, "Theo R6", status_code=422)  # no task figures yet
        response = self.client.post(
            f"/assessments/rounds/{round_.pk}/rows/{a.pk}/",
            {"level": "pass", "score_general": "25,5", "score_tasks": "40"},
        )
        self.assertEqual(response.status_code, 200)
        a.refresh_from_db()
        self.assertEqual(str(a.score_general), "25.50")

    def test_the_committee_proposes_its_cells_levels(self) -> None:
        self.login("secretary_a")
        response = self.client.get(f"/assessments/rounds/{self.round.pk}/propose/A/units/")
        self.assertContains(response, "Chi bộ Phòng Ngân sách")
        self.assertNotContains(response, ">Đảng bộ Sở Tài chính<")


class DecisionPageTests(BaseTestCase):
    def setUp(self) -> None:
        self.round = open_year_round(self.world)
        self.url = f"/assessments/rounds/{self.round.pk}/decide/A/members/"
        self.rows = list(
            Assessment.objects.filter(round=self.round, decider=self.world.org_a, member__isnull=False)
        )

    def post(self, levels: dict[int, str], **extra: str) -> object:
        data = {f"level_{pk}": level for pk, level in levels.items()} | {
            "decision_number": "125-QĐ/ĐU",
            "decision_date": "20/12/2024",
        }
        return self.client.post(self.url, data | extra)

    def test_the_secretary_decides_every_member_in_one_decision(self) -> None:
        self.login("secretary_a")
        response = self.post({a.pk: "good" for a in self.rows})
        self.assertRedirects(response, self.url)
        self.assertEqual(
            set(
                Assessment.objects.filter(pk__in=[a.pk for a in self.rows]).values_list(
                    "level", "decision_number"
                )
            ),
            {("good", "125-QĐ/ĐU")},
        )

    def test_the_quota_message_names_the_organization_and_the_numbers(self) -> None:
        self.login("secretary_a")
        response = self.post({a.pk: "excellent" for a in self.rows})
        self.assertContains(response, "Theo R8: Số đảng viên của Đảng bộ Sở Tài chính có 3", status_code=422)
        response = self.post({a.pk: "excellent" for a in self.rows}, quota_reason="Đơn vị dẫn đầu khối")
        self.assertEqual(response.status_code, 302)

    def test_the_proposed_level_is_preselected(self) -> None:
        from dangbo.assessments import services

        services.propose_level(
            assessment=of_member(self.round, self.world.member_a1), level="pass", by=self.clerk_a1
        )
        self.login("secretary_a")
        response = self.client.get(self.url)
        self.assertContains(response, '<option value="pass" selected>')

    def test_the_bloc_decides_the_grassroots_levels(self) -> None:
        self.login("office_staff")
        url = f"/assessments/rounds/{self.round.pk}/decide/DUK/units/"
        response = self.client.get(url)
        self.assertContains(response, "Đảng bộ Sở Tài chính")
        self.assertContains(response, "Đảng bộ Sở Y tế")
        self.assertNotContains(response, "Chi bộ Phòng Ngân sách")

    def test_the_secretary_of_a_cannot_decide_as_own_level(self) -> None:
        self.login("secretary_a")
        self.assertEqual(
            self.client.get(f"/assessments/rounds/{self.round.pk}/decide/DUK/units/").status_code, 404
        )

    def test_the_decision_page_queries_are_bounded(self) -> None:
        self.login("secretary_a")
        few = self.count_queries(self.url)
        add_members(self.world.cell_a2, 30)
        self.round.assessments.all().delete()
        self.round.delete()
        self.round = open_year_round(self.world)
        self.assertEqual(self.count_queries(f"/assessments/rounds/{self.round.pk}/decide/A/members/"), few)


class AssessmentPagesTests(BaseTestCase):
    def setUp(self) -> None:
        self.round = open_year_round(self.world)
        self.a1 = of_member(self.round, self.world.member_a1)

    def test_the_member_submits_their_self_assessment(self) -> None:
        self.login("member_a1")
        response = self.client.post(
            f"/assessments/{self.a1.pk}/self/",
            {"self_review": "Hoàn thành tốt nhiệm vụ được giao.", "level": "good"},
        )
        self.assertRedirects(response, f"/assessments/{self.a1.pk}/")
        self.a1.refresh_from_db()
        self.assertEqual((self.a1.self_level, self.a1.stage), ("good", Stage.SELF_ASSESSED))

    def test_a_member_cannot_open_someone_elses_self_assessment(self) -> None:
        other = of_member(self.round, self.world.member_a2)
        self.login("member_a1")
        self.assertEqual(self.client.get(f"/assessments/{other.pk}/self/").status_code, 404)
        self.assertEqual(self.client.get(f"/assessments/{other.pk}/").status_code, 404)

    def test_the_clerk_records_the_discipline_and_the_proposal_must_follow(self) -> None:
        self.login("clerk_a1")
        response = self.client.post(f"/assessments/{self.a1.pk}/conditions/", {"disciplined_in_period": "on"})
        self.assertRedirects(response, f"/assessments/{self.a1.pk}/")
        response = self.client.post(
            f"/assessments/rounds/{self.round.pk}/rows/{self.a1.pk}/", {"level": "good"}
        )
        self.assertContains(response, "Theo R9", status_code=422)

    def test_reclassification_shows_both_values_in_the_history(self) -> None:
        decide([self.a1], "good", by=self.secretary_a)
        self.login("secretary_a")
        response = self.client.post(
            f"/assessments/{self.a1.pk}/reclassify/",
            {"level": "pass", "reason": "Phát hiện vi phạm trong năm", "decision_number": "130-QĐ/ĐU"},
        )
        self.assertRedirects(response, f"/assessments/{self.a1.pk}/")
        page = self.client.get(f"/assessments/{self.a1.pk}/")
        self.assertContains(page, "Phát hiện vi phạm trong năm")
        self.assertContains(page, "<del>Hoàn thành tốt nhiệm vụ</del>", html=False)

    def test_the_clerk_cannot_reclassify(self) -> None:
        decide([self.a1], "good", by=self.secretary_a)
        self.login("clerk_a1")
        self.assertEqual(self.client.get(f"/assessments/{self.a1.pk}/reclassify/").status_code, 404)

    def test_r14_the_assessment_page_flags_a_second_failed_year(self) -> None:
        previous = open_year_round(self.world, 2023)
        decide([of_member(previous, self.world.member_a1)], "fail", by=self.secretary_a)
        decide([self.a1], "fail", by=self.secretary_a)
        self.login("secretary_a")
        response = self.client.get(f"/assessments/{self.a1.pk}/")
        self.assertContains(
            response, "Theo R14: Nguyễn Thị Đào không hoàn thành nhiệm vụ hai năm liền (2023, 2024)"
        )
        screening = self.client.get("/assessments/screening/?year=2024")
        self.assertContains(screening, "Nguyễn Thị Đào")
        self.login("secretary_b")
        self.assertNotContains(self.client.get("/assessments/screening/?year=2024"), "Nguyễn Thị Đào")


class ListPagesQueryTests(BaseTestCase):
    def test_the_round_list_queries_are_bounded(self) -> None:
        open_year_round(self.world, 2023)
        self.login("member_a1")
        few = self.count_queries("/assessments/")
        for year in (2024, 2025):
            open_year_round(self.world, year)
        self.assertEqual(self.count_queries("/assessments/"), few)

    def test_the_screening_list_queries_are_bounded(self) -> None:
        self.login("secretary_a")
        few = self.count_queries("/assessments/screening/?year=2024")
        for year in (2023, 2024):
            round_ = open_year_round(self.world, year)
            members = list(
                Assessment.objects.filter(
                    round=round_, decider=self.world.org_a, member__isnull=False
                ).select_related("period", "member", "organization", "decider", "round")
            )
            decide(members, "fail", by=self.secretary_a)
        response = self.client.get("/assessments/screening/?year=2024")
        self.assertContains(response, "Phạm Văn Ánh")
        self.assertEqual(self.count_queries("/assessments/screening/?year=2024"), few + 1)  # + the names
