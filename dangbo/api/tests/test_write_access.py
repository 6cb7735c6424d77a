"""Every write operation × every persona → the exact status, for objects of organization A.

Like the access matrix (tests/test_access_matrix.py), with JSON bodies: each persona's request is
rolled back, so every one meets the same world. The core operations' rows are here; each app keeps the
rows of its operations as `API_WRITES` in its tests/access.py (see writes.py), collected below.
"""

from __future__ import annotations

import importlib

from django.apps import apps

from dangbo.api.tests.base import ApiTestCase
from dangbo.api.tests.writes import Write, answers, statuses
from dangbo.workdays.tests.helpers import FreshCalendarMixin

MEMBER = {
    "organization": "A1",
    "full_name": "Vũ Thị Mai",
    "gender": "female",
    "birth_date": "1990-04-12",
    "admission_date": "2015-05-19",
}
CORE_WRITES: dict[str, Write] = {
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


def _app_writes() -> dict[str, Write]:
    """Rows that an app keeps beside its access rows: `API_WRITES` in `dangbo/<app>/tests/access.py`."""
    rows: dict[str, Write] = {}
    for config in apps.get_app_configs():
        if config.name.startswith("dangbo."):
            name = f"{config.name}.tests.access"
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as missing:
                if missing.name not in {name, f"{config.name}.tests"}:
                    raise
                continue
            rows |= getattr(module, "API_WRITES", {})
    return rows


API_WRITES: dict[str, Write] = CORE_WRITES | _app_writes()


class WriteAccessTests(FreshCalendarMixin, ApiTestCase):
    def check(self, name: str) -> None:
        self.assertEqual(answers(self, API_WRITES[name]), API_WRITES[name].expected, name)

    def test_every_write_operation_has_a_row(self) -> None:
        from dangbo.api.api import api

        operations = {
            op["operationId"]
            for methods in api.get_openapi_schema()["paths"].values()
            for method, op in methods.items()
            if method in {"post", "patch", "put", "delete"}
        }
        self.assertEqual(set(API_WRITES) - operations, set(), "these rows name no write operation")
        self.assertEqual(operations - set(API_WRITES), set(), "add rows for these write operations")


for _name in API_WRITES:
    setattr(WriteAccessTests, f"test_{_name}", lambda self, name=_name: self.check(name))
