"""Test helpers: the per-process calendar cache must not outlive a test's rolled-back adjustments."""

from __future__ import annotations

from dangbo.workdays import calendar


class FreshCalendarMixin:
    """Clear the working-day cache before and after each test (a rollback sends no delete signal)."""

    def setUp(self) -> None:
        super().setUp()  # type: ignore[misc]
        calendar.clear_cache()
        self.addCleanup(calendar.clear_cache)  # type: ignore[attr-defined]
