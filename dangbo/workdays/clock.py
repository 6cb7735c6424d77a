"""Today's date for deadlines: `settings.DANGBO_TODAY` when set (demos, tests that move the clock), else the local date."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone


def today() -> dt.date:
    value = getattr(settings, "DANGBO_TODAY", None)
    if not value:
        return timezone.localdate()
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
