"""Access-matrix rows for the movements pages and API (tests/test_access_matrix.py collects them).

The objects belong to organization A (cell A1, or a transfer from A1 to A2), so the secretary of B gets
404 on every one of them, by page, by export and by API. The JSON writes are checked persona by persona
from `API_WRITES` below (api/tests/test_write_access.py runs them).
"""

from __future__ import annotations

import datetime as dt

from dangbo.api.tests.writes import Write, statuses
from dangbo.testing import Row, World, a_scope, api, everyone, make_member

D = dt.date


def transfer_of_a(world: World, *, letter: bool = False) -> int:
    """A transfer from cell A1 to cell A2 (a new one for each route's test)."""
    from dangbo.movements import services
    from dangbo.movements.models import Direction, TransferKind

    member = make_member(world.cell_a1, "Vũ Văn Chuyển")
    transfer = services.record_transfer(
        member=member,
        kind=TransferKind.OFFICIAL,
        direction=Direction.WITHIN,
        to=world.cell_a2,
        decision_date=D(2025, 3, 3),
        letter={"letter_number": "7-GGT/ĐU", "letter_date": D(2025, 3, 10)} if letter else None,
        by=None,
    )
    return transfer.pk


def exit_of_a(world: World) -> int:
    from dangbo.movements import services
    from dangbo.movements.models import ExitKind

    member = make_member(world.cell_a1, "Đinh Văn Mất", card_number="10000099")
    return services.record_exit(member=member, kind=ExitKind.DEATH, effective_on=D(2025, 4, 1), by=None).pk


def exemption_of_a(world: World) -> int:
    from dangbo.movements import services
    from dangbo.movements.models import ExemptionReason

    member = make_member(world.cell_a1, "Lý Văn Miễn", birth_date=D(1950, 1, 1), admission_date=D(1975, 1, 1),
                         official_date=D(1976, 1, 1))  # fmt: skip
    exemption = services.exempt_member(
        member=member,
        reason=ExemptionReason.AGE,
        requested_on=D(2025, 2, 3),
        decided_on=D(2025, 2, 10),
        by=None,
    )
    return exemption.pk


def removal_of_a2(world: World) -> int:
    """member_a2 (cell A2) removed from the Party in 2020: an exit to step on, a member to readmit."""
    from dangbo.members.models import Member
    from dangbo.movements import services
    from dangbo.movements.models import ExitKind, ExitReason

    member = Member.objects.get(pk=world.member_a2.pk)  # the world's copy outlives each rolled-back request
    return services.record_exit(member=member, kind=ExitKind.REMOVAL, reason=ExitReason.DECLINED,
                                effective_on=D(2020, 5, 6), decision_date=D(2020, 5, 6), by=None).pk  # fmt: skip


def readmission_of_a2(world: World) -> dict[str, object]:
    """The body readmitting member_a2 into A2 after `removal_of_a2`."""
    removal_of_a2(world)
    return {
        "member": world.member_a2.pk,
        "kind": "readmission",
        "organization": "A2",
        "effective_on": "2024-03-04",
    }


NO_MEMBER = everyone(200, member_a1=404)  # lists: anyone who sees members of some organization
A_CELL = a_scope(clerk_a1=200)  # an object of cell A1: A1's clerk too
A_MEMBER = a_scope(clerk_a1=200, member_a1=200)  # member_a1's own record

