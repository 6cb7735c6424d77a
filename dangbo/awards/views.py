"""Award pages: the list and the form, the badge rounds, and a member's party age, cards and badges."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from dangbo.accounts import policy
from dangbo.awards import queries, services
from dangbo.awards.forms import (
    AwardEntryForm,
    BadgeDecisionForm,
    BadgeRoundChoiceForm,
    BadgeRoundForm,
    CardForm,
    IllnessForm,
    InactivityForm,
    issuer_choices,
)
from dangbo.awards.models import BadgeRound
from dangbo.discipline.queries import may_view as may_view_disciplines
from dangbo.lib import vn
from dangbo.lib.forms import apply_service_error
from dangbo.lib.htmx import render_page_or_partial
from dangbo.members import cards
from dangbo.members.models import Member
from dangbo.members.party_age import party_age, record_inactivity_period
from dangbo.organizations.models import Organization
from dangbo.reports import exports
from dangbo.workdays import clock

PAGE_SIZE = 50
ROUND_PAGE_SIZE = 200
PROPOSALS_PAGE_SIZE = 100
INITIAL_FROM_QUERY = ("form", "basis", "issuer_level", "period_from", "period_to", "reason")


def _int(value: str | None) -> int:
    try:
        number = int(value or "")
    except ValueError:
        raise Http404("Không tìm thấy.") from None
    if number < 1:
        raise Http404("Không tìm thấy.")
    return number


# --------------------------------------------------------------------------------------------- awards


@require_GET
def award_list(request: HttpRequest) -> HttpResponse:
    found = queries.filter_awards(request.user, request.GET)
    listed = found.awards.select_related("member__organization", "organization")
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render_page_or_partial(
        request,
        "awards/list.html",
        "rows",
        {"form": found.form, "page": page, "scope": found.scope, "query": query.urlencode()},
    )


@require_GET
def award_export(request: HttpRequest) -> HttpResponse:
    """The list as filtered, to .xlsx: exactly the awards the user may see (large lists in the background)."""
    return exports.export(request, "awards")


def award_create(request: HttpRequest) -> HttpResponse:
    """An award to `?member=ID` (member change right) or `?organization=CODE` (organization change right)."""
    user = request.user
    member: Member | None = None
    organization: Organization | None = None
    if request.GET.get("member"):
        member = policy.access_member(user, _int(request.GET.get("member")), policy.CHANGE_MEMBERS)
        subject, name = member.organization, member.full_name
    elif request.GET.get("organization"):
        organization = policy.access_organization(
            user, request.GET["organization"], policy.CHANGE_ORGANIZATIONS
        )
        subject, name = organization, organization.name
    else:
        raise Http404("Chọn đảng viên hoặc tổ chức đảng được khen thưởng.")
    initial = {k: request.GET[k] for k in INITIAL_FROM_QUERY if k in request.GET}  # e.g. from the proposals
    form = AwardEntryForm(
        request.POST or None,
        initial=initial,
        issuers=issuer_choices(subject, include_self=member is not None),
    )
    if request.method == "POST" and form.is_valid():
        try:
            award = services.record_award(
                member=member, organization=organization, values=form.cleaned_data, by=user
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, f"Đã ghi {award.title.lower()} cho {name}.")
            return redirect(award)
    return render(
        request,
        "awards/form.html",
        {
            "form": form,
            "title": f"Khen thưởng: {name}",
            "table": services.competence_table(),
            "cancel": "/awards/",
        },
        status=422 if request.method == "POST" else 200,
    )


def award_detail(request: HttpRequest, award_id: int) -> HttpResponse:
    award = queries.access_award(request.user, award_id)
    subject = award.member.organization if award.member_id else award.organization  # type: ignore[union-attr]
    change = policy.CHANGE_MEMBERS if award.member_id else policy.CHANGE_ORGANIZATIONS
    return render(
        request,
        "awards/detail.html",
        {"award": award, "can_change": policy.can(request.user, change, subject)},
    )


@require_POST
def award_delete(request: HttpRequest, award_id: int) -> HttpResponse:
    award = queries.access_award(request.user, award_id, change=True)
    services.delete_award(award=award, by=request.user)
    messages.success(request, f"Đã xóa {award.title.lower()} của {award.subject_name}.")
    return redirect("awards:list")


# --------------------------------------------------------------------------------------------- badges


def _round_page(
    request: HttpRequest, decision: BadgeDecisionForm | None = None, status: int = 200
) -> HttpResponse:
    user, today = request.user, clock.today()
    params = request.POST if request.method == "POST" else request.GET
    scope = queries.badge_scope(user, params, today=today)
    found = queries.round_list(user, scope.members, scope.round_on, sensitive=scope.sensitive)
    page = Paginator(found.rows, ROUND_PAGE_SIZE).get_page(params.get("page"))
    can_record = policy.has_any_scope(user, policy.CHANGE_MEMBERS)
    if decision is None and can_record:
        decision = BadgeDecisionForm(keys=[(r.key, r.name) for r in page.object_list])
    choice = BadgeRoundChoiceForm(
        initial={"round": scope.round_on.isoformat(), "organization": params.get("organization", "")},
        rounds=scope.rounds,
    )
    query = f"round={scope.round_on.isoformat()}&organization={scope.organization.code if scope.organization else ''}"
    return render_page_or_partial(
        request,
        "awards/badges.html",
        "rows",
        {
            "scope": scope,
            "found": found,
            "page": page,
            "choice": choice,
            "decision": decision,
            "query": query,
            "upcoming": queries.upcoming_rounds(today, 4),
            "can_record": can_record,
        },
        status=status,
    )


@require_GET
def badges(request: HttpRequest) -> HttpResponse:
    """Who is due a Party badge in a round, by organization (RULES R21, R22)."""
    return _round_page(request)


@require_GET
def badges_export(request: HttpRequest) -> HttpResponse:
    return exports.export(request, "badges_due")


@require_POST
def badges_record(request: HttpRequest) -> HttpResponse:
    """Record the round's decision for the members ticked (RULES R22, R32)."""
    user, today = request.user, clock.today()
    if not policy.has_any_scope(user, policy.CHANGE_MEMBERS):
        raise Http404("Không tìm thấy.")
    scope = queries.badge_scope(user, request.POST, today=today, action=policy.CHANGE_MEMBERS)
    due = {
        r.key: r
        for r in queries.round_list(user, scope.members, scope.round_on, sensitive=scope.sensitive).rows
    }
    form = BadgeDecisionForm(request.POST, keys=[(k, r.name) for k, r in due.items()])
    if form.is_valid():
        rows = [due[key] for key in form.cleaned_data["selected"]]
        members = Member.objects.in_bulk([r.member_id for r in rows])
        entries = [
            services.BadgeEntry(
                members[r.member_id],
                r.years,
                early=r.kind == "early",
                posthumous=r.kind == "posthumous",
                died_on=r.died_on,
            )
            for r in rows
        ]
        try:
            awarded = services.record_badges(
                entries=entries,
                round_on=scope.round_on,
                decision_number=form.cleaned_data["decision_number"],
                decision_date=form.cleaned_data["decision_date"],
                issuer_name=form.cleaned_data["issuer_name"],
                by=user,
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(
                request, f"Đã ghi {len(awarded)} Huy hiệu Đảng của đợt {vn.format_date(scope.round_on)}."
            )
            return redirect(
                f"/awards/badges/?round={scope.round_on.isoformat()}&organization={request.POST.get('organization', '')}"
            )
    return _round_page(request, form, status=422)


def _may_edit_rounds(user: Any) -> bool:
    """The rounds are a setting of the whole tree: for those who may change organizations at a root."""
    return (
        user.is_superuser
        or policy.scope_roots(user, policy.CHANGE_ORGANIZATIONS).filter(parent__isnull=True).exists()
    )


def badge_rounds(request: HttpRequest) -> HttpResponse:
    """The rounds of the year (a setting, default 3/2, 19/5, 2/9, 7/11): listed to staff, edited at the top."""
    user = request.user
    if not policy.has_any_scope(user, policy.VIEW_MEMBERS):
        raise Http404("Không tìm thấy.")
    may_edit = _may_edit_rounds(user)
    form = BadgeRoundForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not may_edit:
            raise Http404("Không tìm thấy.")
        badge_round = None
        if request.POST.get("round_id"):
            badge_round = BadgeRound.objects.filter(pk=_int(request.POST.get("round_id"))).first()
            if badge_round is None:
                raise Http404("Không tìm thấy.")
        if form.is_valid():
            try:
                services.save_badge_round(badge_round=badge_round, by=user, **form.cleaned_data)
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, "Đã lưu đợt trao tặng.")
                return redirect("awards:badge_rounds")
        status = 422
    return render(
        request,
        "awards/badge_rounds.html",
        {"rounds": BadgeRound.objects.all(), "form": form, "may_edit": may_edit},
        status=status,
    )


