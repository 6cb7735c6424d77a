"""Writes on awards: commendations (who may give which form, RULES section 7 and R38), Party badges
(R22), the seriously ill members who may receive one early, and the badge rounds setting."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from dangbo.accounts import policy
from dangbo.awards.models import (
    BADGE_MILESTONES,
    Award,
    AwardBasis,
    AwardForm,
    BadgeRound,
    IssuerLevel,
    SeriousIllness,
    early_months,
)
from dangbo.discipline.queries import blocking_discipline
from dangbo.lib import vn
from dangbo.lib.history import action
from dangbo.members.models import ACTIVE_STATUSES, Member, Status
from dangbo.members.party_age import add_months, party_age, reaches_on
from dangbo.organizations.models import Kind, Organization

if TYPE_CHECKING:
    from dangbo.accounts.models import User

A, L = AwardForm, IssuerLevel
# RULES section 7 (29-QĐ/TW 27.2; 01-HD/TW §19.2): the forms each level of committee may give, to members
# and to organizations. "Other" (praise, biểu dương) is open to every level.
MEMBER_FORMS: dict[str, frozenset[str]] = {
    L.CELL: frozenset({A.OTHER}),
    L.PARTIAL_COMMITTEE: frozenset({A.OTHER}),
    L.BASE_CELL: frozenset({A.CERTIFICATE, A.OTHER}),
    L.BASE_COMMITTEE: frozenset({A.CERTIFICATE, A.OTHER}),
    L.UPPER: frozenset({A.CERTIFICATE, A.OTHER}),
    L.PROVINCE: frozenset({A.DIPLOMA, A.BADGE, A.OTHER}),
}
ORGANIZATION_FORMS: dict[str, frozenset[str]] = {
    L.CELL: frozenset({A.OTHER}),
    L.PARTIAL_COMMITTEE: frozenset({A.OTHER}),
    L.BASE_CELL: frozenset({A.OTHER}),
    L.BASE_COMMITTEE: frozenset({A.CERTIFICATE, A.OTHER}),
    L.UPPER: frozenset({A.CERTIFICATE, A.OTHER}),
    L.PROVINCE: frozenset({A.DIPLOMA, A.FLAG, A.OTHER}),
}
# The level an organization of the tree signs at. A bloc-kind committee is the upper level, or the
# province when it is a root with upper-level committees under it (the demo province).
LEVEL_OF_KIND: dict[str, tuple[str, ...]] = {
    Kind.CELL: (L.CELL,),
    Kind.PARTIAL_COMMITTEE: (L.PARTIAL_COMMITTEE,),
    Kind.BASE_CELL: (L.BASE_CELL,),
    Kind.BASE_COMMITTEE: (L.BASE_COMMITTEE,),
    Kind.BLOC: (L.UPPER, L.PROVINCE),
}
# RULES R38: "N years in a row" member awards: Giấy khen by the upper level's standing committee, Bằng khen
# by the provincial standing committee, for five years at the top level.
STREAK_YEARS = 5
STREAK_LEVELS = {A.CERTIFICATE: L.UPPER, A.DIPLOMA: L.PROVINCE}

EDITABLE_FIELDS = (
    "form",
    "basis",
    "issuer",
    "issuer_level",
    "issuer_name",
    "decision_number",
    "decision_date",
    "reason",
    "period_from",
    "period_to",
)


def competence_table() -> list[tuple[str, str, str]]:
    """(level, forms for members, forms for organizations), for the form's help and the docs."""

    def names(forms: frozenset[str]) -> str:
        return ", ".join(A(f).label for f in A.values if f in forms)

    return [(label, names(MEMBER_FORMS[lv]), names(ORGANIZATION_FORMS[lv])) for lv, label in L.choices]


def _subject(award: Award) -> Organization:
    return award.member.organization if award.member_id else award.organization  # type: ignore[union-attr,return-value]


