"""Access-matrix rows for the workdays pages and API (tests/test_access_matrix.py collects them)."""

from __future__ import annotations

import datetime as dt

from dangbo.testing import Row, World, everyone


def adjustment_id(world: World) -> int:
    """A make-up working Saturday (a new one for each route's test; the test's transaction undoes it)."""
    from dangbo.workdays import services

    return services.add_calendar_adjustment(day=dt.date(2030, 6, 1), kind="working_day", by=None).pk


def office_only(status: int) -> dict[str, int]:
    """The calendar is kept by those who may change the root organization: office staff and the superuser."""
    return everyone(404, office_staff=status, superuser=status)


ACCESS_ROWS: dict[str, Row] = {
    "workdays/": Row(lambda w: "/workdays/?year=2026", everyone(200)),
    "workdays/new/": Row(lambda w: "/workdays/new/", office_only(200)),
    "workdays/<int:adjustment_id>/delete/": Row(
        lambda w: f"/workdays/{adjustment_id(w)}/delete/", office_only(302), method="post"
    ),
}
