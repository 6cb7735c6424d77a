"""Pages of the assessment workflow: rounds, progress, the inline proposal table, decisions, self-assessment,
conditions, reclassification, and the R14 screening list. Every page fetches through a scoped access
function (404 outside the scope) and writes through one service."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from dangbo.accounts import policy
from dangbo.assessments import checks, queries, regimes, services
from dangbo.assessments.forms import (
    ConditionsForm,
    DecisionForm,
    OpenRoundForm,
    ProposalRowForm,
    ReclassifyForm,
    SelfAssessmentForm,
)
from dangbo.assessments.models import Assessment, NotClassifiedReason, Period, PeriodKind, Round, Stage
from dangbo.audit.queries import history_of
from dangbo.lib import vn
from dangbo.lib.forms import apply_service_error
from dangbo.lib.htmx import render_page_or_partial
from dangbo.organizations.models import Organization
from dangbo.workdays import clock

STAGES = dict(Stage.choices)
REASONS = dict(NotClassifiedReason.choices)


# ---------------------------------------------------------------------------------------------------
# Helpers.


def _round_organization(request: HttpRequest, round_: Round, code: str, action: str) -> Organization:
    """An organization of the round's subtree on which the user may do `action`; 404 otherwise."""
    organization = policy.access_organization(request.user, code, action)
    if not organization.path.startswith(round_.organization.path):
        raise Http404("Không tìm thấy tổ chức trong đợt đánh giá.")
    return organization


def _round_assessment(request: HttpRequest, round_id: int, assessment_id: int) -> Assessment:
    found = (
        Assessment.objects.select_related("period", "round", "organization", "member", "decider")
        .filter(pk=assessment_id, round_id=round_id)
        .first()
    )
    if found is None or not queries.may_view_assessment(request.user, found):
        raise Http404("Không tìm thấy đánh giá.")
    return found


def _score_text(a: Assessment) -> str:
    total = a.score_total
    return "" if total is None else vn.format_number(total, 2)


def _decimal_text(value: Any) -> str:
    return "" if value is None else vn.format_number(value, 2)


@dataclass
class TableRow:
    """One assessment as a row of the proposal or decision table, formatted once."""

    assessment: Assessment
    number: int
    name: str
    unit: str
    self_level: str
    proposed: str
    proposed_label: str
    level: str
    level_label: str
    exemplary: bool
    proposed_exemplary: bool
    score: str
    score_general: str
    score_tasks: str
    stage: str
    decided: bool
    not_classified: str
    disciplined: bool
    flagged: bool  # R14: at the bottom level the year before
    errors: list[str] = field(default_factory=list)
    saved: bool = False


def _table_rows(assessments: list[Assessment], labels: dict[str, str], flagged: set[int]) -> list[TableRow]:
    rows = []
    for number, a in enumerate(assessments, start=1):
        rows.append(
            TableRow(
                assessment=a,
                number=number,
                name=checks.subject_name(a),
                unit=a.organization.name,
                self_level=labels.get(a.self_level, a.self_level),
                proposed=a.proposed_level,
                proposed_label=labels.get(a.proposed_level, a.proposed_level),
                level=a.level,
                level_label=labels.get(a.level, a.level),
                exemplary=a.exemplary,
                proposed_exemplary=a.proposed_exemplary,
                score=_score_text(a),
                score_general=_decimal_text(a.score_general),
                score_tasks=_decimal_text(a.score_tasks),
                stage=STAGES[a.stage],
                decided=a.is_decided,
                not_classified=REASONS.get(a.not_classified_reason, ""),
                disciplined=a.disciplined_in_period and not a.discipline_remedied,
                flagged=bool(a.member_id) and a.member_id in flagged,
            )
        )
    return rows


def _table_context(
    round_: Round, assessments: QuerySet[Assessment], subject: regimes.Subject
) -> dict[str, Any]:
    """Rows and the regime's choices for a table (three queries: rows, labels, last year's bottom levels)."""
    ordered = list(
        assessments.select_related("period", "round", "organization", "member", "decider").order_by(
            "organization__path", "member__sort_key", "member__birth_date", "member_id"
        )
    )
    period = round_.period
    rules = period.rules
    labels = queries.level_labels(period.regime, subject)
    flagged = (
        queries.previous_fail([a.member_id for a in ordered if a.member_id], year=period.year)
        if subject == regimes.MEMBER
        else set()
    )
    return {
        "round": round_,
        "period": period,
        "rules": rules,
        "subject": subject,
        "rows": _table_rows(ordered, labels, flagged),
        "choices": [(code, labels[code]) for code, _ in rules.choices(subject)],
        "scored": rules.scored,
        "has_exemplary": rules.has_exemplary and subject == regimes.ORGANIZATION,
    }


