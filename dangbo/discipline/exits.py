"""What an expulsion does to the member: the exit from the lists, through the movements service."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dangbo.discipline.models import Discipline
from dangbo.members.models import Status

if TYPE_CHECKING:
    from dangbo.accounts.models import User


def expel(*, discipline: Discipline, by: User | None) -> None:
    """Take an expelled member out of the lists on the decision date through `movements.record_exit`: the
    placement closes, the member leaves the counts, the card is to be recovered (RULES R23), the R27
    report is tracked on the exit, and the party age stops (a period without activity, RULES R21). If the
    expulsion is annulled, membership comes back through "khôi phục đảng tịch" (movements), which
    removes that period: the party age then never stopped."""
    from dangbo.movements.models import ExitKind, ExitReason
    from dangbo.movements.services import record_exit

    member = discipline.member
    assert member is not None and discipline.decision_date is not None
    if member.status == Status.EXPELLED:
        return
    record_exit(
        member=member,
        kind=ExitKind.EXPULSION,
        reason=ExitReason.DISCIPLINE,
        effective_on=discipline.decision_date,
        decision_number=discipline.decision_number,
        decision_date=discipline.decision_date,
        decided_by=discipline.deciding_body,
        note=f"Kỷ luật khai trừ, quyết định số {discipline.decision_number}",
        by=by,
    )
