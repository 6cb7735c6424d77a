"""The rules a level must satisfy, each citing its RULES.md number, each message in Vietnamese naming who.

`level_errors` judges one assessment and one level; `quota_errors` judges a group's counts (R8).
Which rules apply comes from the period's regime (regimes/): a rule added for a new regime is a new
flag or band there and one function here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings

from dangbo.assessments import regimes
from dangbo.assessments.models import Assessment, NotClassifiedReason
from dangbo.lib import vn

HUNDRED = Decimal("100")


@dataclass
class Context:
    """Facts about the subject's surroundings that a level depends on."""

    # Names of the directly subordinate units disciplined in the period, and how many units there are (R5, R10).
    subordinates_disciplined: list[str] = field(default_factory=list)
    subordinates_total: int = 0
    # The discipline records: a discipline decided in the period, not self-detected and remedied (R9, R10);
    # any discipline decided in the period (R7).
    disciplined_by_record: bool = False
    any_record: bool = False


def subject_name(assessment: Assessment) -> str:
    return assessment.member.full_name if assessment.member_id else assessment.organization.name  # type: ignore[union-attr]


def _label(rules: regimes.Regime, subject: regimes.Subject, code: str) -> str:
    return f"“{rules.level(subject, code).label}”"


def _pct(value: Decimal | None) -> str:
    return "chưa khai" if value is None else vn.format_percent(value)


def _disciplined(a: Assessment, context: Context) -> bool:
    """Disciplined in the period and not "self-detected and remedied" (R9): by the flag or by the records."""
    return (a.disciplined_in_period and not a.discipline_remedied) or context.disciplined_by_record


Check = Callable[[Assessment, regimes.Regime, regimes.Level, str, Context], list[str]]


def _score(
    a: Assessment, rules: regimes.Regime, chosen: regimes.Level, who: str, context: Context
) -> list[str]:
    """R2: general 0–30 + tasks 0–70; R3: the level is at most the score's band."""
    parts = ((a.score_general, rules.score_parts[0]), (a.score_tasks, rules.score_parts[1]))
    errors = []
    for value, (name, maximum) in parts:
        if value is None:
            errors.append(
                f"Theo R2 ({rules.title}): {who} chưa có điểm “{name}” (0–{vn.format_number(maximum)})."
            )
        elif not Decimal(0) <= value <= maximum:
            errors.append(
                f"Theo R2 ({rules.title}): điểm “{name}” của {who} là {vn.format_number(value, 2)}, "
                f"phải từ 0 đến {vn.format_number(maximum)}."
            )
    if errors:
        return errors
    total = a.score_general + a.score_tasks  # type: ignore[operator]
    band = rules.level(a.subject, rules.band_for(total))
    if chosen.rank < band.rank:
        return [
            f"Theo R3 ({rules.title}): {who} đạt {vn.format_number(total, 2)} điểm nên chỉ được xếp tối đa "
            f"“{band.label}”, không thể xếp “{chosen.label}”."
        ]
    return []


def _excellent_conditions(a: Assessment, rules: regimes.Regime, who: str, context: Context) -> list[str]:
    """R4 (100 % done, ≥ 30 % exceeded; a leader's units 100 %) and R5 (collective: nobody disciplined)."""
    errors = []
    if a.tasks_done_percent != HUNDRED or a.tasks_exceeded_percent is None or a.tasks_exceeded_percent < 30:
        errors.append(
            f"Theo R4 ({rules.title}): để xếp “Hoàn thành xuất sắc nhiệm vụ”, {who} phải hoàn thành 100% nhiệm vụ "
            f"và vượt mức ít nhất 30% (hiện: hoàn thành {_pct(a.tasks_done_percent)}, "
            f"vượt mức {_pct(a.tasks_exceeded_percent)})."
        )
    if a.holds_leadership and a.led_units_done_percent != HUNDRED:
        errors.append(
            f"Theo R4 ({rules.title}): {who} giữ chức vụ lãnh đạo; lĩnh vực, đơn vị phụ trách phải hoàn thành 100% "
            f"nhiệm vụ (hiện: {_pct(a.led_units_done_percent)})."
        )
    if a.subject == regimes.ORGANIZATION:
        if a.leadership_disciplined:
            errors.append(
                f"Theo R5 ({rules.title}): {who} có tập thể lãnh đạo hoặc thành viên lãnh đạo bị kỷ luật trong kỳ, "
                "không được xếp “Hoàn thành xuất sắc nhiệm vụ”."
            )
        if context.subordinates_disciplined:
            errors.append(
                f"Theo R5 ({rules.title}): {who} có đơn vị trực thuộc bị kỷ luật trong kỳ "
                f"({', '.join(context.subordinates_disciplined)}), không được xếp “Hoàn thành xuất sắc nhiệm vụ”."
            )
    return errors


