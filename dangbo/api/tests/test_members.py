from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangbo.api.tests.base import ApiTestCase
from dangbo.audit.models import SensitiveAccess
from dangbo.members import services as member_services

EVERYONE = ["Phạm Văn Ánh", "Trần Văn Bình", "Nguyễn Thị Đào", "Hoàng Văn Đức", "Lê Thị Hà"]
SENSITIVE = {"national_id", "ethnicity", "religion"}


def names(items: list[dict]) -> list[str]:
    return [item["full_name"] for item in items]


class ListMembersTests(ApiTestCase):
    def test_office_staff_list_everyone_in_vietnamese_order(self) -> None:
        self.assertEqual(names(self.items("members", "office_staff")), EVERYONE)

    def test_a_list_row_has_the_public_fields_and_no_sensitive_ones(self) -> None:
        dao = self.items("members", "office_staff", q="Đào")[0]
        self.assertEqual(
            dao,
            {
                "id": self.world.member_a1.pk,
                "code": self.world.member_a1.code,
                "full_name": "Nguyễn Thị Đào",
                "family_name": "Nguyễn",
                "middle_name": "Thị",
                "given_name": "Đào",
                "gender": "female",
                "birth_date": "1985-05-17",
                "status": "full",
                "organization": {"code": "A1", "name": "Chi bộ Phòng Ngân sách"},
                "card_number": "10000001",
                "admission_date": "2010-03-02",
                "official_date": "2011-03-02",
            },
        )
        self.assertFalse(SENSITIVE & set(dao))

    def test_a_secretary_sees_only_the_members_of_their_subtree(self) -> None:
        self.assertEqual(names(self.items("members", "secretary_b")), ["Hoàng Văn Đức", "Lê Thị Hà"])

    def test_a_member_sees_only_their_own_record(self) -> None:
        self.assertEqual(names(self.items("members", "member_a1")), ["Nguyễn Thị Đào"])

    def test_the_search_ignores_accents_and_finds_names_by_any_part(self) -> None:
        for q in ["nguyen thi dao", "dao", "Đào", "NGUYỄN"]:
            with self.subTest(q=q):
                self.assertEqual(names(self.items("members", "office_staff", q=q)), ["Nguyễn Thị Đào"])

    def test_the_search_finds_a_card_number(self) -> None:
        self.assertEqual(names(self.items("members", "office_staff", q="10000003")), ["Lê Thị Hà"])

    def test_the_search_stays_within_the_scope(self) -> None:
        self.assertEqual(self.items("members", "secretary_b", q="dao"), [])

    def test_the_organization_filter_keeps_the_members_of_its_subtree(self) -> None:
        self.assertEqual(
            names(self.items("members", "office_staff", organization="A")),
            ["Phạm Văn Ánh", "Trần Văn Bình", "Nguyễn Thị Đào"],
        )
        self.assertEqual(names(self.items("members", "office_staff", organization="B2")), ["Hoàng Văn Đức"])

    def test_an_organization_filter_outside_the_scope_is_404(self) -> None:
        response = self.api("members", "secretary_b", organization="A")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.json(), {"detail": "Không tìm thấy tổ chức."})

    def test_the_status_and_gender_filters(self) -> None:
        self.assertEqual(
            names(self.items("members", "office_staff", gender="female")), ["Nguyễn Thị Đào", "Lê Thị Hà"]
        )
        self.assertEqual(names(self.items("members", "office_staff", status="full")), EVERYONE)
        self.assertEqual(self.items("members", "office_staff", status="probationary"), [])

    def test_the_list_is_paginated(self) -> None:
        body = self.api("members", "office_staff", limit=2, offset=2).json()
        self.assertEqual(body["count"], 5)
        self.assertEqual(names(body["items"]), ["Nguyễn Thị Đào", "Hoàng Văn Đức"])

    def test_the_number_of_queries_does_not_grow_with_the_number_of_members(self) -> None:
        def queries() -> tuple[int, int]:
            with CaptureQueriesContext(connection) as captured:
                body = self.api("members", "office_staff", organization="A", limit=500).json()
            return len(captured), body["count"]

        few, count = queries()
        self.assertEqual(count, 3)
        rows = [
            (
                {
                    "full_name": f"Vũ Văn Thêm {i}",
                    "gender": "male",
                    "birth_date": dt.date(1990, 1, 1),
                    "admission_date": dt.date(2015, 1, 1),
                    "official_date": dt.date(2016, 1, 1),
                    "status": "full",
                },
                self.world.cell_a2,
            )
            for i in range(57)
        ]
        member_services.create_members_bulk(rows=rows, by=None)
        many, count = queries()
        self.assertEqual(count, 60)
        self.assertEqual(many, few)


class GetMemberTests(ApiTestCase):
    def url(self, member) -> str:
        return f"members/{member.pk}"

    def test_a_secretary_sees_sensitive_fields_and_the_access_is_recorded(self) -> None:
        response = self.api(self.url(self.world.member_a1), "secretary_a")
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(body["full_name"], "Nguyễn Thị Đào")
        self.assertTrue(body["sensitive_shown"])
        self.assertEqual(
            (body["national_id"], body["ethnicity"], body["religion"]), ("001185000001", "Kinh", "Không")
        )
        access = SensitiveAccess.objects.get()
        self.assertEqual(access.user, self.world.users["secretary_a"])
        self.assertEqual(access.member, self.world.member_a1)
        self.assertEqual(access.fields, "national_id,ethnicity,religion")
        self.assertEqual(access.path, f"/api/v1/members/{self.world.member_a1.pk}")

    def test_a_clerk_gets_the_record_without_sensitive_fields_and_nothing_is_recorded(self) -> None:
        response = self.api(self.url(self.world.member_a1), "clerk_a1")
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertFalse(body["sensitive_shown"])
        self.assertEqual((body["national_id"], body["ethnicity"], body["religion"]), (None, None, None))
        self.assertFalse(SensitiveAccess.objects.exists())

    def test_a_member_gets_their_own_record_including_sensitive_fields(self) -> None:
        body = self.api(self.url(self.world.member_a1), "member_a1").json()
        self.assertEqual(body["national_id"], "001185000001")
        self.assertEqual(SensitiveAccess.objects.get().user, self.world.users["member_a1"])

    def test_a_member_gets_404_on_someone_else(self) -> None:
        response = self.api(self.url(self.world.member_a2), "member_a1")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.json(), {"detail": "Không tìm thấy đảng viên."})

    def test_a_secretary_gets_404_on_a_member_of_another_base_committee(self) -> None:
        response = self.api(self.url(self.world.member_a1), "secretary_b")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.json(), {"detail": "Không tìm thấy đảng viên."})
        self.assertFalse(SensitiveAccess.objects.exists())

    def test_a_missing_member_is_404(self) -> None:
        self.assertEqual(self.api("members/999999999", "office_staff").status_code, 404)
