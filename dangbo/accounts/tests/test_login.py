from __future__ import annotations

from django.test import override_settings
from django.urls import reverse

from dangbo.testing import PASSWORD, BaseTestCase


class LoginTests(BaseTestCase):
    def test_login_page_is_vietnamese_and_logs_in(self) -> None:
        page = self.client.get(reverse("accounts:login"))
        self.assertContains(page, "Đăng nhập")
        response = self.client.post(
            reverse("accounts:login"), {"username": "secretary_a", "password": PASSWORD}
        )
        self.assertRedirects(response, reverse("home"))

    def test_wrong_password_gets_a_vietnamese_message(self) -> None:
        response = self.client.post(reverse("accounts:login"), {"username": "secretary_a", "password": "sai"})
        self.assertContains(response, "Tên đăng nhập hoặc mật khẩu không đúng.")

    @override_settings(LOGIN_FAILURE_LIMIT=3)
    def test_repeated_failures_lock_the_username_even_with_the_right_password(self) -> None:
        for _ in range(3):
            self.client.post(reverse("accounts:login"), {"username": "secretary_a", "password": "sai"})
        response = self.client.post(
            reverse("accounts:login"), {"username": "secretary_a", "password": PASSWORD}
        )
        self.assertContains(response, "Đăng nhập sai quá nhiều lần")
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_pages_need_a_login(self) -> None:
        response = self.client.get(reverse("members:list"))
        self.assertRedirects(response, f"{reverse('accounts:login')}?next=/members/")

    def test_logout_ends_the_session(self) -> None:
        self.login("secretary_a")
        self.client.post(reverse("accounts:logout"))
        self.assertRedirects(self.client.get(reverse("home")), f"{reverse('accounts:login')}?next=/")

    def test_admin_is_for_superusers_only(self) -> None:
        self.login("office_staff")
        self.assertEqual(self.client.get("/admin/").status_code, 302)
        self.login("superuser")
        self.assertEqual(self.client.get("/admin/").status_code, 200)

    def test_token_page_shows_a_new_key_once(self) -> None:
        self.login("secretary_a")
        response = self.client.post(reverse("accounts:tokens"), {"name": "Báo cáo"})
        key = response.context["new_key"]
        self.assertContains(response, key)
        again = self.client.get(reverse("accounts:tokens"))
        self.assertNotContains(again, key)
        self.assertContains(again, key[:8])
