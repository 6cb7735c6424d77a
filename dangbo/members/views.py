"""Member pages: the list (search, filters, export), the record, and its edits."""

from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET

from dangbo.accounts import policy
from dangbo.audit.queries import history_of
from dangbo.audit.services import record_sensitive_access
from dangbo.lib import vn
from dangbo.lib.forms import apply_service_error
from dangbo.lib.htmx import render_page_or_partial
from dangbo.members import queries, services
from dangbo.members.forms import SENSITIVE_FIELDS, MemberForm, TransferForm
from dangbo.members.models import Gender, Status
from dangbo.organizations.tree import ancestors
from dangbo.reports import exports

PAGE_SIZE = 50


# One table row of the member list. The rows are formatted here rather than by the template: per cell,
# the template engine's variable and filter nodes were most of the busiest page's time (bench B1).
ROW = (
    '<tr><td class="num">{}</td><td><a href="{}{}/">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>'
    '<td>{}</td><td><a href="{}{}/">{}</a></td></tr>'
)


def _rows(page: Page[Any]) -> SafeString:
    genders, statuses = dict(Gender.choices), dict(Status.choices)
    members_url, organizations_url = reverse("members:list"), reverse("organizations:list")
    rows = []
    for number, (pk, name, gender, birth, card, admission, status, code, organization) in enumerate(
        page.object_list, start=page.start_index()
    ):
        cells = (
            number,
            members_url,
            pk,
            name,
            genders.get(gender, gender),
            vn.format_date(birth),
            card or "—",
            vn.format_date(admission),
            statuses.get(status, status),
            organizations_url,
            quote(code),
            organization,
        )
        rows.append(ROW.format(*(escape(str(cell)) for cell in cells)))  # every value escaped
    return mark_safe("\n".join(rows))  # noqa: S308 (built from escaped values only)


@require_GET
def member_list(request: HttpRequest) -> HttpResponse:
    found = queries.filter_members(request.user, request.GET)
    form, members, scope = found.form, found.members, found.scope
    listed = members.vietnamese_order().values_list(
        "pk", "full_name", "gender", "birth_date", "card_number", "admission_date", "status",
        "organization__code", "organization__name",
    )  # fmt: skip
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render_page_or_partial(
        request,
        "members/list.html",
        "rows",
        {
            "form": form,
            "choice_fields": [form["status"], form["gender"], form["age"]],
            "page": page,
            "rows": _rows(page),
            "scope": scope,
            "query": query.urlencode(),
            "breadcrumbs": [*ancestors(scope), scope] if scope else [],
        },
    )


@require_GET
def export(request: HttpRequest) -> HttpResponse:
    """The list as filtered, to .xlsx: exactly the rows the user may see (large lists in the background)."""
    return exports.export(request, "members")


def detail(request: HttpRequest, member_id: int) -> HttpResponse:
    member = policy.access_member(request.user, member_id)
    sensitive = policy.may_view_sensitive(request.user, member)
    if sensitive:
        record_sensitive_access(
            user=request.user, member=member, fields=list(SENSITIVE_FIELDS), path=request.path
        )
    organization = member.organization
    return render(
        request,
        "members/detail.html",
        {
            "member": member,
            "sensitive": sensitive,
            "placements": member.placements.select_related("organization").order_by("-started_on", "-id"),
            "history": history_of(member, hide=set() if sensitive else set(SENSITIVE_FIELDS)),
            "can_change": policy.can(request.user, policy.CHANGE_MEMBERS, organization),
            "can_discipline": policy.can(request.user, policy.VIEW_INSPECTIONS, organization),
            "breadcrumbs": [
                a
                for a in [*ancestors(organization), organization]
                if policy.can(request.user, policy.VIEW_ORGANIZATIONS, a)
            ],
        },
    )


def _form_page(request: HttpRequest, template_context: dict[str, Any], status: int) -> HttpResponse:
    return render(request, "members/form.html", template_context, status=status)


def edit(request: HttpRequest, member_id: int) -> HttpResponse:
    member = policy.access_member(request.user, member_id, policy.CHANGE_MEMBERS)
    sensitive = policy.may_view_sensitive(request.user, member)
    initial = {name: getattr(member, name) for name in services.EDITABLE_FIELDS}
    form = MemberForm(request.POST or None, initial=initial, sensitive=sensitive)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_member(member=member, values=form.cleaned_data, by=request.user)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, "Đã lưu hồ sơ đảng viên.")
            return redirect(member)
    return _form_page(
        request,
        {"form": form, "title": f"Sửa hồ sơ {member.full_name}", "cancel": member.get_absolute_url()},
        422 if request.method == "POST" else 200,
    )


def create(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("organization", "")
    organization = policy.access_organization(request.user, code, policy.CHANGE_MEMBERS)
    if not organization.holds_members:
        raise Http404("Đảng viên chỉ sinh hoạt ở chi bộ.")
    form = MemberForm(request.POST or None, initial={"status": "probationary"})
    if request.method == "POST" and form.is_valid():
        try:
            member = services.create_member(
                values=form.cleaned_data, organization=organization, by=request.user
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, f"Đã thêm đảng viên {member.full_name}.")
            return redirect(member)
    return _form_page(
        request,
        {
            "form": form,
            "title": f"Thêm đảng viên vào {organization.name}",
            "cancel": organization.get_absolute_url(),
        },
        422 if request.method == "POST" else 200,
    )


def transfer(request: HttpRequest, member_id: int) -> HttpResponse:
    """Official transfer to another cell within the user's scope."""
    member = policy.access_member(request.user, member_id, policy.CHANGE_MEMBERS)
    targets = policy.visible_organizations(request.user, policy.CHANGE_MEMBERS).exclude(
        pk=member.organization_id
    )
    form = TransferForm(request.POST or None, targets=targets)
    if request.method == "POST" and form.is_valid():
        try:
            services.transfer_member(member=member, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, f"Đã chuyển sinh hoạt đảng viên {member.full_name}.")
            return redirect(member)
    return _form_page(
        request,
        {"form": form, "title": f"Chuyển sinh hoạt {member.full_name}", "cancel": member.get_absolute_url()},
        422 if request.method == "POST" else 200,
    )