def _competence_errors(award: Award) -> dict[str, str]:
    """RULES section 7: the level may give this form to this kind of subject; a tree issuer is above it."""
    table = MEMBER_FORMS if award.member_id else ORGANIZATION_FORMS
    if award.form not in table[award.issuer_level]:
        allowed = [lv for lv in L.values if award.form in table[lv]]
        who = "đảng viên" if award.member_id else "tổ chức đảng"
        where = ", ".join(L(lv).label.lower() for lv in allowed) or "không cấp nào"
        return {
            "form": f"Theo RULES mục 7: {L(award.issuer_level).label.lower()} không có thẩm quyền tặng "
            f"{A(award.form).label.lower()} cho {who}; hình thức này do {where} quyết định."
        }
    issuer = award.issuer
    if issuer is None:
        return {}
    if award.issuer_level not in LEVEL_OF_KIND[issuer.kind]:
        return {
            "issuer_level": f"“{issuer.name}” là {issuer.get_kind_display().lower()}, không phải cấp đã chọn."
        }
    subject = _subject(award)
    above = subject.path.startswith(issuer.path) and (award.member_id or subject.pk != issuer.pk)
    if not above:
        return {"issuer": f"“{issuer.name}” không phải cấp ủy cấp trên của {award.subject_name}."}
    return {}


def _streak_errors(award: Award) -> dict[str, str]:
    """RULES R38: a member's "N years in a row" Giấy khen / Bằng khen: five years, at the right level."""
    if award.basis != AwardBasis.STREAK or not award.member_id or award.form not in STREAK_LEVELS:
        return {}
    if not (award.period_from and award.period_to):
        return {"period_from": "Khen thưởng nhiều năm liền cần ghi giai đoạn (từ năm, đến năm)."}
    if award.period_to - award.period_from + 1 != STREAK_YEARS:
        return {
            "period_from": f"Theo R38: khen thưởng đảng viên hoàn thành xuất sắc nhiệm vụ {STREAK_YEARS} năm liền "
            f"xét cho {STREAK_YEARS} năm; giai đoạn {award.period_label} có {award.period_to - award.period_from + 1} năm."
        }
    level = STREAK_LEVELS[award.form]  # type: ignore[index]
    if award.issuer_level != level:
        return {
            "issuer_level": f"Theo R38: {A(award.form).label.lower()} đảng viên hoàn thành xuất sắc nhiệm vụ "
            f"{STREAK_YEARS} năm liền do {L(level).label.lower()} quyết định."
        }
    return {}


def _discipline_errors(award: Award, on: dt.date, by: User | None) -> dict[str, str]:
    """RULES R32: no award while a discipline is in effect. Users who may not see disciplines are told
    only that the subject cannot be awarded on that date."""
    found = blocking_discipline(member=award.member, organization=award.organization, on=on)
    if found is None:
        return {}
    if by is not None and policy.can(by, policy.VIEW_INSPECTIONS, _subject(award)):
        until = (
            f"đến hết ngày {vn.format_date(found.ends_on - dt.timedelta(days=1))}" if found.ends_on else ""
        )
        detail = (
            f"đang thi hành kỷ luật {found.get_form_display().lower()} (quyết định số {found.decision_number} "
            f"ngày {vn.format_date(found.decision_date)}) {until}".rstrip()
        )
    else:
        detail = "chưa đủ điều kiện khen thưởng vào ngày này; liên hệ cơ quan kiểm tra để biết lý do"
    return {"decision_date": f"Theo R32: {award.subject_name} {detail}."}


def _dates_errors(award: Award) -> dict[str, str]:
    errors: dict[str, str] = {}
    if award.period_from and award.period_to and award.period_to < award.period_from:
        errors["period_to"] = "Năm kết thúc giai đoạn không được trước năm bắt đầu."
    if award.period_to and award.period_to > award.decision_date.year:
        errors["period_to"] = "Giai đoạn được khen không được sau năm ra quyết định."
    return errors


def _member_errors(award: Award) -> dict[str, str]:
    member = award.member
    if member is None or award.form == A.BADGE:  # badges: _badge_errors (posthumous awards)
        return {}
    if member.status not in ACTIVE_STATUSES:
        return {
            "member": f"{member.full_name} không còn trong danh sách đảng viên ({member.get_status_display().lower()})."
        }
    return {}


def check_award(award: Award, *, by: User | None) -> None:
    """All the rules on one award (section 7, R22 for badges, R32, R38), in Vietnamese by field."""
    errors = (
        _member_errors(award) or _competence_errors(award) or _dates_errors(award) or _streak_errors(award)
    )
    if not errors and award.form == A.BADGE:
        errors = _badge_errors(award)
    if not errors:
        errors = _discipline_errors(award, award.round_on or award.decision_date, by)
    if errors:
        raise ValidationError(errors)


