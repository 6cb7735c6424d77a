"""Discipline pages: seen only by inspection staff and leaders in their scope; 404 for everyone else."""

from __future__ import annotations

import datetime as dt

from dangbo.discipline.models import Discipline
from dangbo.discipline.tests.access import discipline_of_a, inspection_users
from dangbo.testing import BaseTestCase, add_members

D = dt.date


class DisciplinePagesTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.world.users |= inspection_users(cls.world)
        cls.discipline_id = discipline_of_a(cls.world)

    def test_inspection_staff_of_a_see_the_list_and_the_discipline(self) -> None:
        self.login("inspection_a")
        page = self.client.get("/discipline/")
        self.assertContains(page, "Nguyễn Thị Đào")
        self.assertContains(page, "Khiển trách")
        self.assertContains(self.client.get(f"/discipline/{self.discipline_id}/"), "01-QĐ/CB")

    def test_inspection_staff_of_b_get_404_on_a_discipline_of_a(self) -> None:
        self.login("inspection_b")
        self.assertEqual(self.client.get(f"/discipline/{self.discipline_id}/").status_code, 404)
        self.assertNotContains(self.client.get("/discipline/"), "Nguyễn Thị Đào")
        self.assertEqual(self.client.get("/discipline/?organization=A").status_code, 404)

    def test_secretaries_and_office_staff_get_404_on_every_discipline_page(self) -> None:
        for persona in ("secretary_a", "office_staff", "clerk_a1", "member_a1"):
            self.login(persona)
            for url in (
                "/discipline/",
                f"/discipline/{self.discipline_id}/",
                f"/discipline/new/?member={self.world.member_a1.pk}",
            ):
                self.assertEqual(self.client.get(url).status_code, 404, (persona, url))

    def test_discipline_never_shows_on_the_member_page_for_a_secretary(self) -> None:
        self.login("secretary_a")
        page = self.client.get(f"/members/{self.world.member_a1.pk}/")
        self.assertEqual(page.status_code, 200)
        for word in ("Khiển trách", "01-QĐ/CB", "kỷ luật", "Kỷ luật"):
            self.assertNotContains(page, word)

    def test_an_organization_s_discipline_never_shows_on_its_page_for_office_staff(self) -> None:
        from dangbo.discipline import services

        services.record_discipline(
            organization=self.world.cell_a2,
            values={
                "form": "warning",
                "violation": "Vi phạm",
                "violation_date": D(2025, 1, 1),
                "decision_number": "77-QĐ/ĐU",
                "decision_date": D(2025, 2, 1),
                "deciding_body": "Đảng ủy",
            },
            by=None,
        )
        self.login("office_staff")
        page = self.client.get("/organizations/A2/")
        self.assertEqual(page.status_code, 200)
        for word in ("Cảnh cáo", "77-QĐ/ĐU", "kỷ luật", "Kỷ luật"):
            self.assertNotContains(page, word)

    def test_a_leader_records_a_decision_through_the_form(self) -> None:
        self.login("leader")
        url = f"/discipline/new/?member={self.world.member_a2.pk}"
        page = self.client.get(url)
        self.assertContains(page, "Cách chức")  # an official member: R30's four forms
        response = self.client.post(
            url,
            {
                "form": "warning",
                "violation": "Vi phạm",
                "violation_date": "01/02/2025",
                "deciding_body": "Ban Thường vụ Đảng ủy Khối",
                "decision_number": "05-QĐ/ĐUK",
                "decision_date": "15/03/2025",
            },
        )
        discipline = Discipline.objects.get(member=self.world.member_a2)
        self.assertRedirects(response, f"/discipline/{discipline.pk}/")
        self.assertEqual(discipline.ends_on, D(2026, 3, 15))

    def test_the_form_shows_the_rule_that_refuses(self) -> None:
        self.login("inspection_a")
        response = self.client.post(
            "/discipline/new/?organization=A1",
            {
                "form": "reprimand",
                "violation": "Vi phạm",
                "violation_date": "01/02/2015",
                "decision_date": "15/03/2025",
                "decision_number": "1",
                "deciding_body": "Đảng ủy",
            },
        )
        self.assertContains(response, "Theo R31", status_code=422)

    def test_an_organization_is_offered_only_the_forms_that_fit_it(self) -> None:
        self.login("inspection_a")
        page = self.client.get("/discipline/new/?organization=A1")
        self.assertContains(page, "Giải tán")
        self.assertNotContains(page, "Khai trừ")

    def test_inspection_staff_may_not_discipline_outside_their_scope(self) -> None:
        self.login("inspection_a")
        self.assertEqual(
            self.client.get(f"/discipline/new/?member={self.world.member_b1.pk}").status_code, 404
        )
        self.assertEqual(self.client.get("/discipline/new/?organization=B").status_code, 404)

    def test_the_list_makes_a_fixed_number_of_queries(self) -> None:
        self.login("leader")
        first = self.count_queries("/discipline/")
        from dangbo.discipline import services

        for member in add_members(self.world.cell_a2, 5):
            services.record_discipline(
                member=member,
                values={
                    "form": "reprimand",
                    "violation": "x",
                    "violation_date": D(2025, 1, 1),
                    "decision_number": "9",
                    "decision_date": D(2025, 2, 1),
                    "deciding_body": "Chi bộ",
                },
                by=None,
            )
        self.assertEqual(self.count_queries("/discipline/"), first)
        self.assertLessEqual(first, 8)

    def test_children_are_recorded_for_r33(self) -> None:
        self.login("inspection_a")
        url = f"/discipline/members/{self.world.member_a1.pk}/children/"
        self.assertRedirects(self.client.post(url, {"born_on": "10/10/2025"}), url)
        self.assertContains(self.client.get(url), "10/10/2025")


class DisciplineWorkflowPagesTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.world.users |= inspection_users(cls.world)

    def test_a_case_is_opened_then_completed_with_its_decision(self) -> None:
        self.login("inspection_a")
        url = f"/discipline/new/?member={self.world.member_a2.pk}"
        self.client.post(url, {"form": "reprimand", "violation": "Vi phạm", "violation_date": "01/10/2025"})
        case = Discipline.objects.get(member=self.world.member_a2)
        self.assertEqual(case.state_on(D(2025, 12, 1)), "Đang xem xét")
        self.assertContains(self.client.get("/discipline/?state=pending"), "Trần Văn Bình")
        response = self.client.post(
            f"/discipline/{case.pk}/edit/",
            {
                "form": "reprimand",
                "violation": "Vi phạm",
                "violation_date": "01/10/2025",
                "opened_on": "",
                "deciding_body": "Chi bộ Văn phòng",
                "decision_number": "02-QĐ/CB",
                "decision_date": "10/12/2025",
            },
        )
        self.assertRedirects(response, f"/discipline/{case.pk}/")
        case.refresh_from_db()
        self.assertEqual((case.decision_number, case.ends_on), ("02-QĐ/CB", D(2026, 12, 10)))

    def test_a_decision_is_annulled_from_its_page(self) -> None:
        discipline_id = discipline_of_a(self.world)
        self.login("leader")
        url = f"/discipline/{discipline_id}/annul/"
        self.assertContains(self.client.post(url, {"annulled_on": "01/06/2025"}), "Lý do", status_code=422)
        self.assertRedirects(
            self.client.post(
                url, {"annulled_on": "01/06/2025", "reason": "Quyết định giải quyết khiếu nại số 1"}
            ),
            f"/discipline/{discipline_id}/",
        )
        self.assertContains(self.client.get(f"/discipline/{discipline_id}/"), "Đã hủy bỏ")

    def test_r32_a_repeat_is_ended_by_hand(self) -> None:
        discipline_id = discipline_of_a(self.world)
        self.login("inspection_a")
        self.assertContains(
            self.client.post(f"/discipline/{discipline_id}/end/", {"ends_on": "01/06/2026"}),
            "không tự chấm dứt",
            status_code=422,
        )
        d = Discipline.objects.get(pk=discipline_id)
        from dangbo.discipline import services

        services.update_discipline(discipline=d, values={"repeated": True}, by=None)
        self.assertRedirects(
            self.client.post(f"/discipline/{discipline_id}/end/", {"ends_on": "01/06/2026"}),
            f"/discipline/{discipline_id}/",
        )
        d.refresh_from_db()
        self.assertEqual(d.ends_on, D(2026, 6, 1))

    def test_inspection_staff_of_b_may_not_edit_a_s_discipline(self) -> None:
        discipline_id = discipline_of_a(self.world)
        self.login("inspection_b")
        for action in ("edit", "annul", "end"):
            self.assertEqual(
                self.client.get(f"/discipline/{discipline_id}/{action}/").status_code, 404, action
            )


class DisciplineHtmxTests(BaseTestCase):
    def test_the_list_answers_htmx_with_its_rows_only(self) -> None:
        self.world.users |= inspection_users(self.world)
        discipline_of_a(self.world)
        self.login("inspection_a")
        response = self.client.get("/discipline/?state=active", headers={"HX-Request": "true"})
        self.assertContains(response, 'id="rows"')
        self.assertNotContains(response, "<html")
