"""The JSON API (`/api/v1/`): organizations and members within the caller's scope, read and written.

Every operation authenticates with a bearer token (auth.py), fetches through `accounts.policy` (objects
outside the scope answer 404 exactly like missing ones), writes through the same services as the UI with
the token's user as the actor, and documents each status it can answer, so the OpenAPI document at
`/api/v1/openapi.json` describes every response a client can get. The operations live in
organizations.py and members.py; this module holds the API object and the error responses.
"""

from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.docs import Swagger
from ninja.openapi.schema import OpenAPISchema

from dangbo.api import (
    admissions,
    assessment_entries,
    assessments,
    awards,
    discipline,
    members,
    movements,
    organizations,
)
from dangbo.api.auth import UNAUTHORIZED_MESSAGE, TokenAuth
from dangbo.api.common import Refused, service_errors
from dangbo.members.models import Gender, PlacementKind, Status
from dangbo.organizations.models import EventKind, Kind, Sector

# The choices the document lists, described by their Vietnamese labels (rather than by the docstring of
# the model's choices class, which pydantic would copy in English).
CHOICES: dict[str, type[Any]] = {
    "Kind": Kind,
    "Sector": Sector,
    "EventKind": EventKind,
    "Gender": Gender,
    "Status": Status,
    "PlacementKind": PlacementKind,
}


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


class Api(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> OpenAPISchema:
        document = super().get_openapi_schema(**kwargs)
        for name, schema in document.get("components", {}).get("schemas", {}).items():
            if name in CHOICES:
                schema["description"] = "; ".join(f"{c.value}: {c.label}" for c in CHOICES[name]) + "."
        return document


api = Api(
    title="dangbo API",
    version="1",
    description="Đọc và ghi dữ liệu tổ chức đảng và đảng viên trong phạm vi được phân quyền của người dùng, "
    "bằng đúng các quy tắc và nhật ký của giao diện. Xác thực bằng tiêu đề 'Authorization: Bearer <mã>'; "
    "tạo mã ở trang “Mã truy cập API” (/account/tokens/) hoặc bằng lệnh `dangbo token TÊN_ĐĂNG_NHẬP`. "
    "Các lệnh POST nhận tiêu đề 'Idempotency-Key' để gửi lại an toàn khi không nhận được phản hồi.",
    auth=TokenAuth(),
    urls_namespace="api",
    docs=OfflineSwagger(),
    docs_url="/docs",
)
api.add_router("", organizations.router)
api.add_router("", members.router)
for module in (assessments, assessment_entries, admissions, movements, awards, discipline):
    api.add_router("", module.router)


# Errors: JSON with a Vietnamese `detail`.


@api.exception_handler(AuthenticationError)
def unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(request, {"detail": UNAUTHORIZED_MESSAGE}, status=401)
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Không tìm thấy."}, status=404)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # django-ninja raises 400 for a body it cannot parse; its message is English.
    detail = "Nội dung yêu cầu không phải JSON hợp lệ." if exc.status_code == 400 else str(exc)
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


_ERROR_MESSAGES = {
    "missing": "thiếu giá trị bắt buộc",
    "int_parsing": "phải là số nguyên",
    "int_type": "phải là số nguyên",
    "int_from_float": "phải là số nguyên",
    "bool_parsing": "phải là true hoặc false",
    "bool_type": "phải là true hoặc false",
    "string_type": "phải là chuỗi ký tự",
    "string_unicode": "chứa ký tự không hợp lệ",
    "greater_than_equal": "phải lớn hơn hoặc bằng {ge}",
    "less_than_equal": "phải nhỏ hơn hoặc bằng {le}",
    "string_too_short": "không được để trống",
    "string_too_long": "dài quá {max_length} ký tự",
    "string_pattern_mismatch": "chứa ký tự không hợp lệ",
    "enum": "phải là một trong các giá trị {expected}",
    "literal_error": "phải là một trong các giá trị {expected}",
    "date_parsing": "không phải ngày hợp lệ (YYYY-MM-DD)",
    "date_from_datetime_parsing": "không phải ngày hợp lệ (YYYY-MM-DD)",
    "date_from_datetime_inexact": "không phải ngày hợp lệ (YYYY-MM-DD)",
    "date_type": "không phải ngày hợp lệ (YYYY-MM-DD)",
    "list_type": "phải là một danh sách",
    "too_short": "phải có ít nhất {min_length} phần tử",
    "too_long": "có nhiều nhất {max_length} phần tử",
    "model_type": "phải là một đối tượng JSON",
    "model_attributes_type": "phải là một đối tượng JSON",
    "dict_type": "phải là một đối tượng JSON",
    "extra_forbidden": "không có trường này",
    "union_tag_invalid": "{discriminator} phải là một trong các giá trị {expected_tags}",
    "union_tag_not_found": "thiếu trường {discriminator}",
}


def _error_message(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    if kind.startswith("dangbo_"):  # ours, already in Vietnamese (schemas.py)
        return str(error.get("msg", "giá trị không hợp lệ"))
    template = _ERROR_MESSAGES.get(kind, "giá trị không hợp lệ")
    # pydantic lists choices in English: "'a', 'b' or 'c'".
    context = {
        k: v.replace("' or '", "' hoặc '") if isinstance(v, str) else v
        for k, v in error.get("ctx", {}).items()
    }
    try:
        return template.format(**context)
    except (KeyError, IndexError):
        return "giá trị không hợp lệ"


def _invalid(request: HttpRequest, detail: str, errors: list[tuple[list[str | int], str]]) -> HttpResponse:
    body = {"detail": detail, "errors": [{"loc": loc, "message": message} for loc, message in errors]}
    return api.create_response(request, body, status=422)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors: list[tuple[list[str | int], str]] = [
        (
            [part if isinstance(part, int) else str(part) for part in error.get("loc", ())],
            _error_message(error),
        )
        for error in exc.errors
    ]
    summary = "; ".join(f"{loc[-1] if loc else '?'}: {message}" for loc, message in errors)
    detail = f"Dữ liệu không hợp lệ ({summary})." if summary else "Dữ liệu không hợp lệ."
    return _invalid(request, detail, errors)


@api.exception_handler(DjangoValidationError)
def refused_by_service(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    """A service's rule, in the service's Vietnamese words, keyed by the body's field when it names one."""
    errors = service_errors(exc)
    return _invalid(request, " ".join(message for _, message in errors), errors)


@api.exception_handler(Refused)
def refused(request: HttpRequest, exc: Refused) -> HttpResponse:
    return _invalid(request, " ".join(message for _, message in exc.errors), exc.errors)
