"""Organization pages: the tree (today or on a past date), one organization, and its changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from dangbo.accounts import policy
from dangbo.lib import vn
from dangbo.lib.forms import apply_service_error
from dangbo.members import services as member_services
from dangbo.members.models import ACTIVE_STATUSES, PlacementKind
from dangbo.organizations import forms as org_forms
from dangbo.organizations import services
from dangbo.organizations.models import Organization
from dangbo.organizations.tree import ancestors, tree_on
from dangbo.reports import exports


def _visible_ancestors(request: HttpRequest, organization: Organization) -> list[Organization]:
    return [a for a in ancestors(organization) if policy.can(request.user, policy.VIEW_ORGANIZATIONS, a)]


def tree(request: HttpRequest) -> HttpResponse:
    """The tree of the user's scope as it stands today, or as it stood on `?on=dd/mm/yyyy`."""
    on, error = timezone.localdate(), ""
    if request.GET.get("on"):
        try:
            on = vn.parse_date(request.GET["on"])
        except ValueError as exc:
            error = str(exc)
    visible = list(
        policy.visible_organizations(request.user, policy.VIEW_ORGANIZATIONS).values_list("pk", flat=True)
    )
    if not visible:
        raise Http404("Không có tổ chức nào trong phạm vi của bạn.")
    return render(
        request, "organizations/tree.html", {"roots": tree_on(on, within=visible), "on": on, "error": error}
    )


@require_GET
def export(request: HttpRequest) -> HttpResponse:
    """The tree's organizations as a table (.xlsx): the user's scope, on the page's date."""
    return exports.export(request, "organizations")


def nav(request: HttpRequest) -> HttpResponse:
    """The left navigation's top level: the organizations the user's roles are granted on."""
    roots = policy.scope_roots(request.user).order_by("sort_key")
    return render(request, "organizations/nav.html", {"nodes": roots, "top": True})


def children(request: HttpRequest, code: str) -> HttpResponse:
    """One more level of the left navigation (htmx)."""
    organization = policy.access_organization(request.user, code)
    nodes = organization.children.active().order_by("sort_key")
    return render(request, "organizations/nav.html", {"nodes": nodes})


def detail(request: HttpRequest, code: str) -> HttpResponse:
    organization = policy.access_organization(request.user, code)
    active_members = Q(members__status__in=ACTIVE_STATUSES)
    kids = organization.children.annotate(member_count=Count("members", filter=active_members)).order_by(
        "dissolved_on", "sort_key"
    )
    subtree = Organization.objects.subtree_of(organization)
    member_count = subtree.aggregate(n=Count("members", filter=active_members))["n"]
    user = request.user
    context = {
        "organization": organization,
        "breadcrumbs": _visible_ancestors(request, organization),
        "parent_visible": policy.can(user, policy.VIEW_ORGANIZATIONS, organization.parent),
        "children": kids,
        "member_count": member_count,
        "events": organization.tree_events.select_related("other").order_by("-effective_on", "-id"),
        "can_change": policy.can(user, policy.CHANGE_ORGANIZATIONS, organization),
        "can_restructure": organization.parent_id is not None
        and policy.can_restructure(user, organization.parent),
        "can_add_member": organization.holds_members
        and organization.is_active
        and policy.can(user, policy.CHANGE_MEMBERS, organization),
    }
    return render(request, "organizations/detail.html", context)


