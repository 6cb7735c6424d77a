"""The JSON API of admissions: reads and writes with the UI's scope and services, rule refusals as 422."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from dangbo.admissions.tests.access import probationary_id
from dangbo.admissions.tests.helpers import TODAY, D, new_candidate, to_decision, with_file
from dangbo.api.tests.base import ApiTestCase
from dangbo.members.models import Member, Status
from dangbo.workdays.tests.helpers import FreshCalendarMixin


@override_settings(DANGBO_TODAY=TODAY)
class AdmissionsApiTests(FreshCalendarMixin, ApiTestCase):
    def step(self, candidate: int, persona: str, body: dict[str, Any]):  # type: ignore[no-untyped-def]
        return self.post(f"admissions/candidates/{candidate}/steps", persona, body)

    def test_a_secretary_admits_a_candidate_through_the_api(self) -> None:
        response = self.post(
            "admissions/candidates",
            "secretary_a",
            {"organization": "A1", "full_name": "Vũ Thị Mai", "gender": "female", "birth_date": "2000-04-12"},
        )
        self.assertEqual(response.status_code, 201, response.content)
        cid = response.json()["id"]
        bodies: list[dict[str, Any]] = [
            {"step": "course", "certificate_date": "2025-03-01"},
            {"step": "application", "application_date": "2025-03-05"},
            {"step": "biography", "biography_date": "2025-03-10", "verified_on": "2025-05-10"},
            {"step": "sponsor", "member": self.world.member_a1.pk, "together_since": "2020-01-01"},
            {
                "step": "sponsor",
                "member": Member.objects.get(full_name="Phạm Văn Ánh").pk,
                "together_since": "2021-01-01",
            },
            {"step": "cell", "meeting_date": "2025-06-02", "votes_for": 2, "full_members": 2},
            {
                "step": "grassroots",
                "resolution_number": "12-NQ/ĐU",
                "resolution_date": "2025-06-10",
                "votes_for": 5,
                "committee_members": 7,
            },
            {
                "step": "decision",
                "decision_number": "345-QĐ/ĐUK",
                "decision_date": "2025-06-16",
                "received_on": "2025-06-18",
            },
            {"step": "ceremony", "ceremony_date": "2025-07-01"},
        ]
        for body in bodies:
            response = self.step(cid, "secretary_a", body)
            self.assertEqual(response.status_code, 201, (body, response.content))
        data = response.json()
        self.assertEqual(data["status"], "admitted")
        self.assertEqual(data["ceremony_deadline"], "2025-07-30")
        self.assertTrue(all(step["done"] for step in data["steps"]))
        member = Member.objects.get(pk=data["member_id"])
        self.assertEqual((member.status, member.admission_date), (Status.PROBATIONARY, D(2025, 7, 1)))
        probation = self.api(f"admissions/probationary/{member.pk}", "secretary_a").json()
        self.assertEqual(
            (probation["probation_end"], probation["recognition_deadline"], probation["state"]),
            ("2026-07-01", "2026-08-12", "running"),
        )

    def test_a_rule_refusal_is_a_422_naming_the_rule(self) -> None:
        candidate = new_candidate(self.world)
        response = self.step(
            candidate.pk,
            "secretary_a",
            {"step": "sponsor", "member": self.world.member_a1.pk, "together_since": "2026-01-01"},
        )
        body = self.assert_invalid(response, {"together_since": response.json()["errors"][0]["message"]})
        self.assertIn("Theo R16", body["detail"])

    def test_a_sponsor_the_caller_cannot_see_is_404(self) -> None:
        candidate = new_candidate(self.world)
        response = self.step(
            candidate.pk,
            "clerk_a1",
            {"step": "sponsor", "member": self.world.member_a2.pk, "together_since": "2020-01-01"},
        )
        self.assertEqual(response.status_code, 404)

    def test_an_unknown_step_is_a_422(self) -> None:
        candidate = new_candidate(self.world)
        response = self.step(candidate.pk, "secretary_a", {"step": "party", "on": "2025-01-01"})
        self.assertEqual(response.status_code, 422)

    def test_secretary_b_gets_404_on_a_candidate_of_a(self) -> None:
        candidate = new_candidate(self.world)
        self.assertEqual(self.api(f"admissions/candidates/{candidate.pk}", "secretary_b").status_code, 404)
        response = self.step(
            candidate.pk, "secretary_b", {"step": "application", "application_date": "2025-03-05"}
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.items("admissions/candidates", "secretary_b"), [])

    def test_the_clerk_gets_no_sensitive_fields(self) -> None:
        candidate = new_candidate(self.world, national_id="001098000321", religion="Không")
        self.assertEqual(
            self.api(f"admissions/candidates/{candidate.pk}", "secretary_a").json()["national_id"],
            "001098000321",
        )
        data = self.api(f"admissions/candidates/{candidate.pk}", "clerk_a1").json()
        self.assertEqual((data["national_id"], data["religion"]), (None, None))

    def test_the_candidate_list_makes_the_same_number_of_queries_for_1_or_10(self) -> None:
        with_file(self.world, new_candidate(self.world))
        counts = []
        for extra in (0, 9):
            for i in range(extra):
                with_file(self.world, new_candidate(self.world, full_name=f"Lê Văn Kết {i}"))
            with CaptureQueriesContext(connection) as ctx:
                self.assertEqual(
                    len(self.items("admissions/candidates", "secretary_a", organization="A")), 1 + extra
                )
            counts.append(len(ctx))
        self.assertEqual(counts[0], counts[1])

    def test_recognition_through_the_api_sets_the_official_date(self) -> None:
        candidate = to_decision(self.world, with_file(self.world, new_candidate(self.world)))
        self.step(candidate.pk, "secretary_a", {"step": "ceremony", "ceremony_date": "2025-06-20"})
        candidate.refresh_from_db()
        member_id = candidate.member_id
        body = {
            "outcome": "recognized",
            "cell_meeting_date": "2026-06-22",
            "decision_number": "9-QĐ",
            "decision_date": "2026-06-25",
        }
        self.assert_invalid(
            self.post(f"admissions/probationary/{member_id}/recognition", "secretary_a", body),
            {
                "votes_for": "bắt buộc khi công nhận: ghi kết quả biểu quyết của chi bộ",
                "full_members": "bắt buộc khi công nhận: ghi kết quả biểu quyết của chi bộ",
            },
        )
        response = self.post(
            f"admissions/probationary/{member_id}/recognition",
            "secretary_a",
            body | {"votes_for": 2, "full_members": 2},
        )
        self.assertEqual(response.status_code, 201, response.content)
        data = response.json()
        self.assertEqual(
            (data["status"], data["official_date"], data["recognition"]["official_date"]),
            ("full", "2026-06-20", "2026-06-20"),
        )

    def test_the_probationary_list_filters_the_ended(self) -> None:
        probationary_id(self.world)  # admitted 02/03/2025: ended on 02/03/2026
        items = self.items("admissions/probationary", "office_staff", ended="true")
        self.assertEqual([(i["full_name"], i["state"]) for i in items], [("Đỗ Thị Dự", "late")])

    def test_targets_read_and_set(self) -> None:
        response = self.post(
            "admissions/targets", "secretary_a", {"organization": "A", "year": 2025, "target": 40}
        )
        self.assertEqual(response.status_code, 201, response.content)
        data = self.api("admissions/targets", "secretary_a", organization="A", year=2025).json()
        self.assertEqual(
            (data["total"]["target"], data["total"]["admitted"], data["total"]["percent"]), (40, 0, "0.00")
        )
        self.assertEqual(self.api("admissions/targets", "secretary_b", organization="A").status_code, 404)
