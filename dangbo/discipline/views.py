"""Discipline pages: confidential. Every URL answers 404 to users without VIEW_INSPECTIONS on the subject
(inspection staff and leaders hold it; office staff and secretaries do not), like a missing page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from dangbo.accounts import policy
from dangbo.audit.queries import history_of
from dangbo.discipline import queries, services
from dangbo.discipline.forms import (
    AnnulForm,
    ChildBirthForm,
    DisciplineEntryForm,
    DisciplineFilterForm,
    EndForm,
)
from dangbo.discipline.models import ChildBirth, DisciplineQuerySet
from dangbo.lib import vn
from dangbo.lib.forms import apply_service_error
from dangbo.lib.htmx import render_page_or_partial
from dangbo.members.models import Member
from dangbo.organizations.models import Organization
from dangbo.workdays import clock

PAGE_SIZE = 50


def _require_scope(user: Any) -> None:
    if not queries.may_view(user):
        raise Http404("Không tìm thấy.")


def _int(value: str | None) -> int:
    try:
        number = int(value or "")
    except ValueError:
        raise Http404("Không tìm thấy.") from None
    if number < 1:
        raise Http404("Không tìm thấy.")
    return number


def _filtered(request: HttpRequest, form: DisciplineFilterForm) -> tuple[DisciplineQuerySet, str]:
    """The user's disciplines narrowed by the filters, and the filter's scope name (404 outside)."""
    user, today = request.user, clock.today()
    found = queries.visible_disciplines(user)
    scope = ""
    if not form.is_valid():
        return found, scope
    data = form.cleaned_data
    if data["organization"]:
        organization = policy.access_organization(user, data["organization"].strip(), policy.VIEW_INSPECTIONS)
        found = found.in_organizations(Organization.objects.subtree_of(organization))
        scope = organization.name
    if data["member"]:
        member = policy.access_member(user, data["member"], policy.VIEW_INSPECTIONS)
        found = found.filter(member=member)
        scope = member.full_name
    if data["q"]:
        text = vn.fold(data["q"])
        found = found.filter(
            Q(member__search_text__contains=text) | Q(organization__name__icontains=data["q"])
        )
    if data["form"]:
        found = found.filter(form=data["form"])
    if data["year"]:
        found = found.filter(decision_date__year=data["year"])
    state = data["state"]
    if state == "active":
        found = found.active_on(today)
    elif state == "pending":
        found = found.pending()
    elif state == "ended":
        found = found.decided().filter(ends_on__lte=today)
    elif state == "annulled":
        found = found.filter(annulled_on__isnull=False)
    return found, scope


@require_GET
def discipline_list(request: HttpRequest) -> HttpResponse:
    _require_scope(request.user)
    form = DisciplineFilterForm(request.GET or None)
    found, scope = _filtered(request, form)
    listed = found.select_related("member__organization", "organization").order_by(
        "-decision_date", "-opened_on", "-pk"
    )
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    today = clock.today()
    return render_page_or_partial(
        request,
        "discipline/list.html",
        "rows",
        {
            "form": form,
            "page": page,
            "rows": [(d, d.state_on(today), queries.subject_organization(d)) for d in page.object_list],
            "scope": scope,
            "query": query.urlencode(),
            "can_change": policy.has_any_scope(request.user, policy.CHANGE_DISCIPLINE),
        },
    )


def detail(request: HttpRequest, discipline_id: int) -> HttpResponse:
    discipline = queries.access_discipline(request.user, discipline_id)
    subject = queries.subject_organization(discipline)
    return render(
        request,
        "discipline/detail.html",
        {
            "d": discipline,
            "state": discipline.state_on(clock.today()),
            "subject_organization": subject,
            "limitation_ends_on": services.limitation_ends_on(discipline),
            "can_change": policy.can(request.user, policy.CHANGE_DISCIPLINE, subject),
            "history": history_of(discipline),
        },
    )


def _form_page(request: HttpRequest, context: dict[str, Any], status: int) -> HttpResponse:
    return render(request, "discipline/form.html", context, status=status)


def create(request: HttpRequest) -> HttpResponse:
    """A case or a decision for `?member=ID` or `?organization=CODE`."""
    user = request.user
    _require_scope(user)
    member: Member | None = None
    organization: Organization | None = None
    if request.GET.get("member"):
        member = policy.access_member(user, _int(request.GET.get("member")), policy.CHANGE_DISCIPLINE)
        subject_name = member.full_name
    elif request.GET.get("organization"):
        organization = policy.access_organization(user, request.GET["organization"], policy.CHANGE_DISCIPLINE)
        subject_name = organization.name
    else:
        raise Http404("Chọn đảng viên hoặc tổ chức đảng bị kỷ luật.")
    allowed = services.allowed_forms(member=member, organization=organization)
    form = DisciplineEntryForm(request.POST or None, forms_allowed=allowed, for_member=member is not None)
    if request.method == "POST" and form.is_valid():
        try:
            discipline = services.record_discipline(
                member=member, organization=organization, values=form.cleaned_data, by=user
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(
                request, f"Đã ghi kỷ luật {discipline.get_form_display().lower()} – {subject_name}."
            )
            return redirect(discipline)
    return _form_page(
        request,
        {
            "form": form,
            "title": f"Kỷ luật: {subject_name}",
            "subject": subject_name,
            "cancel": "/discipline/",
        },
        422 if request.method == "POST" else 200,
    )


def edit(request: HttpRequest, discipline_id: int) -> HttpResponse:
    """Complete a case with the decision, record a complaint decision, a repeat."""
    discipline = queries.access_discipline(request.user, discipline_id, policy.CHANGE_DISCIPLINE)
    allowed = services.allowed_forms(member=discipline.member, organization=discipline.organization)
    initial = {name: getattr(discipline, name) for name in services.EDITABLE_FIELDS}
    form = DisciplineEntryForm(
        request.POST or None,
        initial=initial,
        forms_allowed=allowed,
        for_member=discipline.member_id is not None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_discipline(discipline=discipline, values=form.cleaned_data, by=request.user)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, "Đã lưu.")
            return redirect(discipline)
    return _form_page(
        request,
        {
            "form": form,
            "title": f"Sửa kỷ luật: {discipline.subject_name}",
            "subject": discipline.subject_name,
            "cancel": discipline.get_absolute_url(),
        },
        422 if request.method == "POST" else 200,
    )


def annul(request: HttpRequest, discipline_id: int) -> HttpResponse:
    discipline = queries.access_discipline(request.user, discipline_id, policy.CHANGE_DISCIPLINE)
    form = AnnulForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.annul_discipline(
                discipline=discipline,
                annulled_on=form.cleaned_data["annulled_on"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, "Đã hủy bỏ quyết định kỷ luật.")
            return redirect(discipline)
    return _form_page(
        request,
        {
            "form": form,
            "title": f"Hủy bỏ kỷ luật: {discipline.subject_name}",
            "cancel": discipline.get_absolute_url(),
        },
        422 if request.method == "POST" else 200,
    )


def end(request: HttpRequest, discipline_id: int) -> HttpResponse:
    discipline = queries.access_discipline(request.user, discipline_id, policy.CHANGE_DISCIPLINE)
    form = EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_discipline(
                discipline=discipline, ended_on=form.cleaned_data["ends_on"], by=request.user
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, "Đã ghi ngày hết hiệu lực.")
            return redirect(discipline)
    return _form_page(
        request,
        {
            "form": form,
            "title": f"Chấm dứt kỷ luật: {discipline.subject_name}",
            "cancel": discipline.get_absolute_url(),
        },
        422 if request.method == "POST" else 200,
    )


def children(request: HttpRequest, member_id: int) -> HttpResponse:
    """A member's young children (RULES R33): seen with VIEW_INSPECTIONS, recorded with CHANGE_DISCIPLINE."""
    member = policy.access_member(request.user, member_id, policy.VIEW_INSPECTIONS)
    can_change = policy.can(request.user, policy.CHANGE_DISCIPLINE, member.organization)
    form = ChildBirthForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not can_change:
            raise Http404("Không tìm thấy.")
        if form.is_valid():
            try:
                services.record_child_birth(member=member, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, "Đã ghi.")
                return redirect("discipline:children", member.pk)
        status = 422
    return render(
        request,
        "discipline/children.html",
        {
            "member": member,
            "births": ChildBirth.objects.filter(member=member),
            "form": form,
            "can_change": can_change,
        },
        status=status,
    )
