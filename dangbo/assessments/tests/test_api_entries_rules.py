"""The workflow's JSON API refuses what the services refuse: 422 with the rule's number, the people or
organizations involved, and the field of the body it is about; batches are all or nothing."""

from __future__ import annotations

from typing import Any

from dangbo.assessments.models import Assessment, Round, Stage
from dangbo.assessments.tests.test_api_entries import EntriesApiTestCase
from dangbo.assessments.tests.workflow_helpers import decide, of_member, of_organization
from dangbo.testing import make_member


def _locations(response: Any) -> list[list[Any]]:
    return [error["loc"] for error in response.json()["errors"]]


class RoundRefusalTests(EntriesApiTestCase):
    def open(self, persona: str, **body: Any) -> Any:
        return self.post(
            "assessments/rounds",
            persona,
            {
                "organization": "A",
                "period": {"kind": "year", "year": 2024},
                "self_assessment_due": "2024-12-10",
                "proposal_due": "2024-12-15",
                "decision_due": "2024-12-25",
            }
            | body,
        )

    def test_a_round_overlapping_the_blocs_round_is_refused_on_the_organization(self) -> None:
        self.bloc_round(2024)
        response = self.open("secretary_a")
        self.assertIn("đã có đợt đánh giá do Đảng bộ Khối các cơ quan tỉnh mở", self.refused(response))
        self.assertEqual(_locations(response), [["body", "payload", "organization"]])

    def test_a_cell_cannot_open_a_round(self) -> None:
        response = self.open("secretary_a", organization="A1")
        self.assertIn("chi bộ trực thuộc", self.refused(response))

    def test_deadlines_out_of_order_are_refused(self) -> None:
        response = self.open("secretary_a", proposal_due="2024-12-01")
        self.assertIn("theo thứ tự", self.refused(response))
        self.assertEqual(_locations(response), [["body", "payload", "decision_due"]])

    def test_a_period_that_ends_before_it_starts_is_refused_and_leaves_nothing(self) -> None:
        response = self.open(
            "secretary_a", period={"kind": "ad_hoc", "starts_on": "2026-05-01", "ends_on": "2026-04-01"}
        )
        self.assertIn("Ngày kết thúc kỳ phải sau ngày bắt đầu", self.refused(response))
        self.assertEqual(_locations(response), [["body", "payload", "period"]])
        self.assertFalse(Round.objects.exists())

    def test_a_yearly_period_needs_its_year(self) -> None:
        response = self.open("secretary_a", period={"kind": "year", "starts_on": "2024-01-01"})
        self.assertEqual(response.status_code, 422)
        self.assertIn(["body", "payload", "period", "year", "year"], _locations(response))

    def test_publishing_with_undecided_assessments_names_them(self) -> None:
        round_ = self.round_of_a()
        decide([of_member(round_, self.world.member_a1)], "good", by=None)
        detail = self.refused(self.post(f"assessments/rounds/{round_.pk}/publish", "secretary_a", None))
        self.assertIn("Còn đánh giá chưa có quyết định", detail)
        self.assertIn("Phạm Văn Ánh", detail)
        self.assertTrue(Round.objects.get(pk=round_.pk).is_open)

    def test_a_published_round_cannot_be_published_again(self) -> None:
        round_ = self.round_of_a()
        Round.objects.filter(pk=round_.pk).update(published=True, closed_on="2025-01-10")
        response = self.post(f"assessments/rounds/{round_.pk}/publish", "secretary_a", None)
        self.assertIn("đã công bố", self.refused(response))


