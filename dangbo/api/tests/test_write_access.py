"""Every write operation × every persona → the exact status, for objects of organization A.

Like the access matrix (tests/test_access_matrix.py), with JSON bodies: each persona's request is
rolled back, so every one meets the same world.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.test import Client

from dangbo.api.tests.base import ApiTestCase
from dangbo.testing import PERSONAS, World


@dataclass
class Write:
    method: str
    url: Callable[[World], str]
    body: dict[str, Any]
    expected: dict[str, int]


def statuses(ok: int, **overrides: int) -> dict[str, int]:
    """`ok` for office staff, A's secretary and the superuser; 404 for the others; 401 anonymous."""
    return (
        {p: 404 for p in PERSONAS}
        | {
            "anonymous": 401,
            "office_staff": ok,
            "secretary_a": ok,
            "superuser": ok,
        }
        | overrides
    )


MEMBER = {
    "organization": "A1",
    "full_name": "Vũ Thị Mai",
    "gender": "female",
    "birth_date": "1990-04-12",
    "admission_date": "2015-05-19",
}
WRITES = {
    "create_member": Write("post", lambda w: "/api/v1/members", MEMBER, statuses(201, clerk_a1=201)),
    "update_member": Write(
        "patch", lambda w: f"/api/v1/members/{w.member_a1.pk}", {"phone": "0912"}, statuses(200, clerk_a1=200)
    ),
    "transfer_member": Write(
        "post",
        lambda w: f"/api/v1/members/{w.member_a1.pk}/placements",
        {"to": "A2", "effective_on": "2024-07-01"},
        statuses(201),  # the clerk of A1 may not change A2
    ),
    "establish_organization": Write(
        "post",
        lambda w: "/api/v1/organizations",
        {
            "parent": "A",
            "code": "A3",
            "name": "Chi bộ Thanh tra",
            "kind": "cell",
            "established_on": "2020-01-01",
        },
        statuses(201),
    ),
    "update_organization": Write(
        "patch", lambda w: "/api/v1/organizations/A1", {"short_name": "CBNS"}, statuses(200, clerk_a1=200)
    ),
    "record_organization_event": Write(
        "post",
        lambda w: "/api/v1/organizations/A1/events",
        {"kind": "rename", "name": "Chi bộ Ngân sách", "effective_on": "2024-01-01"},
        statuses(201),  # decided one level up: the clerk of A1 may not
    ),
}


class WriteAccessTests(ApiTestCase):
    def check(self, name: str) -> None:
        write = WRITES[name]
        got = {}
        for persona in PERSONAS:
            headers = {} if persona == "anonymous" else {"Authorization": f"Bearer {self.keys[persona]}"}
            with transaction.atomic():
                response = getattr(Client(), write.method)(
                    write.url(self.world),
                    json.dumps(write.body),
                    content_type="application/json",
                    headers=headers,
                )
                got[persona] = response.status_code
                transaction.set_rollback(True)
        self.assertEqual(got, write.expected, name)

    def test_every_write_operation_has_a_row(self) -> None:
        from dangbo.api.api import api

        operations = {
            op["operationId"]
            for methods in api.get_openapi_schema()["paths"].values()
            for method, op in methods.items()
            if method in {"post", "patch", "put", "delete"}
        }
        self.assertEqual(operations, set(WRITES))


for _name in WRITES:
    setattr(WriteAccessTests, f"test_{_name}", lambda self, name=_name: self.check(name))
