"""Test helpers: a candidate of cell A1 taken through the steps by the real services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dangbo.admissions import services
from dangbo.admissions.models import Candidate
from dangbo.members.models import Member
from dangbo.testing import World

D = dt.date
TODAY = D(2026, 6, 30)  # the tests' clock (settings.DANGBO_TODAY)
SPONSORS_SINCE = D(2020, 1, 1)
DECISION_RECEIVED = D(2025, 6, 18)
CEREMONY = D(2025, 7, 1)


def sponsors_of_a1(world: World) -> list[Member]:
    """The two full members of cell A1 (admitted 2010, official 2011)."""
    return list(Member.objects.filter(organization=world.cell_a1).order_by("pk"))


def new_candidate(world: World, **values: Any) -> Candidate:
    defaults: dict[str, Any] = {
        "full_name": "Lê Văn Kết",
        "gender": "male",
        "birth_date": D(1998, 4, 20),
        "occupation": "Chuyên viên Phòng Ngân sách",
    }
    return services.create_candidate(
        organization=values.pop("organization", world.cell_a1), values=defaults | values, by=None
    )


def with_file(world: World, candidate: Candidate, *, sponsors_since: dt.date = SPONSORS_SINCE) -> Candidate:
    """Steps 1-4: course, application, biography verified, two sponsors of A1."""
    services.record_course(
        candidate=candidate, certificate_date=D(2025, 3, 1), certificate_number="123", by=None
    )
    services.record_application(candidate=candidate, application_date=D(2025, 3, 5), by=None)
    services.record_biography(
        candidate=candidate, biography_date=D(2025, 3, 10), verified_on=D(2025, 5, 10), by=None
    )
    for member in sponsors_of_a1(world):
        services.add_sponsor(
            candidate=candidate, member=member, together_since=sponsors_since, unit="Phòng Ngân sách", by=None
        )
    return candidate


def to_decision(world: World, candidate: Candidate, *, received_on: dt.date = DECISION_RECEIVED) -> Candidate:
    """Steps 5-7: the cell (2/2), the base committee (5/7), the decision received on `received_on`."""
    services.record_cell_resolution(
        candidate=candidate,
        meeting_date=D(2025, 6, 2),
        resolution_number="05-NQ/CB",
        votes_for=2,
        full_members=2,
        by=None,
    )
    services.record_grassroots_resolution(
        candidate=candidate,
        resolution_number="12-NQ/ĐU",
        resolution_date=D(2025, 6, 10),
        votes_for=5,
        committee_members=7,
        by=None,
    )
    services.record_decision(
        candidate=candidate,
        decision_number="345-QĐ/ĐUK",
        decision_date=D(2025, 6, 16),
        issuer="Ban Thường vụ Đảng ủy Khối",
        received_on=received_on,
        by=None,
    )
    return candidate


def admitted_member(world: World, *, ceremony: dt.date = CEREMONY, **values: Any) -> Member:
    """A candidate taken through every step; the ceremony on `ceremony` makes them a probationary member."""
    candidate = to_decision(world, with_file(world, new_candidate(world, **values)))
    return services.hold_ceremony(candidate=candidate, ceremony_date=ceremony, by=None)
