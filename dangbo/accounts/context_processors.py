from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from dangbo.accounts import policy


def navigation(request: HttpRequest) -> dict[str, Any]:
    """What the left navigation may offer this user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_can_browse": policy.has_any_scope(user, policy.VIEW_ORGANIZATIONS),
        "nav_own_member_id": user.member_id,
        "nav_can_import": policy.has_write_scope(user),
        "nav_can_discipline": policy.has_any_scope(user, policy.VIEW_INSPECTIONS),
    }
