"""Access-matrix rows for the admissions pages and API (tests/test_access_matrix.py collects them).

Everything here belongs to cell A1: office staff, A's secretary, A1's clerk and the superuser reach it;
B's secretary and the member get 404, by page and by API.
"""

from __future__ import annotations

import datetime as dt

from dangbo.admissions.tests.helpers import TODAY
from dangbo.api.tests.writes import Write, statuses
from dangbo.testing import PERSONAS, Row, World, a_scope, api, everyone


def candidate_id(world: World) -> int:
    """A candidate of cell A1 with a sponsor (a new one for each route's test)."""
    from dangbo.admissions import services

    candidate = services.create_candidate(
        organization=world.cell_a1,
        values={"full_name": "Đỗ Văn Kiểm", "gender": "male", "birth_date": dt.date(1999, 1, 2)},
        by=None,
    )
    services.add_sponsor(
        candidate=candidate, member=world.member_a1, together_since=dt.date(2015, 1, 1), by=None
    )
    return candidate.pk


def sponsor_path(world: World) -> str:
    from dangbo.admissions.models import Sponsor

    sponsor = Sponsor.objects.get(candidate_id=candidate_id(world))
    return f"{sponsor.candidate_id}/sponsors/{sponsor.pk}"


def probationary_id(world: World) -> int:
    """A probationary member of cell A1 (not the member persona's own record)."""
    from dangbo.testing import make_member

    member = make_member(
        world.cell_a1,
        "Đỗ Thị Dự",
        admission_date=dt.date(2025, 3, 2),
        official_date=None,
        status="probationary",
    )
    return member.pk


A1 = a_scope(clerk_a1=200)
A_API = api(secretary_b=404, clerk_a1=404, member_a1=404)
A1_API = api(secretary_b=404, member_a1=404)
A1_WRITE = a_scope(office_staff=302, secretary_a=302, clerk_a1=302, superuser=302)

ACCESS_ROWS: dict[str, Row] = {
    "admissions/": Row(lambda w: "/admissions/", everyone(200)),
    "admissions/new/": Row(lambda w: "/admissions/new/?organization=A1", A1),
    "admissions/<int:candidate_id>/": Row(lambda w: f"/admissions/{candidate_id(w)}/", A1),
    "admissions/<int:candidate_id>/edit/": Row(lambda w: f"/admissions/{candidate_id(w)}/edit/", A1),
    "admissions/<int:candidate_id>/steps/<str:step>/": Row(
        lambda w: f"/admissions/{candidate_id(w)}/steps/application/",
        A1_WRITE,
        method="post",
        data=lambda w: {"application_date": "05/03/2025"},
    ),
    "admissions/<int:candidate_id>/sponsors/<int:sponsor_id>/delete/": Row(
        lambda w: f"/admissions/{sponsor_path(w)}/delete/", A1_WRITE, method="post"
    ),
    "admissions/probation/": Row(lambda w: "/admissions/probation/", everyone(200)),
    "admissions/probation/<int:member_id>/": Row(
        lambda w: f"/admissions/probation/{probationary_id(w)}/", A1
    ),
    "admissions/targets/": Row(lambda w: "/admissions/targets/?organization=A&year=2025", a_scope()),
    "api/v1/admissions/candidates": Row(
        lambda w: "/api/v1/admissions/candidates?organization=A", A_API, api=True
    ),
    "api/v1/admissions/candidates/<candidate_id>": Row(
        lambda w: f"/api/v1/admissions/candidates/{candidate_id(w)}", A1_API, api=True
    ),
    "api/v1/admissions/candidates/<candidate_id>/steps": Row(
        lambda w: f"/api/v1/admissions/candidates/{candidate_id(w)}/steps", A1_API, api=True
    ),
    "api/v1/admissions/probationary": Row(
        lambda w: "/api/v1/admissions/probationary?organization=A", A_API, api=True
    ),
    "api/v1/admissions/probationary/<member_id>": Row(
        lambda w: f"/api/v1/admissions/probationary/{probationary_id(w)}", A1_API, api=True
    ),
    # POST only (the JSON writes are checked persona by persona: API_WRITES below).
    "api/v1/admissions/probationary/<member_id>/recognition": Row(
        lambda w: f"/api/v1/admissions/probationary/{probationary_id(w)}/recognition",
        {p: 405 for p in PERSONAS},
        api=True,
    ),
    "api/v1/admissions/targets": Row(
        lambda w: "/api/v1/admissions/targets?organization=A&year=2025", A_API, api=True
    ),
    "admissions/targets/set/": Row(
        lambda w: "/admissions/targets/set/",
        a_scope(office_staff=302, secretary_a=302, superuser=302),
        method="post",
        data=lambda w: {"organization": "A", "year": 2026, "target": 12},
    ),
}


# Every write operation of /admissions × every persona (api/tests/test_write_access.py runs them).
A1_WRITES = statuses(201, clerk_a1=201)
API_WRITES: dict[str, Write] = {
    "create_candidate": Write(
        "post",
        lambda w: "/api/v1/admissions/candidates",
        {"organization": "A1", "full_name": "Vũ Thị Mai", "gender": "female", "birth_date": "2000-04-12"},
        A1_WRITES,
        settings={"DANGBO_TODAY": TODAY},
    ),
    "record_candidate_step": Write(
        "post",
        lambda w: f"/api/v1/admissions/candidates/{candidate_id(w)}/steps",
        {"step": "application", "application_date": "2025-03-05"},
        A1_WRITES,
        settings={"DANGBO_TODAY": TODAY},
    ),
    "record_recognition": Write(
        "post",
        lambda w: f"/api/v1/admissions/probationary/{probationary_id(w)}/recognition",
        {
            "outcome": "recognized",
            "cell_meeting_date": "2026-03-09",
            "votes_for": 2,
            "full_members": 2,
            "decision_number": "1-QĐ",
            "decision_date": "2026-03-20",
        },
        A1_WRITES,
        settings={"DANGBO_TODAY": TODAY},
    ),
    "set_admission_target": Write(
        "post",
        lambda w: "/api/v1/admissions/targets",
        {"organization": "A1", "year": 2026, "target": 3},
        A1_WRITES,
        settings={"DANGBO_TODAY": TODAY},
    ),
}
