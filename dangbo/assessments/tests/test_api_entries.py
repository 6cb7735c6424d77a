"""The workflow's JSON API (dangbo/api/assessment_entries.py): each operation through the real services,
with the token's user in the audit (issue 5 "JSON API", issue 3 "Workflow")."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Model
from pghistory.models import Events

from dangbo.api.tests.base import ApiTestCase
from dangbo.assessments.models import Assessment, NotClassifiedReason, Period, Round, Stage
from dangbo.assessments.tests.workflow_helpers import decide, of_member, of_organization, open_year_round
from dangbo.members.models import Member


class EntriesApiTestCase(ApiTestCase):
    """Helpers shared by the test_api_entries*.py files."""

    def round_of_a(self, year: int = 2024) -> Round:
        return open_year_round(
            self.world, year, organization=self.world.org_a, by=self.world.users["secretary_a"]
        )

    def bloc_round(self, year: int = 2024) -> Round:
        return open_year_round(self.world, year)

    def member(self, name: str) -> Member:
        return Member.objects.get(full_name=name)

    def ok(self, response: Any, status: int = 201) -> Any:
        self.assertEqual(response.status_code, status, response.content.decode())
        return response.json()

    def refused(self, response: Any) -> str:
        """The Vietnamese detail of a 422."""
        self.assertEqual(response.status_code, 422, response.content.decode())
        return response.json()["detail"]

    def assert_audited(self, obj: Model, persona: str, action: str) -> None:
        """A history row of `obj` was written by `action` with the token's user as the actor."""
        contexts = [event.pgh_context or {} for event in Events.objects.tracks(obj)]
        self.assertIn(
            (self.world.users[persona].pk, action), [(c.get("user"), c.get("action")) for c in contexts]
        )