def _good_conditions(a: Assessment, rules: regimes.Regime, who: str) -> list[str]:
    """R6: good (and excellent) need 100 % of tasks done on time with quality."""
    if a.tasks_done_percent == HUNDRED and a.tasks_late_percent is not None and a.tasks_late_percent == 0:
        return []
    return [
        f"Theo R6 ({rules.title}): để xếp từ “Hoàn thành tốt nhiệm vụ” trở lên, {who} phải hoàn thành 100% nhiệm vụ "
        f"đúng hạn, bảo đảm chất lượng (hiện: hoàn thành {_pct(a.tasks_done_percent)}, "
        f"không đúng hạn {_pct(a.tasks_late_percent)})."
    ]


def _pass_conditions(a: Assessment, rules: regimes.Regime, who: str) -> list[str]:
    """R6: a collective rated "completed" has all tasks done with at most 20 % late."""
    if a.subject != regimes.ORGANIZATION:
        return []  # the individual's conditions are UNCONFIRMED (RULES.md 1.1)
    late_ok = a.tasks_late_percent is not None and a.tasks_late_percent <= 20
    if a.tasks_done_percent == HUNDRED and late_ok:
        return []
    return [
        f"Theo R6 ({rules.title}): tập thể {who} xếp “Hoàn thành nhiệm vụ” phải hoàn thành 100% nhiệm vụ, "
        f"không quá 20% nhiệm vụ chậm tiến độ (hiện: hoàn thành {_pct(a.tasks_done_percent)}, "
        f"không đúng hạn {_pct(a.tasks_late_percent)})."
    ]


def _leader_disqualifiers(a: Assessment, context: Context) -> list[str]:
    """R7: the facts that make a leader "not completed"."""
    if not a.holds_leadership:
        return []
    reasons = []
    if a.led_units_done_percent is not None and a.led_units_done_percent < 70:
        reasons.append(
            f"đơn vị phụ trách chỉ hoàn thành {_pct(a.led_units_done_percent)} nhiệm vụ (dưới 70%)"
        )
    if a.led_units_failed_percent is not None and a.led_units_failed_percent > 50:
        reasons.append(
            f"{_pct(a.led_units_failed_percent)} đơn vị phụ trách không hoàn thành nhiệm vụ (trên 50%)"
        )
    if a.low_confidence_percent is not None and a.low_confidence_percent > 50:
        reasons.append(f"{_pct(a.low_confidence_percent)} phiếu tín nhiệm thấp (trên 50%)")
    if a.disciplined_in_period or context.any_record:
        reasons.append("bị kỷ luật từ khiển trách trở lên do vi phạm liên quan đến chức trách")
    return reasons


def _extra(
    a: Assessment, rules: regimes.Regime, chosen: regimes.Level, who: str, context: Context
) -> list[str]:
    """R4–R7 of Quy định 366-QĐ/TW (Art. 11)."""
    bottom = rules.bottom(a.subject)
    if chosen.code == bottom.code:
        return []
    errors = []
    if chosen.rank == 1:
        errors += _excellent_conditions(a, rules, who, context)
    if chosen.rank <= 2:
        errors += _good_conditions(a, rules, who)
    elif chosen.rank == 3:
        errors += _pass_conditions(a, rules, who)
    if reasons := _leader_disqualifiers(a, context):
        errors.append(
            f"Theo R7 ({rules.title}): {who} giữ chức vụ lãnh đạo, quản lý và {'; '.join(reasons)} nên phải xếp "
            f"“{bottom.label}”."
        )
    return errors


def _member_discipline(
    a: Assessment, rules: regimes.Regime, chosen: regimes.Level, who: str, context: Context
) -> list[str]:
    """R9: a member disciplined in the year is "not completed" unless self-detected and remedied."""
    bottom = rules.bottom(regimes.MEMBER)
    if a.subject != regimes.MEMBER or chosen.code == bottom.code or not _disciplined(a, context):
        return []
    return [
        f"Theo R9 ({rules.title}): đảng viên {who} bị kỷ luật trong kỳ đánh giá nên phải xếp “{bottom.label}”, "
        "trừ khi vi phạm do tự phát hiện và đã khắc phục hậu quả."
    ]


