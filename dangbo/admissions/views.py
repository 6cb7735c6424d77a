"""Admission pages: candidates and their steps, probationary members and their recognition, targets.

Reading needs the view right on the cell (VIEW_MEMBERS), writing the change right (CHANGE_MEMBERS);
anything outside the user's scope answers 404 (accounts.policy).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from dangbo.accounts import policy
from dangbo.admissions import queries, rules, services, steps
from dangbo.admissions.forms import (
    SENSITIVE_FIELDS,
    CandidateFilterForm,
    CandidateForm,
    RecognitionForm,
    TargetFilterForm,
    TargetForm,
    WithdrawForm,
)
from dangbo.admissions.models import Candidate, Recognition, RecognitionOutcome, Sponsor
from dangbo.audit.queries import history_of
from dangbo.lib.forms import apply_service_error
from dangbo.lib.htmx import render_page_or_partial
from dangbo.members import services as member_services
from dangbo.members.party_age import party_age
from dangbo.organizations.models import Organization
from dangbo.organizations.tree import ancestors
from dangbo.workdays import clock

PAGE_SIZE = 50


def _scope(request: HttpRequest, code: str) -> Organization | None:
    return (
        policy.access_organization(request.user, code.strip(), policy.VIEW_MEMBERS) if code.strip() else None
    )


def _breadcrumbs(request: HttpRequest, organization: Organization | None) -> list[Organization]:
    if organization is None:
        return []
    return [
        a
        for a in [*ancestors(organization), organization]
        if policy.can(request.user, policy.VIEW_ORGANIZATIONS, a)
    ]


# ---------------------------------------------------------------------------------------------------
# Candidates


@require_GET
def candidate_list(request: HttpRequest) -> HttpResponse:
    form = CandidateFilterForm(request.GET or None)
    candidates = queries.visible_candidates(request.user)
    scope = None
    if form.is_valid():
        data = form.cleaned_data
        scope = _scope(request, data["organization"])
        if scope is not None:
            candidates = candidates.filter(organization__in=Organization.objects.subtree_of(scope))
        if data["q"]:
            candidates = candidates.search(data["q"])
        if data["status"]:
            candidates = candidates.filter(status=data["status"])
    page = Paginator(
        candidates.select_related("organization").prefetch_related("sponsors").vietnamese_order(), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    rows = [(c, steps.current_step(c)) for c in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    can_add = (
        scope is not None and scope.holds_members and policy.can(request.user, policy.CHANGE_MEMBERS, scope)
    )
    return render_page_or_partial(
        request,
        "admissions/list.html",
        "rows",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "scope": scope,
            "can_add": can_add,
            "query": query.urlencode(),
            "breadcrumbs": _breadcrumbs(request, scope),
        },
    )


def create(request: HttpRequest) -> HttpResponse:
    organization = policy.access_organization(
        request.user, request.GET.get("organization", ""), policy.CHANGE_MEMBERS
    )
    if not organization.holds_members:
        raise Http404("Quần chúng được chi bộ bồi dưỡng, xem xét: chọn một chi bộ.")
    form = CandidateForm(
        request.POST or None, sensitive=policy.can(request.user, policy.VIEW_SENSITIVE, organization)
    )
    if request.method == "POST" and form.is_valid():
        try:
            candidate = services.create_candidate(
                organization=organization, values=form.cleaned_data, by=request.user
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, f"Đã ghi nhận quần chúng {candidate.full_name}.")
            return redirect(candidate)
    return render(
        request,
        "admissions/form.html",
        {
            "form": form,
            "title": f"Quần chúng ưu tú mới – {organization.name}",
            "cancel": reverse("admissions:list"),
        },
        status=422 if request.method == "POST" else 200,
    )


def edit(request: HttpRequest, candidate_id: int) -> HttpResponse:
    candidate = queries.access_candidate(request.user, candidate_id, policy.CHANGE_MEMBERS)
    sensitive = policy.can(request.user, policy.VIEW_SENSITIVE, candidate.organization)
    initial = {name: getattr(candidate, name) for name in member_services.PERSONAL_FIELDS}
    form = CandidateForm(request.POST or None, initial=initial, sensitive=sensitive)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_candidate(candidate=candidate, values=form.cleaned_data, by=request.user)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, "Đã lưu thông tin quần chúng.")
            return redirect(candidate)
    return render(
        request,
        "admissions/form.html",
        {
            "form": form,
            "title": f"Sửa thông tin {candidate.full_name}",
            "cancel": candidate.get_absolute_url(),
        },
        status=422 if request.method == "POST" else 200,
    )


def _timeline_context(
    request: HttpRequest, candidate: Candidate, bound: tuple[str, forms.Form] | None = None
) -> dict[str, Any]:
    prefetch_related_objects(
        [candidate], Prefetch("sponsors", queryset=Sponsor.objects.select_related("member__organization"))
    )
    can_change = policy.can(request.user, policy.CHANGE_MEMBERS, candidate.organization)
    states = steps.states(candidate)
    for state in states:
        state.form = None  # type: ignore[attr-defined]
        if can_change and state.open:
            if bound and bound[0] == state.step.code:
                state.form = bound[1]  # type: ignore[attr-defined]
            else:
                state.form = steps.make_form(state.step, candidate, request.user)  # type: ignore[attr-defined]
    withdraw = None
    if can_change and candidate.status == "preparing":
        withdraw = bound[1] if bound and bound[0] == steps.WITHDRAW else WithdrawForm()
    return {
        "candidate": candidate,
        "states": states,
        "can_change": can_change,
        "withdraw_form": withdraw,
        "sensitive": policy.can(request.user, policy.VIEW_SENSITIVE, candidate.organization),
        "breadcrumbs": _breadcrumbs(request, candidate.organization),
        "course_months": rules.course_valid_months(),
    }


def detail(request: HttpRequest, candidate_id: int) -> HttpResponse:
    candidate = queries.access_candidate(request.user, candidate_id)
    context = _timeline_context(request, candidate)
    hidden = set() if context["sensitive"] else set(SENSITIVE_FIELDS)
    return render(
        request, "admissions/detail.html", context | {"history": history_of(candidate, hide=hidden)}
    )


@require_POST
def record_step(request: HttpRequest, candidate_id: int, step: str) -> HttpResponse:
    """Record one step (or withdraw): the timeline again (htmx), or the page; 422 with the rule's message."""
    candidate = queries.access_candidate(request.user, candidate_id, policy.CHANGE_MEMBERS)
    if step == steps.WITHDRAW:
        form: forms.Form = WithdrawForm(request.POST)
        service: Any = services.withdraw_candidate
    else:
        found = steps.BY_CODE.get(step)
        if found is None or not found.applies(candidate):
            raise Http404("Không có bước này.")
        form, service = steps.make_form(found, candidate, request.user, request.POST), found.service
    if form.is_valid():
        try:
            service(candidate=candidate, **form.cleaned_data, by=request.user)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, "Đã ghi nhận.")
            candidate = queries.access_candidate(request.user, candidate_id)
            return (
                render_page_or_partial(
                    request, "admissions/detail.html", "timeline", _timeline_context(request, candidate)
                )
                if getattr(request, "htmx", False)
                else redirect(candidate)
            )
    return render_page_or_partial(
        request,
        "admissions/detail.html",
        "timeline",
        _timeline_context(request, candidate, (step, form)),
        status=422,
    )


