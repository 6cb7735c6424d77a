"""Writes of the assessment workflow, one action per step (RULES.md 1.4; issue 3 "Workflow").

open_round → submit_self_assessment → propose_level(s) → decide_levels → publish_round, and
reclassify after a decision. Each action is atomic and audited (dangbo.lib.history.action); each
checks who may act (the deciding body of R12 for decisions) and the level rules of checks.py.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NoReturn

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils import timezone

from dangbo.accounts import policy
from dangbo.assessments import checks, queries, regimes
from dangbo.assessments.models import (
    DECIDED_STAGES,
    Assessment,
    LevelLabel,
    NotClassifiedReason,
    Period,
    PeriodKind,
    Round,
    Stage,
)
from dangbo.lib import vn
from dangbo.lib.history import action
from dangbo.members.models import Member, Status
from dangbo.organizations.models import Organization

if TYPE_CHECKING:
    from dangbo.accounts.models import User

# RULES.md R11: members admitted less than six full months before the period's end are not classified.
RECENT_ADMISSION_MONTHS = 6
# Fields of the self-assessment and of the conditions form that feed the checks (R2, R4–R7, R9, R10).
SCORE_FIELDS = ("score_general", "score_tasks")
TASK_FIELDS = ("tasks_done_percent", "tasks_late_percent", "tasks_exceeded_percent")
LEADER_FIELDS = (
    "holds_leadership",
    "led_units_done_percent",
    "led_units_failed_percent",
    "low_confidence_percent",
)
DISCIPLINE_FIELDS = ("disciplined_in_period", "discipline_remedied", "leadership_disciplined")
CONDITION_FIELDS = SCORE_FIELDS + TASK_FIELDS + LEADER_FIELDS + DISCIPLINE_FIELDS
PERCENT_FIELDS = TASK_FIELDS + LEADER_FIELDS[1:]


def _require(allowed: bool) -> None:
    # Views only offer what the user may do; a service called past them still refuses.
    if not allowed:
        raise PermissionDenied("Không có quyền thực hiện bước này.")


def _fail(message: str | list[str], field: str | None = None) -> NoReturn:
    if field:
        raise ValidationError({field: message})
    raise ValidationError(message)


# ---------------------------------------------------------------------------------------------------
# Periods and opening a round.


def _period_label(kind: str, starts_on: dt.date, ends_on: dt.date) -> str:
    if kind == PeriodKind.QUARTER:
        return f"Quý {vn.roman((starts_on.month - 1) // 3 + 1)}/{starts_on.year}"
    if kind == PeriodKind.TERM:
        return f"Nhiệm kỳ {starts_on.year}–{ends_on.year}"
    if kind == PeriodKind.YEAR:
        return f"Năm {starts_on.year}"
    return f"Đột xuất {vn.format_date(starts_on)}–{vn.format_date(ends_on)}"


@action("assessments.period")
def ensure_period(
    *, kind: str, starts_on: dt.date, ends_on: dt.date, label: str = "", by: User | None
) -> Period:
    """The period of these dates (created on first use), judged by the regime of its last year (RULES.md 1.0;
    366 allows terms, quarters and ad hoc periods besides years, section 1.1)."""
    if kind not in PeriodKind.values:
        _fail("Loại kỳ đánh giá không hợp lệ.", "kind")
    if ends_on < starts_on:
        _fail("Ngày kết thúc kỳ phải sau ngày bắt đầu.", "ends_on")
    if kind == PeriodKind.YEAR:
        return Period.objects.yearly(starts_on.year)
    try:
        rules = regimes.regime_for_year(ends_on.year)
    except ValueError as error:
        _fail(str(error), "ends_on")
    period, _ = Period.objects.get_or_create(
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        defaults={
            "year": ends_on.year,
            "regime": rules.code,
            "label": label.strip() or _period_label(kind, starts_on, ends_on),
        },
    )
    return period


def not_classified_reason(member: Member, period: Period) -> str:
    """RULES.md R11: exempted members and members admitted < 6 full months before the period's end."""
    if member.status == Status.EXEMPTED:
        return NotClassifiedReason.EXEMPTED
    end = period.ends_on + dt.timedelta(days=1)  # the period includes its last day
    if vn.age_in_months(member.admission_date, end) < RECENT_ADMISSION_MONTHS:
        return NotClassifiedReason.ADMITTED_RECENTLY
    return ""


