from __future__ import annotations

from typing import Any

from dangbo.audit.models import SensitiveAccess


def record_sensitive_access(*, user: Any, member: Any, fields: list[str], path: str = "") -> SensitiveAccess:
    """Log that `user` was shown `fields` of `member` (issue 2: sensitive fields are access-logged)."""
    return SensitiveAccess.objects.create(user=user, member=member, fields=",".join(fields), path=path[:300])
