"""Access-matrix rows for the awards pages and API (tests/test_access_matrix.py collects them).

Awards are not confidential: they follow the member registry's scope (a member also sees their own).
Objects belong to organization A (member_a1 of cell A1), so secretary_b gets 404 on them by page, export
and API.
"""

from __future__ import annotations

import datetime as dt

from dangbo.api.tests.writes import Write, statuses
from dangbo.testing import Row, World, a_scope, api, everyone, make_member

D = dt.date


def award_of_a(world: World) -> int:
    """A Giấy khen of the base committee A to member_a1, recorded through the service."""
    from dangbo.awards import services

    award = services.record_award(
        member=world.member_a1,
        values={
            "form": "certificate",
            "basis": "year",
            "issuer": world.org_a,
            "issuer_level": "base_committee",
            "issuer_name": "",
            "decision_number": "15-QĐ/ĐU",
            "decision_date": D(2025, 1, 20),
            "reason": "Hoàn thành xuất sắc nhiệm vụ năm 2024",
            "period_from": 2024,
            "period_to": 2024,
        },
        by=None,
    )
    return award.pk


ROUND = "round=2026-02-03&organization=A"

ACCESS_ROWS: dict[str, Row] = {
    "awards/": Row(lambda w: "/awards/", everyone(200)),
    "awards/export.xlsx": Row(lambda w: "/awards/export.xlsx?organization=A", a_scope()),
    "awards/new/": Row(lambda w: f"/awards/new/?member={w.member_a1.pk}", a_scope(clerk_a1=200)),
    "awards/<int:award_id>/": Row(
        lambda w: f"/awards/{award_of_a(w)}/", a_scope(clerk_a1=200, member_a1=200)
    ),
    "awards/<int:award_id>/delete/": Row(
        lambda w: f"/awards/{award_of_a(w)}/delete/",
        a_scope(office_staff=302, secretary_a=302, clerk_a1=302, superuser=302),
        method="post",
    ),
    "awards/badges/": Row(lambda w: f"/awards/badges/?{ROUND}", a_scope()),
    "awards/badges/export.xlsx": Row(lambda w: f"/awards/badges/export.xlsx?{ROUND}", a_scope()),
    "awards/badges/record/": Row(
        lambda w: "/awards/badges/record/",
        a_scope(office_staff=422, secretary_a=422, superuser=422),
        method="post",
        data=lambda w: {"round": "2026-02-03", "organization": "A", "decision_number": "1"},
    ),
    "awards/badges/rounds/": Row(lambda w: "/awards/badges/rounds/", everyone(200, member_a1=404)),
    "awards/proposals/": Row(lambda w: "/awards/proposals/?organization=A&until=2025", a_scope()),
    "awards/members/<int:member_id>/": Row(
        lambda w: f"/awards/members/{w.member_a1.pk}/", a_scope(clerk_a1=200, member_a1=200)
    ),
    "awards/members/<int:member_id>/card/": Row(
        lambda w: f"/awards/members/{w.member_a1.pk}/card/", a_scope(clerk_a1=200)
    ),
    "awards/members/<int:member_id>/inactivity/": Row(
        lambda w: f"/awards/members/{w.member_a1.pk}/inactivity/", a_scope(clerk_a1=200)
    ),
    "awards/members/<int:member_id>/illness/": Row(
        lambda w: f"/awards/members/{w.member_a1.pk}/illness/", a_scope()
    ),
    "api/v1/awards": Row(
        lambda w: "/api/v1/awards?organization=A", api(secretary_b=404, clerk_a1=404, member_a1=404), api=True
    ),
    "api/v1/awards/<award_id>": Row(
        lambda w: f"/api/v1/awards/{award_of_a(w)}", api(secretary_b=404), api=True
    ),
    "api/v1/badges/rounds": Row(lambda w: "/api/v1/badges/rounds", api(member_a1=404), api=True),
    "api/v1/badges/due": Row(
        lambda w: f"/api/v1/badges/due?{ROUND}", api(secretary_b=404, clerk_a1=404, member_a1=404), api=True
    ),
    "api/v1/badges": Row(
        lambda w: "/api/v1/badges?organization=A", api(secretary_b=404, clerk_a1=404, member_a1=404), api=True
    ),
    "api/v1/members/<member_id>/party-age": Row(
        lambda w: f"/api/v1/members/{w.member_a1.pk}/party-age", api(secretary_b=404), api=True
    ),
    "api/v1/members/<member_id>/inactivity-periods": Row(
        lambda w: f"/api/v1/members/{w.member_a1.pk}/inactivity-periods", api(secretary_b=404), api=True
    ),
    "api/v1/members/<member_id>/cards": Row(
        lambda w: f"/api/v1/members/{w.member_a1.pk}/cards", api(secretary_b=404), api=True
    ),
}


def badge_entries_of_a(world: World) -> dict[str, object]:
    """A badge decision for a member of cell A1 who reaches 40 years of Party age in the round."""
    veteran = make_member(world.cell_a1, "Trần Văn Bốn Mươi", birth_date=D(1955, 5, 5),
                          admission_date=D(1986, 2, 3), official_date=D(1987, 2, 3))  # fmt: skip
    return {
        "round_on": "2026-02-03",
        "decision_number": "150-QĐ/TU",
        "decision_date": "2026-01-25",
        "issuer_name": "Ban Thường vụ Tỉnh ủy",
        "entries": [{"member": veteran.pk, "years": 40}],
    }


CERTIFICATE = {
    "form": "certificate",
    "basis": "year",
    "issuer_level": "base_committee",
    "issuer": "A",
    "decision_number": "20-QĐ/ĐU",
    "decision_date": "2025-01-15",
    "reason": "Hoàn thành xuất sắc nhiệm vụ năm 2024",
    "period_from": 2024,
    "period_to": 2024,
}
# Every write operation of awards × every persona (api/tests/test_write_access.py runs them): like the
# member registry, those who change A1's members (office staff, A's secretary, A1's clerk, the superuser);
# 404 for the others, the member included (they read their own awards, they do not record them).
A1_WRITES = statuses(201, clerk_a1=201)
API_WRITES: dict[str, Write] = {
    "create_award": Write(
        "post", lambda w: "/api/v1/awards", lambda w: CERTIFICATE | {"member": w.member_a1.pk}, A1_WRITES
    ),
    "delete_award": Write(
        "delete", lambda w: f"/api/v1/awards/{award_of_a(w)}", None, statuses(204, clerk_a1=204)
    ),
    "record_badges": Write("post", lambda w: "/api/v1/badges", badge_entries_of_a, A1_WRITES),
    "record_inactivity_period": Write(
        "post",
        lambda w: f"/api/v1/members/{w.member_a1.pk}/inactivity-periods",
        {"started_on": "2016-01-01", "ended_on": "2016-03-01", "reason": "lost_contact"},
        A1_WRITES,
    ),
    "issue_card": Write(
        "post",
        lambda w: f"/api/v1/members/{w.member_a1.pk}/cards",
        {"number": "40000001", "issued_on": "2025-09-01", "issued_by": "Ban Thường vụ Tỉnh ủy"},
        A1_WRITES,
    ),
}
