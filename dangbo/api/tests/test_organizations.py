from __future__ import annotations

import datetime as dt

from dangbo.api.tests.base import ApiTestCase
from dangbo.organizations import services as org_services
from dangbo.organizations.models import Kind


def codes(items: list[dict]) -> list[str]:
    return [item["code"] for item in items]


class ListOrganizationsTests(ApiTestCase):
    def test_office_staff_list_the_whole_tree_in_tree_order(self) -> None:
        response = self.api("organizations", "office_staff")
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(body["count"], 7)
        self.assertEqual(codes(body["items"]), ["DUK", "A", "A1", "A2", "B", "B1", "B2"])
        a1 = body["items"][2]
        self.assertEqual(a1["name"], "Chi bộ Phòng Ngân sách")
        self.assertEqual(a1["kind"], "cell")
        self.assertEqual(a1["parent_code"], "A")
        self.assertEqual(a1["established_on"], "2010-01-01")
        self.assertIsNone(a1["dissolved_on"])

    def test_a_secretary_lists_only_their_own_subtree(self) -> None:
        self.assertEqual(codes(self.items("organizations", "secretary_b")), ["B", "B1", "B2"])

    def test_the_parent_of_a_scope_root_is_not_revealed(self) -> None:
        b = self.items("organizations", "secretary_b")[0]
        self.assertIsNone(b["parent_code"])

    def test_a_member_without_an_organization_role_lists_nothing(self) -> None:
        self.assertEqual(self.items("organizations", "member_a1"), [])

    def test_the_subtree_filter_keeps_an_organization_and_everything_below_it(self) -> None:
        self.assertEqual(codes(self.items("organizations", "office_staff", subtree="A")), ["A", "A1", "A2"])
        self.assertEqual(codes(self.items("organizations", "office_staff", subtree="B1")), ["B1"])

    def test_a_subtree_outside_the_scope_is_404_like_a_missing_one(self) -> None:
        for subtree in ["A", "NOPE"]:
            with self.subTest(subtree=subtree):
                response = self.api("organizations", "secretary_b", subtree=subtree)
                self.assertEqual(response.status_code, 404)
                self.assertEqual(response.json(), {"detail": "Không tìm thấy tổ chức."})

    def test_the_search_ignores_accents_and_case(self) -> None:
        for q in ["so tai chinh", "SỞ TÀI CHÍNH", "Sở Tài chính", "tai chinh so"]:
            with self.subTest(q=q):
                self.assertEqual(codes(self.items("organizations", "office_staff", q=q)), ["A", "A2"])
        self.assertEqual(codes(self.items("organizations", "office_staff", q="đa khoa")), ["B1"])
        self.assertEqual(codes(self.items("organizations", "office_staff", q="Dang bo")), ["DUK", "A", "B"])

    def test_the_search_finds_an_exact_code(self) -> None:
        self.assertEqual(codes(self.items("organizations", "office_staff", q="b2")), ["B2"])

    def test_the_search_stays_within_the_scope(self) -> None:
        self.assertEqual(self.items("organizations", "secretary_b", q="tai chinh"), [])

    def test_the_kind_filter(self) -> None:
        self.assertEqual(
            codes(self.items("organizations", "office_staff", kind=Kind.CELL)), ["A1", "A2", "B1", "B2"]
        )

    def test_dissolved_organizations_are_listed_only_on_request(self) -> None:
        cell = org_services.establish_organization(
            code="A3",
            name="Chi bộ Thanh tra Sở",
            kind=Kind.CELL,
            parent=self.world.org_a,
            established_on=dt.date(2015, 1, 1),
            by=None,
        )
        org_services.dissolve_organization(organization=cell, effective_on=dt.date(2020, 1, 1), by=None)
        self.assertNotIn("A3", codes(self.items("organizations", "office_staff")))
        listed = self.items("organizations", "office_staff", include_dissolved="true", subtree="A")
        self.assertEqual(codes(listed), ["A", "A1", "A2", "A3"])
        self.assertEqual(listed[-1]["dissolved_on"], "2020-01-01")

    def test_the_list_is_paginated_with_limit_and_offset(self) -> None:
        body = self.api("organizations", "office_staff", limit=2, offset=1).json()
        self.assertEqual(body["count"], 7)
        self.assertEqual(codes(body["items"]), ["A", "A1"])


class GetOrganizationTests(ApiTestCase):
    def test_it_returns_the_organization_with_its_ancestors_for_breadcrumbs(self) -> None:
        response = self.api("organizations/A1", "office_staff")
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(body["code"], "A1")
        self.assertEqual(body["parent_code"], "A")
        self.assertEqual(
            body["ancestors"],
            [
                {"code": "DUK", "name": "Đảng bộ Khối các cơ quan tỉnh"},
                {"code": "A", "name": "Đảng bộ Sở Tài chính"},
            ],
        )

    def test_ancestors_outside_the_scope_are_left_out(self) -> None:
        body = self.api("organizations/A1", "secretary_a").json()
        self.assertEqual(body["ancestors"], [{"code": "A", "name": "Đảng bộ Sở Tài chính"}])
        body = self.api("organizations/A", "secretary_a").json()
        self.assertEqual(body["ancestors"], [])
        self.assertIsNone(body["parent_code"])

    def test_an_organization_outside_the_scope_is_404_like_a_missing_one(self) -> None:
        for code in ["A", "A1", "DUK", "NOPE"]:
            with self.subTest(code=code):
                response = self.api(f"organizations/{code}", "secretary_b")
                self.assertEqual(response.status_code, 404)
                self.assertEqual(response.json(), {"detail": "Không tìm thấy tổ chức."})