def _assign(award: Award, values: dict[str, Any]) -> None:
    for name in EDITABLE_FIELDS:
        if name in values:
            value = values[name]
            setattr(award, name, vn.nfc(value) if isinstance(value, str) else value)
    if not award.issuer_name and award.issuer is not None:
        award.issuer_name = award.issuer.name
    if not award.issuer_name:
        raise ValidationError({"issuer_name": "Cần ghi cơ quan khen thưởng."})


@action("awards.record")
def record_award(
    *,
    member: Member | None = None,
    organization: Organization | None = None,
    values: dict[str, Any],
    by: User | None,
) -> Award:
    """Record an award to a member or an organization (RULES section 7, R32, R38); badges go through
    `record_badges`."""
    if (member is None) == (organization is None):
        raise ValueError("an award has exactly one subject")
    if values.get("form") == A.BADGE:
        raise ValidationError({"form": "Huy hiệu Đảng được ghi theo đợt, ở trang Huy hiệu Đảng."})
    award = Award(member=member, organization=organization)
    _assign(award, values)
    check_award(award, by=by)
    award.save()
    return award


@action("awards.delete")
def delete_award(*, award: Award, by: User | None) -> None:
    """Delete an award recorded by mistake (the deletion stays in the history)."""
    award.delete()


# --------------------------------------------------------------------------------------------- badges


def illness_on(member: Member, on: dt.date) -> SeriousIllness | None:
    """The serious illness certified for the member and running on `on`, if any (RULES R22)."""
    return (
        member.serious_illnesses.filter(certified_on__lte=on)
        .exclude(ended_on__isnull=False, ended_on__lte=on)
        .order_by("-certified_on")
        .first()
    )


def death_date(member: Member) -> dt.date | None:
    """The day a deceased member died, from the exit the movements app recorded."""
    try:
        from dangbo.movements.models import Exit, ExitKind
    except ImportError:  # pragma: no cover - the movements app not installed
        return None
    exit_ = Exit.objects.filter(member=member, kind=ExitKind.DEATH).order_by("-effective_on").first()
    return exit_.effective_on if exit_ else None


def _badge_errors(award: Award) -> dict[str, str]:
    """RULES R22: a milestone of the list, once per member, reached on the round (or early for a seriously
    ill member, or at death for a posthumous award)."""
    member, years = award.member, award.badge_years
    assert member is not None and years is not None
    if years not in BADGE_MILESTONES:
        return {
            "badge_years": f"Theo R22: Huy hiệu Đảng chỉ có các mốc {', '.join(map(str, BADGE_MILESTONES))} năm."
        }
    if Award.objects.badges().filter(member=member, badge_years=years).exclude(pk=award.pk).exists():
        return {"badge_years": f"Theo R22: {member.full_name} đã được tặng Huy hiệu {years} năm tuổi Đảng."}
    on = award.round_on or award.decision_date
    if award.posthumous:
        return _posthumous_errors(award, member, years)
    if member.status not in ACTIVE_STATUSES:
        return {"member": f"{member.full_name} không còn trong danh sách đảng viên: chỉ có thể truy tặng."}
    age = party_age(member, on)
    if age is None:
        return {"member": f"Theo R21: {member.full_name} chưa là đảng viên chính thức, chưa có tuổi đảng."}
    if age.years >= years:
        award.early = False
        return {}
    reached = reaches_on(member, years)
    months = early_months(years)
    if not award.early:
        when = f" (đủ ngày {vn.format_date(reached)})" if reached else ""
        return {
            "badge_years": f"Theo R22: ngày {vn.format_date(on)} {member.full_name} mới có {age} tuổi đảng, "
            f"chưa đủ {years} năm{when}."
        }
    if illness_on(member, on) is None:
        return {
            "early": f"Theo R22: chỉ tặng sớm cho đảng viên ốm nặng; chưa ghi nhận {member.full_name} ốm nặng."
        }
    if reached is None or reached > add_months(on, months):
        return {
            "early": f"Theo R22: Huy hiệu {years} năm chỉ được tặng sớm tối đa {months} tháng; "
            f"{member.full_name} đủ {years} năm tuổi đảng ngày {vn.format_date(reached)}."
        }
    return {}