@require_POST
def remove_sponsor(request: HttpRequest, candidate_id: int, sponsor_id: int) -> HttpResponse:
    candidate = queries.access_candidate(request.user, candidate_id, policy.CHANGE_MEMBERS)
    sponsor = candidate.sponsors.select_related("member").filter(pk=sponsor_id).first()
    if sponsor is None:
        raise Http404("Không tìm thấy người giới thiệu.")
    try:
        services.remove_sponsor(sponsor=sponsor, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Đã bỏ người giới thiệu {sponsor.member.full_name}.")
    return redirect(candidate)


# ---------------------------------------------------------------------------------------------------
# Probation and recognition


@require_GET
def probation_list(request: HttpRequest) -> HttpResponse:
    """Probationary members with their probation end and recognition deadline (R18, R19)."""
    today = clock.today()
    scope = _scope(request, request.GET.get("organization", ""))
    members = queries.probationary_members(request.user, scope)
    ended = request.GET.get("state") == "ended"
    if ended:
        members = members.filter(admission_date__lte=rules.latest_admission_ended_by(today))
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "admissions/probation.html",
        {
            "page": page,
            "rows": [queries.Probation.of(m, today) for m in page.object_list],
            "scope": scope,
            "ended": ended,
            "today": today,
            "query": query.urlencode(),
            "breadcrumbs": _breadcrumbs(request, scope),
        },
    )


