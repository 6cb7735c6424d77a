"""Party cards (thẻ đảng viên): issued only to official members, a number never twice (RULES R23)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError

from dangbo.lib import vn
from dangbo.lib.history import action
from dangbo.members import services as member_services
from dangbo.members.models import CardIssue, Member, Status

if TYPE_CHECKING:
    from dangbo.accounts.models import User

# Official members who may hold a card: full members, and those exempted from activities.
CARD_STATUSES = frozenset({Status.FULL, Status.EXEMPTED})


def card_errors(member: Member, number: str, issued_on: dt.date) -> dict[str, str]:
    """RULES R23: only an official member, from their official date; the number is not anyone else's."""
    if member.status not in CARD_STATUSES or member.official_date is None:
        return {
            "number": f"Theo R23: chỉ cấp thẻ cho đảng viên chính thức; {member.full_name} là đảng viên "
            f"“{member.get_status_display().lower()}”."
        }
    errors: dict[str, str] = {}
    if not number.isdigit():
        errors["number"] = "Số thẻ đảng viên chỉ gồm chữ số."
    elif CardIssue.objects.filter(number=number).exists() or (
        Member.objects.filter(card_number=number).exclude(pk=member.pk).exists()
    ):
        errors["number"] = f"Số thẻ “{number}” đã cấp cho một đảng viên khác."
    if issued_on < member.official_date:
        errors["issued_on"] = (
            f"Theo R23: ngày cấp thẻ ({vn.format_date(issued_on)}) trước ngày {member.full_name} trở thành "
            f"đảng viên chính thức ({vn.format_date(member.official_date)})."
        )
    return errors


@action("members.issue_card")
def issue_card(
    *, member: Member, number: str, issued_on: dt.date, issued_by: str, by: User | None
) -> CardIssue:
    """Issue a party card (a first card, a replacement or an exchange): RULES R23. The member's card
    number becomes the new one; earlier cards count as recovered on the new card's date."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    number = vn.nfc(number).replace(" ", "")
    errors = card_errors(member, number, issued_on)
    if errors:
        raise ValidationError(errors)
    member.card_issues.filter(recovered_on__isnull=True).update(
        recovered_on=issued_on, recovery_note=f"Thay bằng thẻ số {number}"
    )
    card = CardIssue.objects.create(
        member=member, number=number, issued_on=issued_on, issued_by=vn.nfc(issued_by)
    )
    member_services.update_member(member=member, values={"card_number": number}, by=by)
    return card


@action("members.recover_card")
def recover_card(*, member: Member, recovered_on: dt.date, note: str, by: User | None) -> CardIssue | None:
    """Record that the member's card was taken back (expulsion, name removal, leaving: RULES R23)."""
    card = member.card_issues.filter(recovered_on__isnull=True).order_by("-issued_on", "-id").first()
    if card is None and member.card_number:  # a card issued before dangbo kept records
        card = CardIssue.objects.filter(number=member.card_number).first() or CardIssue(
            member=member,
            number=member.card_number,
            issued_on=member.official_date or recovered_on,
            issued_by="",
        )
    if card is None:
        return None
    card.recovered_on, card.recovery_note = recovered_on, vn.nfc(note)
    card.save()
    return card
