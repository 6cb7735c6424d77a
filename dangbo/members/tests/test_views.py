from __future__ import annotations

import datetime as dt

from django.urls import reverse

from dangbo.accounts.models import Role
from dangbo.audit.models import SensitiveAccess
from dangbo.members import services
from dangbo.members.models import Member
from dangbo.testing import PASSWORD, BaseTestCase, add_members, make_user


class MemberListTests(BaseTestCase):
    def test_secretary_sees_only_their_subtree(self) -> None:
        self.login("secretary_a")
        response = self.client.get(reverse("members:list"))
        self.assertContains(response, "Nguyễn Thị Đào")
        self.assertNotContains(response, "Lê Thị Hà")

    def test_search_without_accents_finds_the_member(self) -> None:
        self.login("office_staff")
        for text in ["nguyen thi dao", "dao", "Đào", "NGUYEN"]:
            response = self.client.get(reverse("members:list"), {"q": text})
            self.assertContains(response, "Nguyễn Thị Đào", msg_prefix=text)
            self.assertNotContains(response, "Trần Văn Bình", msg_prefix=text)

    def test_search_by_card_number(self) -> None:
        self.login("office_staff")
        response = self.client.get(reverse("members:list"), {"q": "10000003"})
        self.assertContains(response, "Lê Thị Hà")
        self.assertNotContains(response, "Nguyễn Thị Đào")

    def test_list_sorts_by_given_name_the_vietnamese_way(self) -> None:
        self.login("office_staff")
        content = self.client.get(reverse("members:list")).content.decode()
        names = ["Phạm Văn Ánh", "Trần Văn Bình", "Nguyễn Thị Đào", "Hoàng Văn Đức", "Lê Thị Hà"]
        positions = [content.index(name) for name in names]
        self.assertEqual(positions, sorted(positions))

    def test_filter_by_organization_outside_scope_is_404(self) -> None:
        self.login("secretary_b")
        response = self.client.get(reverse("members:list"), {"organization": "A"})
        self.assertEqual(response.status_code, 404)

    def test_filter_by_subtree_and_gender(self) -> None:
        self.login("office_staff")
        response = self.client.get(reverse("members:list"), {"organization": "B", "gender": "female"})
        self.assertContains(response, "Lê Thị Hà")
        self.assertNotContains(response, "Hoàng Văn Đức")
        self.assertNotContains(response, "Nguyễn Thị Đào")

    def test_htmx_request_gets_only_the_rows(self) -> None:
        self.login("office_staff")
        response = self.client.get(reverse("members:list"), {"q": "dao"}, headers={"HX-Request": "true"})
        self.assertContains(response, "Nguyễn Thị Đào")
        self.assertNotContains(response, "<html")

    def test_list_query_count_does_not_grow_with_rows(self) -> None:
        self.login("office_staff")

        url = reverse("members:list")
        few = self.count_queries(url)
        add_members(self.world.cell_b1, 1000, "Nguyễn Văn Thêm")
        self.assertEqual(self.count_queries(url), few)


class MemberDetailTests(BaseTestCase):
    def test_secretary_of_another_organization_gets_404(self) -> None:
        self.login("secretary_b")
        response = self.client.get(reverse("members:detail", args=[self.world.member_a1.pk]))
        self.assertEqual(response.status_code, 404)

    def test_member_sees_own_record_but_not_a_colleague(self) -> None:
        self.login("member_a1")
        self.assertEqual(
            self.client.get(reverse("members:detail", args=[self.world.member_a1.pk])).status_code, 200
        )
        self.assertEqual(
            self.client.get(reverse("members:detail", args=[self.world.member_a2.pk])).status_code, 404
        )

    def test_sensitive_fields_are_shown_to_secretary_and_logged(self) -> None:
        self.login("secretary_a")
        response = self.client.get(reverse("members:detail", args=[self.world.member_a1.pk]))
        self.assertContains(response, "001185000001")
        access = SensitiveAccess.objects.get()
        self.assertEqual((access.user, access.member), (self.secretary_a, self.world.member_a1))

    def test_sensitive_fields_are_hidden_from_clerk_and_not_logged(self) -> None:
        self.login("clerk_a1")
        response = self.client.get(reverse("members:detail", args=[self.world.member_a1.pk]))
        self.assertContains(response, "Nguyễn Thị Đào")
        self.assertNotContains(response, "001185000001")
        self.assertNotContains(response, "Tôn giáo")
        self.assertFalse(SensitiveAccess.objects.exists())


