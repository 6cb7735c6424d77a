"""`/admissions` in the JSON API."""

from ninja import Router

router = Router(tags=["Kết nạp đảng viên"])
