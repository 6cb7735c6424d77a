from __future__ import annotations

from dangbo.api.tests.base import ApiTestCase


class ValidationErrorTests(ApiTestCase):
    def test_an_out_of_range_limit_gets_422_with_a_vietnamese_detail(self) -> None:
        response = self.api("members", "office_staff", limit=501)
        self.assertEqual(response.status_code, 422)
        body = response.json()
        self.assertEqual(body["detail"], "Dữ liệu không hợp lệ (limit: phải nhỏ hơn hoặc bằng 500).")
        self.assertEqual(
            body["errors"], [{"loc": ["query", "limit"], "message": "phải nhỏ hơn hoặc bằng 500"}]
        )

    def test_a_non_numeric_member_id_gets_422(self) -> None:
        response = self.api("members/abc", "office_staff")
        self.assertEqual(response.status_code, 422)
        self.assertIn("phải là số nguyên", response.json()["detail"])

    def test_an_unknown_status_gets_422_listing_the_allowed_values(self) -> None:
        response = self.api("members", "office_staff", status="active")
        self.assertEqual(response.status_code, 422)
        self.assertIn("'probationary'", response.json()["detail"])

    def test_a_nul_character_in_a_search_gets_422_not_a_server_error(self) -> None:
        for path, param in [("members", "q"), ("members", "organization"), ("organizations", "subtree")]:
            with self.subTest(path=path, param=param):
                response = self.api(path, "office_staff", **{param: "A\x00"})
                self.assertEqual(response.status_code, 422)
                self.assertIn("ký tự không hợp lệ", response.json()["detail"])

    def test_a_nul_character_in_an_organization_code_gets_422_not_a_server_error(self) -> None:
        response = self.api("organizations/A%00", "office_staff")
        self.assertEqual(response.status_code, 422)
        self.assertIn("ký tự không hợp lệ", response.json()["detail"])

    def test_a_huge_member_id_gets_422_not_a_server_error(self) -> None:
        self.assertEqual(self.api(f"members/{2**64}", "office_staff").status_code, 422)
