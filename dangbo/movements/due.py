"""What is due on movements, over the user's scope (dangbo/lib/due.py): one query per kind of item.

* transfers not filed (R24: 60 working days after the triggering decision) and letters not presented
  (R24: 30 working days after the letter), for both the sending and the receiving side;
* temporary transfers ending within a month (R25);
* exits whose slip and file have not gone up (R27: 30 working days after the slip; deaths are a kind of
  their own), and cards not recovered (R23: the same 30 working days, as practice: the card goes up with
  the file);
* exemptions to review (the date the cell set), and exemptions not yet reported upward (RULES 2.5; the
  30 working days are practice, not a rule).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q

from dangbo.accounts import policy
from dangbo.lib.due import DueItem
from dangbo.movements import services
from dangbo.movements.models import (
    CARD_RECOVERED_ON,
    Direction,
    Exemption,
    Exit,
    ExitKind,
    Transfer,
    TransferKind,
    TransferState,
)
from dangbo.workdays.calendar import add_working_days

SOON = dt.timedelta(days=31)  # temporary transfers and reviews show this long before their date
REPORT_EXEMPTION_WORKING_DAYS = 30  # practice: RULES 2.5 sets no deadline for informing the superior


def _transfers(user: Any) -> Any:
    organizations = policy.visible_organizations(user, policy.VIEW_MEMBERS)
    return Transfer.objects.involving(organizations).select_related(
        "member", "from_organization", "to_organization"
    )


def _not_filed(user: Any, today: dt.date) -> list[DueItem]:
    items = []
    for t in _transfers(user).filter(kind=TransferKind.OFFICIAL, state=TransferState.PREPARING):
        start = t.decision_date or t.filed_on or t.created_at.date()
        due_on = services.filing_deadline(start)
        filed = (
            f"đã nộp hồ sơ ngày {t.filed_on:%d/%m/%Y}, chưa cấp giấy giới thiệu"
            if t.filed_on
            else "chưa nộp hồ sơ"
        )
        late = "; quá hạn: cần ghi lý do chậm" if due_on < today else ""
        items.append(
            DueItem(
                kind="transfer_not_filed",
                title="Hoàn thành thủ tục chuyển sinh hoạt đảng",
                subject=t.member.full_name,
                organization=t.from_organization.name if t.from_organization else "",
                due_on=due_on,
                url=t.get_absolute_url(),
                rule="R24",
                note=f"Đến {t.destination}; {filed}{late}.",
            )
        )
    return items


def _not_presented(user: Any, today: dt.date) -> list[DueItem]:
    items = []
    waiting = _transfers(user).filter(state=TransferState.LETTER_ISSUED, direction=Direction.WITHIN)
    for t in waiting.exclude(letter_date=None):
        due_on = services.presentation_deadline(t.letter_date)
        late = "; quá hạn: cần ghi lý do chậm" if due_on < today else ""
        items.append(
            DueItem(
                kind="transfer_not_presented",
                title="Nộp giấy giới thiệu sinh hoạt đảng tại nơi đến",
                subject=t.member.full_name,
                organization=t.to_organization.name if t.to_organization else "",
                due_on=due_on,
                url=t.get_absolute_url(),
                rule="R24",
                note=f"Giấy số {t.letter_number} ngày {t.letter_date:%d/%m/%Y}, từ {t.origin}{late}.",
            )
        )
    return items


def _temporary_ending(user: Any, today: dt.date) -> list[DueItem]:
    ending = _transfers(user).filter(
        kind=TransferKind.TEMPORARY, state=TransferState.ACTIVE, ends_on__lte=today + SOON
    )
    return [
        DueItem(
            kind="temporary_transfer_ending",
            title="Kết thúc sinh hoạt đảng tạm thời",
            subject=t.member.full_name,
            organization=t.from_organization.name if t.from_organization else "",
            due_on=t.ends_on,
            url=t.get_absolute_url(),
            rule="R25",
            note=f"Sinh hoạt tạm thời tại {t.destination} đến {t.ends_on:%d/%m/%Y}.",
        )
        for t in ending
        if t.ends_on is not None
    ]


def _exits(user: Any) -> Any:
    organizations = policy.visible_organizations(user, policy.VIEW_MEMBERS)
    return Exit.objects.filter(organization__in=organizations).select_related("member", "organization")


def _not_reported(user: Any, today: dt.date) -> list[DueItem]:
    items = []
    for e in _exits(user).filter(reported_on=None):
        death = e.kind == ExitKind.DEATH
        slip = f"phiếu lập ngày {e.slip_written_on:%d/%m/%Y}" if e.slip_written_on else "chưa lập phiếu báo"
        items.append(
            DueItem(
                kind="death_not_reported" if death else "exit_not_reported",
                title="Báo cáo đảng viên từ trần lên cấp trên"
                if death
                else "Báo cáo đảng viên ra khỏi danh sách lên cấp trên",
                subject=e.member.full_name,
                organization=e.organization.name,
                due_on=services.report_deadline(e.slip_written_on or e.effective_on),
                url=e.get_absolute_url(),
                rule="R27",
                note=f"{e.get_kind_display()} ngày {e.effective_on:%d/%m/%Y}; {slip}; gửi phiếu báo kèm hồ sơ.",
            )
        )
    return items


def _cards(user: Any, today: dt.date) -> list[DueItem]:
    pending = _exits(user).filter(
        kind__in=CARD_RECOVERED_ON, card_recovered_on=None, member__card_number__isnull=False
    )
    return [
        DueItem(
            kind="card_not_recovered",
            title="Thu hồi thẻ đảng viên",
            subject=e.member.full_name,
            organization=e.organization.name,
            due_on=services.report_deadline(e.slip_written_on or e.effective_on),
            url=e.get_absolute_url(),
            rule="R23",
            note=f"{e.get_kind_display()} ngày {e.effective_on:%d/%m/%Y}; thẻ số {e.member.card_number}.",
        )
        for e in pending
    ]


def _exemptions(user: Any, today: dt.date) -> list[DueItem]:
    organizations = policy.visible_organizations(user, policy.VIEW_MEMBERS)
    active = (
        Exemption.objects.filter(organization__in=organizations, ended_on=None)
        .filter(Q(review_on__lte=today + SOON) | Q(reported_on=None))
        .select_related("member", "organization")
    )
    items = []
    for x in active:
        if x.reported_on is None:
            items.append(
                DueItem(
                    kind="exemption_not_reported",
                    title="Báo cáo cấp trên việc miễn công tác và sinh hoạt",
                    subject=x.member.full_name,
                    organization=x.organization.name,
                    due_on=add_working_days(x.decided_on, REPORT_EXEMPTION_WORKING_DAYS),
                    url=x.get_absolute_url(),
                    rule="RULES 2.5",
                    note=f"Chi bộ quyết định ngày {x.decided_on:%d/%m/%Y}.",
                )
            )
        if x.review_on and x.review_on <= today + SOON:
            items.append(
                DueItem(
                    kind="exemption_review",
                    title="Xem xét lại việc miễn công tác và sinh hoạt",
                    subject=x.member.full_name,
                    organization=x.organization.name,
                    due_on=x.review_on,
                    url=x.get_absolute_url(),
                    rule="RULES 2.5",
                    note=f"{x.get_reason_display()}; miễn từ {x.decided_on:%d/%m/%Y}.",
                )
            )
    return items


def due_items(user: Any, *, today: dt.date) -> list[DueItem]:
    """Movement deadlines within the user's scope (members' view right), in a fixed number of queries."""
    if not policy.has_any_scope(user, policy.VIEW_MEMBERS):
        return []
    return [
        *_not_filed(user, today),
        *_not_presented(user, today),
        *_temporary_ending(user, today),
        *_not_reported(user, today),
        *_cards(user, today),
        *_exemptions(user, today),
    ]