def _form_page(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    return render(request, "assessments/form.html", context, status=status)


# ---------------------------------------------------------------------------------------------------
# Rounds.


@require_GET
def round_list(request: HttpRequest) -> HttpResponse:
    """The rounds the user takes part in, the user's own assessments, and the way to open a round."""
    rounds = list(
        queries.visible_rounds(request.user)
        .select_related("period", "organization")
        .order_by("-period__starts_on", "organization__path")[:100]
    )
    own: list[Assessment] = []
    if request.user.member_id:  # type: ignore[union-attr]
        own = list(
            Assessment.objects.filter(member_id=request.user.member_id)  # type: ignore[union-attr]
            .select_related("period", "round")
            .order_by("-period__starts_on")[:20]
        )
    own_rows = [
        {
            "assessment": a,
            "level": regimes.regime(a.period.regime).level(regimes.MEMBER, a.level).label if a.level else "",
            "stage": STAGES[a.stage],
            "may_self_assess": a.round_id is not None and a.stage in (Stage.PENDING, Stage.SELF_ASSESSED),
        }
        for a in own
    ]
    return render(
        request,
        "assessments/rounds.html",
        {
            "rounds": rounds,
            "own": own_rows,
            "may_open": policy.has_any_scope(request.user, policy.DECIDE),
            "may_screen": policy.has_any_scope(request.user, policy.VIEW_MEMBERS),
        },
    )


def open_round(request: HttpRequest) -> HttpResponse:
    """An upper committee (or a grassroots organization) opens a round for its subtree."""
    organizations = (
        policy.visible_organizations(request.user, policy.DECIDE)
        .active()
        .filter(kind__in=queries.ROUND_KINDS)
        .order_by("path")
    )
    if not organizations.exists():
        raise Http404("Không có tổ chức nào bạn được mở đợt đánh giá.")
    form = OpenRoundForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["kind"] == PeriodKind.YEAR:
                period = Period.objects.yearly(data["year"])
            else:
                period = services.ensure_period(
                    kind=data["kind"], starts_on=data["starts_on"], ends_on=data["ends_on"],
                    label=data["label"], by=request.user,  # type: ignore[arg-type]
                )  # fmt: skip
            round_ = services.open_round(
                organization=data["organization"],
                period=period,
                self_assessment_due=data["self_assessment_due"],
                proposal_due=data["proposal_due"],
                decision_due=data["decision_due"],
                note=data["note"],
                by=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, f"Đã mở đợt đánh giá {round_}.")
            return redirect(round_)
    return _form_page(
        request,
        {
            "form": form,
            "title": "Mở đợt đánh giá, xếp loại chất lượng",
            "submit": "Mở đợt",
            "cancel": reverse("assessments:rounds"),
        },
        422 if request.method == "POST" else 200,
    )


@dataclass
class UnitLinks:
    progress: queries.UnitProgress
    depth: int
    propose_members: str = ""
    propose_units: str = ""
    decide_members: str = ""
    decide_units: str = ""
    self_assess: str = ""


def _unit_links(user: Any, round_: Round, progress: queries.Progress, deciders: set[int]) -> list[UnitLinks]:
    base = round_.organization.depth
    result = []
    for unit in progress.units:
        o = unit.organization
        links = UnitLinks(unit, o.depth - base)
        args = [round_.pk, o.code]
        if o.holds_members and policy.can(user, policy.ASSESS, o):
            links.propose_members = reverse("assessments:propose_members", args=args)
        if o.pk in deciders and policy.can(user, policy.ASSESS, o):
            links.propose_units = reverse("assessments:propose_units", args=args)
        if o.is_grassroots and policy.can(user, policy.DECIDE, o):
            links.decide_members = reverse("assessments:decide_members", args=args)
        if o.pk in deciders and policy.can(user, policy.DECIDE, o):
            links.decide_units = reverse("assessments:decide_units", args=args)
        result.append(links)
    return result


@require_GET
def round_detail(request: HttpRequest, round_id: int) -> HttpResponse:
    """Progress of the round over the user's part of it: who has submitted, proposed, been decided; overdue."""
    round_ = queries.access_round(request.user, round_id)
    part = queries.scope_within(request.user, round_)
    progress = queries.round_progress(round_, part, today=clock.today())
    deciders = set(
        Assessment.objects.filter(round=round_, member__isnull=True, decider__isnull=False)
        .values_list("decider_id", flat=True)
        .distinct()
    )
    own_assessments = {u.organization.pk: u for u in progress.units}
    top = round_.organization
    args = [round_.pk, top.code]
    top_links = {
        "propose_units": reverse("assessments:propose_units", args=args)
        if top.pk in deciders
        and top.pk not in own_assessments
        and policy.can(request.user, policy.ASSESS, top)
        else "",
        "decide_units": reverse("assessments:decide_units", args=args)
        if top.pk in deciders
        and top.pk not in own_assessments
        and policy.can(request.user, policy.DECIDE, top)
        else "",
    }
    return render(
        request,
        "assessments/round.html",
        {
            "round": round_,
            "progress": progress,
            "units": _unit_links(request.user, round_, progress, deciders),
            "top_links": top_links,
            "may_publish": round_.is_open and policy.can(request.user, policy.DECIDE, round_.organization),
            "today": clock.today(),
        },
    )


@require_POST
def publish(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = queries.access_round(request.user, round_id)
    if not policy.can(request.user, policy.DECIDE, round_.organization):
        raise Http404("Không tìm thấy đợt đánh giá.")
    try:
        services.publish_round(round=round_, by=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Đã công bố kết quả {round_}.")
    return redirect(round_)


# ---------------------------------------------------------------------------------------------------
# Step 2: the inline proposal table.


def _propose_page(
    request: HttpRequest, round_: Round, organization: Organization, subject: regimes.Subject
) -> HttpResponse:
    rows = Assessment.objects.filter(round=round_)
    if subject == regimes.MEMBER:
        rows = rows.filter(organization=organization, member__isnull=False)
        title = f"Đề xuất xếp loại đảng viên — {organization.name}"
    else:
        rows = rows.filter(decider=organization, member__isnull=True)
        title = f"Đề xuất xếp loại tổ chức trực thuộc — {organization.name}"
    context = _table_context(round_, rows, subject) | {"organization": organization, "title": title}
    return render(request, "assessments/propose.html", context)


@require_GET
def propose_members(request: HttpRequest, round_id: int, code: str) -> HttpResponse:
    """The cell's clerk proposes a level for each member of the cell, one row each, saved as they choose."""
    round_ = queries.access_round(request.user, round_id)
    organization = _round_organization(request, round_, code, policy.ASSESS)
    if not organization.holds_members:
        raise Http404("Tổ chức này không có đảng viên sinh hoạt trực tiếp.")
    return _propose_page(request, round_, organization, regimes.MEMBER)


@require_GET
def propose_units(request: HttpRequest, round_id: int, code: str) -> HttpResponse:
    """A committee proposes the levels of the units it decides (its cells; the bloc: its grassroots)."""
    round_ = queries.access_round(request.user, round_id)
    organization = _round_organization(request, round_, code, policy.ASSESS)
    return _propose_page(request, round_, organization, regimes.ORGANIZATION)


@require_POST
def propose_row(request: HttpRequest, round_id: int, assessment_id: int) -> HttpResponse:
    """Save one row of the proposal table (htmx): the row comes back, with the rule's message if refused."""
    assessment = _round_assessment(request, round_id, assessment_id)
    if not queries.may_propose(request.user, assessment):
        raise Http404("Không tìm thấy đánh giá.")
    form = ProposalRowForm(request.POST)
    errors: list[str] = []
    if form.is_valid():
        data = form.cleaned_data
        scores = (data["score_general"], data["score_tasks"]) if assessment.period.rules.scored else None
        try:
            services.propose_level(
                assessment=assessment,
                level=data["level"],
                exemplary=data["exemplary"],
                scores=scores,
                by=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            errors = error.messages
            assessment.refresh_from_db()
    else:
        errors = [
            f"{form.fields[name].label or name}: {' '.join(map(str, e))}" for name, e in form.errors.items()
        ]
    assert assessment.round is not None
    context = _table_context(
        assessment.round, Assessment.objects.filter(pk=assessment.pk), assessment.subject
    )
    row = context["rows"][0]
    row.errors, row.saved = errors, not errors
    number = request.POST.get("number", "")
    row.number = int(number) if number.isdigit() else row.number
    if errors and form.is_valid():
        row.proposed = form.cleaned_data["level"]  # keep the user's choice visible beside the message
    context |= {"row": row}
    return render(request, "assessments/propose.html#row", context, status=422 if errors else 200)


# ---------------------------------------------------------------------------------------------------
# Step 3: decisions.


def _decide_page(
    request: HttpRequest, round_: Round, organization: Organization, subject: regimes.Subject
) -> HttpResponse:
    rows = Assessment.objects.filter(
        round=round_, decider=organization, member__isnull=(subject == regimes.ORGANIZATION)
    )
    context = _table_context(round_, rows, subject)
    pending = [r for r in context["rows"] if not r.decided]
    form = DecisionForm(request.POST or None, initial={"decision_date": clock.today()})
    status = 200
    if request.method == "POST":
        chosen = {
            r.assessment.pk: (
                request.POST.get(f"level_{r.assessment.pk}", ""),
                f"exemplary_{r.assessment.pk}" in request.POST,
            )
            for r in pending
        }
        for r in pending:
            r.proposed, r.proposed_exemplary = chosen[r.assessment.pk]
        if form.is_valid():
            try:
                services.decide_levels(
                    assessments=[r.assessment for r in pending],
                    levels=chosen,
                    decision_number=form.cleaned_data["decision_number"],
                    decision_date=form.cleaned_data["decision_date"],
                    quota_reason=form.cleaned_data["quota_reason"],
                    by=request.user,  # type: ignore[arg-type]
                )
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                messages.success(
                    request,
                    f"Đã ghi quyết định {form.cleaned_data['decision_number']} cho {len(pending)} trường hợp.",
                )
                return redirect(request.path)
        status = 422
    whom = "đảng viên" if subject == regimes.MEMBER else "tổ chức trực thuộc"
    context |= {
        "organization": organization,
        "form": form,
        "pending": pending,
        "title": f"Quyết định xếp loại {whom} — {organization.name}",
        "quota": checks.quota_percent(round_.period.rules),
        "top_label": context["choices"][0][1],
        "second_label": context["choices"][1][1],
    }
    return render(request, "assessments/decide.html", context, status=status)


def decide_members(request: HttpRequest, round_id: int, code: str) -> HttpResponse:
    """The grassroots committee decides its members' levels in one decision (RULES.md R12)."""
    round_ = queries.access_round(request.user, round_id)
    organization = _round_organization(request, round_, code, policy.DECIDE)
    if not organization.is_grassroots:
        raise Http404("Chỉ tổ chức cơ sở đảng quyết định xếp loại đảng viên.")
    return _decide_page(request, round_, organization, regimes.MEMBER)


def decide_units(request: HttpRequest, round_id: int, code: str) -> HttpResponse:
    """The directly superior committee decides its units' levels (RULES.md R12)."""
    round_ = queries.access_round(request.user, round_id)
    organization = _round_organization(request, round_, code, policy.DECIDE)
    return _decide_page(request, round_, organization, regimes.ORGANIZATION)


# ---------------------------------------------------------------------------------------------------
# One assessment: detail, self-assessment, conditions, reclassification.


@require_GET
def assessment_detail(request: HttpRequest, assessment_id: int) -> HttpResponse:
    a = queries.access_assessment(request.user, assessment_id)
    rules = a.period.rules
    labels = queries.level_labels(a.period.regime, a.subject)
    user = request.user
    flagged = (
        bool(a.member_id) and a.level == rules.bottom(regimes.MEMBER).code
        and a.member_id in queries.previous_fail([a.member_id], year=a.period.year)  # type: ignore[list-item]
    )  # fmt: skip
    return render(
        request,
        "assessments/assessment.html",
        {
            "a": a,
            "rules": rules,
            "name": checks.subject_name(a),
            "labels": labels,
            "self_level": labels.get(a.self_level, ""),
            "proposed_level": labels.get(a.proposed_level, ""),
            "level": labels.get(a.level, ""),
            "stage": STAGES[a.stage],
            "not_classified": REASONS.get(a.not_classified_reason, ""),
            "score": _score_text(a),
            "flagged": flagged,
            "history": history_of(a),
            "may_self_assess": a.stage in (Stage.PENDING, Stage.SELF_ASSESSED)
            and queries.may_self_assess(user, a),
            "may_edit_conditions": not a.is_decided and queries.may_propose(user, a),
            "may_reclassify": a.is_decided and queries.may_decide(user, a),
        },
    )


def self_assess(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """A member's own self-assessment (their record only), or an organization's, entered by its people."""
    a = queries.access_assessment(request.user, assessment_id)
    if not queries.may_self_assess(request.user, a):
        raise Http404("Không tìm thấy đánh giá.")
    initial = {name: getattr(a, name) for name in services.CONDITION_FIELDS} | {
        "self_review": a.self_review,
        "level": a.self_level,
    }
    choices = queries.level_choices(a.period.regime, a.subject)
    form = SelfAssessmentForm(request.POST or None, assessment=a, choices=choices, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        values = {k: v for k, v in data.items() if k in services.CONDITION_FIELDS}
        try:
            services.submit_self_assessment(
                assessment=a, review=data["self_review"], level=data.get("level", ""),
                exemplary=data.get("exemplary", False), values=values, by=request.user,  # type: ignore[arg-type]
            )  # fmt: skip
        except (ValidationError, PermissionDenied) as error:
            apply_service_error(
                form, error if isinstance(error, ValidationError) else ValidationError(str(error))
            )
        else:
            messages.success(request, "Đã nộp bản tự đánh giá.")
            return redirect(a)
    return _form_page(
        request,
        {
            "form": form,
            "title": f"Tự đánh giá, xếp loại — {checks.subject_name(a)} — {a.period}",
            "intro": REASONS.get(a.not_classified_reason, ""),
            "submit": "Nộp bản tự đánh giá",
            "cancel": a.get_absolute_url(),
        },
        422 if request.method == "POST" else 200,
    )


def conditions(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """The proposer records whether the subject is classified (R11) and the facts the rules need."""
    a = queries.access_assessment(request.user, assessment_id)
    if not queries.may_propose(request.user, a):
        raise Http404("Không tìm thấy đánh giá.")
    initial = {name: getattr(a, name) for name in services.CONDITION_FIELDS} | {
        "not_classified_reason": a.not_classified_reason,
        "note": a.note,
    }
    form = ConditionsForm(request.POST or None, assessment=a, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_conditions(
                assessment=a,
                values={k: v for k, v in data.items() if k in services.CONDITION_FIELDS},
                not_classified_reason=data["not_classified_reason"],
                note=data["note"],
                by=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, "Đã lưu thông tin xếp loại.")
            return redirect(a)
    return _form_page(
        request,
        {
            "form": form,
            "title": f"Điều kiện xếp loại — {checks.subject_name(a)} — {a.period}",
            "submit": "Lưu",
            "cancel": a.get_absolute_url(),
        },
        422 if request.method == "POST" else 200,
    )


def reclassify(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """After the decision, only the deciding body changes a level, with a reason (both stay in the history)."""
    a = queries.access_assessment(request.user, assessment_id)
    if not (a.is_decided and queries.may_decide(request.user, a)):
        raise Http404("Không tìm thấy đánh giá.")
    choices = queries.level_choices(a.period.regime, a.subject)
    form = ReclassifyForm(request.POST or None, assessment=a, choices=choices, initial={"level": a.level})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.reclassify(
                assessment=a, level=data["level"], exemplary=data.get("exemplary", False), reason=data["reason"],
                decision_number=data["decision_number"], decision_date=data["decision_date"],
                quota_reason=data["quota_reason"], by=request.user,  # type: ignore[arg-type]
            )  # fmt: skip
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, "Đã xếp loại lại.")
            return redirect(a)
    current = dict(choices).get(a.level, "")
    return _form_page(
        request,
        {
            "form": form,
            "title": f"Xếp loại lại — {checks.subject_name(a)} — {a.period}",
            "intro": f"Mức đã quyết định: {current} (quyết định {a.decision_number}).",
            "submit": "Xếp loại lại",
            "cancel": a.get_absolute_url(),
        },
        422 if request.method == "POST" else 200,
    )


# ---------------------------------------------------------------------------------------------------
# R14.


@require_GET
def screening(request: HttpRequest) -> HttpResponse:
    """Members at the bottom level two years in a row, within the user's scope (RULES.md R14)."""
    organizations = policy.visible_organizations(request.user, policy.VIEW_MEMBERS)
    years = list(queries.yearly_periods().values_list("year", flat=True)[:30])
    if not policy.has_any_scope(request.user, policy.VIEW_MEMBERS):
        raise Http404("Không có phạm vi xem đảng viên.")
    try:
        year = int(request.GET.get("year") or (years[0] if years else clock.today().year))
    except ValueError:
        year = clock.today().year
    return render_page_or_partial(
        request,
        "assessments/screening.html",
        "cases",
        {
            "cases": queries.members_for_screening(organizations, up_to_year=year),
            "year": year,
            "years": years,
        },
    )
