"""What an expulsion does to the member: the exit from the lists (movements) and the party age."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dangbo.discipline.models import Discipline
from dangbo.members.models import InactivityReason, Status
from dangbo.members.party_age import record_inactivity_period

if TYPE_CHECKING:
    from dangbo.accounts.models import User


def expel(*, discipline: Discipline, by: User | None) -> None:
    """Take an expelled member out of the lists on the decision date through the movements service (placement
    closed, member counts, the card to recover (RULES R23) and the R27 report tracked on the exit), and stop
    the party age with an open period without party activity (RULES R21)."""
    from dangbo.movements.models import ExitKind, ExitReason
    from dangbo.movements.services import record_exit

    member = discipline.member
    assert member is not None and discipline.decision_date is not None
    on = discipline.decision_date
    if member.status != Status.EXPELLED:
        record_exit(
            member=member,
            kind=ExitKind.EXPULSION,
            reason=ExitReason.DISCIPLINE,
            effective_on=on,
            decision_number=discipline.decision_number,
            decision_date=on,
            decided_by=discipline.deciding_body,
            note=f"Kỷ luật khai trừ, quyết định số {discipline.decision_number}",
            by=by,
        )
    if not member.inactivity_periods.filter(ended_on__isnull=True).exists():
        record_inactivity_period(
            member=member,
            started_on=on,
            ended_on=None,
            reason=InactivityReason.EXPULSION,
            note=f"Khai trừ theo quyết định số {discipline.decision_number}",
            by=by,
        )
