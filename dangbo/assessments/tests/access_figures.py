"""Access-matrix rows of the figures pages, exports and API (collected through tests/access.py).

Everything is asked for organization A: its people and the office see it; B's secretary, A1's clerk and
a plain member get 404 by page, by export and by API.
"""

from __future__ import annotations

from dangbo.testing import Row, a_scope, api

ACCESS_ROWS: dict[str, Row] = {
    "assessments/figures/": Row(lambda w: "/assessments/figures/?organization=A", a_scope()),
    "assessments/figures/export.xlsx": Row(
        lambda w: "/assessments/figures/export.xlsx?organization=A", a_scope()
    ),
    "assessments/figures/list/": Row(
        lambda w: "/assessments/figures/list/?organization=A&subject=members&what=total", a_scope()
    ),
    "assessments/figures/list/export.xlsx": Row(
        lambda w: "/assessments/figures/list/export.xlsx?organization=A&subject=members&what=total", a_scope()
    ),
    "assessments/figures/streaks/": Row(lambda w: "/assessments/figures/streaks/?organization=A", a_scope()),
    "assessments/figures/streaks/export.xlsx": Row(
        lambda w: "/assessments/figures/streaks/export.xlsx?organization=A", a_scope()
    ),
    "api/v1/assessments/stats": Row(
        lambda w: "/api/v1/assessments/stats?period=2025&organization=A",
        api(secretary_b=404, clerk_a1=404, member_a1=404),
        api=True,
    ),
}
