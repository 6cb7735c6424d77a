"""`/members`: the registry within the caller's scope, and the writes that change it.

Authorization is the UI's (members/views.py): the change right on the member's cell to edit or
transfer them, and on the cell a member is registered in or transferred to. Only who may see a member's
sensitive fields may change them. Whatever is outside that scope answers 404, like a missing id.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from ninja import Query, Router
from ninja.errors import HttpError
from ninja.pagination import paginate

from dangbo.accounts import policy
from dangbo.api import idempotency
from dangbo.api.auth import ApiRequest
from dangbo.api.common import FORBIDDEN, READ, WRITE, MemberIdPath, Pagination, fields_renamed, json_response
from dangbo.api.idempotency import IdempotencyKey
from dangbo.api.schemas import (
    DOSSIER_FIELDS,
    SENSITIVE_FIELDS,
    MemberCreateIn,
    MemberDetailOut,
    MemberFilters,
    MemberOut,
    MemberUpdateIn,
    PlacementOut,
    TransferIn,
)
from dangbo.audit.services import record_sensitive_access
from dangbo.members import services
from dangbo.members.models import Member, Placement
from dangbo.organizations.models import Organization

router = Router(tags=["Đảng viên"])


def _record(request: ApiRequest, member: Member) -> dict[str, Any]:
    """A member's record as the caller may see it; showing the sensitive fields is logged."""
    user = request.auth
    sensitive_shown = policy.may_view_sensitive(user, member)
    if sensitive_shown:
        sensitive = {name: getattr(member, name) for name in SENSITIVE_FIELDS}
        record_sensitive_access(user=user, member=member, fields=SENSITIVE_FIELDS, path=request.path)
    else:
        sensitive = dict.fromkeys(SENSITIVE_FIELDS)
    dossier = {name: getattr(member, name) for name in DOSSIER_FIELDS}
    return MemberOut.from_orm(member).dict() | dossier | sensitive | {"sensitive_shown": sensitive_shown}


def _record_response(request: ApiRequest, status: int, member: Member) -> HttpResponse:
    data = MemberDetailOut.model_validate(_record(request, member)).model_dump(mode="json")
    return json_response(data, status)


# Reads


@router.get(
    "/members",
    response={200: list[MemberOut], **READ},
    operation_id="list_members",
    summary="Danh sách đảng viên",
    description="Đảng viên trong phạm vi được xem, theo thứ tự tên tiếng Việt; không gồm thông tin nhạy cảm. "
    "404 nếu `organization` không được xem.",
)
@paginate(Pagination)
def list_members(request: ApiRequest, filters: Query[MemberFilters]) -> QuerySet[Member]:
    user = request.auth
    members = policy.visible_members(user, policy.VIEW_MEMBERS)
    if filters.organization:
        organization = policy.access_organization(user, filters.organization)
        members = members.in_organizations(Organization.objects.subtree_of(organization))
    if filters.status:
        members = members.filter(status=filters.status)
    if filters.gender:
        members = members.filter(gender=filters.gender)
    if filters.q:
        members = members.search(filters.q)
    return members.select_related("organization").vietnamese_order()


@router.get(
    "/members/{member_id}",
    response={200: MemberDetailOut, **READ},
    operation_id="get_member",
    summary="Một đảng viên",
    description="Số CCCD, dân tộc, tôn giáo chỉ có khi người gọi được xem thông tin nhạy cảm của đảng viên này; "
    "mỗi lần trả về chúng được ghi vào nhật ký. 404 nếu không có hoặc ngoài phạm vi.",
)
def get_member(request: ApiRequest, member_id: MemberIdPath) -> dict[str, Any]:
    return _record(request, policy.access_member(request.auth, member_id))


@router.get(
    "/members/{member_id}/placements",
    response={200: list[PlacementOut], **READ},
    operation_id="list_member_placements",
    summary="Quá trình sinh hoạt đảng của một đảng viên",
    description="Các nơi sinh hoạt, từ cũ đến mới. 404 nếu đảng viên không có hoặc ngoài phạm vi.",
)
def list_member_placements(request: ApiRequest, member_id: MemberIdPath) -> QuerySet[Placement]:
    member = policy.access_member(request.auth, member_id)
    return member.placements.select_related("organization").order_by("started_on", "id")


