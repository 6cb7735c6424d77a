"""What the API's operations share: pagination, declared responses, errors, JSON responses."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse
from ninja import Field, Path, Schema
from ninja.pagination import LimitOffsetPagination
from ninja.responses import NinjaJSONEncoder

from dangbo.api.schemas import CODE_MAX_LENGTH, MAX_ID, PATH_CODE, Error, ValidationErrorOut

MAX_LIMIT = 500
MAX_OFFSET = 1_000_000_000
JSON = "application/json; charset=utf-8"
BODY = ["body", "payload"]  # where django-ninja reports a request body's errors

CodePath = Annotated[
    str,
    Path(..., min_length=1, max_length=CODE_MAX_LENGTH, pattern=PATH_CODE, description="Mã tổ chức."),
]
MemberIdPath = Annotated[int, Path(..., ge=1, le=MAX_ID, description="Mã số (id) đảng viên.")]


class Pagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT, description=f"Số kết quả tối đa (1–{MAX_LIMIT}).")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Bỏ qua chừng này kết quả đầu.")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)


# The responses every operation declares, so that the OpenAPI document lists each status it can answer.
BAD_JSON = {400: Error}  # a body that is not JSON
UNAUTHORIZED = {401: Error}
FORBIDDEN = {403: Error}
NOT_FOUND = {404: Error}
INVALID = {422: ValidationErrorOut}
READ = {**UNAUTHORIZED, **NOT_FOUND, **INVALID}
WRITE = {**BAD_JSON, **UNAUTHORIZED, **NOT_FOUND, **INVALID}


class Refused(Exception):
    """A request the API refuses with 422: `errors` pairs a location with a Vietnamese message."""

    def __init__(self, *errors: tuple[list[str | int], str]) -> None:
        super().__init__(errors)
        self.errors = list(errors)


def service_errors(error: DjangoValidationError) -> list[tuple[list[str | int], str]]:
    """A service's ValidationError as located messages: a field it names is a field of the body."""
    if hasattr(error, "error_dict"):
        return [
            ([*BODY] if field == "__all__" else [*BODY, field], message)
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return [([*BODY], message) for message in error.messages]


@contextmanager
def fields_renamed(**names: str) -> Iterator[None]:
    """Report a service's errors under the body's field names (`organization="to"`: its "organization"
    error is about the body's "to")."""
    try:
        yield
    except DjangoValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise DjangoValidationError(
            {names.get(field, field): errors for field, errors in error.error_dict.items()}
        ) from error


def json_response(data: Any, status: int) -> HttpResponse:
    return HttpResponse(json.dumps(data, cls=NinjaJSONEncoder), status=status, content_type=JSON)


def respond(request: HttpRequest, status: int, schema: type[Schema], obj: Any) -> HttpResponse:
    """`obj` serialized by `schema` exactly as django-ninja would, as a response we can also store."""
    data = schema.model_validate(obj, context={"request": request}).model_dump(mode="json")
    return json_response(data, status)
