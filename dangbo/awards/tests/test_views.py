"""Award pages: the badge round's list, its export and recording, the award form, a member's page."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl

from dangbo.awards import services
from dangbo.awards.models import Award
from dangbo.awards.tests.access import award_of_a
from dangbo.awards.tests.test_services import badge, veteran
from dangbo.discipline import services as discipline_services
from dangbo.discipline.tests.access import inspection_users
from dangbo.members.models import Member
from dangbo.testing import BaseTestCase, make_member

D = dt.date
ROUND = "/awards/badges/?round=2026-02-03"


class BadgeRoundPageTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.world.users |= inspection_users(cls.world)
        w = cls.world
        cls.forty = veteran(w, "Trần Văn Bốn Mươi", D(1986, 2, 3))  # 40 years on the round
        cls.missed = veteran(w, "Ngô Văn Sót", D(1985, 6, 1))  # 40 years before the previous round
        cls.thirty = make_member(
            w.cell_b1,
            "Đinh Thị Ba Mươi",
            birth_date=D(1970, 1, 1),
            admission_date=D(1995, 11, 1),
            official_date=D(1996, 11, 1),
        )
        cls.young = veteran(w, "Hà Văn Trẻ", D(1997, 1, 1))  # 29 years
        cls.awarded = veteran(w, "Kiều Văn Đã", D(1986, 1, 1))
        badge(cls.awarded, 40, D(2026, 2, 3))

    def test_r22_the_round_lists_who_reaches_a_milestone_and_not_who_holds_it(self) -> None:
        self.login("office_staff")
        page = self.client.get(ROUND)
        self.assertContains(page, "Trần Văn Bốn Mươi")
        self.assertContains(page, "Đinh Thị Ba Mươi")
        self.assertContains(page, "Bỏ sót đợt trước")  # Ngô Văn Sót reached 40 on 01/06/2025
        self.assertNotContains(page, "Hà Văn Trẻ")
        self.assertNotContains(page, "Kiều Văn Đã")

    def test_secretary_b_sees_only_b_and_gets_404_on_a(self) -> None:
        self.login("secretary_b")
        page = self.client.get(ROUND)
        self.assertContains(page, "Đinh Thị Ba Mươi")
        self.assertNotContains(page, "Trần Văn Bốn Mươi")
        self.assertEqual(self.client.get(ROUND + "&organization=A").status_code, 404)
        self.assertEqual(
            self.client.get("/awards/badges/export.xlsx?round=2026-02-03&organization=A").status_code, 404
        )

    def test_the_export_has_real_dates_and_numbers(self) -> None:
        self.login("secretary_a")
        response = self.client.get("/awards/badges/export.xlsx?round=2026-02-03&organization=A")
        self.assertEqual(response.status_code, 200)
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        rows = [r for r in sheet.iter_rows(min_row=5, values_only=True) if r[0]]
        names = [r[1] for r in rows]
        self.assertIn("Trần Văn Bốn Mươi", names)
        row = rows[names.index("Trần Văn Bốn Mươi")]
        self.assertEqual(row[4].date(), D(1986, 2, 3))
        self.assertEqual(row[8], 40)
        self.assertEqual(row[9].date(), D(2026, 2, 3))

    def test_recording_the_round_s_decision_takes_members_off_the_list(self) -> None:
        self.login("secretary_a")
        key = f"{self.forty.pk}:40:due"
        response = self.client.post(
            "/awards/badges/record/",
            {
                "round": "2026-02-03",
                "organization": "A",
                "decision_number": "150-QĐ/TU",
                "decision_date": "25/01/2026",
                "issuer_name": "Ban Thường vụ Tỉnh ủy",
                "selected": [key],
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(
            Award.objects.filter(member=self.forty, badge_years=40, decision_number="150-QĐ/TU").exists()
        )
        self.assertNotContains(self.client.get(ROUND), "Trần Văn Bốn Mươi")

    def test_secretary_b_cannot_record_a_s_members(self) -> None:
        self.login("secretary_b")
        response = self.client.post(
            "/awards/badges/record/",
            {
                "round": "2026-02-03",
                "decision_number": "1",
                "decision_date": "25/01/2026",
                "issuer_name": "BTV",
                "selected": [f"{self.forty.pk}:40:due"],
            },
        )
        self.assertEqual(response.status_code, 422)
        self.assertFalse(Award.objects.filter(member=self.forty).exists())

    def test_r32_inspection_staff_see_who_is_held_back_by_a_discipline_and_a_secretary_does_not(self) -> None:
        discipline_services.record_discipline(
            member=self.forty,
            values={
                "form": "reprimand",
                "violation": "x",
                "violation_date": D(2025, 6, 1),
                "deciding_body": "Chi bộ",
                "decision_number": "3",
                "decision_date": D(2025, 7, 1),
            },
            by=None,
        )
        self.login("secretary_a")
        self.assertNotContains(self.client.get(ROUND), "kỷ luật")
        self.login("leader")
        self.assertContains(self.client.get(ROUND), "Đang thi hành kỷ luật: chưa xét (R32)")

    def test_r22_early_candidates_show_to_who_may_see_health_data(self) -> None:
        ill = veteran(self.world, "Đào Văn Ốm", D(1986, 9, 1))  # 40 years on 01/09/2026
        badge(ill, 30, D(2016, 9, 2))
        services.record_serious_illness(member=ill, certified_on=D(2025, 12, 1), by=None)
        self.login("secretary_a")
        self.assertContains(self.client.get(ROUND), "Tặng sớm (đảng viên ốm nặng)")
        self.login("clerk_a1")  # a clerk does not see sensitive data
        self.assertNotContains(self.client.get(ROUND), "Đào Văn Ốm")

    def test_the_round_page_makes_a_fixed_number_of_queries(self) -> None:
        self.login("office_staff")
        first = self.count_queries(ROUND)
        for n in range(6):
            veteran(self.world, f"Lý Văn Thêm {n}", D(1985, 1, 1 + n))
        self.assertEqual(self.count_queries(ROUND), first)


class AwardPagesTests(BaseTestCase):
    def test_a_secretary_records_a_certificate_through_the_form(self) -> None:
        self.login("secretary_a")
        url = f"/awards/new/?member={self.world.member_a2.pk}"
        response = self.client.post(
            url,
            {
                "form": "certificate",
                "basis": "year",
                "issuer": self.world.org_a.pk,
                "issuer_level": "base_committee",
                "decision_number": "20-QĐ/ĐU",
                "decision_date": "15/01/2025",
                "reason": "HTXSNV 2024",
                "period_from": "2024",
                "period_to": "2024",
            },
        )
        made = Award.objects.get(member=self.world.member_a2)
        self.assertRedirects(response, f"/awards/{made.pk}/")
        self.assertEqual(made.issuer_name, "Đảng bộ Sở Tài chính")

    def test_the_form_shows_the_competence_rule(self) -> None:
        self.login("secretary_a")
        response = self.client.post(
            f"/awards/new/?member={self.world.member_a2.pk}",
            {
                "form": "diploma",
                "basis": "deed",
                "issuer_level": "base_committee",
                "issuer_name": "Đảng ủy",
                "decision_number": "1",
                "decision_date": "15/01/2025",
            },
        )
        self.assertContains(response, "Theo RULES mục 7", status_code=422)

    def test_secretary_b_gets_404_on_a_s_award_and_does_not_see_it_listed(self) -> None:
        award_id = award_of_a(self.world)
        self.login("secretary_b")
        self.assertEqual(self.client.get(f"/awards/{award_id}/").status_code, 404)
        self.assertNotContains(self.client.get("/awards/"), "Nguyễn Thị Đào")
        self.login("member_a1")
        self.assertContains(self.client.get("/awards/"), "Giấy khen")

    def test_the_award_list_makes_a_fixed_number_of_queries(self) -> None:
        award_of_a(self.world)
        self.login("office_staff")
        first = self.count_queries("/awards/")
        for member in Member.objects.filter(organization=self.world.cell_a2):
            services.record_award(
                member=member,
                values={
                    "form": "other",
                    "basis": "deed",
                    "issuer_level": "cell",
                    "issuer_name": "Chi bộ",
                    "decision_number": "2",
                    "decision_date": D(2025, 3, 1),
                },
                by=None,
            )
        self.assertEqual(self.count_queries("/awards/"), first)

    def test_the_member_page_shows_party_age_and_badges(self) -> None:
        old = veteran(self.world, "Trịnh Văn Lâu", D(1986, 2, 3))
        badge(old, 40, D(2026, 2, 3))
        self.login("secretary_a")
        page = self.client.get(f"/awards/members/{old.pk}/")
        self.assertContains(page, "Huy hiệu 40 năm tuổi Đảng")
        self.assertContains(page, "Ghi đảng viên ốm nặng")

    def test_the_party_age_panel_renders_for_the_member_page(self) -> None:
        from django.template import Context, Template

        old = veteran(self.world, "Trịnh Văn Lâu", D(1986, 2, 3))
        badge(old, 40, D(2026, 2, 3))
        html = Template("{% load awards %}{% party_age_panel member %}").render(Context({"member": old}))
        self.assertIn("40 năm (", html)
        self.assertIn("đủ 45 năm ngày 03/02/2031", html)

    def test_a_card_is_issued_from_the_member_page(self) -> None:
        self.login("secretary_a")
        url = f"/awards/members/{self.world.member_a2.pk}/card/"
        response = self.client.post(
            url, {"number": "30000001", "issued_on": "01/09/2025", "issued_by": "BTV Tỉnh ủy"}
        )
        self.assertRedirects(response, f"/awards/members/{self.world.member_a2.pk}/")
        self.world.member_a2.refresh_from_db()
        self.assertEqual(self.world.member_a2.card_number, "30000001")

    def test_rounds_are_edited_only_at_the_top_of_the_tree(self) -> None:
        self.login("secretary_a")
        self.assertEqual(
            self.client.post("/awards/badges/rounds/", {"day": 1, "month": 6, "name": "x"}).status_code, 404
        )
        self.login("office_staff")
        response = self.client.post(
            "/awards/badges/rounds/", {"day": 3, "month": 3, "name": "Ngày thành lập Đảng bộ", "active": "on"}
        )
        self.assertEqual(response.status_code, 302)
        self.assertContains(self.client.get("/awards/badges/rounds/"), "Ngày thành lập Đảng bộ")
        from dangbo.awards.models import BadgeRound

        november = BadgeRound.objects.get(month=11, day=7)
        response = self.client.post(
            "/awards/badges/rounds/", {"round_id": november.pk, "day": 7, "month": 11, "name": november.name}
        )
        self.assertEqual(response.status_code, 302)
        november.refresh_from_db()
        self.assertFalse(november.active)
        self.assertNotIn("2026-11-07", self.client.get("/awards/badges/?round=2026-02-03").content.decode())


class HtmxTests(BaseTestCase):
    def test_the_award_list_answers_htmx_with_its_rows_only(self) -> None:
        award_of_a(self.world)
        self.login("secretary_a")
        response = self.client.get("/awards/?q=dao", headers={"HX-Request": "true"})
        self.assertContains(response, 'id="rows"')
        self.assertContains(response, "Nguyễn Thị Đào")
        self.assertNotContains(response, "<html")