def _check_round(organization: Organization, period: Period, dues: tuple[dt.date, dt.date, dt.date]) -> None:
    if organization.kind not in queries.ROUND_KINDS:
        _fail(
            f"{organization.name} là {organization.get_kind_display().lower()}: đợt đánh giá do cấp ủy cấp trên "
            "trực tiếp cơ sở hoặc tổ chức cơ sở đảng mở.",
            "organization",
        )
    if not organization.is_active:
        _fail(f"{organization.name} đã giải thể.", "organization")
    if not dues[0] <= dues[1] <= dues[2]:
        _fail("Các hạn phải theo thứ tự: tự đánh giá, rồi đề xuất, rồi quyết định.", "decision_due")
    overlapping = (
        Round.objects.filter(period=period)
        .filter(
            Q(organization__path__startswith=organization.path)
            | Q(organization_id__in=organization.ancestor_ids)
        )
        .select_related("organization")
        .first()
    )
    if overlapping is not None:
        _fail(
            f"{period.label} đã có đợt đánh giá do {overlapping.organization.name} mở, bao trùm {organization.name}.",
            "organization",
        )


def _organization_rows(organization: Organization, period: Period, round_: Round) -> list[Assessment]:
    subtree = list(
        Organization.objects.subtree_of(organization)
        .active_on(period.ends_on)
        .filter(kind__in=queries.ASSESSED_KINDS)
        .order_by("path")
    )
    by_id = queries.with_ancestors([organization, *subtree])
    return [
        Assessment(
            period=period,
            round=round_,
            organization=o,
            grassroots_id=queries.grassroots_id(o, by_id),
            decider_id=queries.decider_id(o, by_id),
        )
        for o in subtree
    ]


def _member_rows(organization: Organization, period: Period, round_: Round) -> list[Assessment]:
    members = list(
        Member.objects.in_subtree(organization)
        .active()
        .filter(admission_date__lte=period.ends_on)
        .select_related("organization")
    )
    by_id = queries.with_ancestors([organization, *{m.organization for m in members}])
    rows = []
    for member in members:
        grassroots = queries.grassroots_id(member.organization, by_id)
        rows.append(
            Assessment(
                period=period,
                round=round_,
                organization=member.organization,
                member=member,
                grassroots_id=grassroots,
                decider_id=grassroots,
                not_classified_reason=not_classified_reason(member, period),
            )
        )
    return rows


@action("assessments.open_round")
def open_round(
    *,
    organization: Organization,
    period: Period,
    self_assessment_due: dt.date,
    proposal_due: dt.date,
    decision_due: dt.date,
    note: str = "",
    by: User | None,
) -> Round:
    """Open a round for the organization's subtree: a pending assessment for every organization assessed and
    every active member, those not to be classified marked with their reason (RULES.md R11)."""
    if by is not None:
        _require(policy.can(by, policy.DECIDE, organization))
    _check_round(organization, period, (self_assessment_due, proposal_due, decision_due))
    round_ = Round.objects.create(
        period=period,
        organization=organization,
        opened_by=by,
        self_assessment_due=self_assessment_due,
        proposal_due=proposal_due,
        decision_due=decision_due,
        note=note,
    )
    rows = _organization_rows(organization, period, round_) + _member_rows(organization, period, round_)
    # Subjects already assessed for the period (imported past results) keep their row.
    taken_members = set(period.assessments.filter(member__isnull=False).values_list("member_id", flat=True))
    taken_orgs = set(period.assessments.filter(member__isnull=True).values_list("organization_id", flat=True))
    fresh = [
        a
        for a in rows
        if (a.member_id not in taken_members if a.member_id else a.organization_id not in taken_orgs)
    ]
    Assessment.objects.bulk_create(fresh, batch_size=2000)
    return round_


# ---------------------------------------------------------------------------------------------------
# Context for the checks: discipline of the subordinate units (R5, R10) and discipline records.


