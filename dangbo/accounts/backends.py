from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from dangbo.accounts import services


class ThrottledModelBackend(ModelBackend):
    """Password login that refuses a username after too many recent failures (every login form)."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if username is None:
            username = kwargs.get("username")
        if username and services.login_is_throttled(username):
            raise PermissionDenied("too many failed logins")
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if username and user is None:
            services.record_failed_login(username, request.META.get("REMOTE_ADDR") if request else None)
        elif username:
            services.clear_failed_logins(username)
        return user