ACCESS_ROWS: dict[str, Row] = {
    "movements/": Row(lambda w: "/movements/", NO_MEMBER),
    "movements/members/<int:member_id>/": Row(lambda w: f"/movements/members/{w.member_a1.pk}/", A_MEMBER),
    "movements/members/<int:member_id>/transfer/": Row(
        lambda w: f"/movements/members/{w.member_a1.pk}/transfer/", A_CELL
    ),
    "movements/members/<int:member_id>/exemption/": Row(
        lambda w: f"/movements/members/{w.member_a1.pk}/exemption/", A_CELL
    ),
    "movements/members/<int:member_id>/exit/": Row(
        lambda w: f"/movements/members/{w.member_a1.pk}/exit/", A_CELL
    ),
    "movements/members/<int:member_id>/readmission/": Row(
        lambda w: f"/movements/members/{w.member_a1.pk}/readmission/", A_CELL
    ),
    "movements/transfers/": Row(lambda w: "/movements/transfers/", NO_MEMBER),
    "movements/transfers/receive/": Row(lambda w: "/movements/transfers/receive/?organization=A1", A_CELL),
    "movements/transfers/<int:transfer_id>/": Row(
        lambda w: f"/movements/transfers/{transfer_of_a(w)}/", A_CELL
    ),
    "movements/transfers/<int:transfer_id>/letter.docx": Row(
        lambda w: f"/movements/transfers/{transfer_of_a(w, letter=True)}/letter.docx", A_CELL
    ),
    "movements/exits/": Row(lambda w: "/movements/exits/", NO_MEMBER),
    "movements/exits/<int:exit_id>/": Row(lambda w: f"/movements/exits/{exit_of_a(w)}/", A_CELL),
    "movements/exemptions/": Row(lambda w: "/movements/exemptions/", NO_MEMBER),
    "movements/exemptions/<int:exemption_id>/": Row(
        lambda w: f"/movements/exemptions/{exemption_of_a(w)}/", A_CELL
    ),
    "movements/table/": Row(lambda w: "/movements/table/?organization=A", a_scope()),
    "movements/table/export.xlsx": Row(lambda w: "/movements/table/export.xlsx?organization=A", a_scope()),
    "movements/table/members/": Row(
        lambda w: "/movements/table/members/?organization=A&line=start", a_scope()
    ),
    # API
    "api/v1/movements/members/<member_id>": Row(
        lambda w: f"/api/v1/movements/members/{w.member_a1.pk}", api(secretary_b=404), api=True
    ),
    "api/v1/movements/table": Row(
        lambda w: "/api/v1/movements/table?organization=A",
        api(secretary_b=404, clerk_a1=404, member_a1=404),
        api=True,
    ),
    "api/v1/movements/transfers": Row(
        lambda w: "/api/v1/movements/transfers?organization=A1", api(secretary_b=404, member_a1=404), api=True
    ),
    "api/v1/movements/transfers/<transfer_id>": Row(
        lambda w: f"/api/v1/movements/transfers/{transfer_of_a(w)}",
        api(secretary_b=404, member_a1=404),
        api=True,
    ),
    "api/v1/movements/exits": Row(
        lambda w: "/api/v1/movements/exits?organization=A1", api(secretary_b=404, member_a1=404), api=True
    ),
    "api/v1/movements/exits/<exit_id>": Row(
        lambda w: f"/api/v1/movements/exits/{exit_of_a(w)}", api(secretary_b=404, member_a1=404), api=True
    ),
    "api/v1/movements/exemptions": Row(
        lambda w: "/api/v1/movements/exemptions?organization=A1",
        api(secretary_b=404, member_a1=404),
        api=True,
    ),
    "api/v1/movements/exemptions/<exemption_id>": Row(
        lambda w: f"/api/v1/movements/exemptions/{exemption_of_a(w)}",
        api(secretary_b=404, member_a1=404),
        api=True,
    ),
    "api/v1/movements/readmissions": Row(
        lambda w: "/api/v1/movements/readmissions?organization=A1",
        api(secretary_b=404, member_a1=404),
        api=True,
    ),
}


# Every write operation of /movements × every persona: those who change A1's members (office staff, A's
# secretary, A1's clerk, the superuser) get 201; the others 404; anonymous 401.
A1_WRITES = statuses(201, clerk_a1=201)
A2_WRITES = statuses(201)  # the clerk of A1 does not change A2
API_WRITES: dict[str, Write] = {
    "create_transfer": Write(
        "post",
        lambda w: "/api/v1/movements/transfers",
        lambda w: {
            "mode": "official_within",
            "member": w.member_a1.pk,
            "to": "B1",
            "decision_date": "2025-02-20",
        },
        A1_WRITES,
    ),
    "step_transfer": Write(
        "post",
        lambda w: f"/api/v1/movements/transfers/{transfer_of_a(w)}",
        {"step": "letter", "letter_number": "3-GGT/ĐU", "letter_date": "2025-03-10"},
        A1_WRITES,
    ),
    "create_exit": Write(
        "post",
        lambda w: "/api/v1/movements/exits",
        lambda w: {"member": w.member_a1.pk, "kind": "death", "effective_on": "2025-05-06"},
        A1_WRITES,
    ),
    "step_exit": Write(
        "post",
        lambda w: f"/api/v1/movements/exits/{removal_of_a2(w)}",
        {"step": "card", "recovered_on": "2020-05-08"},
        A2_WRITES,
    ),
    "create_exemption": Write(
        "post",
        lambda w: "/api/v1/movements/exemptions",
        lambda w: {
            "member": w.member_a1.pk,
            "reason": "age",
            "requested_on": "2025-02-03",
            "decided_on": "2025-02-10",
        },  # fmt: skip
        A1_WRITES,
    ),
    "step_exemption": Write(
        "post",
        lambda w: f"/api/v1/movements/exemptions/{exemption_of_a(w)}",
        {"step": "end", "ended_on": "2025-09-01"},
        A1_WRITES,
    ),
    "create_readmission": Write(
        "post",
        lambda w: "/api/v1/movements/readmissions",
        readmission_of_a2,
        A2_WRITES,
    ),
}
