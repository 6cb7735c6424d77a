"""ApiTestCase: the test world plus an API token for every persona."""

from __future__ import annotations

import json
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

    def headers(self, persona: str | None, key: str | None = None, **extra: str) -> dict[str, str]:
        if persona is not None:
            key = self.keys[persona]
        return ({"Authorization": f"Bearer {key}"} if key is not None else {}) | extra

    def api(
        self, path: str, persona: str | None = None, *, key: str | None = None, **params: Any
    ) -> TestResponse:
        """GET /api/v1/<path> as `persona` (or with a raw `key`; neither: anonymous)."""
        return self.client.get(f"/api/v1/{path}", params, headers=self.headers(persona, key))

    def items(self, path: str, persona: str, **params: Any) -> list[dict[str, Any]]:
        response = self.api(path, persona, **params)
        self.assertEqual(response.status_code, 200, response.content)
        return response.json()["items"]

    def send(
        self,
        method: str,
        path: str,
        persona: str | None,
        body: Any,
        *,
        idempotency_key: str | None = None,
        raw: str | None = None,
    ) -> TestResponse:
        """POST or PATCH /api/v1/<path> with a JSON body (or a `raw` one) as `persona`."""
        extra = {"Idempotency-Key": idempotency_key} if idempotency_key is not None else {}
        return getattr(self.client, method)(
            f"/api/v1/{path}",
            raw if raw is not None else json.dumps(body),
            content_type="application/json",
            headers=self.headers(persona, **extra),
        )

    def post(self, path: str, persona: str | None, body: Any, **kwargs: Any) -> TestResponse:
        return self.send("post", path, persona, body, **kwargs)

    def patch(self, path: str, persona: str | None, body: Any, **kwargs: Any) -> TestResponse:
        return self.send("patch", path, persona, body, **kwargs)

    def assert_invalid(self, response: TestResponse, errors: dict[str, str]) -> dict[str, Any]:
        """A 422 whose errors, keyed by the last part of their location, are exactly `errors`."""
        self.assertEqual(response.status_code, 422, response.content)
        body = response.json()
        self.assertEqual({str(e["loc"][-1]): e["message"] for e in body["errors"]}, errors)
        return body