class StepRefusalTests(EntriesApiTestCase):
    def setUp(self) -> None:
        self.round = self.round_of_a(2025)
        self.dao = of_member(self.round, self.world.member_a1)
        self.anh = of_member(self.round, self.member("Phạm Văn Ánh"))

    def self_assess(self, a: Assessment, body: dict[str, Any], persona: str = "member_a1") -> Any:
        return self.post(
            f"assessments/entries/{a.pk}/self-assessment", persona, {"self_review": "Tự kiểm điểm"} | body
        )

    def propose(
        self, rows: list[dict[str, Any]], round_: Round | None = None, persona: str = "clerk_a1"
    ) -> Any:
        return self.post(
            f"assessments/rounds/{(round_ or self.round).pk}/proposals", persona, {"proposals": rows}
        )

    def test_r2_a_level_under_366_needs_both_parts_of_the_score(self) -> None:
        response = self.propose([{"entry": self.dao.pk, "level": "fail"}])
        self.assertIn("Theo R2 (Quy định 366-QĐ/TW): Nguyễn Thị Đào chưa có điểm", self.refused(response))
        self.assertEqual(_locations(response)[0], ["body", "payload", "proposals"])

    def test_r3_the_self_assessed_level_is_at_most_the_score_band(self) -> None:
        response = self.self_assess(
            self.dao,
            {"level": "excellent", "score_general": 25, "score_tasks": 60, "tasks_done_percent": 100},
        )
        detail = self.refused(response)
        self.assertIn("Theo R3 (Quy định 366-QĐ/TW): Nguyễn Thị Đào đạt 85,00 điểm", detail)
        self.assertEqual(_locations(response)[0], ["body", "payload", "level"])
        self.assertEqual(Assessment.objects.get(pk=self.dao.pk).stage, Stage.PENDING)

    def test_r6_good_needs_every_task_on_time(self) -> None:
        response = self.self_assess(
            self.dao,
            {"level": "good", "score_general": 25, "score_tasks": 55, "tasks_done_percent": 90},
        )
        self.assertIn("Theo R6", self.refused(response))

    def test_the_self_review_cannot_be_blank(self) -> None:
        response = self.self_assess(self.dao, {"self_review": "   ", "level": "fail"})
        self.assertEqual(self.refused(response), "Dữ liệu không hợp lệ (self_review: không được để trống).")
        self.assertEqual(_locations(response), [["body", "payload", "self_review"]])

    def test_a_proposal_batch_is_all_or_nothing_and_lists_every_refused_row(self) -> None:
        response = self.propose(
            [
                {"entry": self.dao.pk, "level": "fail", "score_general": 10, "score_tasks": 20},
                {"entry": self.anh.pk, "level": "good"},
            ]
        )
        self.assertIn("Phạm Văn Ánh", self.refused(response))
        self.assertEqual(
            list(
                Assessment.objects.filter(pk__in=[self.dao.pk, self.anh.pk]).values_list(
                    "stage", "score_general"
                )
            ),
            [(Stage.PENDING, None), (Stage.PENDING, None)],
        )

    def test_the_same_entry_twice_in_a_batch_is_refused(self) -> None:
        row = {"entry": self.dao.pk, "level": "fail", "score_general": 10, "score_tasks": 20}
        response = self.propose([row, row])
        self.assertIn("có hai lần", self.refused(response))
        self.assertEqual(_locations(response), [["body", "payload", "proposals", 1, "entry"]])

    def test_r9_a_member_disciplined_in_the_year_is_not_completed(self) -> None:
        round_ = self.bloc_round(2024)
        a = of_member(round_, self.world.member_a1)
        self.ok(
            self.post(f"assessments/entries/{a.pk}/conditions", "clerk_a1", {"disciplined_in_period": True})
        )
        response = self.propose([{"entry": a.pk, "level": "good"}], round_)
        self.assertIn(
            "Theo R9 (Quy định 124-QĐ/TW): đảng viên Nguyễn Thị Đào bị kỷ luật", self.refused(response)
        )
        self.ok(
            self.post(f"assessments/entries/{a.pk}/conditions", "clerk_a1", {"discipline_remedied": True})
        )
        self.ok(self.propose([{"entry": a.pk, "level": "good"}], round_))

    def test_r9_conditions_that_break_the_proposed_level_are_refused(self) -> None:
        round_ = self.bloc_round(2024)
        a = of_member(round_, self.world.member_a1)
        self.ok(self.propose([{"entry": a.pk, "level": "good"}], round_))
        response = self.post(
            f"assessments/entries/{a.pk}/conditions", "clerk_a1", {"disciplined_in_period": True}
        )
        self.assertIn("Theo R9", self.refused(response))
        self.assertFalse(Assessment.objects.get(pk=a.pk).disciplined_in_period)

    def test_r11_a_member_not_classified_files_a_review_without_a_level(self) -> None:
        exempted = make_member(self.world.cell_a1, "Đỗ Văn Miễn", status="exempted")
        round_ = self.bloc_round(2024)
        a = of_member(round_, exempted)
        response = self.self_assess(a, {"level": "good"}, persona="clerk_a1")
        self.assertIn("Theo R11: Đỗ Văn Miễn không xếp loại trong kỳ này", self.refused(response))
        self.assertEqual(self.ok(self.self_assess(a, {}, persona="clerk_a1"))["stage"], "self_assessed")

    def test_r1_a_level_code_of_another_regime_is_refused(self) -> None:
        round_ = self.bloc_round(2024)
        cell = of_organization(round_, self.world.cell_a1)
        response = self.propose([{"entry": cell.pk, "level": "clean_strong"}], round_, persona="secretary_a")
        self.assertIn(
            "Theo R1: “clean_strong” không phải mức xếp loại của Quy định 124-QĐ/TW", self.refused(response)
        )

    def test_fields_the_regime_has_no_use_for_are_refused(self) -> None:
        round_ = self.bloc_round(2024)
        a = of_member(round_, self.world.member_a1)
        response = self.post(
            f"assessments/entries/{a.pk}/conditions",
            "clerk_a1",
            {"score_general": 20, "tasks_done_percent": 100, "leadership_disciplined": True},
        )
        self.assertEqual(response.status_code, 422)
        self.assertEqual(
            [(e["loc"][-1], e["message"]) for e in response.json()["errors"]],
            [
                ("score_general", "Quy định 124-QĐ/TW không chấm điểm: bỏ trường này."),
                ("tasks_done_percent", "chỉ dùng với Quy định 366-QĐ/TW, không với Quy định 124-QĐ/TW."),
                ("leadership_disciplined", "chỉ dùng với đánh giá tổ chức."),
            ],
        )
        response = self.propose([{"entry": a.pk, "level": "good", "score_tasks": 50}], round_)
        self.assertEqual(_locations(response), [["body", "payload", "proposals", 0, "score_tasks"]])

    def test_percentages_and_scores_are_numbers_with_two_decimals_at_most(self) -> None:
        path = f"assessments/entries/{self.dao.pk}/conditions"
        for body in (
            {"tasks_late_percent": 120},
            {"tasks_late_percent": "12.345"},
            {"tasks_late_percent": "NaN"},
        ):
            with self.subTest(body=body):
                response = self.post(path, "clerk_a1", body)
                self.assertEqual(
                    response.json()["errors"],
                    [
                        {
                            "loc": ["body", "payload", "tasks_late_percent"],
                            "message": "phải là số từ 0 đến 100, tối đa hai chữ số thập phân",
                        }
                    ],
                )
        response = self.post(path, "clerk_a1", {"score_general": "abc"})
        self.assertIn("score_general: phải là số không âm, dưới 1000", self.refused(response))

    def test_after_the_decision_a_proposal_is_refused(self) -> None:
        round_ = self.bloc_round(2024)
        a = of_member(round_, self.world.member_a1)
        decide([a], "good", by=None)
        response = self.propose([{"entry": a.pk, "level": "pass"}], round_)
        self.assertIn(
            "đã có quyết định xếp loại: chỉ cấp quyết định được xếp loại lại", self.refused(response)
        )