# ---------------------------------------------------------------------------------------- a member


def member_page(request: HttpRequest, member_id: int) -> HttpResponse:
    """A member's party age, periods without activity, cards, badges, awards (and, for who may see health
    data, a serious illness)."""
    user = request.user
    member = policy.access_member(user, member_id)
    today = clock.today()
    sensitive = policy.may_view_sensitive(user, member)
    return render(
        request,
        "awards/member.html",
        {
            "member": member,
            "age": party_age(member, today),
            "today": today,
            "periods": member.inactivity_periods.all(),
            "cards": member.card_issues.all(),
            "awards": member.awards.order_by("-decision_date", "-pk"),
            "illnesses": member.serious_illnesses.all() if sensitive else None,
            "can_change": policy.can(user, policy.CHANGE_MEMBERS, member.organization),
            "may_view_disciplines": may_view_disciplines(user)
            and policy.can(user, policy.VIEW_INSPECTIONS, member.organization),
        },
    )


def _member_form(
    request: HttpRequest, member_id: int, form_class: type, title: str, save: Any, *, sensitive: bool = False
) -> HttpResponse:
    member = policy.access_member(request.user, member_id, policy.CHANGE_MEMBERS)
    if sensitive and not policy.may_view_sensitive(request.user, member):
        raise Http404("Không tìm thấy.")
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            save(member, form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, "Đã lưu.")
            return redirect("awards:member", member.pk)
    return render(
        request,
        "awards/member_form.html",
        {
            "form": form,
            "title": f"{title}: {member.full_name}",
            "member": member,
            "cancel": f"/awards/members/{member.pk}/",
        },
        status=422 if request.method == "POST" else 200,
    )


