"""`/awards` in the JSON API."""

from ninja import Router

router = Router(tags=["Khen thưởng, huy hiệu"])