def _collective_discipline(
    a: Assessment, rules: regimes.Regime, chosen: regimes.Level, who: str, context: Context
) -> list[str]:
    """R10: a collective is "not completed" if its leadership was disciplined or > 20 % of its units were."""
    bottom = rules.bottom(regimes.ORGANIZATION)
    if a.subject != regimes.ORGANIZATION or chosen.code == bottom.code:
        return []
    reasons = []
    if a.leadership_disciplined or context.disciplined_by_record:
        reasons.append("tập thể lãnh đạo bị kỷ luật trong kỳ")
    share = rules.collective_discipline_share
    disciplined = len(context.subordinates_disciplined)
    if context.subordinates_total and disciplined * HUNDRED > share * context.subordinates_total:
        reasons.append(
            f"{disciplined}/{context.subordinates_total} đơn vị trực thuộc bị kỷ luật "
            f"({', '.join(context.subordinates_disciplined)}), quá {vn.format_number(share)}%"
        )
    if not reasons:
        return []
    return [f"Theo R10 ({rules.title}): {who} có {'; '.join(reasons)} nên phải xếp “{bottom.label}”."]


def _checks(rules: regimes.Regime) -> list[Check]:
    checks: list[Check] = []
    if rules.scored:
        checks.append(_score)
    if rules.extra_conditions:
        checks.append(_extra)
    if rules.member_discipline_caps:
        checks.append(_member_discipline)
    if rules.collective_discipline_caps:
        checks.append(_collective_discipline)
    return checks


def level_errors(
    assessment: Assessment, level: str, *, exemplary: bool = False, context: Context | None = None
) -> list[str]:
    """Everything wrong with giving `assessment` this level under its period's regime (empty: allowed)."""
    rules = assessment.period.rules
    subject = assessment.subject
    who = subject_name(assessment)
    if assessment.not_classified_reason:
        if level or exemplary:
            reason = NotClassifiedReason(assessment.not_classified_reason).label.lower()
            return [f"Theo R11: {who} không xếp loại trong kỳ này ({reason}); chỉ kiểm điểm, không chọn mức."]
        return []
    if not level:
        return [f"Chưa chọn mức xếp loại cho {who}."]
    try:
        chosen = rules.level(subject, level)
    except KeyError:
        allowed = ", ".join(lv.label for lv in rules.levels(subject))
        return [f"Theo R1: “{level}” không phải mức xếp loại của {rules.title} (các mức: {allowed})."]
    if exemplary and not (rules.has_exemplary and subject == regimes.ORGANIZATION and chosen.rank == 1):
        return [
            f"Theo R1: danh hiệu “tiêu biểu” chỉ dành cho tổ chức “Trong sạch, vững mạnh” trước năm 2018 ({who})."
        ]
    errors: list[str] = []
    for check in _checks(rules):
        errors += check(assessment, rules, chosen, who, context or Context())
    return errors


# ---------------------------------------------------------------------------------------------------
# R8: the excellence quota.


def quota_percent(rules: regimes.Regime) -> Decimal | None:
    """The regime's cap, or the installation's setting DANGBO_EXCELLENCE_QUOTA_PERCENT[regime] (RULES.md R8)."""
    overrides: dict[str, object] = getattr(settings, "DANGBO_EXCELLENCE_QUOTA_PERCENT", {})
    if rules.code in overrides:
        value = overrides[rules.code]
        return None if value is None else Decimal(str(value))
    return rules.excellence_quota_percent


def quota_allows(excellent: int, good: int, percent: Decimal) -> bool:
    """excellent ≤ percent % × good, in exact arithmetic."""
    return excellent * HUNDRED <= percent * good


def quota_errors(
    *, rules: regimes.Regime, subject: regimes.Subject, excellent: int, good: int, group: str, reason: str
) -> list[str]:
    """R8: too many at the top level for the group, unless the deciding body records a reason."""
    percent = quota_percent(rules)
    if percent is None or quota_allows(excellent, good, percent) or reason.strip():
        return []
    top, second = rules.top(subject), rules.second(subject)
    allowed = int(percent * good // HUNDRED)
    return [
        f"Theo R8: {group} có {excellent} “{top.label}” nhưng chỉ được tối đa {allowed} "
        f"({vn.format_number(percent)}% của {good} “{second.label}”). Giảm số xếp “{top.label}” hoặc ghi lý do "
        "vượt tỷ lệ của cấp quyết định."
    ]
