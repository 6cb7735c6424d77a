"""Writes on disciplines: record a case or a decision, change it, annul it, end it; children's births (R33)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError

from dangbo.discipline.models import PERMANENT_FORMS, ChildBirth, Discipline, DisciplineForm, NoLimitation
from dangbo.lib import vn
from dangbo.lib.history import action
from dangbo.members.models import Member, Status
from dangbo.members.party_age import add_months
from dangbo.organizations.models import Organization

if TYPE_CHECKING:
    from dangbo.accounts.models import User

F = DisciplineForm
# RULES R30: the forms that fit each subject.
ORGANIZATION_FORMS = (F.REPRIMAND, F.WARNING, F.DISSOLUTION)
OFFICIAL_MEMBER_FORMS = (F.REPRIMAND, F.WARNING, F.REMOVAL, F.EXPULSION)
PROBATIONARY_MEMBER_FORMS = (F.REPRIMAND, F.WARNING)
# RULES R31: limitation periods in years by form (members: 102-QĐ/TW Art. 3; organizations: 07-QĐi/TW
# Art. 5); expulsion and dissolution have none.
LIMITATION_YEARS = {F.REPRIMAND: 5, F.WARNING: 10, F.REMOVAL: 10}
EFFECT_MONTHS = 12  # RULES R32
CHILD_MONTHS = 12  # RULES R33

# The fields a caller sets; the rest (ends_on, annulment) are the services' own.
EDITABLE_FIELDS = (
    "form",
    "violation",
    "violation_date",
    "no_limitation",
    "limitation_restarted_on",
    "child_born_on",
    "opened_on",
    "deciding_body",
    "decision_number",
    "decision_date",
    "announced_on",
    "complaint_decided_on",
    "repeated",
    "self_detected_remedied",
)


def allowed_forms(
    *, member: Member | None = None, organization: Organization | None = None
) -> tuple[str, ...]:
    """RULES R30: organization → reprimand, warning, dissolution; official member → reprimand, warning,
    removal from post, expulsion; probationary member → reprimand, warning."""
    if organization is not None:
        return ORGANIZATION_FORMS
    assert member is not None
    return OFFICIAL_MEMBER_FORMS if member.official_date is not None else PROBATIONARY_MEMBER_FORMS


def limitation_ends_on(discipline: Discipline) -> dt.date | None:
    """The last day a decision may be taken (RULES R31: blocked when violation + N years < decision date),
    None when there is no limitation."""
    years = LIMITATION_YEARS.get(discipline.form)  # type: ignore[call-overload]
    if years is None or discipline.no_limitation:
        return None
    start = discipline.limitation_restarted_on or discipline.violation_date
    return add_months(start, years * 12)


def compute_ends_on(discipline: Discipline) -> dt.date | None:
    """RULES R32: 12 months after the announcement (or the complaint decision's announcement); never for
    expulsion and dissolution; not automatically after a repeat or a new violation (then only the date
    recorded by `end_discipline` counts)."""
    if discipline.decision_date is None or discipline.form in PERMANENT_FORMS:
        return None
    if discipline.repeated:
        return discipline.ends_on
    start = discipline.complaint_decided_on or discipline.announced_on or discipline.decision_date
    return add_months(start, EFFECT_MONTHS)


def _subject_errors(d: Discipline) -> dict[str, str]:
    if d.member is not None:
        if d.member.status == Status.EXPELLED and not d.pk:
            return {"form": f"{d.member.full_name} đã bị khai trừ khỏi Đảng."}
        forms = allowed_forms(member=d.member)
        kind = "đảng viên chính thức" if d.member.official_date else "đảng viên dự bị"
    else:
        assert d.organization is not None
        forms = allowed_forms(organization=d.organization)
        kind = "tổ chức đảng"
        if d.child_born_on:
            return {"child_born_on": "Chỉ ghi ngày sinh con nhỏ khi kỷ luật đảng viên."}
    if d.form not in forms:
        names = ", ".join(F(f).label.lower() for f in forms)
        return {
            "form": f"Theo R30: {d.subject_name} là {kind}, chỉ áp dụng các hình thức {names}; "
            f"không áp dụng {F(d.form).label.lower()}."
        }
    return {}


def _date_errors(d: Discipline) -> dict[str, str]:
    errors: dict[str, str] = {}
    if d.opened_on < d.violation_date:
        errors["opened_on"] = "Ngày bắt đầu xem xét không được trước ngày vi phạm."
    if d.decision_date is not None:
        if d.decision_date < d.violation_date:
            errors["decision_date"] = "Ngày quyết định không được trước ngày vi phạm."
        if not d.decision_number:
            errors["decision_number"] = "Cần số quyết định kỷ luật."
        if not d.deciding_body:
            errors["deciding_body"] = "Cần ghi cơ quan quyết định kỷ luật."
        if d.announced_on and d.announced_on < d.decision_date:
            errors["announced_on"] = "Ngày công bố không được trước ngày quyết định."
    elif d.decision_number or d.announced_on or d.complaint_decided_on:
        errors["decision_date"] = "Có số quyết định, ngày công bố hoặc khiếu nại thì phải có ngày quyết định."
    if d.complaint_decided_on and d.announced_on and d.complaint_decided_on < d.announced_on:
        errors["complaint_decided_on"] = "Quyết định giải quyết khiếu nại phải sau ngày công bố kỷ luật."
    if d.limitation_restarted_on and d.limitation_restarted_on <= d.violation_date:
        errors["limitation_restarted_on"] = "Vi phạm mới phải sau vi phạm đang xem xét."
    return errors


def _limitation_errors(d: Discipline) -> dict[str, str]:
    """RULES R31: the decision (or, for a case, its opening) must fall within the limitation period."""
    if d.no_limitation and d.form in PERMANENT_FORMS:
        return {"no_limitation": "Khai trừ, giải tán không có thời hiệu: không cần chọn trường hợp này."}
    if d.limitation_restarted_on and d.form in LIMITATION_YEARS:
        first = Discipline(form=d.form, violation_date=d.violation_date, no_limitation=d.no_limitation)
        end_of_first = limitation_ends_on(first)
        if end_of_first and d.limitation_restarted_on > end_of_first:
            return {
                "limitation_restarted_on": "Theo R31: vi phạm mới chỉ tính lại thời hiệu khi xảy ra trong "
                f"thời hiệu của vi phạm cũ (đến {vn.format_date(end_of_first)})."
            }
    end = limitation_ends_on(d)
    on = d.decision_date or d.opened_on
    if end is not None and on > end:
        years = LIMITATION_YEARS[d.form]  # type: ignore[index]
        field = "decision_date" if d.decision_date else "opened_on"
        return {
            field: f"Theo R31: đã hết thời hiệu xử lý kỷ luật {F(d.form).label.lower()} ({years} năm) đối với "
            f"vi phạm ngày {vn.format_date(d.limitation_restarted_on or d.violation_date)} của {d.subject_name}: "
            f"thời hiệu hết ngày {vn.format_date(end)}, trước ngày {vn.format_date(on)}."
        }
    return {}


def child_under_limit(member: Member, on: dt.date, also: dt.date | None = None) -> dt.date | None:
    """The birth date of a child of `member` who is under 12 months old on `on` (RULES R33), if any."""
    births = list(ChildBirth.objects.filter(member=member).values_list("born_on", flat=True))
    if also:
        births.append(also)
    for born in sorted(births, reverse=True):
        if born <= on < add_months(born, CHILD_MONTHS):
            return born
    return None


def _child_errors(d: Discipline) -> dict[str, str]:
    if d.member is None:
        return {}
    on = d.decision_date or d.opened_on
    born = child_under_limit(d.member, on, d.child_born_on)
    if born is None:
        return {}
    field = "decision_date" if d.decision_date else "opened_on"
    return {
        field: f"Theo R33: chưa xem xét kỷ luật {d.member.full_name} vì đang nuôi con nhỏ dưới 12 tháng tuổi "
        f"(con sinh ngày {vn.format_date(born)}, đủ 12 tháng ngày {vn.format_date(add_months(born, CHILD_MONTHS))})."
    }


def check_discipline(d: Discipline) -> None:
    """Every rule on one discipline, in Vietnamese, by field (R30, R31, R33 and the dates)."""
    errors = _subject_errors(d) or _date_errors(d)
    if not errors:
        errors = _limitation_errors(d) | _child_errors(d)
    if errors:
        raise ValidationError(errors)


def _assign(d: Discipline, values: dict[str, Any]) -> None:
    for name in EDITABLE_FIELDS:
        if name in values:
            value = values[name]
            setattr(d, name, vn.nfc(value) if isinstance(value, str) else value)
    if d.no_limitation is None:
        d.no_limitation = NoLimitation.NONE
    if d.opened_on is None:  # not told: the decision's date, or for a case the violation's
        d.opened_on = d.decision_date or d.violation_date
    if d.decision_date and not d.announced_on:
        d.announced_on = d.decision_date  # announced at the meeting that decided, unless told otherwise


def _after_expulsion(d: Discipline, by: User | None) -> None:
    """RULES section 2.6: an expulsion takes the member out of the Party (the exit, card recovery R23)."""
    from dangbo.discipline import exits

    exits.expel(discipline=d, by=by)


@action("discipline.record")
def record_discipline(
    *,
    member: Member | None = None,
    organization: Organization | None = None,
    values: dict[str, Any],
    by: User | None,
) -> Discipline:
    """Record a discipline case, or a decision (RULES R30, R31, R32, R33); an expulsion exits the member."""
    if (member is None) == (organization is None):
        raise ValueError("a discipline has exactly one subject")
    if member is not None:
        member = Member.objects.select_for_update().get(pk=member.pk)
    d = Discipline(member=member, organization=organization)
    _assign(d, values)
    check_discipline(d)
    d.ends_on = compute_ends_on(d)
    d.save()
    if d.member is not None and d.form == F.EXPULSION and d.decision_date:
        _after_expulsion(d, by)
    return d


@action("discipline.update")
def update_discipline(*, discipline: Discipline, values: dict[str, Any], by: User | None) -> Discipline:
    """Complete a case with its decision, or record a complaint decision / repeat (RULES R30–R33)."""
    d = (
        Discipline.objects.select_for_update(of=("self",))
        .select_related("member", "organization")
        .get(pk=discipline.pk)
    )
    if d.annulled_on:
        raise ValidationError("Kỷ luật này đã bị hủy bỏ, không sửa được.")
    was_expulsion = d.form == F.EXPULSION and d.decision_date is not None
    if was_expulsion and (values.get("form", d.form) != F.EXPULSION or not values.get("decision_date", True)):
        raise ValidationError(
            {"form": "Quyết định khai trừ đã thi hành: muốn thay đổi, hãy hủy bỏ quyết định."}
        )
    _assign(d, values)
    check_discipline(d)
    d.ends_on = compute_ends_on(d)
    d.save()
    if d.member is not None and d.form == F.EXPULSION and d.decision_date and not was_expulsion:
        _after_expulsion(d, by)
    return d


@action("discipline.end")
def end_discipline(*, discipline: Discipline, ended_on: dt.date, by: User | None) -> Discipline:
    """Record the end of a discipline that does not end by itself (repeat or new violation, RULES R32)."""
    d = Discipline.objects.select_for_update().get(pk=discipline.pk)
    if not d.repeated or d.decision_date is None or d.form in PERMANENT_FORMS or d.annulled_on:
        raise ValidationError(
            "Chỉ ghi ngày hết hiệu lực cho kỷ luật không tự chấm dứt (tái phạm hoặc có vi phạm mới); "
            "các trường hợp khác tự hết hiệu lực sau 12 tháng kể từ ngày công bố."
        )
    if ended_on <= d.decision_date:
        raise ValidationError({"ends_on": "Ngày hết hiệu lực phải sau ngày quyết định."})
    d.ends_on = ended_on
    d.save(update_fields=["ends_on"])
    return d


@action("discipline.annul")
def annul_discipline(
    *, discipline: Discipline, annulled_on: dt.date, reason: str, by: User | None
) -> Discipline:
    """Annul a discipline (a complaint upheld, a wrongful discipline, 117-QĐ/TW): it counts as never given."""
    d = Discipline.objects.select_for_update().get(pk=discipline.pk)
    if d.annulled_on:
        raise ValidationError("Kỷ luật này đã được hủy bỏ.")
    if not vn.nfc(reason):
        raise ValidationError(
            {"annulment_reason": "Cần ghi lý do hủy bỏ (quyết định giải quyết khiếu nại…)."}
        )
    d.annulled_on, d.annulment_reason = annulled_on, vn.nfc(reason)
    d.save(update_fields=["annulled_on", "annulment_reason"])
    return d


@action("discipline.record_child_birth")
def record_child_birth(*, member: Member, born_on: dt.date, note: str = "", by: User | None) -> ChildBirth:
    """Record a member's child's birth: discipline waits until the child is 12 months old (RULES R33)."""
    if born_on < member.birth_date:
        raise ValidationError({"born_on": "Ngày sinh của con không được trước ngày sinh của đảng viên."})
    if ChildBirth.objects.filter(member=member, born_on=born_on).exists():
        raise ValidationError(
            {"born_on": f"Đã ghi con sinh ngày {vn.format_date(born_on)} của {member.full_name}."}
        )
    return ChildBirth.objects.create(member=member, born_on=born_on, note=vn.nfc(note))