class RoundsTests(EntriesApiTestCase):
    def test_the_office_opens_a_yearly_round_for_the_bloc(self) -> None:
        body = self.ok(
            self.post(
                "assessments/rounds",
                "office_staff",
                {
                    "organization": "DUK",
                    "period": {"kind": "year", "year": 2025},
                    "self_assessment_due": "2025-12-10",
                    "proposal_due": "2025-12-15",
                    "decision_due": "2025-12-25",
                    "note": "Theo Kế hoạch 12-KH/ĐUK",
                },
            )
        )
        self.assertEqual(body["organization"], {"code": "DUK", "name": "Đảng bộ Khối các cơ quan tỉnh"})
        self.assertEqual(body["period"]["label"], "Năm 2025")
        self.assertEqual(
            (body["period"]["regime"], body["regime"]["title"]), ("qd366_2025", "Quy định 366-QĐ/TW")
        )
        self.assertEqual(body["progress"]["organizations"], 6)
        self.assertEqual(body["progress"]["members"], 5)
        self.assertTrue(body["is_open"])
        round_ = Round.objects.get(pk=body["id"])
        self.assertEqual(Assessment.objects.filter(round=round_).count(), 11)
        self.assert_audited(round_, "office_staff", "assessments.open_round")

    def test_a_quarter_is_a_period_of_its_own_under_366(self) -> None:
        body = self.ok(
            self.post(
                "assessments/rounds",
                "secretary_a",
                {
                    "organization": "A",
                    "period": {"kind": "quarter", "starts_on": "2026-01-01", "ends_on": "2026-03-31"},
                    "self_assessment_due": "2026-04-05",
                    "proposal_due": "2026-04-10",
                    "decision_due": "2026-04-15",
                },
            )
        )
        self.assertEqual((body["period"]["kind"], body["period"]["label"]), ("quarter", "Quý I/2026"))
        self.assertEqual(body["regime"]["code"], "qd366_2025")
        period = Period.objects.get(pk=body["period"]["id"])
        self.assert_audited(period, "secretary_a", "assessments.period")

    def test_the_round_shows_the_regimes_levels_and_the_progress(self) -> None:
        round_ = self.round_of_a(2016)
        body = self.ok(self.api(f"assessments/rounds/{round_.pk}", "secretary_a"), 200)
        regime = body["regime"]
        self.assertEqual(regime["code"], "hd27_2014")
        self.assertEqual(
            [level["code"] for level in regime["organization_levels"]],
            ["clean_strong", "good", "pass", "weak"],
        )
        self.assertEqual(regime["exemplary_label"], "Trong sạch, vững mạnh tiêu biểu")
        self.assertIsNone(regime["quota_percent"])
        progress = body["progress"]
        self.assertEqual((progress["organizations"], progress["organizations_submitted"]), (3, 0))
        self.assertEqual([u["organization"]["code"] for u in progress["units"]], ["A", "A1", "A2"])
        self.assertEqual([u["members"] for u in progress["units"]], [0, 2, 1])
        # Past its deadline every organization that has not submitted is overdue.
        self.assertEqual([o["code"] for o in progress["overdue"]], ["A", "A1", "A2"])

    def test_the_round_list_shows_the_rounds_the_caller_takes_part_in_newest_first(self) -> None:
        older = self.round_of_a(2023)
        newer = self.bloc_round(2024)
        items = self.items("assessments/rounds", "secretary_a")
        self.assertEqual([r["id"] for r in items], [newer.pk, older.pk])
        self.assertEqual(
            [r["id"] for r in self.items("assessments/rounds", "secretary_a", year=2023)], [older.pk]
        )
        self.assertEqual([r["id"] for r in self.items("assessments/rounds", "secretary_b")], [newer.pk])

    def test_publishing_closes_a_round_whose_every_assessment_is_decided(self) -> None:
        round_ = self.round_of_a()
        rows = list(
            Assessment.objects.filter(round=round_).select_related(
                "period", "round", "organization", "member", "decider"
            )
        )
        for subject_rows in (
            [a for a in rows if a.member_id],
            [a for a in rows if not a.member_id and a.decider_id == self.world.org_a.pk],
        ):
            decide(subject_rows, "good", by=None)
        decide([of_organization(round_, self.world.org_a)], "good", by=None, number="02-QĐ/ĐUK")
        body = self.ok(self.post(f"assessments/rounds/{round_.pk}/publish", "secretary_a", None))
        self.assertEqual((body["is_open"], body["published"]), (False, True))
        self.assertEqual(
            set(Assessment.objects.filter(round=round_).values_list("stage", flat=True)), {Stage.PUBLISHED}
        )
        self.assert_audited(Round.objects.get(pk=round_.pk), "secretary_a", "assessments.publish")


