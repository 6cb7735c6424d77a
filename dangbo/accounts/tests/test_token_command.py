from __future__ import annotations

from io import StringIO

from django.core.management import CommandError, call_command

from dangbo.accounts.models import ApiToken, User
from dangbo.testing import BaseTestCase


class TokenCommandTests(BaseTestCase):
    def run_command(self, *args: str) -> str:
        out = StringIO()
        call_command("token", *args, stdout=out)
        return out.getvalue()

    def test_it_prints_only_a_new_key_that_authenticates_api_requests(self) -> None:
        output = self.run_command("secretary_b")
        key = output.strip()
        self.assertEqual(output, f"{key}\n")
        self.assertGreaterEqual(len(key), 40)
        response = self.client.get("/api/v1/members", headers={"Authorization": f"Bearer {key}"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual([m["full_name"] for m in response.json()["items"]], ["Hoàng Văn Đức", "Lê Thị Hà"])

    def test_it_stores_only_the_hash_under_the_given_name(self) -> None:
        key = self.run_command("office_staff", "--name", "Máy chủ báo cáo").strip()
        token = ApiToken.objects.get(user__username="office_staff")
        self.assertEqual(token.name, "Máy chủ báo cáo")
        self.assertEqual(token.prefix, key[:8])
        self.assertNotIn(key, token.key_hash)

    def test_each_run_issues_another_key(self) -> None:
        self.assertNotEqual(self.run_command("office_staff"), self.run_command("office_staff"))
        self.assertEqual(ApiToken.objects.filter(user__username="office_staff").count(), 2)

    def test_an_unknown_user_is_an_error_in_vietnamese(self) -> None:
        with self.assertRaisesMessage(CommandError, "Không tìm thấy người dùng “nobody”."):
            self.run_command("nobody")
        self.assertFalse(ApiToken.objects.exists())

    def test_an_inactive_user_is_an_error_in_vietnamese(self) -> None:
        User.objects.filter(username="viewer_b").update(is_active=False)
        with self.assertRaisesMessage(CommandError, "Người dùng “viewer_b” đã bị khóa"):
            self.run_command("viewer_b")
        self.assertFalse(ApiToken.objects.exists())

    def test_a_too_long_name_is_an_error(self) -> None:
        with self.assertRaisesMessage(CommandError, "dài quá 100 ký tự"):
            self.run_command("office_staff", "--name", "x" * 101)
