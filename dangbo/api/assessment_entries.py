"""`/assessments` in the JSON API: the workflow entries (self-assessments, proposals, decisions)."""

from ninja import Router

router = Router(tags=["Đánh giá, xếp loại"])
