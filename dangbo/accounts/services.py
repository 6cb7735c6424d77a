"""Account actions: roles, API tokens, login throttling."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.utils import timezone

from dangbo.accounts.models import ApiToken, FailedLogin, RoleAssignment, User
from dangbo.lib.history import action
from dangbo.organizations.models import Organization


@action("accounts.grant_role")
def grant_role(
    *, user: User, role: str, organization: Organization, valid_from: dt.date | None = None, by: User | None
) -> RoleAssignment:
    """Grant `role` on `organization` (and so its subtree) from `valid_from`."""
    return RoleAssignment.objects.create(
        user=user, role=role, organization=organization, valid_from=valid_from or timezone.localdate()
    )


def hash_token(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@action("accounts.issue_token")
def issue_token(*, user: User, name: str = "", by: User | None) -> str:
    """Create an API token for `user` and return its key; only the hash is kept, so show it once."""
    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, prefix=key[:8], key_hash=hash_token(key))
    return key


@action("accounts.revoke_token")
def revoke_token(*, token: ApiToken, by: User | None) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])


def user_for_token(key: str) -> User | None:
    """The active user owning an unrevoked token with this key, or None."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


def _window_start() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def login_is_throttled(username: str) -> bool:
    """Too many failed logins for this username within the window."""
    recent = FailedLogin.objects.filter(username__iexact=username, at__gte=_window_start())
    return recent.count() >= settings.LOGIN_FAILURE_LIMIT


def record_failed_login(username: str, ip: str | None) -> None:
    FailedLogin.objects.create(username=username[:150], ip=ip)


def clear_failed_logins(username: str) -> None:
    FailedLogin.objects.filter(username__iexact=username).delete()