def _records(period: Period, ids: list[int], *, organizations: bool) -> dict[int, bool]:
    """Subjects with a discipline decided within the period (the discipline records): id → whether one of
    them was not self-detected and remedied (RULES.md R9). One query."""
    if not ids:
        return {}
    from dangbo.discipline.queries import disciplined_in_period

    found: dict[int, bool] = {}
    field = "organization_id" if organizations else "member_id"
    rows = disciplined_in_period(ids, period.starts_on, period.ends_on, organizations=organizations)
    for subject_id, remedied in rows.values_list(field, "self_detected_remedied"):
        found[subject_id] = found.get(subject_id, False) or not remedied
    return found


def _period_contexts(assessments: Sequence[Assessment]) -> dict[int, checks.Context]:
    """Contexts of assessments of one period: at most three queries (children, member and unit records)."""
    period = assessments[0].period
    collectives = [a for a in assessments if not a.member_id]
    children: list[tuple[int, int | None, str, bool]] = []
    if collectives:
        children = list(
            Assessment.objects.filter(period=period, member__isnull=True)
            .filter(organization__parent_id__in=[a.organization_id for a in collectives])
            .values_list(
                "organization_id", "organization__parent_id", "organization__name", "disciplined_in_period"
            )
        )
    members = _records(period, [a.member_id for a in assessments if a.member_id], organizations=False)
    units = _records(
        period, [a.organization_id for a in collectives] + [c[0] for c in children], organizations=True
    )
    result = {}
    for a in assessments:
        found = members if a.member_id else units
        subject_id = a.member_id or a.organization_id
        result[a.pk] = checks.Context(
            disciplined_by_record=found.get(subject_id, False), any_record=subject_id in found
        )
    by_org = {a.organization_id: result[a.pk] for a in collectives}
    for child_id, parent_id, name, flagged in children:
        context = by_org[parent_id]  # type: ignore[index]  # children were selected by these parents
        context.subordinates_total += 1
        if flagged or child_id in units:
            context.subordinates_disciplined.append(name)
    return result


def contexts(assessments: Sequence[Assessment]) -> dict[int, checks.Context]:
    """The checks' context for each assessment: discipline of the subject and of its directly subordinate
    units in the period, from the flags and the discipline records (R5, R7, R9, R10)."""
    by_period: dict[int, list[Assessment]] = defaultdict(list)
    for a in assessments:
        by_period[a.period_id].append(a)
    result: dict[int, checks.Context] = {}
    for group in by_period.values():
        result |= _period_contexts(group)
    return result


def _raise_level_errors(
    assessment: Assessment, level: str, exemplary: bool, context: checks.Context | None
) -> None:
    if errors := checks.level_errors(assessment, level, exemplary=exemplary, context=context):
        raise ValidationError({"level": errors})


def _context_of(assessment: Assessment) -> checks.Context:
    return contexts([assessment])[assessment.pk]


# ---------------------------------------------------------------------------------------------------
# Step 1: self-assessment.


def _check_open(assessment: Assessment) -> None:
    if assessment.round is not None and not assessment.round.is_open:
        _fail(f"Đợt đánh giá {assessment.round} đã kết thúc.")


def _set_conditions(assessment: Assessment, values: Mapping[str, Any]) -> None:
    for name in CONDITION_FIELDS:
        if name in values:
            setattr(assessment, name, values[name])
    for name in PERCENT_FIELDS:
        value = getattr(assessment, name)
        if value is not None and not Decimal(0) <= value <= checks.HUNDRED:
            _fail("Tỷ lệ phải từ 0% đến 100%.", name)


@action("assessments.self_assess")
def submit_self_assessment(
    *,
    assessment: Assessment,
    review: str,
    level: str = "",
    exemplary: bool = False,
    values: Mapping[str, Any] | None = None,
    by: User | None,
) -> Assessment:
    """A member's (or an organization's) own review and proposed level; under 366 the score in two parts and
    the task figures (RULES.md R2–R7). Not classified subjects (R11) file the review without a level."""
    if by is not None:
        _require(queries.may_self_assess(by, assessment))
    _check_open(assessment)
    if assessment.stage not in (Stage.PENDING, Stage.SELF_ASSESSED):
        _fail("Đã có đề xuất hoặc quyết định xếp loại: không sửa được bản tự đánh giá nữa.")
    if not review.strip():
        _fail("Cần có bản tự kiểm điểm.", "self_review")
    _set_conditions(assessment, values or {})
    _raise_level_errors(assessment, level, exemplary, _context_of(assessment))
    assessment.self_review = review.strip()
    assessment.self_level = level
    assessment.stage = Stage.SELF_ASSESSED
    assessment.save()
    return assessment


