"""Who may take each step through the workflow's JSON API (404 outside the scope, like the UI), retries with
an Idempotency-Key, and pinned query counts of the lists. The persona × status rows of every write are
`API_WRITES` in access_api_entries.py, run by api/tests/test_write_access.py."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from pghistory.models import Events

from dangbo.assessments.models import Assessment, Round
from dangbo.assessments.tests.test_api_entries import EntriesApiTestCase
from dangbo.assessments.tests.workflow_helpers import decide, of_member, of_organization
from dangbo.testing import add_members


class ScopeTests(EntriesApiTestCase):
    def test_the_secretary_of_b_gets_404_on_the_round_and_the_entries_of_a(self) -> None:
        round_ = self.round_of_a()
        entry = of_member(round_, self.world.member_a1)
        for path in (
            f"assessments/rounds/{round_.pk}",
            f"assessments/rounds/{round_.pk}/entries",
            f"assessments/entries/{entry.pk}",
        ):
            with self.subTest(path=path):
                response = self.api(path, "secretary_b")
                self.assertEqual(response.status_code, 404)
                self.assertIn(
                    response.json()["detail"], {"Không tìm thấy đợt đánh giá.", "Không tìm thấy đánh giá."}
                )
        self.assertEqual(self.items("assessments/rounds", "secretary_b"), [])
        response = self.post(
            f"assessments/rounds/{round_.pk}/proposals",
            "secretary_b",
            {"proposals": [{"entry": entry.pk, "level": "good"}]},
        )
        self.assertEqual(response.status_code, 404)

    def test_in_the_blocs_round_the_secretary_of_a_sees_only_as_part(self) -> None:
        round_ = self.bloc_round()
        items = self.items(f"assessments/rounds/{round_.pk}/entries", "secretary_a")
        self.assertEqual({e["organization"]["code"] for e in items}, {"A", "A1", "A2"})
        self.assertEqual(len(items), 6)
        progress = self.ok(self.api(f"assessments/rounds/{round_.pk}", "secretary_a"), 200)["progress"]
        self.assertEqual((progress["organizations"], progress["members"]), (3, 3))
        b1 = of_member(round_, self.world.member_b1)
        self.assertEqual(self.api(f"assessments/entries/{b1.pk}", "secretary_a").status_code, 404)
        path = f"assessments/rounds/{round_.pk}/entries"
        self.assertEqual(self.api(path, "secretary_a", organization="B").status_code, 404)

    def test_the_clerk_cannot_decide_publish_or_reclassify(self) -> None:
        round_ = self.round_of_a()
        entry = of_member(round_, self.world.member_a1)
        body = {
            "decision_number": "05-QĐ/ĐU",
            "decision_date": "2024-12-20",
            "entries": [{"entry": entry.pk, "level": "good"}],
        }
        response = self.post(f"assessments/rounds/{round_.pk}/decisions", "clerk_a1", body)
        self.assertEqual(response.status_code, 404)
        self.assertEqual(
            response.json()["detail"], f"Không tìm thấy bản đánh giá {entry.pk} trong đợt đánh giá này."
        )
        decide([entry], "good", by=None)
        response = self.post(
            f"assessments/entries/{entry.pk}/reclassify", "clerk_a1", {"level": "pass", "reason": "x"}
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(
            self.post(f"assessments/rounds/{round_.pk}/publish", "clerk_a1", None).status_code, 404
        )
        self.assertEqual(Assessment.objects.get(pk=entry.pk).level, "good")

    def test_the_clerk_proposes_only_for_the_members_of_the_cell(self) -> None:
        round_ = self.round_of_a()
        binh = of_member(round_, self.world.member_a2)
        response = self.post(
            f"assessments/rounds/{round_.pk}/proposals",
            "clerk_a1",
            {"proposals": [{"entry": binh.pk, "level": "good"}]},
        )
        self.assertEqual(response.status_code, 404)

    def test_r12_the_secretary_of_a_does_not_decide_as_own_level(self) -> None:
        round_ = self.bloc_round()
        own = of_organization(round_, self.world.org_a)
        body = {
            "decision_number": "05-QĐ/ĐU",
            "decision_date": "2024-12-20",
            "entries": [{"entry": own.pk, "level": "good"}],
        }
        self.assertEqual(
            self.post(f"assessments/rounds/{round_.pk}/decisions", "secretary_a", body).status_code, 404
        )
        self.ok(self.post(f"assessments/rounds/{round_.pk}/decisions", "office_staff", body))

    def test_the_member_reads_and_assesses_only_their_own_entry(self) -> None:
        round_ = self.round_of_a()
        own = of_member(round_, self.world.member_a1)
        other = of_member(round_, self.member("Phạm Văn Ánh"))
        self.assertEqual(self.api(f"assessments/rounds/{round_.pk}", "member_a1").status_code, 404)
        self.ok(self.api(f"assessments/entries/{own.pk}", "member_a1"), 200)
        self.assertEqual(self.api(f"assessments/entries/{other.pk}", "member_a1").status_code, 404)
        body = {"self_review": "Tự kiểm điểm", "level": "good"}
        self.assertEqual(
            self.post(f"assessments/entries/{other.pk}/self-assessment", "member_a1", body).status_code, 404
        )
        self.ok(self.post(f"assessments/entries/{own.pk}/self-assessment", "member_a1", body))
        response = self.post(
            f"assessments/entries/{own.pk}/conditions", "member_a1", {"disciplined_in_period": False}
        )
        self.assertEqual(response.status_code, 404)

    def test_a_missing_round_or_entry_answers_404_like_someone_elses(self) -> None:
        self.assertEqual(self.api("assessments/rounds/999999", "superuser").status_code, 404)
        self.assertEqual(self.api("assessments/entries/999999", "superuser").status_code, 404)


class IdempotencyTests(EntriesApiTestCase):
    def test_a_retried_proposal_returns_the_first_response_without_a_second_write(self) -> None:
        round_ = self.round_of_a()
        entry = of_member(round_, self.world.member_a1)
        path = f"assessments/rounds/{round_.pk}/proposals"
        body = {"proposals": [{"entry": entry.pk, "level": "good"}]}
        first = self.post(path, "clerk_a1", body, idempotency_key="de-xuat-a1-2024")
        self.ok(first)
        events = Events.objects.tracks(entry).count()
        second = self.post(path, "clerk_a1", body, idempotency_key="de-xuat-a1-2024")
        self.assertEqual((second.status_code, second.content), (first.status_code, first.content))
        self.assertEqual(second["Idempotent-Replayed"], "true")
        self.assertEqual(Events.objects.tracks(entry).count(), events)

    def test_a_retried_round_opening_opens_one_round(self) -> None:
        body = {
            "organization": "A",
            "period": {"kind": "year", "year": 2024},
            "self_assessment_due": "2024-12-10",
            "proposal_due": "2024-12-15",
            "decision_due": "2024-12-25",
        }
        first = self.ok(self.post("assessments/rounds", "secretary_a", body, idempotency_key="mo-dot-2024"))
        second = self.ok(self.post("assessments/rounds", "secretary_a", body, idempotency_key="mo-dot-2024"))
        self.assertEqual(first, second)
        self.assertEqual(Round.objects.count(), 1)
        other = self.post(
            "assessments/rounds", "secretary_a", body | {"note": "khác"}, idempotency_key="mo-dot-2024"
        )
        self.assertIn("đã được dùng cho một yêu cầu khác", self.refused(other))

    def test_a_retried_publication_is_replayed_not_refused(self) -> None:
        round_ = self.round_of_a()
        rows = list(
            Assessment.objects.filter(round=round_).select_related(
                "period", "round", "organization", "member"
            )
        )
        decide([a for a in rows if a.member_id], "good", by=None)
        decide([a for a in rows if not a.member_id and a.decider_id == self.world.org_a.pk], "good", by=None)
        decide([of_organization(round_, self.world.org_a)], "good", by=None)
        path = f"assessments/rounds/{round_.pk}/publish"
        first = self.post(path, "secretary_a", None, idempotency_key="cong-bo-2024")
        second = self.post(path, "secretary_a", None, idempotency_key="cong-bo-2024")
        self.assertEqual((first.status_code, second.status_code), (201, 201))
        self.assertEqual(first.content, second.content)
        self.assertEqual(
            self.post(path, "secretary_a", None).status_code, 422
        )  # a new request: already published


class QueryCountTests(EntriesApiTestCase):
    def count(self, path: str, persona: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            self.assertEqual(self.api(path, persona).status_code, 200)
        return len(ctx)

    def test_the_entry_list_makes_a_fixed_number_of_queries(self) -> None:
        round_ = self.bloc_round()
        path = f"assessments/rounds/{round_.pk}/entries"
        few = self.count(path, "office_staff")
        add_members(self.world.cell_b1, 30)
        more = self.bloc_round(2023)
        self.assertEqual(self.count(f"assessments/rounds/{more.pk}/entries", "office_staff"), few)
        self.assertLessEqual(few, 8)

    def test_the_round_list_and_the_round_make_a_fixed_number_of_queries(self) -> None:
        self.bloc_round(2023)
        one = self.count("assessments/rounds", "secretary_a")
        self.bloc_round(2024)
        self.round_of_a(2022)
        self.assertEqual(self.count("assessments/rounds", "secretary_a"), one)
        round_ = self.bloc_round(2021)
        self.assertLessEqual(self.count(f"assessments/rounds/{round_.pk}", "secretary_a"), 10)
