"""ApiTestCase: the test world plus an API token for every persona."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dangbo.accounts.services import issue_token
from dangbo.testing import BaseTestCase

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse


class ApiTestCase(BaseTestCase):
    keys: dict[str, str]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.keys = {
            name: issue_token(user=user, name="tests", by=None) for name, user in cls.world.users.items()
        }

    def api(
        self, path: str, persona: str | None = None, *, key: str | None = None, **params: Any
    ) -> TestResponse:
        """GET /api/v1/<path> as `persona` (or with a raw `key`; neither: anonymous)."""
        if persona is not None:
            key = self.keys[persona]
        headers = {"Authorization": f"Bearer {key}"} if key is not None else {}
        return self.client.get(f"/api/v1/{path}", params, headers=headers)

    def items(self, path: str, persona: str, **params: Any) -> list[dict[str, Any]]:
        response = self.api(path, persona, **params)
        self.assertEqual(response.status_code, 200, response.content)
        return response.json()["items"]
