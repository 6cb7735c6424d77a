from __future__ import annotations

from django.urls import reverse

from dangbo.organizations.models import Organization
from dangbo.testing import BaseTestCase


class OrganizationPageTests(BaseTestCase):
    def test_detail_shows_breadcrumbs_children_and_member_count(self) -> None:
        self.login("office_staff")
        response = self.client.get(reverse("organizations:detail", args=["A"]))
        self.assertContains(response, "Đảng bộ Sở Tài chính")
        self.assertContains(response, "Chi bộ Phòng Ngân sách")
        self.assertContains(response, 'href="/organizations/DUK/"')
        self.assertContains(response, "Danh sách đảng viên (3)")

    def test_clerk_sees_no_breadcrumb_above_their_cell(self) -> None:
        self.login("clerk_a1")
        response = self.client.get(reverse("organizations:detail", args=["A1"]))
        self.assertNotContains(response, 'href="/organizations/A/"')

    def test_tree_on_a_past_date_uses_the_names_of_that_date(self) -> None:
        self.login("office_staff")
        self.client.post(
            reverse("organizations:rename", args=["A1"]),
            {
                "name": "Chi bộ Phòng Ngân sách - Tin học",
                "short_name": "",
                "effective_on": "01/07/2025",
                "decision_number": "9-QĐ/ĐU",
                "decision_date": "20/06/2025",
            },
        )
        old = self.client.get(reverse("organizations:list"), {"on": "30/06/2025"})
        new = self.client.get(reverse("organizations:list"), {"on": "02/07/2025"})
        self.assertContains(old, "Chi bộ Phòng Ngân sách<")
        self.assertNotContains(old, "Tin học")
        self.assertContains(new, "Chi bộ Phòng Ngân sách - Tin học")

    def test_tree_with_a_malformed_date_says_so_in_vietnamese(self) -> None:
        self.login("office_staff")
        response = self.client.get(reverse("organizations:list"), {"on": "31/02/2025"})
        self.assertContains(response, "Ngày không hợp lệ: 31/02/2025")

    def test_secretary_establishes_a_cell_in_their_own_committee(self) -> None:
        self.login("secretary_a")
        response = self.client.post(
            reverse("organizations:establish", args=["A"]),
            {
                "code": "A3",
                "name": "Chi bộ Thanh tra Sở",
                "short_name": "",
                "kind": "cell",
                "sector": "agency",
                "effective_on": "15/03/2024",
                "decision_number": "3-QĐ/ĐU",
                "decision_date": "10/03/2024",
            },
        )
        self.assertRedirects(response, reverse("organizations:detail", args=["A3"]))
        self.assertEqual(Organization.objects.get(code="A3").parent, self.world.org_a)

    def test_duplicate_code_is_shown_on_the_field_and_nothing_is_saved(self) -> None:
        self.login("secretary_a")
        response = self.client.post(
            reverse("organizations:establish", args=["A"]),
            {
                "code": "B1",
                "name": "Chi bộ trùng mã",
                "kind": "cell",
                "sector": "agency",
                "effective_on": "15/03/2024",
            },
        )
        self.assertContains(response, "Mã tổ chức “B1” đã được dùng.", status_code=422)
        self.assertFalse(Organization.objects.filter(name="Chi bộ trùng mã").exists())

    def test_secretary_cannot_move_a_cell_into_another_committee(self) -> None:
        self.login("secretary_a")
        response = self.client.post(
            reverse("organizations:move", args=["A1"]),
            {
                "parent": self.world.org_b.pk,
                "effective_on": "01/01/2025",
            },
        )
        self.assertEqual(response.status_code, 422)  # B is not a choice for A's secretary
        self.assertEqual(Organization.objects.get(code="A1").parent, self.world.org_a)

    def test_merging_through_the_page_moves_the_members(self) -> None:
        self.login("secretary_a")
        response = self.client.post(
            reverse("organizations:merge", args=["A2"]),
            {
                "into": self.world.cell_a1.pk,
                "effective_on": "01/01/2025",
                "decision_number": "1-QĐ/ĐU",
            },
        )
        self.assertRedirects(response, reverse("organizations:detail", args=["A1"]))
        self.world.member_a2.refresh_from_db()
        self.assertEqual(self.world.member_a2.organization, self.world.cell_a1)

    def test_dissolving_a_cell_with_members_is_refused_with_the_reason(self) -> None:
        self.login("secretary_a")
        response = self.client.post(
            reverse("organizations:dissolve", args=["A1"]), {"effective_on": "01/01/2025"}
        )
        self.assertContains(response, "còn đảng viên sinh hoạt", status_code=422)

    def test_navigation_children_load_for_the_users_scope(self) -> None:
        self.login("secretary_a")
        response = self.client.get(
            reverse("organizations:children", args=["A"]), headers={"HX-Request": "true"}
        )
        self.assertContains(response, "Chi bộ Phòng Ngân sách")
        roots = self.client.get(reverse("organization_nav"))
        self.assertContains(roots, "Đảng bộ Sở Tài chính")
        self.assertNotContains(roots, "Đảng bộ Khối")


class OrganizationQueryCountTests(BaseTestCase):
    def test_tree_and_detail_pages_do_a_fixed_number_of_queries(self) -> None:
        from dangbo.organizations import services

        self.login("office_staff")
        urls = [
            reverse("organizations:list"),
            reverse("organizations:detail", args=["A"]),
            reverse("organization_nav"),
            reverse("organizations:children", args=["A"]),
            reverse("home"),
        ]
        before = [self.count_queries(url) for url in urls]
        for i in range(40):
            services.establish_organization(
                code=f"A-C{i}",
                name=f"Chi bộ số {i}",
                kind="cell",
                parent=self.world.org_a,
                established_on=self.world.org_a.established_on,
                by=None,
            )
        self.assertEqual([self.count_queries(url) for url in urls], before)
