"""The discipline operations of the JSON API: confidential, 404 for every role that does not handle them."""

from __future__ import annotations

from dangbo.accounts.services import issue_token
from dangbo.api.tests.base import ApiTestCase
from dangbo.discipline.models import Discipline
from dangbo.discipline.tests.access import discipline_of_a, inspection_users

DECISION = {
    "form": "warning",
    "violation": "Vi phạm quy chế làm việc",
    "violation_date": "2025-02-01",
    "deciding_body": "Ủy ban Kiểm tra Đảng ủy Sở Tài chính",
    "decision_number": "05-QĐ/UBKT",
    "decision_date": "2025-03-15",
}


class DisciplineApiTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        for name, user in inspection_users(cls.world).items():
            cls.world.users[name] = user
            cls.keys[name] = issue_token(user=user, name="tests", by=None)
        cls.discipline_id = discipline_of_a(cls.world)

    def test_secretaries_and_office_staff_get_404_on_every_route(self) -> None:
        for persona in ("office_staff", "secretary_a", "clerk_a1", "member_a1", "viewer_b"):
            self.assertEqual(self.api("disciplines", persona).status_code, 404, persona)
            self.assertEqual(self.api(f"disciplines/{self.discipline_id}", persona).status_code, 404, persona)
            response = self.post("disciplines", persona, DECISION | {"member": self.world.member_a2.pk})
            self.assertEqual(response.status_code, 404, persona)
            response = self.patch(f"disciplines/{self.discipline_id}", persona, {"repeated": True})
            self.assertEqual(response.status_code, 404, persona)
        self.assertEqual(Discipline.objects.count(), 1)

    def test_inspection_staff_read_their_scope_only(self) -> None:
        self.assertEqual([d["id"] for d in self.items("disciplines", "inspection_a")], [self.discipline_id])
        self.assertEqual(self.items("disciplines", "inspection_b"), [])
        self.assertEqual(self.api(f"disciplines/{self.discipline_id}", "inspection_b").status_code, 404)
        self.assertEqual(self.api("disciplines", "inspection_b", organization="A").status_code, 404)

    def test_a_leader_records_a_decision_and_it_ends_after_twelve_months(self) -> None:
        response = self.post("disciplines", "leader", DECISION | {"member": self.world.member_a2.pk})
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual((body["ends_on"], body["form"]), ("2026-03-15", "warning"))

    def test_r30_the_api_refuses_a_form_that_does_not_fit(self) -> None:
        response = self.post(
            "disciplines", "inspection_a", DECISION | {"organization": "A1", "form": "expulsion"}
        )
        self.assertEqual(response.status_code, 422)
        self.assertIn("Theo R30", response.json()["detail"])

    def test_a_complaint_decision_then_an_annulment(self) -> None:
        url = f"disciplines/{self.discipline_id}"
        body = self.patch(url, "inspection_a", {"complaint_decided_on": "2025-06-01"}).json()
        self.assertEqual(body["ends_on"], "2026-06-01")
        body = self.patch(
            url, "inspection_a", {"annulled_on": "2025-07-01", "annulment_reason": "Khiếu nại đúng"}
        ).json()
        self.assertEqual((body["annulled_on"], body["state"]), ("2025-07-01", "Đã hủy bỏ"))

    def test_active_on_filters_what_is_in_effect(self) -> None:
        self.assertEqual(len(self.items("disciplines", "leader", active_on="2025-06-01")), 1)
        self.assertEqual(self.items("disciplines", "leader", active_on="2026-06-01"), [])
