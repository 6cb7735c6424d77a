"""`/movements` in the JSON API."""

from ninja import Router

router = Router(tags=["Chuyển sinh hoạt, miễn, ra khỏi Đảng"])