class DecisionRefusalTests(EntriesApiTestCase):
    def setUp(self) -> None:
        self.round = self.bloc_round(2024)
        self.a = [of_member(self.round, m) for m in (self.world.member_a1, self.member("Phạm Văn Ánh"))]

    def decide(self, entries: list[dict[str, Any]], persona: str = "secretary_a", **body: Any) -> Any:
        return self.post(
            f"assessments/rounds/{self.round.pk}/decisions",
            persona,
            {"decision_number": "05-QĐ/ĐU", "decision_date": "2024-12-20", "entries": entries} | body,
        )

    def test_r8_more_excellent_than_the_quota_needs_a_recorded_reason(self) -> None:
        entries = [{"entry": self.a[0].pk, "level": "excellent"}, {"entry": self.a[1].pk, "level": "good"}]
        response = self.decide(entries)
        self.assertIn("Theo R8: Số đảng viên của Đảng bộ Sở Tài chính có 1", self.refused(response))
        self.assertEqual(_locations(response), [["body", "payload", "entries"]])
        self.assertFalse(Assessment.objects.filter(round=self.round, stage=Stage.DECIDED).exists())
        decided = self.ok(self.decide(entries, quota_reason="Đơn vị được Bằng khen của Tỉnh ủy"))
        self.assertEqual(decided[0]["quota_reason"], "Đơn vị được Bằng khen của Tỉnh ủy")

    def test_r12_one_decision_holds_the_assessments_of_one_deciding_body(self) -> None:
        b1 = of_member(self.round, self.world.member_b1)
        response = self.decide(
            [{"entry": self.a[0].pk, "level": "good"}, {"entry": b1.pk, "level": "good"}], "office_staff"
        )
        self.assertIn("cùng cấp quyết định", self.refused(response))

    def test_a_decision_needs_its_number(self) -> None:
        response = self.decide([{"entry": self.a[0].pk, "level": "good"}], decision_number=" ")
        self.assertEqual(
            self.refused(response), "Dữ liệu không hợp lệ (decision_number: không được để trống)."
        )
        self.assertEqual(_locations(response), [["body", "payload", "decision_number"]])

    def test_a_level_without_a_proposal_or_a_choice_is_refused(self) -> None:
        response = self.decide([{"entry": self.a[0].pk}])
        self.assertIn("Chưa chọn mức xếp loại cho Nguyễn Thị Đào", self.refused(response))

    def test_reclassifying_needs_a_decision_a_reason_and_a_new_level(self) -> None:
        path = f"assessments/entries/{self.a[0].pk}/reclassify"
        self.assertIn(
            "Chưa có quyết định xếp loại",
            self.refused(self.post(path, "secretary_a", {"level": "pass", "reason": "x"})),
        )
        decide([self.a[0]], "good", by=None)
        response = self.post(path, "secretary_a", {"level": "pass", "reason": " "})
        self.assertEqual(self.refused(response), "Dữ liệu không hợp lệ (reason: không được để trống).")
        self.assertEqual(_locations(response), [["body", "payload", "reason"]])
        response = self.post(path, "secretary_a", {"level": "good", "reason": "Xem lại"})
        self.assertIn("trùng với mức đã quyết định", self.refused(response))