class EntryReadTests(EntriesApiTestCase):
    def test_the_entries_of_a_round_come_in_tree_order_with_the_organization_first(self) -> None:
        round_ = self.round_of_a()
        items = self.items(f"assessments/rounds/{round_.pk}/entries", "secretary_a", organization="A1")
        self.assertEqual(
            [
                (e["subject"], e["organization"]["code"], e["member"] and e["member"]["full_name"])
                for e in items
            ],
            [
                ("organization", "A1", None),
                ("member", "A1", "Phạm Văn Ánh"),  # Vietnamese order: by given name
                ("member", "A1", "Nguyễn Thị Đào"),
            ],
        )
        entry = items[2]
        self.assertEqual((entry["stage"], entry["stage_label"]), ("pending", "Chưa tự đánh giá"))
        self.assertEqual((entry["decider"]["code"], entry["grassroots"]["code"]), ("A", "A"))
        self.assertIsNone(entry["level"])

    def test_the_entries_filter_by_subject_stage_and_deciding_body(self) -> None:
        round_ = self.bloc_round()
        path = f"assessments/rounds/{round_.pk}/entries"
        units = self.items(path, "office_staff", subject="organization", decider="DUK")
        self.assertEqual({e["organization"]["code"] for e in units}, {"A", "B"})
        members = self.items(path, "office_staff", subject="member", organization="B")
        self.assertEqual({e["member"]["full_name"] for e in members}, {"Lê Thị Hà", "Hoàng Văn Đức"})
        self.assertEqual(self.items(path, "office_staff", stage="decided"), [])

    def test_an_entry_shows_its_labels_and_its_history(self) -> None:
        round_ = self.round_of_a()
        a = of_member(round_, self.world.member_a1)
        decide([a], "good", by=self.world.users["secretary_a"])
        body = self.ok(self.api(f"assessments/entries/{a.pk}", "member_a1"), 200)
        self.assertEqual((body["level"], body["level_label"]), ("good", "Hoàn thành tốt nhiệm vụ"))
        self.assertEqual(body["decision_number"], "01-QĐ/ĐU")
        self.assertFalse(body["screening"])
        self.assertEqual(body["history"][0]["action"], "assessments.decide")
        self.assertEqual(body["history"][0]["actor"], "secretary_a")

    def test_a_member_finds_their_own_entries(self) -> None:
        older = of_member(self.round_of_a(2023), self.world.member_a1)
        newer = of_member(self.bloc_round(2024), self.world.member_a1)
        items = self.items("assessments/own-entries", "member_a1")
        self.assertEqual([e["id"] for e in items], [newer.pk, older.pk])
        self.assertEqual(self.items("assessments/own-entries", "secretary_a"), [])

    def test_r14_an_entry_at_the_bottom_level_the_second_year_running_is_flagged(self) -> None:
        for year in (2023, 2024):
            decide([of_member(self.round_of_a(year), self.world.member_a1)], "fail", by=None)
        a = Assessment.objects.get(member=self.world.member_a1, period__year=2024)
        self.assertTrue(self.ok(self.api(f"assessments/entries/{a.pk}", "secretary_a"), 200)["screening"])


