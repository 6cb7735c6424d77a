"""The JSON API (`/api/v1/`): read organizations and members within the caller's scope.

Every operation authenticates with a bearer token (auth.py), fetches through `accounts.policy` (objects
outside the scope answer 404 exactly like missing ones) and documents each status it can answer, so the
OpenAPI document at `/api/v1/openapi.json` describes every response a client can get.
"""

from typing import Any

from django.apps import apps
from django.db.models import F, Func, Q, QuerySet, Value
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, NinjaAPI, Path, Query, Schema
from ninja.errors import AuthenticationError, ValidationError
from ninja.openapi.docs import Swagger
from ninja.pagination import LimitOffsetPagination, paginate

from dangbo.accounts import policy
from dangbo.api.auth import UNAUTHORIZED_MESSAGE, ApiRequest, TokenAuth
from dangbo.api.schemas import (
    CODE_MAX_LENGTH,
    PATH_CODE,
    SENSITIVE_FIELDS,
    Error,
    MemberDetailOut,
    MemberFilters,
    MemberOut,
    OrganizationDetailOut,
    OrganizationFilters,
    OrganizationOut,
    ValidationErrorOut,
)
from dangbo.audit.services import record_sensitive_access
from dangbo.lib import vn
from dangbo.members.models import Member
from dangbo.organizations.models import Organization, OrganizationQuerySet

MAX_LIMIT = 500
MAX_OFFSET = 1_000_000_000
MAX_ID = 2**63 - 1  # bigint


class OfflineSwagger(Swagger):
    """Swagger UI from django-ninja's packaged static files, never from a CDN: dangbo runs offline.

    django-ninja falls back to a CDN page unless "ninja" is an installed app, so without it the docs
    page answers 404. `validatorUrl: None` keeps Swagger UI from calling validator.swagger.io.
    """

    default_settings = Swagger.default_settings | {"validatorUrl": None}

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        if not apps.is_installed("ninja"):
            raise Http404("Trang tài liệu API chưa được bật.")
        return super().render_page(request, api, **kwargs)


api = NinjaAPI(
    title="dangbo API",
    version="1",
    description="Đọc dữ liệu tổ chức đảng và đảng viên trong phạm vi được phân quyền của người dùng. "
    "Xác thực bằng tiêu đề 'Authorization: Bearer <mã>'; cấp mã bằng lệnh `dangbo token TÊN_ĐĂNG_NHẬP`.",
    auth=TokenAuth(),
    urls_namespace="api",
    docs=OfflineSwagger(),
    docs_url="/docs",
)


class Pagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT, description=f"Số kết quả tối đa (1–{MAX_LIMIT}).")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Bỏ qua chừng này kết quả đầu.")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)


UNAUTHORIZED = {401: Error}
NOT_FOUND = {404: Error}
INVALID = {422: ValidationErrorOut}


# Errors: JSON with a Vietnamese `detail`.


@api.exception_handler(AuthenticationError)
def unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(request, {"detail": UNAUTHORIZED_MESSAGE}, status=401)
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Không tìm thấy."}, status=404)


_ERROR_MESSAGES = {
    "missing": "thiếu giá trị bắt buộc",
    "int_parsing": "phải là số nguyên",
    "int_type": "phải là số nguyên",
    "int_from_float": "phải là số nguyên",
    "bool_parsing": "phải là true hoặc false",
    "bool_type": "phải là true hoặc false",
    "greater_than_equal": "phải lớn hơn hoặc bằng {ge}",
    "less_than_equal": "phải nhỏ hơn hoặc bằng {le}",
    "string_too_long": "dài quá {max_length} ký tự",
    "string_pattern_mismatch": "chứa ký tự không hợp lệ",
    "enum": "phải là một trong các giá trị {expected}",
}


def _error_message(error: dict[str, Any]) -> str:
    template = _ERROR_MESSAGES.get(error.get("type", ""), "giá trị không hợp lệ")
    try:
        return template.format(**error.get("ctx", {}))
    except (KeyError, IndexError):
        return "giá trị không hợp lệ"


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = []
    for error in exc.errors:
        loc = [part if isinstance(part, int) else str(part) for part in error.get("loc", ())]
        errors.append({"loc": loc, "message": _error_message(error)})
    summary = "; ".join(f"{e['loc'][-1] if e['loc'] else '?'}: {e['message']}" for e in errors)
    detail = f"Dữ liệu không hợp lệ ({summary})." if summary else "Dữ liệu không hợp lệ."
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


# Organizations

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


@api.get(
    "/organizations",
    response={200: list[OrganizationOut], **UNAUTHORIZED, **NOT_FOUND, **INVALID},
    operation_id="list_organizations",
    summary="Danh sách tổ chức đảng",
    description="Các tổ chức trong phạm vi được xem, theo thứ tự cây. 404 nếu `subtree` không được xem.",
    tags=["Tổ chức đảng"],
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


@api.get(
    "/organizations/{code}",
    response={200: OrganizationDetailOut, **UNAUTHORIZED, **NOT_FOUND, **INVALID},
    operation_id="get_organization",
    summary="Một tổ chức đảng",
    description="Tổ chức và các cấp trên được xem (để hiển thị đường dẫn). 404 nếu không có hoặc ngoài phạm vi.",
    tags=["Tổ chức đảng"],
)
def get_organization(
    request: ApiRequest,
    code: str = Path(
        ..., min_length=1, max_length=CODE_MAX_LENGTH, pattern=PATH_CODE, description="Mã tổ chức."
    ),
) -> Organization:
    return policy.access_organization(request.auth, code)


# Members


@api.get(
    "/members",
    response={200: list[MemberOut], **UNAUTHORIZED, **NOT_FOUND, **INVALID},
    operation_id="list_members",
    summary="Danh sách đảng viên",
    description="Đảng viên trong phạm vi được xem, theo thứ tự tên tiếng Việt; không gồm thông tin nhạy cảm. "
    "404 nếu `organization` không được xem.",
    tags=["Đảng viên"],
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


@api.get(
    "/members/{member_id}",
    response={200: MemberDetailOut, **UNAUTHORIZED, **NOT_FOUND, **INVALID},
    operation_id="get_member",
    summary="Một đảng viên",
    description="Số CCCD, dân tộc, tôn giáo chỉ có khi người gọi được xem thông tin nhạy cảm của đảng viên này; "
    "mỗi lần trả về chúng được ghi vào nhật ký. 404 nếu không có hoặc ngoài phạm vi.",
    tags=["Đảng viên"],
)
def get_member(
    request: ApiRequest, member_id: int = Path(..., ge=1, le=MAX_ID, description="Mã số (id) đảng viên.")
) -> dict[str, Any]:
    user = request.auth
    member = policy.access_member(user, member_id)
    sensitive_shown = policy.may_view_sensitive(user, member)
    if sensitive_shown:
        sensitive = {name: getattr(member, name) for name in SENSITIVE_FIELDS}
        record_sensitive_access(user=user, member=member, fields=SENSITIVE_FIELDS, path=request.path)
    else:
        sensitive = dict.fromkeys(SENSITIVE_FIELDS)
    return MemberOut.from_orm(member).dict() | sensitive | {"sensitive_shown": sensitive_shown}
