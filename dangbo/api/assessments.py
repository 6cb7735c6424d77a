"""`/assessments` in the JSON API."""

from ninja import Router

router = Router(tags=["Đánh giá, xếp loại"])