def recognition(request: HttpRequest, member_id: int) -> HttpResponse:
    """The end of one member's probation: the dates, and the form recording the outcome (R18–R20)."""
    member = queries.access_probationary(request.user, member_id)
    can_change = policy.can(request.user, policy.CHANGE_MEMBERS, member.organization)
    if request.method == "POST" and not can_change:
        raise Http404("Không tìm thấy đảng viên.")
    form = RecognitionForm(request.POST or None, initial={"outcome": RecognitionOutcome.RECOGNIZED})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        outcome = data.pop("outcome")
        try:
            if outcome == RecognitionOutcome.RECOGNIZED:
                data.pop("reason")
                services.recognize_member(member=member, **data, by=request.user)
            else:
                data.pop("votes_for"), data.pop("full_members")
                services.not_recognize_member(member=member, **data, by=request.user)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(
                request, f"Đã ghi nhận kết quả xét công nhận đảng viên chính thức của {member.full_name}."
            )
            return redirect(reverse("admissions:recognition", args=[member.pk]))
    done = Recognition.objects.filter(member=member).first()
    return render(
        request,
        "admissions/recognition.html",
        {
            "member": member,
            "probation": queries.Probation.of(member, clock.today()),
            "party_age": party_age(member, clock.today()),
            "recognition": done,
            "form": form if can_change and member.status == "probationary" and done is None else None,
            "breadcrumbs": _breadcrumbs(request, member.organization),
        },
        status=422 if request.method == "POST" else 200,
    )


# ---------------------------------------------------------------------------------------------------
# Targets


@require_GET
def targets(request: HttpRequest) -> HttpResponse:
    """Admissions against the year's target for a subtree and its children."""
    form = TargetFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    year = data.get("year") or clock.today().year
    scope = _scope(request, data.get("organization") or "")
    if scope is None:
        scope = policy.scope_roots(request.user, policy.VIEW_MEMBERS).order_by("path").first()
    if scope is None:
        raise Http404("Không có tổ chức nào trong phạm vi của bạn.")
    total, rows = queries.target_figures(scope, year)
    return render(
        request,
        "admissions/targets.html",
        {
            "filter": form,
            "year": year,
            "scope": scope,
            "total": total,
            "rows": rows,
            "can_set": policy.can(request.user, policy.CHANGE_MEMBERS, scope),
            "target_form": TargetForm(initial={"organization": scope.code, "year": year}),
            "breadcrumbs": _breadcrumbs(request, scope),
        },
    )


@require_POST
def set_target(request: HttpRequest) -> HttpResponse:
    form = TargetForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            "Chỉ tiêu chưa hợp lệ: " + " ".join(str(e) for errors in form.errors.values() for e in errors),
        )
        return redirect(reverse("admissions:targets"))
    data = form.cleaned_data
    organization = policy.access_organization(
        request.user, data["organization"].strip(), policy.CHANGE_MEMBERS
    )
    try:
        services.set_admission_target(
            organization=organization,
            year=data["year"],
            target=data["target"],
            resolution=data["resolution"],
            by=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"Đã giao chỉ tiêu kết nạp năm {data['year']} cho {organization.name}: {data['target']}."
        )
    parent = (
        organization.parent
        if organization.parent and policy.can(request.user, policy.VIEW_MEMBERS, organization.parent)
        else organization
    )
    return redirect(f"{reverse('admissions:targets')}?organization={parent.code}&year={data['year']}")
