"""Idempotent writes: a POST sent with an `Idempotency-Key` header happens once.

A client that gets no answer (a timeout, a dropped connection) sends the same request again with the
same key; it then receives the first response, status and body, and nothing is written twice. The key
belongs to the user and lasts 24 hours; the same key with a different request (method, path or body) is
refused with 422.

The key's row is inserted before the write, in the write's transaction: a concurrent retry waits on the
unique index until the first request commits, then replays it. A request that fails (404, 422) leaves
no row, so it can be corrected and sent again with the same key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from typing import Annotated

from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils import timezone
from ninja import Header, Schema

from dangbo.api.auth import ApiRequest
from dangbo.api.common import JSON, Refused
from dangbo.api.models import IdempotentRequest
from dangbo.api.schemas import IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_MAX_LENGTH

WINDOW = dt.timedelta(hours=24)
HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
DESCRIPTION = (
    "Mã chống lặp do máy khách tự tạo (ví dụ một UUID), tối đa 255 ký tự ASCII nhìn thấy được. Gửi lại "
    "cùng yêu cầu với cùng mã trong 24 giờ thì nhận lại đúng phản hồi lần đầu mà không ghi lần thứ hai; "
    "cùng mã với yêu cầu khác bị từ chối (422)."
)

IdempotencyKey = Annotated[
    str | None,
    Header(
        None,
        alias=HEADER,
        min_length=1,
        max_length=IDEMPOTENCY_KEY_MAX_LENGTH,
        pattern=IDEMPOTENCY_KEY,
        description=DESCRIPTION,
    ),
]


def request_hash(request: ApiRequest, payload: Schema) -> str:
    """What makes two requests the same: method, path and the validated body (defaults filled in)."""
    text = json.dumps(
        {"method": request.method, "path": request.path, "body": payload.model_dump(mode="json")},
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(text.encode()).hexdigest()


def _replay(record: IdempotentRequest, digest: str) -> HttpResponse:
    if record.request_hash != digest:
        raise Refused(
            (
                ["header", HEADER],
                f"Mã {HEADER} “{record.key}” đã được dùng cho một yêu cầu khác trong 24 giờ qua; "
                "hãy dùng mã mới cho yêu cầu mới.",
            )
        )
    response = HttpResponse(record.response_body, status=record.status_code, content_type=JSON)
    response[REPLAYED_HEADER] = "true"
    return response


def run_once(
    request: ApiRequest, key: str | None, payload: Schema, perform: Callable[[], HttpResponse]
) -> HttpResponse:
    """`perform()` (which writes through a service) once per user and key; without a key, every time."""
    if key is None:
        return perform()
    user = request.auth
    digest = request_hash(request, payload)
    with transaction.atomic():
        IdempotentRequest.objects.filter(user=user, created_at__lt=timezone.now() - WINDOW).delete()
        try:
            with transaction.atomic():
                record = IdempotentRequest.objects.create(
                    user=user, key=key, request_hash=digest, status_code=0, response_body=""
                )
        except IntegrityError:
            return _replay(IdempotentRequest.objects.get(user=user, key=key), digest)
        response = perform()
        record.status_code = response.status_code
        record.response_body = response.content.decode()
        record.save(update_fields=["status_code", "response_body"])
        return response
