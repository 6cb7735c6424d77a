"""The rows of the write-access matrix (test_write_access.py) and the runner that checks one.

Each app keeps the rows of its own write operations beside its access-matrix rows, as `API_WRITES` in
`dangbo/<app>/tests/access.py`, keyed by the operation's operationId; test_write_access.py collects them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db import transaction
from django.test import Client, override_settings

from dangbo.testing import PERSONAS, World


@dataclass
class Write:
    method: str
    url: Callable[[World], str]  # called inside each persona's rolled-back transaction
    body: dict[str, Any] | Callable[[World], dict[str, Any]] | None  # called after `url`; None: no body
    expected: dict[str, int]
    settings: dict[str, Any] = field(default_factory=dict)  # e.g. {"DANGBO_TODAY": ...} for dated rules


def statuses(ok: int, **overrides: int) -> dict[str, int]:
    """`ok` for office staff, A's secretary and the superuser; 404 for the others; 401 anonymous."""
    return (
        {p: 404 for p in PERSONAS}
        | {"anonymous": 401, "office_staff": ok, "secretary_a": ok, "superuser": ok}
        | overrides
    )


class _WorldWithKeys(Protocol):
    world: World
    keys: dict[str, str]


def answers(case: _WorldWithKeys, write: Write) -> dict[str, int]:
    """The status each persona gets for `write`; every request is rolled back, so all meet the same world."""
    got = {}
    for persona in PERSONAS:
        headers = {} if persona == "anonymous" else {"Authorization": f"Bearer {case.keys[persona]}"}
        with override_settings(**write.settings), transaction.atomic():
            url = write.url(case.world)
            body = write.body(case.world) if callable(write.body) else write.body
            response = getattr(Client(), write.method)(
                url,
                json.dumps(body) if body is not None else "",
                content_type="application/json",
                headers=headers,
            )
            got[persona] = response.status_code
            transaction.set_rollback(True)
    return got
