"""`/api/v1/movements`: the same services and scope as the pages (the persona × status rows of every write
operation are `API_WRITES` in access.py; here the variants of an operation)."""

from __future__ import annotations

import datetime as dt

from dangbo.api.tests.base import ApiTestCase
from dangbo.api.tests.writes import Write, answers, statuses
from dangbo.members.models import Status
from dangbo.movements import services
from dangbo.movements.models import ExemptionReason, ExitKind, Transfer, TransferState
from dangbo.movements.tests.helpers import transfer_within
from dangbo.workdays import calendar

D = dt.date


class MovementsApiTests(ApiTestCase):
    def setUp(self) -> None:
        super().setUp()
        calendar.clear_cache()

    def test_a_transfer_from_outside_answers_by_the_receiving_cell(self) -> None:
        body = {
            "mode": "from_outside",
            "organization": "A1",
            "external_name": "Đảng bộ xã Tân Phú",
            "letter_number": "5-GGT/ĐU",
            "letter_date": "2025-06-02",
            "presented_on": "2025-06-09",
            "member": {
                "full_name": "Đặng Văn Tới",
                "gender": "male",
                "birth_date": "1988-06-01",
                "admission_date": "2012-05-19",
                "official_date": "2013-05-19",
            },
        }
        write = Write("post", lambda w: "/api/v1/movements/transfers", body, statuses(201, clerk_a1=201))
        self.assertEqual(answers(self, write), write.expected)

    def test_presentation_is_for_the_receiving_side(self) -> None:
        write = Write(
            "post",
            lambda w: f"/api/v1/movements/transfers/{transfer_within(w.member_a1, w.cell_b1).pk}",
            {"step": "presentation", "presented_on": "2025-03-10"},
            statuses(201, secretary_a=404, secretary_b=201),
        )
        self.assertEqual(answers(self, write), write.expected)

    def test_a_rule_refusal_is_422_with_the_rule(self) -> None:
        transfer = transfer_within(self.world.member_a1, self.world.cell_a2, decided=D(2025, 1, 10),
                                   letter_on=D(2025, 1, 17))  # fmt: skip
        response = self.post(f"movements/transfers/{transfer.pk}", "secretary_a",
                             {"step": "presentation", "presented_on": "2025-03-10"})  # fmt: skip
        body = self.assert_invalid(response, {"late_reason": response.json()["errors"][0]["message"]})
        self.assertIn("Theo R24", body["detail"])
        self.assertEqual(Transfer.objects.get().state, TransferState.LETTER_ISSUED)

    def test_a_whole_transfer_in_one_call_and_its_reads(self) -> None:
        response = self.post(
            "movements/transfers", "secretary_a",
            {"mode": "official_within", "member": self.world.member_a1.pk, "to": "A2",
             "decision_date": "2025-02-20", "letter": {"letter_number": "3-GGT/ĐU", "letter_date": "2025-03-03"},
             "presented_on": "2025-03-05"},
        )  # fmt: skip
        self.assertEqual(response.status_code, 201, response.content)
        data = response.json()
        self.assertEqual((data["state"], data["to_organization"]["code"]), ("completed", "A2"))
        self.assertEqual(data["presentation_deadline"], "2025-04-15")
        movements = self.api(f"movements/members/{self.world.member_a1.pk}", "secretary_a").json()
        self.assertEqual([t["id"] for t in movements["transfers"]], [data["id"]])
        self.assertEqual(
            self.api(f"movements/members/{self.world.member_a1.pk}", "secretary_b").status_code, 404
        )
        self.assertEqual(len(self.items("movements/transfers", "secretary_a", organization="A")), 1)
        self.assertEqual(self.api("movements/transfers", "secretary_b", organization="A").status_code, 404)

    def test_the_movement_table(self) -> None:
        services.record_exit(
            member=self.world.member_a2, kind=ExitKind.DEATH, effective_on=D(2025, 5, 6), by=None
        )
        response = self.api(
            "movements/table", "secretary_a", organization="A", start="2025-01-01", end="2025-12-31"
        )
        self.assertEqual(response.status_code, 200, response.content)
        data = response.json()
        lines = {line["number"]: line for line in data["lines"]}
        self.assertEqual((lines["A"]["current"], lines["C1"]["current"], lines["D"]["current"]), (3, 1, 2))
        self.assertEqual(data["previous_period"], {"start": "2024-01-01", "end": "2024-12-31"})
        self.assertTrue(data["balanced"])
        self.assertEqual(self.api("movements/table", "secretary_b", organization="A").status_code, 404)
        bad = self.api(
            "movements/table", "secretary_a", organization="A", start="2025-06-01", end="2025-01-01"
        )
        self.assertEqual(bad.status_code, 422)

    def test_exemption_then_its_end(self) -> None:
        response = self.post("movements/exemptions", "secretary_a",
                             {"member": self.world.member_a2.pk, "reason": "age", "requested_on": "2025-02-03",
                              "decided_on": "2025-02-10"})  # fmt: skip
        self.assertEqual(response.status_code, 201, response.content)
        exemption = response.json()["id"]
        response = self.post(f"movements/exemptions/{exemption}", "secretary_a",
                             {"step": "end", "ended_on": "2025-09-01"})  # fmt: skip
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(
            self.world.member_a2.__class__.objects.get(pk=self.world.member_a2.pk).status, Status.FULL
        )
        self.assertEqual(ExemptionReason.AGE, response.json()["reason"])

    def test_an_idempotent_retry_records_one_exit(self) -> None:
        body = {"member": self.world.member_a1.pk, "kind": "death", "effective_on": "2025-05-06"}
        first = self.post("movements/exits", "secretary_a", body, idempotency_key="exit-1")
        again = self.post("movements/exits", "secretary_a", body, idempotency_key="exit-1")
        self.assertEqual((first.status_code, again.status_code), (201, 201))
        self.assertEqual(first.json(), again.json())
        self.assertEqual(self.world.member_a1.exits.count(), 1)