# ---------------------------------------------------------------------------------------------------
# Step 2: proposal.


def _check_not_decided(assessment: Assessment, who: str) -> None:
    if assessment.stage in DECIDED_STAGES:
        _fail(
            f"{who} đã có quyết định xếp loại: chỉ cấp quyết định được xếp loại lại (có lý do).",
            "level",
        )


@action("assessments.update_conditions")
def update_conditions(
    *,
    assessment: Assessment,
    values: Mapping[str, Any],
    not_classified_reason: str | None = None,
    note: str | None = None,
    by: User | None,
) -> Assessment:
    """The proposer records the facts the level depends on: score, tasks, leadership, discipline in the period
    (R2–R7, R9, R10), and whether the subject is classified at all (R11)."""
    if by is not None:
        _require(queries.may_propose(by, assessment))
    _check_open(assessment)
    _check_not_decided(assessment, checks.subject_name(assessment))
    _set_conditions(assessment, values)
    if not_classified_reason is not None:
        if not_classified_reason and not_classified_reason not in NotClassifiedReason.values:
            _fail("Lý do không xếp loại không hợp lệ.", "not_classified_reason")
        assessment.not_classified_reason = not_classified_reason
        if not_classified_reason:
            assessment.proposed_level, assessment.self_level, assessment.proposed_exemplary = "", "", False
    if note is not None:
        assessment.note = note
    if assessment.proposed_level:
        _raise_level_errors(
            assessment, assessment.proposed_level, assessment.proposed_exemplary, _context_of(assessment)
        )
    assessment.save()
    return assessment


@dataclass(frozen=True)
class Proposal:
    assessment: Assessment
    level: str
    exemplary: bool = False
    scores: tuple[Decimal | None, Decimal | None] | None = None  # under 366 the proposer may set the score


def _apply_proposal(proposal: Proposal, context: checks.Context, by: User | None) -> list[str]:
    a = proposal.assessment
    if by is not None:
        _require(queries.may_propose(by, a))
    _check_open(a)
    _check_not_decided(a, checks.subject_name(a))
    if proposal.scores is not None:
        a.score_general, a.score_tasks = proposal.scores
    errors = checks.level_errors(a, proposal.level, exemplary=proposal.exemplary, context=context)
    if errors:
        return errors
    a.proposed_level, a.proposed_exemplary = proposal.level, proposal.exemplary
    a.proposed_by = by
    a.stage = Stage.PROPOSED
    return []


@action("assessments.propose")
def propose_levels(*, proposals: Sequence[Proposal], by: User | None) -> list[Assessment]:
    """The cell proposes its members' levels; a committee proposes its subordinate units' levels (RULES.md 1.4).

    All or nothing: one ValidationError lists every row that breaks a rule.
    """
    ctx = contexts([p.assessment for p in proposals])
    errors: list[str] = []
    for proposal in proposals:
        errors += _apply_proposal(proposal, ctx[proposal.assessment.pk], by)
    if errors:
        raise ValidationError({"level": errors})
    fields = [
        "proposed_level",
        "proposed_exemplary",
        "proposed_by",
        "stage",
        "score_general",
        "score_tasks",
        "updated_at",
    ]
    for p in proposals:
        p.assessment.updated_at = timezone.now()
    Assessment.objects.bulk_update([p.assessment for p in proposals], fields)
    return [p.assessment for p in proposals]


def propose_level(
    *,
    assessment: Assessment,
    level: str,
    exemplary: bool = False,
    scores: tuple[Decimal | None, Decimal | None] | None = None,
    by: User | None,
) -> Assessment:
    """One row of the inline table."""
    return propose_levels(proposals=[Proposal(assessment, level, exemplary, scores)], by=by)[0]


# ---------------------------------------------------------------------------------------------------
# Step 3: decision.


