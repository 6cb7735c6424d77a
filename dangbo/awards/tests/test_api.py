"""The awards, badges, party age and cards operations of the JSON API: same services and scope as the pages."""

from __future__ import annotations

import datetime as dt

from dangbo.api.tests.base import ApiTestCase
from dangbo.awards.models import Award
from dangbo.awards.tests.access import award_of_a
from dangbo.awards.tests.test_services import badge, veteran

D = dt.date
CERTIFICATE = {
    "form": "certificate",
    "basis": "year",
    "issuer_level": "base_committee",
    "issuer": "A",
    "decision_number": "20-QĐ/ĐU",
    "decision_date": "2025-01-15",
    "reason": "Hoàn thành xuất sắc nhiệm vụ năm 2024",
    "period_from": 2024,
    "period_to": 2024,
}


class AwardApiTests(ApiTestCase):
    def test_a_secretary_records_an_award_and_reads_it_back(self) -> None:
        response = self.post("awards", "secretary_a", CERTIFICATE | {"member": self.world.member_a2.pk})
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual(body["issuer_name"], "Đảng bộ Sở Tài chính")
        self.assertEqual(
            self.api(f"awards/{body['id']}", "secretary_a").json()["member_name"], "Trần Văn Bình"
        )

    def test_writes_follow_the_member_scope(self) -> None:
        body = CERTIFICATE | {"member": self.world.member_a2.pk}
        self.assertEqual(self.post("awards", "secretary_b", body).status_code, 404)
        self.assertEqual(self.post("awards", "viewer_b", body).status_code, 404)
        self.assertFalse(Award.objects.exists())

    def test_the_competence_rule_answers_422_in_vietnamese(self) -> None:
        response = self.post(
            "awards", "secretary_a", CERTIFICATE | {"member": self.world.member_a2.pk, "form": "flag"}
        )
        self.assertEqual(response.status_code, 422)
        self.assertIn("Theo RULES mục 7", response.json()["detail"])

    def test_an_issuer_outside_the_subject_s_line_is_404(self) -> None:
        response = self.post(
            "awards", "office_staff", CERTIFICATE | {"member": self.world.member_a2.pk, "issuer": "B"}
        )
        self.assertEqual(response.status_code, 404)

    def test_secretary_b_gets_404_on_a_s_award_and_does_not_list_it(self) -> None:
        award_id = award_of_a(self.world)
        self.assertEqual(self.api(f"awards/{award_id}", "secretary_b").status_code, 404)
        self.assertEqual(self.items("awards", "secretary_b"), [])
        self.assertEqual(self.send("delete", f"awards/{award_id}", "secretary_b", None).status_code, 404)
        self.assertEqual(self.send("delete", f"awards/{award_id}", "secretary_a", None).status_code, 204)


class BadgeApiTests(ApiTestCase):
    def test_r22_the_due_list_and_the_round_s_decision(self) -> None:
        forty = veteran(self.world, "Trần Văn Bốn Mươi", D(1986, 2, 3))
        due = self.items("badges/due", "secretary_a", round="2026-02-03")
        self.assertEqual(
            [(d["name"], d["years"], d["kind"]) for d in due], [("Trần Văn Bốn Mươi", 40, "due")]
        )
        response = self.post(
            "badges",
            "secretary_a",
            {
                "round_on": "2026-02-03",
                "decision_number": "150-QĐ/TU",
                "decision_date": "2026-01-25",
                "issuer_name": "Ban Thường vụ Tỉnh ủy",
                "entries": [{"member": forty.pk, "years": 40}],
            },
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()[0]["title"], "Huy hiệu 40 năm tuổi Đảng")
        self.assertEqual(self.items("badges/due", "secretary_a", round="2026-02-03"), [])
        self.assertEqual(len(self.items("badges", "secretary_a", round="2026-02-03")), 1)

    def test_secretary_b_may_not_record_a_badge_for_a(self) -> None:
        forty = veteran(self.world, "Trần Văn Bốn Mươi", D(1986, 2, 3))
        response = self.post(
            "badges",
            "secretary_b",
            {
                "round_on": "2026-02-03",
                "decision_number": "1",
                "decision_date": "2026-01-25",
                "issuer_name": "BTV",
                "entries": [{"member": forty.pk, "years": 40}],
            },
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(
            self.api("badges/due", "secretary_b", round="2026-02-03", organization="A").status_code, 404
        )

    def test_a_refused_entry_refuses_the_decision(self) -> None:
        young = veteran(self.world, "Hà Văn Trẻ", D(1997, 1, 1))
        response = self.post(
            "badges",
            "secretary_a",
            {
                "round_on": "2026-02-03",
                "decision_number": "1",
                "decision_date": "2026-01-25",
                "issuer_name": "BTV",
                "entries": [{"member": young.pk, "years": 30}],
            },
        )
        self.assertEqual(response.status_code, 422)
        self.assertIn("Hà Văn Trẻ: Theo R22", response.json()["detail"])


class PartyAgeApiTests(ApiTestCase):
    def test_r21_party_age_with_a_period_without_activity(self) -> None:
        member = veteran(self.world, "Trần Văn Lão", D(1986, 1, 10))
        badge(member, 30, D(2016, 2, 3))
        response = self.post(
            f"members/{member.pk}/inactivity-periods",
            "secretary_a",
            {"started_on": "1995-01-01", "ended_on": "1995-03-01", "reason": "lost_contact"},
        )
        self.assertEqual(response.status_code, 201, response.content)
        body = self.api(f"members/{member.pk}/party-age", "secretary_a", on="2026-01-10").json()
        self.assertEqual((body["years"], body["months"]), (39, 10))
        self.assertEqual((body["next_badge_years"], body["next_badge_on"]), (40, "2026-03-10"))
        self.assertEqual([b["badge_years"] for b in body["badges"]], [30])

    def test_a_member_reads_their_own_party_age_but_not_another_s(self) -> None:
        self.assertEqual(
            self.api(f"members/{self.world.member_a1.pk}/party-age", "member_a1").status_code, 200
        )
        self.assertEqual(
            self.api(f"members/{self.world.member_a2.pk}/party-age", "member_a1").status_code, 404
        )

    def test_r23_a_card_through_the_api(self) -> None:
        url = f"members/{self.world.member_a2.pk}/cards"
        body = {"number": "40000001", "issued_on": "2025-09-01", "issued_by": "Ban Thường vụ Tỉnh ủy"}
        self.assertEqual(self.post(url, "secretary_b", body).status_code, 404)
        self.assertEqual(self.post(url, "secretary_a", body).status_code, 201)
        self.assertEqual(self.post(url, "secretary_a", body).status_code, 422)
        self.assertEqual([c["number"] for c in self.api(url, "secretary_a").json()], ["40000001"])
