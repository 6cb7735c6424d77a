"""`/organizations`: the tree within the caller's scope, its events, and the writes that change it.

Authorization is the UI's (organizations/views.py): establishing under an organization and editing its
fields need the change right on it; renaming, moving, merging, splitting and dissolving are decided one
level up (`policy.can_restructure` on the parent). Organizations named in a body (new parent, merge
target) need the change right too. Whatever is outside that scope answers 404, like a missing code.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import F, Func, Q, QuerySet, Value
from django.http import Http404, HttpResponse
from ninja import Body, Query, Router
from ninja.pagination import paginate

from dangbo.accounts import policy
from dangbo.api import idempotency
from dangbo.api.auth import ApiRequest
from dangbo.api.common import BODY, READ, WRITE, CodePath, Pagination, Refused, fields_renamed, respond
from dangbo.api.idempotency import IdempotencyKey
from dangbo.api.schemas import (
    DissolveIn,
    EventIn,
    MergeIn,
    MoveIn,
    OrganizationCreateIn,
    OrganizationDetailOut,
    OrganizationEventOut,
    OrganizationFilters,
    OrganizationOut,
    OrganizationUpdateIn,
    RenameIn,
    SplitIn,
)
from dangbo.lib import vn
from dangbo.members import services as member_services
from dangbo.organizations import services
from dangbo.organizations.models import EventKind, Organization, OrganizationEvent, OrganizationQuerySet

router = Router(tags=["Tổ chức đảng"])

# vn.fold in SQL for precomposed (NFC) text, which is how names are stored: every accented letter
# maps to its bare lower-case letter, then LOWER() handles plain ASCII.
_MARKED = "".join(
    ch
    for ch in map(chr, range(0xC0, 0x1EFA))
    if len(vn.fold(ch)) == 1 and vn.fold(ch).isascii() and vn.fold(ch).isalpha() and vn.fold(ch) != ch
)
_BARE = "".join(vn.fold(ch) for ch in _MARKED)


class _Folded(Func):
    template = "LOWER(TRANSLATE(%(expressions)s))"

    def __init__(self, expression: Any) -> None:
        super().__init__(expression, Value(_MARKED), Value(_BARE))


def _search_organizations(organizations: OrganizationQuerySet, text: str) -> OrganizationQuerySet:
    """Accent-free name search ("so tai chinh" finds "Sở Tài chính"), or the exact code."""
    words = vn.fold(text).split()
    if not words:
        return organizations
    by_name = Q()
    for word in words:
        by_name &= Q(folded_name__contains=word)
    return organizations.alias(folded_name=_Folded(F("name"))).filter(by_name | Q(code__iexact=text.strip()))


# Reads


@router.get(
    "/organizations",
    response={200: list[OrganizationOut], **READ},
    operation_id="list_organizations",
    summary="Danh sách tổ chức đảng",
    description="Các tổ chức trong phạm vi được xem, theo thứ tự cây. 404 nếu `subtree` không được xem.",
)
@paginate(Pagination)
def list_organizations(request: ApiRequest, filters: Query[OrganizationFilters]) -> QuerySet[Organization]:
    user = request.auth
    organizations = policy.visible_organizations(user, policy.VIEW_ORGANIZATIONS)
    if filters.subtree:
        organizations = organizations.subtree_of(policy.access_organization(user, filters.subtree))
    if not filters.include_dissolved:
        organizations = organizations.active()
    if filters.kind:
        organizations = organizations.filter(kind=filters.kind)
    if filters.q:
        organizations = _search_organizations(organizations, filters.q)
    return organizations.select_related("parent").order_by("path")


@router.get(
    "/organizations/{code}",
    response={200: OrganizationDetailOut, **READ},
    operation_id="get_organization",
    summary="Một tổ chức đảng",
    description="Tổ chức và các cấp trên được xem (để hiển thị đường dẫn). 404 nếu không có hoặc ngoài phạm vi.",
)
def get_organization(request: ApiRequest, code: CodePath) -> Organization:
    return policy.access_organization(request.auth, code)


@router.get(
    "/organizations/{code}/events",
    response={200: list[OrganizationEventOut], **READ},
    operation_id="list_organization_events",
    summary="Các sự kiện của một tổ chức",
    description="Thành lập, đổi tên, chuyển trực thuộc, hợp nhất, chia tách, giải thể, theo ngày hiệu lực. "
    "404 nếu tổ chức không có hoặc ngoài phạm vi.",
)
def list_organization_events(request: ApiRequest, code: CodePath) -> QuerySet[OrganizationEvent]:
    organization = policy.access_organization(request.auth, code)
    return organization.tree_events.select_related("organization", "other").order_by("effective_on", "id")


# Writes


@router.post(
    "/organizations",
    response={201: OrganizationDetailOut, **WRITE},
    operation_id="establish_organization",
    summary="Thành lập tổ chức đảng",
    description="Thành lập một tổ chức trực thuộc `parent`; cần quyền sửa tổ chức trên `parent` "
    "(404 nếu không có hoặc ngoài phạm vi). Loại tổ chức phải hợp với cấp trên (422).",
)
def establish_organization(
    request: ApiRequest, payload: OrganizationCreateIn, idempotency_key: IdempotencyKey = None
) -> HttpResponse:
    def perform() -> HttpResponse:
        parent = policy.access_organization(request.auth, payload.parent, policy.CHANGE_ORGANIZATIONS)
        with fields_renamed(effective_on="established_on"):
            organization = services.establish_organization(
                code=payload.code,
                name=payload.name,
                short_name=payload.short_name,
                kind=payload.kind,
                sector=payload.sector or parent.sector,
                parent=parent,
                established_on=payload.established_on,
                decision_number=payload.decision_number,
                decision_date=payload.decision_date,
                by=request.auth,
            )
        return respond(request, 201, OrganizationDetailOut, organization)

    return idempotency.run_once(request, idempotency_key, payload, perform)


@router.patch(
    "/organizations/{code}",
    response={200: OrganizationDetailOut, **WRITE},
    operation_id="update_organization",
    summary="Sửa thông tin tổ chức",
    description="Sửa tên viết tắt và khối/lĩnh vực (các trường không có lịch sử riêng); chỉ các trường gửi lên "
    "thay đổi. Tên và cấp trên đổi bằng sự kiện (POST …/events). Cần quyền sửa tổ chức trên tổ chức này.",
)
def update_organization(request: ApiRequest, code: CodePath, payload: OrganizationUpdateIn) -> HttpResponse:
    organization = policy.access_organization(request.auth, code, policy.CHANGE_ORGANIZATIONS)
    values = payload.model_dump(exclude_unset=True)
    if values:
        organization = services.update_organization(
            organization=organization,
            sector=values.get("sector", organization.sector),
            short_name=values.get("short_name", organization.short_name),
            by=request.auth,
        )
    return respond(request, 200, OrganizationDetailOut, organization)


def _restructurable(request: ApiRequest, code: str) -> Organization:
    """An organization the caller may rename, move, merge, split or dissolve (decided one level up)."""
    organization = policy.access_organization(request.auth, code)
    if organization.parent is None or not policy.can_restructure(request.auth, organization.parent):
        raise Http404("Không tìm thấy tổ chức.")
    if not organization.is_active:
        raise Refused(
            (
                ["path", "code"],
                f"“{organization.name}” đã giải thể ngày {vn.format_date(organization.dissolved_on)}.",
            )
        )
    return organization


def _decision(payload: Any) -> dict[str, Any]:
    return {
        "effective_on": payload.effective_on,
        "decision_number": payload.decision_number,
        "decision_date": payload.decision_date,
    }


def _rename(request: ApiRequest, organization: Organization, payload: RenameIn) -> None:
    short_name = payload.short_name if "short_name" in payload.model_fields_set else organization.short_name
    services.rename_organization(
        organization=organization,
        name=payload.name,
        short_name=short_name,
        **_decision(payload),
        by=request.auth,
    )


def _move(request: ApiRequest, organization: Organization, payload: MoveIn) -> None:
    parent = policy.access_organization(request.auth, payload.parent, policy.CHANGE_ORGANIZATIONS)
    services.move_organization(
        organization=organization, parent=parent, **_decision(payload), by=request.auth
    )


def _merge(request: ApiRequest, organization: Organization, payload: MergeIn) -> None:
    into = policy.access_organization(request.auth, payload.into, policy.CHANGE_ORGANIZATIONS)
    if into.kind != organization.kind:
        raise Refused(
            (
                [*BODY, "into"],
                f"Chỉ hợp nhất vào tổ chức cùng loại: “{organization.name}” là "
                f"{organization.get_kind_display().lower()}, “{into.name}” là {into.get_kind_display().lower()}.",
            )
        )
    with fields_renamed(organization="into", parent="into"):
        member_services.merge_organizations(
            organization=organization, into=into, **_decision(payload), by=request.auth
        )


def _split(request: ApiRequest, organization: Organization, payload: SplitIn) -> None:
    children = {child.code: child.pk for child in organization.children.active()}
    parts = []
    for number, part in enumerate(payload.parts):
        unknown = [code for code in part.children if code not in children]
        if unknown:
            raise Refused(
                (
                    [*BODY, "parts", number, "children"],
                    f"“{unknown[0]}” không phải tổ chức trực thuộc đang hoạt động của “{organization.name}”.",
                )
            )
        parts.append(
            member_services.SplitPart(
                code=part.code,
                name=part.name,
                short_name=part.short_name,
                member_ids=list(part.members),
                child_ids=[children[code] for code in part.children],
            )
        )
    with fields_renamed(code="parts", name="parts", parent="parts"):
        member_services.split_organization(
            organization=organization, parts=parts, **_decision(payload), by=request.auth
        )


def _dissolve(request: ApiRequest, organization: Organization, payload: DissolveIn) -> None:
    services.dissolve_organization(
        organization=organization, note=payload.note, **_decision(payload), by=request.auth
    )


_EVENTS: dict[str, Callable[[ApiRequest, Organization, Any], None]] = {
    EventKind.RENAME: _rename,
    EventKind.MOVE: _move,
    EventKind.MERGE: _merge,
    EventKind.SPLIT: _split,
    EventKind.DISSOLVE: _dissolve,
}


@router.post(
    "/organizations/{code}/events",
    response={201: OrganizationEventOut, **WRITE},
    operation_id="record_organization_event",
    summary="Đổi tên, chuyển trực thuộc, hợp nhất, chia tách hoặc giải thể",
    description="Một thay đổi của cây theo quyết định, có hiệu lực từ `effective_on`; `kind` chọn loại. "
    "Cần quyền sửa tổ chức trên tổ chức cấp trên của tổ chức này (404 nếu không có). "
    "Tổ chức đã giải thể, hay thay đổi trái quy tắc của cây, bị từ chối (422).",
)
def record_organization_event(
    request: ApiRequest,
    code: CodePath,
    payload: Body[EventIn],  # type: ignore[type-arg]
    idempotency_key: IdempotencyKey = None,
) -> HttpResponse:
    def perform() -> HttpResponse:
        organization = _restructurable(request, code)
        _EVENTS[payload.kind](request, organization, payload)
        event = (
            OrganizationEvent.objects.select_related("organization", "other")
            .filter(organization=organization, kind=payload.kind)
            .latest("id")
        )
        return respond(request, 201, OrganizationEventOut, event)

    return idempotency.run_once(request, idempotency_key, payload, perform)
