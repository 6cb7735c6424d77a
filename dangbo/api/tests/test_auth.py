from __future__ import annotations

from typing import TYPE_CHECKING

from dangbo.accounts.models import ApiToken, User
from dangbo.accounts.services import revoke_token
from dangbo.api.tests.base import ApiTestCase

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse


class ApiAuthenticationTests(ApiTestCase):
    def endpoints(self) -> list[str]:
        member = self.world.member_a1.pk
        return [
            "organizations",
            "organizations/A",
            "organizations/A/events",
            "members",
            f"members/{member}",
            f"members/{member}/placements",
        ]

    def assert_unauthorized(self, response: TestResponse) -> None:
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
        self.assertIn("mã truy cập API", response.json()["detail"])
        self.assertEqual(response["WWW-Authenticate"], "Bearer")

    def test_anonymous_requests_get_a_json_401_not_the_login_page_on_every_endpoint(self) -> None:
        for path in self.endpoints():
            with self.subTest(path=path):
                self.assert_unauthorized(self.api(path))

    def test_anonymous_requests_with_invalid_parameters_still_get_401(self) -> None:
        self.assert_unauthorized(self.api("members", limit=0, status="nonsense"))

    def test_a_wrong_token_gets_401(self) -> None:
        for path in self.endpoints():
            with self.subTest(path=path):
                self.assert_unauthorized(self.api(path, key="not-a-real-key"))

    def test_a_token_without_the_bearer_scheme_gets_401(self) -> None:
        response = self.client.get(
            "/api/v1/members", headers={"Authorization": f"Token {self.keys['office_staff']}"}
        )
        self.assert_unauthorized(response)

    def test_a_revoked_token_gets_401(self) -> None:
        token = ApiToken.objects.get(user=self.world.users["office_staff"])
        revoke_token(token=token, by=None)
        self.assert_unauthorized(self.api("members", "office_staff"))

    def test_the_token_of_a_deactivated_user_gets_401(self) -> None:
        User.objects.filter(username="office_staff").update(is_active=False)
        self.assert_unauthorized(self.api("members", "office_staff"))

    def test_a_logged_in_browser_session_does_not_authenticate_the_api(self) -> None:
        self.login("office_staff")
        self.assert_unauthorized(self.api("members"))

    def test_a_valid_token_is_accepted_and_its_use_is_recorded(self) -> None:
        response = self.api("members", "office_staff")
        self.assertEqual(response.status_code, 200)
        token = ApiToken.objects.get(user=self.world.users["office_staff"])
        self.assertIsNotNone(token.last_used_at)


class WriteAuthenticationTests(ApiTestCase):
    def writes(self) -> list[tuple[str, str]]:
        member = self.world.member_a1.pk
        return [
            ("post", "members"),
            ("patch", f"members/{member}"),
            ("post", f"members/{member}/placements"),
            ("post", "organizations"),
            ("patch", "organizations/A1"),
            ("post", "organizations/A1/events"),
        ]

    def test_anonymous_writes_get_401_before_their_body_is_read(self) -> None:
        for method, path in self.writes():
            for raw in ["{}", "not json"]:
                with self.subTest(method=method, path=path, raw=raw):
                    response = self.send(method, path, None, None, raw=raw)
                    self.assertEqual(response.status_code, 401)
                    self.assertEqual(response["WWW-Authenticate"], "Bearer")

    def test_a_logged_in_browser_session_cannot_write(self) -> None:
        self.login("office_staff")
        for method, path in self.writes():
            with self.subTest(method=method, path=path):
                self.assertEqual(self.send(method, path, None, {}).status_code, 401)
