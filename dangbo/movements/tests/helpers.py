"""Shared set-up for the movements tests: the project's test world, a fresh working-day calendar."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dangbo.members.models import Member
from dangbo.movements import services
from dangbo.movements.models import Direction, Transfer, TransferKind
from dangbo.organizations.models import Organization
from dangbo.testing import BaseTestCase
from dangbo.workdays import calendar


class MovementsTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        calendar.clear_cache()
        self.addCleanup(calendar.clear_cache)

    def refresh(self, member: Member) -> Member:
        return Member.objects.get(pk=member.pk)


def letter(number: str = "12-GGT/ĐU", on: dt.date = dt.date(2025, 3, 3), **extra: Any) -> dict[str, Any]:
    return {"letter_number": number, "letter_date": on, **extra}


def transfer_within(
    member: Member,
    to: Organization,
    *,
    decided: dt.date = dt.date(2025, 2, 20),
    letter_on: dt.date | None = dt.date(2025, 3, 3),
    presented: dt.date | None = None,
    kind: str = TransferKind.OFFICIAL,
    **extra: Any,
) -> Transfer:
    """A transfer to `to`, with its letter and presentation when dates are given."""
    return services.record_transfer(
        member=member,
        kind=kind,
        direction=Direction.WITHIN,
        to=to,
        decision_number="45-QĐ/UBND",
        decision_date=decided,
        letter=letter(on=letter_on) if letter_on else None,
        presented_on=presented,
        by=None,
        **extra,
    )


def transfer_out(member: Member, *, on: dt.date = dt.date(2025, 3, 3), **extra: Any) -> Transfer:
    return services.record_transfer(
        member=member,
        kind=TransferKind.OFFICIAL,
        direction=Direction.OUT,
        external_name="Đảng bộ xã Tân Phú, tỉnh Đồng Nai",
        external_address="xã Tân Phú, tỉnh Đồng Nai",
        decision_date=on - dt.timedelta(days=10),
        letter=letter(on=on),
        by=None,
        **extra,
    )
