from __future__ import annotations

from typing import TYPE_CHECKING

from dangbo.api.tests.base import ApiTestCase

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse


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


class WriteValidationTests(ApiTestCase):
    """Bodies the database could not store are refused with 422, never a server error."""

    def create(self, **values: object) -> TestResponse:
        body = {
            "organization": "A1",
            "full_name": "Vũ Thị Mai",
            "gender": "female",
            "birth_date": "1990-04-12",
            "admission_date": "2015-05-19",
        } | values
        return self.post("members", "office_staff", body)

    def test_a_body_that_is_not_json_gets_400_in_vietnamese(self) -> None:
        response = self.send("post", "members", "office_staff", None, raw="{not json")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json(), {"detail": "Nội dung yêu cầu không phải JSON hợp lệ."})

    def test_a_body_that_is_not_an_object_gets_422(self) -> None:
        self.assert_invalid(
            self.post("members", "office_staff", [1, 2]), {"payload": "phải là một đối tượng JSON"}
        )

    def test_a_missing_body_gets_422(self) -> None:
        response = self.send("post", "members", "office_staff", None, raw="")
        self.assert_invalid(response, {"payload": "thiếu giá trị bắt buộc"})

    def test_nul_and_lone_surrogates_get_422(self) -> None:
        self.assert_invalid(self.create(hometown="Hà\x00Nội"), {"hometown": "chứa ký tự không hợp lệ"})
        raw = '{"organization": "A1", "full_name": "V\\ud800", "gender": "male", "birth_date": "1990-01-01", "admission_date": "2015-01-01"}'
        response = self.send("post", "members", "office_staff", None, raw=raw)
        self.assert_invalid(response, {"full_name": "chứa ký tự không hợp lệ"})

    def test_text_that_lengthens_when_normalized_is_measured_after_normalizing(self) -> None:
        # U+0958 has no precomposed form in NFC: it becomes two characters.
        self.assert_invalid(self.create(religion="\u0958" * 30), {"religion": "dài quá 50 ký tự"})

    def test_a_name_whose_parts_do_not_fit_their_columns_gets_422(self) -> None:
        self.assert_invalid(self.create(full_name="Vũ " + "a" * 51), {"full_name": "Tên dài quá 50 ký tự"})

    def test_a_long_name_whose_sort_key_is_longer_than_the_name_is_stored(self) -> None:
        # Every letter and number takes 3 to 7 digits of the sort key: the key's column has no limit.
        response = self.create(full_name=f"{'1a' * 15} {'1a' * 40} x")
        self.assertEqual(response.status_code, 201, response.content)

    def test_an_organization_name_of_250_letters_is_stored(self) -> None:
        response = self.post(
            "organizations",
            "office_staff",
            {"parent": "A", "code": "A9", "name": "a" * 250, "kind": "cell", "established_on": "2020-01-01"},
        )
        self.assertEqual(response.status_code, 201, response.content)

    def test_a_blank_name_gets_422(self) -> None:
        self.assert_invalid(self.create(full_name="   "), {"full_name": "không được để trống"})

    def test_dates_are_yyyy_mm_dd_strings_only(self) -> None:
        for value in [0, "17/05/1985", "1985-05-17T00:00:00", "1985-02-30"]:
            with self.subTest(value=value):
                response = self.create(birth_date=value)
                self.assertEqual(response.status_code, 422)
                self.assertEqual(response.json()["errors"][0]["loc"], ["body", "payload", "birth_date"])

    def test_ids_are_integers_not_strings(self) -> None:
        response = self.post(
            "organizations/A1/events",
            "office_staff",
            {
                "kind": "split",
                "effective_on": "2024-01-01",
                "parts": [{"code": "X1", "name": "Một", "members": ["1"]}, {"code": "X2", "name": "Hai"}],
            },
        )
        self.assert_invalid(response, {"0": "phải là số nguyên"})

    def test_an_email_is_checked(self) -> None:
        self.assert_invalid(self.create(email="dao@"), {"email": "không phải địa chỉ thư điện tử hợp lệ"})