def _form_page(
    request: HttpRequest,
    organization: Organization,
    form: forms.Form,
    title: str,
    perform: Callable[[dict[str, Any]], Organization],
    done: str,
) -> HttpResponse:
    """Validate `form`, run the service through `perform`, and show its Vietnamese errors on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            result = perform(form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, done)
            return redirect(result)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "organizations/form.html",
        {
            "organization": organization,
            "form": form,
            "title": title,
            "breadcrumbs": [*_visible_ancestors(request, organization), organization],
        },
        status=status,
    )


def _decision(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "effective_on": data["effective_on"],
        "decision_number": data["decision_number"],
        "decision_date": data["decision_date"],
    }


def _restructurable(request: HttpRequest, code: str) -> Organization:
    """An organization the user may rename, move, merge, split or dissolve (decided one level up)."""
    organization = policy.access_organization(request.user, code)
    if organization.parent is None or not policy.can_restructure(request.user, organization.parent):
        raise Http404("Không tìm thấy tổ chức.")
    if not organization.is_active:
        raise Http404("Tổ chức đã giải thể.")
    return organization


def edit(request: HttpRequest, code: str) -> HttpResponse:
    organization = policy.access_organization(request.user, code, policy.CHANGE_ORGANIZATIONS)
    form = org_forms.EditForm(
        request.POST or None, initial={"short_name": organization.short_name, "sector": organization.sector}
    )
    return _form_page(
        request,
        organization,
        form,
        f"Sửa thông tin {organization.name}",
        lambda d: services.update_organization(organization=organization, by=request.user, **d),
        "Đã lưu thông tin tổ chức.",
    )


def establish(request: HttpRequest, code: str) -> HttpResponse:
    parent = policy.access_organization(request.user, code, policy.CHANGE_ORGANIZATIONS)
    if not parent.is_active or parent.holds_members:
        raise Http404("Không thể thành lập tổ chức trực thuộc tổ chức này.")
    form = org_forms.EstablishForm(request.POST or None, parent=parent)

    def perform(d: dict[str, Any]) -> Organization:
        return services.establish_organization(
            code=d["code"],
            name=d["name"],
            short_name=d["short_name"],
            kind=d["kind"],
            sector=d["sector"],
            parent=parent,
            established_on=d["effective_on"],
            decision_number=d["decision_number"],
            decision_date=d["decision_date"],
            by=request.user,
        )

    return _form_page(
        request,
        parent,
        form,
        f"Thành lập tổ chức trực thuộc {parent.name}",
        perform,
        "Đã thành lập tổ chức mới.",
    )


def rename(request: HttpRequest, code: str) -> HttpResponse:
    organization = _restructurable(request, code)
    form = org_forms.RenameForm(
        request.POST or None, initial={"name": organization.name, "short_name": organization.short_name}
    )
    return _form_page(
        request,
        organization,
        form,
        f"Đổi tên {organization.name}",
        lambda d: services.rename_organization(
            organization=organization,
            name=d["name"],
            short_name=d["short_name"],
            **_decision(d),
            by=request.user,
        ),
        "Đã đổi tên tổ chức.",
    )


def move(request: HttpRequest, code: str) -> HttpResponse:
    organization = _restructurable(request, code)
    targets = policy.visible_organizations(request.user, policy.CHANGE_ORGANIZATIONS).exclude(
        path__startswith=organization.path
    )
    form = org_forms.MoveForm(request.POST or None, targets=targets)
    return _form_page(
        request,
        organization,
        form,
        f"Chuyển trực thuộc {organization.name}",
        lambda d: services.move_organization(
            organization=organization, parent=d["parent"], **_decision(d), by=request.user
        ),
        "Đã chuyển tổ chức.",
    )


def merge(request: HttpRequest, code: str) -> HttpResponse:
    organization = _restructurable(request, code)
    targets = policy.visible_organizations(request.user, policy.CHANGE_ORGANIZATIONS).exclude(
        path__startswith=organization.path
    )
    form = org_forms.MergeForm(request.POST or None, targets=targets, kind=organization.kind)
    return _form_page(
        request,
        organization,
        form,
        f"Hợp nhất {organization.name} vào tổ chức khác",
        lambda d: member_services.merge_organizations(
            organization=organization, into=d["into"], **_decision(d), by=request.user
        ),
        "Đã hợp nhất tổ chức; đảng viên và tổ chức trực thuộc đã được chuyển.",
    )


def split(request: HttpRequest, code: str) -> HttpResponse:
    organization = _restructurable(request, code)
    members = list(
        organization.members.filter(
            placements__organization=organization,
            placements__ended_on__isnull=True,
            placements__kind=PlacementKind.OFFICIAL,
        ).vietnamese_order()
    )
    kids = list(organization.children.active().order_by("sort_key"))
    form = org_forms.SplitForm(request.POST or None, members=members, children=kids)

    def perform(d: dict[str, Any]) -> Organization:
        parts = [
            member_services.SplitPart(
                code=d[f"code_{n}"],
                name=d[f"name_{n}"],
                member_ids=form.assignments("member", n),
                child_ids=form.assignments("child", n),
            )
            for n in ("1", "2")
        ]
        created = member_services.split_organization(
            organization=organization, parts=parts, **_decision(d), by=request.user
        )
        return created[0]

    return _form_page(
        request, organization, form, f"Chia tách {organization.name}", perform, "Đã chia tách tổ chức."
    )


def dissolve(request: HttpRequest, code: str) -> HttpResponse:
    organization = _restructurable(request, code)
    form = org_forms.DissolveForm(request.POST or None)
    return _form_page(
        request,
        organization,
        form,
        f"Giải thể {organization.name}",
        lambda d: services.dissolve_organization(
            organization=organization, note=d["note"], **_decision(d), by=request.user
        ),
        "Đã giải thể tổ chức.",
    )