class StepsTests(EntriesApiTestCase):
    """Under 366 (2025): the member assesses themself, the clerk records the facts and proposes, the
    secretary decides, and a reclassification keeps both levels in the history."""

    def setUp(self) -> None:
        self.round = self.round_of_a(2025)
        self.dao = of_member(self.round, self.world.member_a1)
        self.anh = of_member(self.round, self.member("Phạm Văn Ánh"))

    def conditions(self, a: Assessment, persona: str, body: dict[str, Any]) -> Any:
        return self.post(f"assessments/entries/{a.pk}/conditions", persona, body)

    def test_the_member_submits_a_self_assessment_with_the_366_score(self) -> None:
        body = self.ok(
            self.post(
                f"assessments/entries/{self.dao.pk}/self-assessment",
                "member_a1",
                {
                    "self_review": "Hoàn thành tốt các nhiệm vụ được giao.",
                    "level": "excellent",
                    "score_general": 29,
                    "score_tasks": "66.5",
                    "tasks_done_percent": 100,
                    "tasks_late_percent": 0,
                    "tasks_exceeded_percent": 40,
                },
            )
        )
        self.assertEqual((body["stage"], body["self_level"]), ("self_assessed", "excellent"))
        self.assertEqual(
            (body["score_general"], body["score_tasks"], body["score_total"]), ("29.00", "66.50", "95.50")
        )
        self.assertEqual(body["self_level_label"], "Hoàn thành xuất sắc nhiệm vụ")
        self.assert_audited(Assessment.objects.get(pk=self.dao.pk), "member_a1", "assessments.self_assess")

    def test_the_clerk_records_the_conditions_and_only_what_is_sent_changes(self) -> None:
        self.ok(self.conditions(self.anh, "clerk_a1", {"tasks_done_percent": 100, "tasks_late_percent": 0}))
        body = self.ok(
            self.conditions(self.anh, "clerk_a1", {"holds_leadership": True, "note": "Trưởng phòng"})
        )
        self.assertEqual((body["tasks_done_percent"], body["tasks_late_percent"]), ("100.00", "0.00"))
        self.assertEqual((body["holds_leadership"], body["note"]), (True, "Trưởng phòng"))
        body = self.ok(self.conditions(self.anh, "clerk_a1", {"tasks_late_percent": None}))
        self.assertIsNone(body["tasks_late_percent"])
        self.assert_audited(
            Assessment.objects.get(pk=self.anh.pk), "clerk_a1", "assessments.update_conditions"
        )

    def test_r11_the_proposer_marks_a_member_not_classified_and_back(self) -> None:
        body = self.ok(self.conditions(self.anh, "clerk_a1", {"not_classified_reason": "suspended"}))
        self.assertEqual(body["not_classified_reason"], NotClassifiedReason.SUSPENDED)
        body = self.ok(self.conditions(self.anh, "clerk_a1", {"not_classified_reason": None}))
        self.assertIsNone(body["not_classified_reason"])

    def test_a_batch_of_proposals_then_a_decision_then_a_reclassification(self) -> None:
        facts = {"tasks_done_percent": 100, "tasks_late_percent": 0, "tasks_exceeded_percent": 35}
        self.ok(self.conditions(self.dao, "clerk_a1", facts))
        self.ok(self.conditions(self.anh, "clerk_a1", facts))
        proposed = self.ok(
            self.post(
                f"assessments/rounds/{self.round.pk}/proposals",
                "clerk_a1",
                {
                    "proposals": [
                        {"entry": self.dao.pk, "level": "good", "score_general": 25, "score_tasks": 55},
                        {"entry": self.anh.pk, "level": "pass", "score_general": 20, "score_tasks": 55},
                    ]
                },
            )
        )
        self.assertEqual(
            [(e["id"], e["stage"], e["proposed_level"]) for e in proposed],
            [(self.dao.pk, "proposed", "good"), (self.anh.pk, "proposed", "pass")],
        )
        self.assert_audited(Assessment.objects.get(pk=self.dao.pk), "clerk_a1", "assessments.propose")

        decided = self.ok(
            self.post(
                f"assessments/rounds/{self.round.pk}/decisions",
                "secretary_a",
                {
                    "decision_number": "15-QĐ/ĐU",
                    "decision_date": "2025-12-20",
                    "entries": [{"entry": self.dao.pk}, {"entry": self.anh.pk, "level": "good"}],
                },
            )
        )
        self.assertEqual(
            [(e["level"], e["stage"], e["decision_number"]) for e in decided],
            [("good", "decided", "15-QĐ/ĐU"), ("good", "decided", "15-QĐ/ĐU")],
        )
        self.assert_audited(Assessment.objects.get(pk=self.anh.pk), "secretary_a", "assessments.decide")

        body = self.ok(
            self.post(
                f"assessments/entries/{self.anh.pk}/reclassify",
                "secretary_a",
                {
                    "level": "pass",
                    "reason": "Phát hiện vi phạm sau quyết định",
                    "decision_number": "20-QĐ/ĐU",
                },
            )
        )
        self.assertEqual(
            (body["level"], body["reclassification_reason"]), ("pass", "Phát hiện vi phạm sau quyết định")
        )
        change = body["history"][0]
        self.assertEqual((change["action"], change["actor"]), ("assessments.reclassify", "secretary_a"))
        self.assertIn(
            {"field": "Xếp loại", "before": "Hoàn thành tốt nhiệm vụ", "after": "Hoàn thành nhiệm vụ"},
            change["fields"],
        )

    def test_a_decision_takes_the_proposed_levels_and_flags_by_default(self) -> None:
        round_ = self.round_of_a(2016)
        cell = of_organization(round_, self.world.cell_a1)
        self.ok(
            self.post(
                f"assessments/rounds/{round_.pk}/proposals",
                "secretary_a",
                {"proposals": [{"entry": cell.pk, "level": "clean_strong", "exemplary": True}]},
            )
        )
        decided = self.ok(
            self.post(
                f"assessments/rounds/{round_.pk}/decisions",
                "secretary_a",
                {
                    "decision_number": "80-QĐ/ĐU",
                    "decision_date": "2016-12-28",
                    "entries": [{"entry": cell.pk}],
                },
            )
        )
        self.assertEqual((decided[0]["level"], decided[0]["exemplary"]), ("clean_strong", True))
        self.assertEqual(decided[0]["decision_date"], dt.date(2016, 12, 28).isoformat())
