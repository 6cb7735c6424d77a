"""Attach the acting user and the action's name to every audit row a service writes."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

import pghistory
import pghistory.runtime
from django.db import transaction

P = ParamSpec("P")
R = TypeVar("R")


def action(name: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Make a service atomic and label the history rows its writes leave with `by` and `name`.

    The rows themselves are written by database triggers (django-pghistory), so bulk writes and
    raw SQL inside the service are recorded too.
    """

    def decorate(fn: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(fn)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            by: Any = kwargs.get("by")
            current = getattr(pghistory.runtime._tracker, "value", None)
            if current is not None and "action" in current.metadata:
                # Called from inside another action (a merge dissolves...): the outer action names the change.
                with transaction.atomic():
                    return fn(*args, **kwargs)
            metadata = {"action": name}
            if by is not None:
                metadata["user"] = by.pk
            with transaction.atomic(), pghistory.context(**metadata):
                return fn(*args, **kwargs)

        return wrapper

    return decorate