def _posthumous_errors(award: Award, member: Member, years: int) -> dict[str, str]:
    if member.status != Status.DECEASED:
        return {
            "posthumous": f"Chỉ truy tặng cho đảng viên đã từ trần; {member.full_name} chưa được ghi từ trần."
        }
    died_on = award.died_on or death_date(member)
    if died_on is None:
        return {"died_on": "Cần ghi ngày từ trần để truy tặng."}
    award.died_on = died_on
    age = party_age(member, died_on)
    if age is None or age.years < years:
        shown = str(age) if age else "chưa có tuổi đảng"
        return {
            "badge_years": f"Theo R22: khi từ trần ngày {vn.format_date(died_on)} {member.full_name} có "
            f"{shown}, chưa đủ {years} năm tuổi đảng để truy tặng Huy hiệu {years} năm."
        }
    return {}


@dataclass(frozen=True)
class BadgeEntry:
    member: Member
    years: int
    early: bool = False
    posthumous: bool = False
    died_on: dt.date | None = None


@action("awards.record_badges")
def record_badges(
    *,
    entries: Sequence[BadgeEntry],
    round_on: dt.date,
    decision_number: str,
    decision_date: dt.date,
    issuer_name: str,
    issuer: Organization | None = None,
    by: User | None,
) -> list[Award]:
    """Record the badges of one round's decision (RULES R22, R32): each member and milestone once.
    All or nothing: one refused entry refuses the decision, naming the member."""
    if not vn.nfc(decision_number):
        raise ValidationError({"decision_number": "Cần số quyết định tặng Huy hiệu Đảng."})
    if decision_date > round_on:
        raise ValidationError({"decision_date": "Quyết định tặng phải có trước ngày trao tặng của đợt."})
    awarded = []
    for entry in entries:
        award = Award(
            member=entry.member,
            form=A.BADGE,
            basis=AwardBasis.BADGE,
            issuer=issuer,
            issuer_level=L.PROVINCE,
            issuer_name=vn.nfc(issuer_name) or (issuer.name if issuer else ""),
            decision_number=vn.nfc(decision_number),
            decision_date=decision_date,
            reason=f"Đạt {entry.years} năm tuổi Đảng",
            badge_years=entry.years,
            round_on=round_on,
            early=entry.early,
            posthumous=entry.posthumous,
            died_on=entry.died_on,
        )
        if not award.issuer_name:
            raise ValidationError(
                {"issuer_name": "Cần ghi cơ quan tặng Huy hiệu Đảng (Ban Thường vụ Tỉnh ủy…)."}
            )
        try:
            check_award(award, by=by)
        except ValidationError as error:
            raise ValidationError(f"{entry.member.full_name}: {' '.join(error.messages)}") from error
        awarded.append(award)
    try:
        with transaction.atomic():
            return Award.objects.bulk_create(awarded)
    except IntegrityError as error:  # a concurrent decision recorded the same milestone first
        raise ValidationError(
            "Một huy hiệu trong danh sách vừa được ghi bởi người khác; hãy tải lại danh sách."
        ) from error


@action("awards.record_illness")
def record_serious_illness(
    *, member: Member, certified_on: dt.date, note: str = "", by: User | None
) -> SeriousIllness:
    """Record that a member is seriously ill: they may receive their next badge early (RULES R22)."""
    if member.status not in ACTIVE_STATUSES:
        raise ValidationError({"certified_on": f"{member.full_name} không còn trong danh sách đảng viên."})
    if illness_on(member, certified_on) is not None:
        raise ValidationError({"certified_on": f"Đã ghi nhận {member.full_name} ốm nặng từ trước ngày này."})
    return SeriousIllness.objects.create(member=member, certified_on=certified_on, note=vn.nfc(note))


@action("awards.save_badge_round")
def save_badge_round(
    *, badge_round: BadgeRound | None, month: int, day: int, name: str, active: bool, by: User | None
) -> BadgeRound:
    """Add or change a badge round of the year (a setting; RULES section 3)."""
    try:
        dt.date(2024, month, day)  # a leap year: 29/02 is a valid day of the year
    except ValueError:
        raise ValidationError({"day": f"Ngày {day:02d}/{month:02d} không có trong năm."}) from None
    clash = BadgeRound.objects.filter(month=month, day=day)
    if badge_round is not None:
        clash = clash.exclude(pk=badge_round.pk)
    if clash.exists():
        raise ValidationError({"day": f"Đã có đợt ngày {day:02d}/{month:02d}."})
    badge_round = badge_round or BadgeRound()
    badge_round.month, badge_round.day, badge_round.name, badge_round.active = (
        month,
        day,
        vn.nfc(name),
        active,
    )
    badge_round.save()
    return badge_round