# Writes


@router.post(
    "/members",
    response={201: MemberDetailOut, **WRITE},
    operation_id="create_member",
    summary="Thêm đảng viên",
    description="Đăng ký một đảng viên vào chi bộ `organization`, với nơi sinh hoạt đầu tiên. Cần quyền sửa "
    "đảng viên trên chi bộ đó (404 nếu không có hoặc ngoài phạm vi). Vi phạm quy tắc hồ sơ (ngày tháng, tuổi, "
    "trùng số thẻ/CCCD/mã) trả 422 theo từng trường. Trả về hồ sơ như GET /members/{member_id}.",
)
def create_member(
    request: ApiRequest, payload: MemberCreateIn, idempotency_key: IdempotencyKey = None
) -> HttpResponse:
    def perform() -> HttpResponse:
        organization = policy.access_organization(request.auth, payload.organization, policy.CHANGE_MEMBERS)
        values = payload.model_dump(exclude={"organization", "placed_on"})
        member = services.create_member(
            values=values, organization=organization, placed_on=payload.placed_on, by=request.auth
        )
        return _record_response(request, 201, member)

    return idempotency.run_once(request, idempotency_key, payload, perform)


@router.patch(
    "/members/{member_id}",
    response={200: MemberDetailOut, **WRITE, **FORBIDDEN},
    operation_id="update_member",
    summary="Sửa hồ sơ đảng viên",
    description="Chỉ các trường gửi lên thay đổi. Cần quyền sửa đảng viên trên chi bộ của đảng viên (404 nếu "
    "không có). Sửa số CCCD, dân tộc, tôn giáo mà không được xem chúng: 403. Chuyển chi bộ: POST "
    "…/placements. Đưa ra khỏi danh sách (chuyển đi, xóa tên, từ trần…): đổi `status`. Trả về hồ sơ như "
    "GET /members/{member_id}.",
)
def update_member(request: ApiRequest, member_id: MemberIdPath, payload: MemberUpdateIn) -> HttpResponse:
    user = request.auth
    member = policy.access_member(user, member_id, policy.CHANGE_MEMBERS)
    values = payload.model_dump(exclude_unset=True)
    hidden = [name for name in SENSITIVE_FIELDS if name in values]
    if hidden and not policy.may_view_sensitive(user, member):
        raise HttpError(403, f"Không có quyền sửa thông tin nhạy cảm của đảng viên này: {', '.join(hidden)}.")
    if values:
        member = services.update_member(member=member, values=values, by=user)
    return _record_response(request, 200, member)


@router.post(
    "/members/{member_id}/placements",
    response={201: MemberDetailOut, **WRITE},
    operation_id="transfer_member",
    summary="Chuyển sinh hoạt đảng (chính thức)",
    description="Kết thúc nơi sinh hoạt hiện tại vào ngày `effective_on` và mở nơi sinh hoạt mới tại chi bộ "
    "`to`. Cần quyền sửa đảng viên trên chi bộ hiện tại và trên chi bộ `to` (404 nếu không có hoặc ngoài "
    "phạm vi). Trả về hồ sơ như GET /members/{member_id}, sau khi chuyển.",
)
def transfer_member(
    request: ApiRequest, member_id: MemberIdPath, payload: TransferIn, idempotency_key: IdempotencyKey = None
) -> HttpResponse:
    def perform() -> HttpResponse:
        user = request.auth
        member = policy.access_member(user, member_id, policy.CHANGE_MEMBERS)
        to = policy.access_organization(user, payload.to, policy.CHANGE_MEMBERS)
        with fields_renamed(organization="to"):
            member = services.transfer_member(
                member=member, to=to, effective_on=payload.effective_on, note=payload.note, by=user
            )
        return _record_response(request, 201, member)

    return idempotency.run_once(request, idempotency_key, payload, perform)
