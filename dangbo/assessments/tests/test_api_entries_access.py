"""Who may take each step through the workflow's JSON API (404 outside the scope, like the UI), retries with
an Idempotency-Key, and pinned query counts of the lists."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pghistory.models import Events

from dangbo.assessments.models import Assessment, Round
from dangbo.assessments.tests.access_workflow import assessment_of_a, round_of_a
from dangbo.assessments.tests.test_api_entries import EntriesApiTestCase
from dangbo.assessments.tests.workflow_helpers import decide, of_member, of_organization
from dangbo.testing import PERSONAS, World, add_members


def statuses(**ok: int) -> dict[str, int]:
    """201 for office staff, A's secretary and the superuser, and for the personas named; 404 for the
    others (B's secretary always); 401 anonymous."""
    return (
        {p: 404 for p in PERSONAS}
        | {"anonymous": 401, "office_staff": 201, "secretary_a": 201, "superuser": 201}
        | ok
    )


def _entry(w: World, *, decided: bool = False) -> int:
    return assessment_of_a(w, decided=decided)[1]


def _decided_round(w: World) -> int:
    """A round of A whose every assessment is decided, ready to publish."""
    round_id = round_of_a(w)
    rows = list(
        Assessment.objects.filter(round_id=round_id).select_related(
            "period", "round", "organization", "member"
        )
    )
    decide([a for a in rows if a.member_id], "good", by=None)
    decide([a for a in rows if not a.member_id and a.decider_id == w.org_a.pk], "good", by=None)
    decide([a for a in rows if a.organization_id == w.org_a.pk and not a.member_id], "good", by=None)
    return round_id


@dataclass
class Write:
    request: Callable[[World], tuple[str, dict[str, Any] | None]]  # path under /api/v1/ and body
    expected: dict[str, int]


ROUND_BODY = {
    "organization": "A",
    "period": {"kind": "year", "year": 2024},
    "self_assessment_due": "2024-12-10",
    "proposal_due": "2024-12-15",
    "decision_due": "2024-12-25",
}
WRITES: dict[str, Write] = {
    "open_assessment_round": Write(lambda w: ("assessments/rounds", ROUND_BODY), statuses()),
    "submit_self_assessment": Write(
        lambda w: (
            f"assessments/entries/{_entry(w)}/self-assessment",
            {"self_review": "Tự kiểm điểm", "level": "good"},
        ),
        statuses(clerk_a1=201, member_a1=201),  # the member for themself
    ),
    "update_assessment_conditions": Write(
        lambda w: (f"assessments/entries/{_entry(w)}/conditions", {"disciplined_in_period": False}),
        statuses(clerk_a1=201),
    ),
    "propose_assessment_levels": Write(
        lambda w: (
            f"assessments/rounds/{assessment_of_a(w)[0]}/proposals",
            {"proposals": [{"entry": Assessment.objects.get(member=w.member_a1).pk, "level": "good"}]},
        ),
        statuses(clerk_a1=201),
    ),
    "decide_assessment_levels": Write(
        lambda w: (
            f"assessments/rounds/{assessment_of_a(w)[0]}/decisions",
            {
                "decision_number": "05-QĐ/ĐU",
                "decision_date": "2024-12-20",
                "entries": [{"entry": Assessment.objects.get(member=w.member_a1).pk, "level": "good"}],
            },
        ),
        statuses(),  # the cell's clerk proposes but does not decide (R12)
    ),
    "publish_assessment_round": Write(
        lambda w: (f"assessments/rounds/{_decided_round(w)}/publish", None), statuses()
    ),
    "reclassify_assessment": Write(
        lambda w: (
            f"assessments/entries/{_entry(w, decided=True)}/reclassify",
            {"level": "pass", "reason": "Phát hiện vi phạm sau quyết định"},
        ),
        statuses(),
    ),
}


class WriteAccessTests(EntriesApiTestCase):
    """Every write operation of the workflow × every persona → the exact status (each request rolled back)."""

    def check(self, name: str) -> None:
        write = WRITES[name]
        got = {}
        for persona in PERSONAS:
            headers = {} if persona == "anonymous" else {"Authorization": f"Bearer {self.keys[persona]}"}
            with transaction.atomic():
                path, body = write.request(self.world)
                response = Client().post(
                    f"/api/v1/{path}",
                    json.dumps(body) if body is not None else "",
                    content_type="application/json",
                    headers=headers,
                )
                got[persona] = response.status_code
                transaction.set_rollback(True)
        self.assertEqual(got, write.expected, name)

    def test_every_write_operation_of_the_workflow_has_a_row(self) -> None:
        from dangbo.api.assessment_entries import router

        operations = {
            operation.operation_id
            for view in router.path_operations.values()
            for operation in view.operations
            if "POST" in operation.methods
        }
        self.assertEqual(operations, set(WRITES))


for _name in WRITES:
    setattr(WriteAccessTests, f"test_{_name}", lambda self, name=_name: self.check(name))


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