def member_card(request: HttpRequest, member_id: int) -> HttpResponse:
    """Issue a party card (RULES R23: official members only, a number never twice)."""

    def save(member: Member, data: dict[str, Any]) -> None:
        cards.issue_card(member=member, by=request.user, **data)

    return _member_form(request, member_id, CardForm, "Cấp thẻ đảng viên", save)


def member_inactivity(request: HttpRequest, member_id: int) -> HttpResponse:
    """Record a period without party activity (RULES R21)."""

    def save(member: Member, data: dict[str, Any]) -> None:
        record_inactivity_period(member=member, by=request.user, **data)

    return _member_form(request, member_id, InactivityForm, "Thời gian không sinh hoạt đảng", save)


def member_illness(request: HttpRequest, member_id: int) -> HttpResponse:
    """Record a serious illness (an early badge, RULES R22): health data, for who may see sensitive fields."""

    def save(member: Member, data: dict[str, Any]) -> None:
        services.record_serious_illness(member=member, by=request.user, **data)

    return _member_form(request, member_id, IllnessForm, "Đảng viên ốm nặng", save, sensitive=True)


# ----------------------------------------------------------------------------- "N years in a row"


@require_GET
def proposals(request: HttpRequest) -> HttpResponse:
    """Members or organizations at the top level five years in a row up to a year (assessment results,
    RULES R38 and section 7), with what was already awarded for the period and a link to record it."""
    user, today = request.user, clock.today()
    if not policy.has_any_scope(user, policy.VIEW_MEMBERS):
        raise Http404("Không tìm thấy.")
    found = queries.streak_proposals(user, request.GET, today=today, page_size=PROPOSALS_PAGE_SIZE)
    return render(request, "awards/proposals.html", {"found": found})
