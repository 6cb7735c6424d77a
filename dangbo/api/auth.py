"""Bearer-token authentication: `Authorization: Bearer <key>`, keys issued by `dangbo token USERNAME`.

No session authentication on the API: a browser session cannot call it, so there is no CSRF to check.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from dangbo.accounts.models import User
from dangbo.accounts.services import user_for_token

UNAUTHORIZED_MESSAGE = "Chưa xác thực: cần mã truy cập API hợp lệ trong tiêu đề 'Authorization: Bearer <mã>'."
# Issued keys are 43 characters; anything much longer is not one of ours and need not be hashed.
MAX_KEY_LENGTH = 200


class ApiRequest(HttpRequest):
    """What an operation receives: `auth` is the token's user (for type checking; ninja sets it)."""

    auth: User


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        key = token.strip()
        if not key or len(key) > MAX_KEY_LENGTH:
            return None
        return user_for_token(key)