def _group_label(subject: regimes.Subject, decider: Organization, sector_label: str | None) -> str:
    whom = "đảng viên" if subject == regimes.MEMBER else "tổ chức trực thuộc"
    part = f" (nhóm {sector_label})" if sector_label else ""
    return f"Số {whom} của {decider.name}{part}"


def quota_problems(
    *,
    decider: Organization,
    period: Period,
    subject: regimes.Subject,
    pending: Mapping[int, str],
    reason: str,
) -> list[str]:
    """R8 over everything `decider` decides for the period: the already decided rows plus `pending`
    (assessment id → level about to be decided), as a whole and per comparable group (sector)."""
    rules = period.rules
    if checks.quota_percent(rules) is None:
        return []
    rows = Assessment.objects.filter(
        period=period, decider=decider, member__isnull=(subject == regimes.ORGANIZATION)
    )
    levels = {
        pk: (pending.get(pk, level), sector)
        for pk, level, sector, stage in rows.values_list("pk", "level", "organization__sector", "stage")
        if pk in pending or stage in DECIDED_STAGES
    }
    top, second = rules.top(subject).code, rules.second(subject).code
    groups: dict[str | None, list[int]] = defaultdict(lambda: [0, 0])
    for level, sector in levels.values():
        for key in (None, sector):
            groups[key][0] += level == top
            groups[key][1] += level == second
    from dangbo.organizations.models import Sector

    sectors = dict(Sector.choices)
    errors = []
    sector_keys = [k for k in groups if k is not None]
    for key, (excellent, good) in groups.items():
        if key is not None and len(sector_keys) == 1:
            continue  # one group only: the whole is the group
        label = _group_label(subject, decider, sectors.get(key, key) if key else None)
        errors += checks.quota_errors(
            rules=rules, subject=subject, excellent=excellent, good=good, group=label, reason=reason
        )
    return errors


@action("assessments.decide")
def decide_levels(
    *,
    assessments: Sequence[Assessment],
    levels: Mapping[int, tuple[str, bool]],
    decision_number: str,
    decision_date: dt.date,
    quota_reason: str = "",
    by: User | None,
) -> list[Assessment]:
    """The deciding body records the levels in one decision: members by their grassroots committee, an
    organization by its directly superior committee (RULES.md R12), within the quota (R8) unless a reason
    is recorded, each level passing its regime's rules (R3–R7, R9–R11)."""
    if not assessments:
        _fail("Chưa có đánh giá nào để quyết định.")
    first = assessments[0]
    if any(a.decider_id != first.decider_id or a.period_id != first.period_id for a in assessments):
        _fail("Một quyết định chỉ gồm các đánh giá cùng kỳ, cùng cấp quyết định.")
    if any(bool(a.member_id) != bool(first.member_id) for a in assessments):
        _fail("Một quyết định chỉ gồm đảng viên hoặc chỉ gồm tổ chức.")
    decider = first.decider
    if decider is None:
        _fail(f"{checks.subject_name(first)} không có cấp ủy cấp trên trực tiếp để quyết định (R12).")
    if by is not None:
        _require(queries.may_decide(by, first))
    if not decision_number.strip():
        _fail("Cần ghi số quyết định.", "decision_number")
    ctx = contexts(assessments)
    errors: list[str] = []
    for a in assessments:
        _check_open(a)
        _check_not_decided(a, checks.subject_name(a))
        level, exemplary = levels.get(a.pk, (a.proposed_level, a.proposed_exemplary))
        errors += checks.level_errors(a, level, exemplary=exemplary, context=ctx[a.pk])
    pending = {
        a.pk: ("" if a.not_classified_reason else levels.get(a.pk, (a.proposed_level, False))[0])
        for a in assessments
    }
    errors += quota_problems(
        decider=decider,
        period=first.period,
        subject=first.subject,
        pending=pending,
        reason=quota_reason,
    )
    if errors:
        raise ValidationError({"level": errors})
    top = first.period.rules.top(first.subject).code
    for a in assessments:
        level, exemplary = levels.get(a.pk, (a.proposed_level, a.proposed_exemplary))
        a.level, a.exemplary = ("", False) if a.not_classified_reason else (level, exemplary)
        a.decision_number, a.decision_date, a.decided_by = decision_number.strip(), decision_date, by
        a.quota_reason = quota_reason.strip() if a.level == top else a.quota_reason
        a.stage = Stage.DECIDED
        a.updated_at = timezone.now()
    fields = [
        "level",
        "exemplary",
        "decision_number",
        "decision_date",
        "decided_by",
        "quota_reason",
        "stage",
        "updated_at",
    ]
    Assessment.objects.bulk_update(list(assessments), fields)
    return list(assessments)


