"""Reading the change history that database triggers (django-pghistory) wrote."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from pghistory.models import Events

# Columns that are derived or internal: not shown in a change history.
HIDDEN_FIELDS = {"search_text", "sort_key", "path", "depth", "id"}


@dataclass
class Change:
    at: dt.datetime
    model: str
    label: str  # insert / update / delete
    actor: str
    action: str
    fields: list[tuple[str, Any, Any]]  # (field name, before, after)


def history_of(obj: models.Model, *, limit: int = 200) -> list[Change]:
    """The changes to `obj` and to the rows that reference it (placements of a member...), newest first.

    Three queries whatever the number of events: events, users, nothing per row.
    """
    events = list(Events.objects.references(obj).order_by("-pgh_created_at")[:limit])
    user_ids = {e.pgh_context.get("user") for e in events if e.pgh_context and e.pgh_context.get("user")}
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=user_ids)}
    changes = []
    for event in events:
        context = event.pgh_context or {}
        actor = users.get(context.get("user"))
        if event.pgh_diff:
            fields = [(k, v[0], v[1]) for k, v in event.pgh_diff.items() if k not in HIDDEN_FIELDS]
        else:
            fields = [(k, None, v) for k, v in (event.pgh_data or {}).items() if k not in HIDDEN_FIELDS]
        changes.append(
            Change(
                at=event.pgh_created_at,
                model=event.pgh_model,
                label=event.pgh_label,
                actor=str(actor) if actor else "hệ thống",
                action=context.get("action", ""),
                fields=fields,
            )
        )
    return changes
