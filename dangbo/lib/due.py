"""What is due and what is late: the shape every app's deadlines take on the "due and late" page.

Each app that has deadlines (admissions, movements, awards, discipline...) has a module `due.py` with
`def due_items(user, *, today) -> list[DueItem]`, returning the items within the user's scope (through
`accounts.policy`) in a bounded number of queries. The page and the home counts collect them from the
apps listed in `PROVIDERS`.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# Apps whose `due.py` contributes items, in the order their sections appear.
PROVIDERS = (
    "dangbo.admissions",
    "dangbo.assessments",
    "dangbo.movements",
    "dangbo.awards",
    "dangbo.discipline",
)


@dataclass(frozen=True)
class DueItem:
    kind: str  # a stable code, e.g. "probation_ending", "recognition_overdue", "transfer_not_presented"
    title: str  # Vietnamese, e.g. "Công nhận đảng viên chính thức"
    subject: str  # who or what: a member's or an organization's name
    organization: str  # the organization's name, for grouping
    due_on: dt.date
    url: str  # where to act on it
    rule: str = ""  # the RULES.md entry, e.g. "R19"
    note: str = ""

    def is_late(self, today: dt.date) -> bool:
        return self.due_on < today


def providers() -> list[Callable[..., list[DueItem]]]:
    found = []
    for app in PROVIDERS:
        try:
            module: Any = importlib.import_module(f"{app}.due")
        except ModuleNotFoundError as error:
            if error.name != f"{app}.due":
                raise
            continue
        found.append(module.due_items)
    return found


def collect(user: Any, *, today: dt.date) -> list[DueItem]:
    """Every app's items for the user, soonest first."""
    items = [item for provider in providers() for item in provider(user, today=today)]
    return sorted(items, key=lambda item: (item.due_on, item.kind, item.subject))


@dataclass
class DueCount:
    kind: str
    title: str
    due: int = 0
    late: int = 0


def summarize(items: list[DueItem], *, today: dt.date) -> list[DueCount]:
    """Per kind of item, in order of first appearance: how many are due, and how many of them are late."""
    counts: dict[str, DueCount] = {}
    for item in items:
        count = counts.setdefault(item.kind, DueCount(item.kind, item.title))
        count.due += 1
        count.late += item.is_late(today)
    return list(counts.values())