# ---------------------------------------------------------------------------------------------------
# Step 4: publication; and reclassification after the decision.


@action("assessments.publish")
def publish_round(*, round: Round, by: User | None) -> Round:  # noqa: A002 (the domain's word)
    """Publish the round's results once every assessment in it is decided."""
    if by is not None:
        _require(policy.can(by, policy.DECIDE, round.organization))
    undecided = round.assessments.exclude(stage__in=DECIDED_STAGES).select_related("member", "organization")
    missing = [checks.subject_name(a) for a in undecided[:11]]
    if missing:
        more = "…" if len(missing) > 10 else ""
        _fail(f"Còn đánh giá chưa có quyết định: {', '.join(missing[:10])}{more}.")
    round.assessments.update(stage=Stage.PUBLISHED, updated_at=timezone.now())
    round.published = True
    round.closed_on = timezone.localdate()
    round.save(update_fields=["published", "closed_on"])
    return round


@action("assessments.reclassify")
def reclassify(
    *,
    assessment: Assessment,
    level: str,
    reason: str,
    exemplary: bool = False,
    decision_number: str = "",
    decision_date: dt.date | None = None,
    quota_reason: str = "",
    by: User | None,
) -> Assessment:
    """Change a decided level: only the deciding body (R12), with a reason; the history keeps both values
    (RULES.md 1.4, re-classification when violations of the year come to light)."""
    if by is not None:
        _require(queries.may_decide(by, assessment))
    if assessment.stage not in DECIDED_STAGES:
        _fail("Chưa có quyết định xếp loại: sửa ở bước đề xuất hoặc quyết định.")
    if not reason.strip():
        _fail("Cần ghi lý do xếp loại lại.", "reason")
    if level == assessment.level and exemplary == assessment.exemplary:
        _fail("Mức xếp loại mới trùng với mức đã quyết định.", "level")
    _raise_level_errors(assessment, level, exemplary, _context_of(assessment))
    if assessment.decider is not None:
        errors = quota_problems(
            decider=assessment.decider,
            period=assessment.period,
            subject=assessment.subject,
            pending={assessment.pk: level},
            reason=quota_reason or assessment.quota_reason,
        )
        if errors:
            raise ValidationError({"level": errors})
    assessment.level, assessment.exemplary = level, exemplary
    assessment.reclassification_reason = reason.strip()
    if quota_reason.strip():
        assessment.quota_reason = quota_reason.strip()
    if decision_number.strip():
        assessment.decision_number = decision_number.strip()
    if decision_date is not None:
        assessment.decision_date = decision_date
    assessment.decided_by = by
    assessment.save()
    return assessment


# ---------------------------------------------------------------------------------------------------
# Labels of UNCONFIRMED levels (RULES.md: "never hard-code one").


@action("assessments.level_label")
def set_level_label(
    *, regime: str, subject: str, code: str, label: str, abbreviation: str = "", by: User | None
) -> LevelLabel:
    """Replace a regime's level label for this installation (e.g. the 2014–2017 member labels, UNCONFIRMED)."""
    try:
        regimes.level(regime, subject, code)  # type: ignore[arg-type]
    except KeyError:
        _fail(f"Quy định {regime} không có mức “{code}” cho {subject}.", "code")
    if not label.strip():
        _fail("Cần ghi tên mức xếp loại.", "label")
    found, _ = LevelLabel.objects.update_or_create(
        regime=regime,
        subject=subject,
        code=code,
        defaults={"label": vn.nfc(label.strip()), "abbreviation": abbreviation.strip()},
    )
    return found


@action("assessments.level_label_delete")
def delete_level_label(*, level_label: LevelLabel, by: User | None) -> None:
    """Go back to the regime's own label."""
    level_label.delete()
