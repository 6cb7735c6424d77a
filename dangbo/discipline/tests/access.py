"""Access-matrix rows for the discipline pages and API (tests/test_access_matrix.py collects them).

Disciplines are confidential: of the matrix's personas only the superuser sees them (office staff and
secretaries hold neither VIEW_INSPECTIONS nor CHANGE_DISCIPLINE), everyone else gets 404 on every URL.
The inspection staff and leaders who do see them are tested in test_access.py with `inspection_users`.
"""

from __future__ import annotations

import datetime as dt

from dangbo.accounts.models import Role, User
from dangbo.api.tests.writes import Write
from dangbo.testing import LOGIN, PERSONAS, Row, World, make_user

D = dt.date


def inspection_users(world: World) -> dict[str, User]:
    """Inspection staff of A and of B, and a leader of the whole tree (not personas of dangbo.testing)."""
    return {
        "inspection_a": make_user("inspection_a", role=Role.INSPECTION, organization=world.org_a),
        "inspection_b": make_user("inspection_b", role=Role.INSPECTION, organization=world.org_b),
        "leader": make_user("leader", role=Role.LEADER, organization=world.bloc),
    }


def discipline_of_a(world: World) -> int:
    """A decided reprimand of member_a1 (cell A1), recorded through the service."""
    from dangbo.discipline import services

    discipline = services.record_discipline(
        member=world.member_a1,
        values={
            "form": "reprimand",
            "violation": "Vi phạm quy chế làm việc",
            "violation_date": D(2025, 3, 1),
            "deciding_body": "Chi bộ Phòng Ngân sách",
            "decision_number": "01-QĐ/CB",
            "decision_date": D(2025, 4, 1),
        },
        by=None,
    )
    return discipline.pk


def confidential(status: int = 200, *, api: bool = False) -> dict[str, int]:
    """Only the superuser of the matrix's personas; 404 for everyone else (401 / login when anonymous)."""
    return {p: 404 for p in PERSONAS} | {"anonymous": 401 if api else LOGIN, "superuser": status}


ACCESS_ROWS: dict[str, Row] = {
    "discipline/": Row(lambda w: "/discipline/", confidential()),
    "discipline/new/": Row(lambda w: f"/discipline/new/?member={w.member_a1.pk}", confidential()),
    "discipline/<int:discipline_id>/": Row(lambda w: f"/discipline/{discipline_of_a(w)}/", confidential()),
    "discipline/<int:discipline_id>/edit/": Row(
        lambda w: f"/discipline/{discipline_of_a(w)}/edit/", confidential()
    ),
    "discipline/<int:discipline_id>/annul/": Row(
        lambda w: f"/discipline/{discipline_of_a(w)}/annul/", confidential()
    ),
    "discipline/<int:discipline_id>/end/": Row(
        lambda w: f"/discipline/{discipline_of_a(w)}/end/", confidential()
    ),
    "discipline/members/<int:member_id>/children/": Row(
        lambda w: f"/discipline/members/{w.member_a1.pk}/children/", confidential()
    ),
    "api/v1/disciplines": Row(lambda w: "/api/v1/disciplines", confidential(api=True), api=True),
    "api/v1/disciplines/<discipline_id>": Row(
        lambda w: f"/api/v1/disciplines/{discipline_of_a(w)}", confidential(api=True), api=True
    ),
}


DECISION = {
    "form": "warning",
    "violation": "Vi phạm quy chế làm việc",
    "violation_date": "2025-02-01",
    "deciding_body": "Ủy ban Kiểm tra Đảng ủy Sở Tài chính",
    "decision_number": "05-QĐ/UBKT",
    "decision_date": "2025-03-15",
}
# The write operations × the matrix's personas (api/tests/test_write_access.py runs them): only the
# superuser holds CHANGE_DISCIPLINE among them; the inspection staff are tested in test_api.py.
API_WRITES: dict[str, Write] = {
    "record_discipline": Write(
        "post",
        lambda w: "/api/v1/disciplines",
        lambda w: DECISION | {"member": w.member_a2.pk},
        confidential(201, api=True),
    ),
    "update_discipline": Write(
        "patch",
        lambda w: f"/api/v1/disciplines/{discipline_of_a(w)}",
        {"repeated": True},
        confidential(200, api=True),
    ),
}