class MemberEditTests(BaseTestCase):
    def _post(self, **changes: str) -> object:
        member = self.world.member_a1
        data = {
            "full_name": member.full_name,
            "gender": member.gender,
            "birth_date": "17/05/1985",
            "admission_date": "02/03/2010",
            "official_date": "02/03/2011",
            "status": "full",
            "card_number": member.card_number,
            "national_id": member.national_id or "",
        } | changes
        return self.client.post(reverse("members:edit", args=[member.pk]), data)

    def test_edit_is_saved_and_shown_in_history_with_the_actor(self) -> None:
        self.login("secretary_a")
        response = self._post(phone="0912345678")
        self.assertRedirects(response, reverse("members:detail", args=[self.world.member_a1.pk]))
        page = self.client.get(reverse("members:detail", args=[self.world.member_a1.pk])).content.decode()
        history = page[page.index('id="history"') :]
        self.assertIn("0912345678", history)
        self.assertIn("secretary_a", history)

    def test_official_date_before_admission_is_refused_in_vietnamese(self) -> None:
        self.login("secretary_a")
        response = self._post(official_date="01/01/2009")
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "không được trước ngày vào Đảng", status_code=422)
        self.world.member_a1.refresh_from_db()
        self.assertEqual(self.world.member_a1.official_date, dt.date(2011, 3, 2))

    def test_underage_admission_is_refused(self) -> None:
        self.login("secretary_a")
        response = self._post(birth_date="01/01/1995")
        self.assertContains(response, "chưa đủ 18 tuổi", status_code=422)

    def test_duplicate_card_number_is_refused(self) -> None:
        self.login("secretary_a")
        response = self._post(card_number="10000002")
        self.assertContains(response, "đã thuộc về một đảng viên khác", status_code=422)

    def test_malformed_date_is_refused(self) -> None:
        self.login("secretary_a")
        response = self._post(birth_date="31/02/1985")
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "Nhập một ngày hợp lệ", status_code=422)

    def test_day_first_date_is_parsed_as_day_first(self) -> None:
        self.login("secretary_a")
        self._post(birth_date="06/02/1985")
        self.world.member_a1.refresh_from_db()
        self.assertEqual(self.world.member_a1.birth_date, dt.date(1985, 2, 6))

    def test_secretary_cannot_edit_another_organizations_member(self) -> None:
        self.login("secretary_b")
        response = self._post(phone="0900000000")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(Member.objects.get(pk=self.world.member_a1.pk).phone, "")

    def test_viewer_cannot_edit(self) -> None:
        self.login("viewer_b")
        response = self.client.get(reverse("members:edit", args=[self.world.member_b1.pk]))
        self.assertEqual(response.status_code, 404)


class MemberExportTests(BaseTestCase):
    def _rows(self, persona: str, **params: str) -> list[tuple]:
        import io

        import openpyxl

        self.login(persona)
        response = self.client.get(reverse("members:export"), params)
        self.assertEqual(response.status_code, 200)
        sheet = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True).active
        return [row for row in sheet.iter_rows(min_row=5, values_only=True)]

    def test_export_contains_exactly_the_members_the_secretary_may_see(self) -> None:
        names = {row[1] for row in self._rows("secretary_b")}
        expected = set(
            Member.objects.filter(organization__code__startswith="B").values_list("full_name", flat=True)
        )
        self.assertEqual(names, expected)

    def test_export_keeps_filters_real_dates_and_neutralizes_formulas(self) -> None:
        services.update_member(member=self.world.member_a1, values={"occupation": '=HYPERLINK("x")'}, by=None)
        rows = self._rows("office_staff", q="dao")
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0][3], dt.datetime(1985, 5, 17))
        self.assertEqual(rows[0][10], '\'=HYPERLINK("x")')

    def test_export_query_count_does_not_grow_with_rows(self) -> None:
        self.login("office_staff")

        url = reverse("members:export")
        few = self.count_queries(url)
        add_members(self.world.cell_b1, 300, "Đỗ Văn Thêm")
        self.assertEqual(self.count_queries(url), few)


