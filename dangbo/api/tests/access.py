"""Access-matrix rows (tests/test_access_matrix.py) for the API routes added with the write side.

The matrix sends GETs and form posts, so each route is checked by a GET here; the JSON writes on these
and on the older routes are checked persona by persona in test_write_access.py.
"""

from __future__ import annotations

from dangbo.testing import Row, api

ACCESS_ROWS: dict[str, Row] = {
    "api/v1/organizations/<code>/events": Row(
        lambda w: "/api/v1/organizations/A1/events", api(secretary_b=404, member_a1=404), api=True
    ),
    "api/v1/members/<member_id>/placements": Row(
        lambda w: f"/api/v1/members/{w.member_a1.pk}/placements", api(secretary_b=404), api=True
    ),
}