class MemberFilterTests(BaseTestCase):
    def test_age_band_and_admission_year_filters(self) -> None:
        from django.utils import timezone

        today = timezone.localdate()
        services.create_member(
            values={
                "full_name": "Bùi Thị Dung",
                "gender": "female",
                "birth_date": today.replace(year=today.year - 25),
                "admission_date": today.replace(year=today.year - 2),
                "status": "probationary",
            },
            organization=self.world.cell_a1,
            by=None,
        )
        self.login("office_staff")
        young = self.client.get(reverse("members:list"), {"age": "-30"})
        self.assertContains(young, "Bùi Thị Dung")
        self.assertNotContains(young, "Nguyễn Thị Đào")
        by_year = self.client.get(reverse("members:list"), {"admission_year": "2010"})
        self.assertContains(by_year, "Nguyễn Thị Đào")
        self.assertNotContains(by_year, "Bùi Thị Dung")


class MemberCreateAndTransferTests(BaseTestCase):
    def test_clerk_adds_a_member_to_their_cell(self) -> None:
        self.login("clerk_a1")
        response = self.client.post(
            f"{reverse('members:create')}?organization=A1",
            {
                "full_name": "  Đặng   Ngọc  Yến ",
                "gender": "female",
                "birth_date": "09/09/1999",
                "admission_date": "03/02/2025",
                "status": "probationary",
            },
        )
        member = Member.objects.get(full_name="Đặng Ngọc Yến")
        self.assertRedirects(response, reverse("members:detail", args=[member.pk]))
        self.assertEqual((member.family_name, member.middle_name, member.given_name), ("Đặng", "Ngọc", "Yến"))
        self.assertEqual(member.placements.get().organization, self.world.cell_a1)

    def test_members_cannot_be_added_to_a_base_committee(self) -> None:
        self.login("secretary_a")
        self.assertEqual(self.client.get(f"{reverse('members:create')}?organization=A").status_code, 404)

    def test_secretary_transfers_a_member_between_their_cells(self) -> None:
        self.login("secretary_a")
        response = self.client.post(
            reverse("members:transfer", args=[self.world.member_a1.pk]),
            {
                "to": self.world.cell_a2.pk,
                "effective_on": "01/09/2025",
                "note": "Điều động công tác",
            },
        )
        self.assertRedirects(response, reverse("members:detail", args=[self.world.member_a1.pk]))
        self.world.member_a1.refresh_from_db()
        self.assertEqual(self.world.member_a1.organization, self.world.cell_a2)
        self.assertEqual(self.world.member_a1.placements.count(), 2)

    def test_secretary_cannot_transfer_into_another_committee(self) -> None:
        self.login("secretary_a")
        response = self.client.post(
            reverse("members:transfer", args=[self.world.member_a1.pk]),
            {
                "to": self.world.cell_b1.pk,
                "effective_on": "01/09/2025",
            },
        )
        self.assertEqual(response.status_code, 422)
        self.world.member_a1.refresh_from_db()
        self.assertEqual(self.world.member_a1.organization, self.world.cell_a1)


class MemberPageDisciplineLinksTests(BaseTestCase):
    def test_only_inspection_roles_see_the_discipline_links(self) -> None:
        url = reverse("members:detail", args=[self.world.member_a1.pk])
        make_user("inspector", role=Role.INSPECTION, organization=self.world.bloc)
        self.client.login(username="inspector", password=PASSWORD)
        self.assertContains(self.client.get(url), "Thi hành kỷ luật")
        self.login("secretary_a")
        self.assertNotContains(self.client.get(url), "kỷ luật")
