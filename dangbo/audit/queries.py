"""Reading the change history that database triggers (django-pghistory) wrote."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from pghistory.models import Events

from dangbo.lib import vn

# Columns that are derived or internal: not shown in a change history.
HIDDEN_FIELDS = {"search_text", "sort_key", "path", "depth", "id", "family_name", "middle_name", "given_name"}
LABELS = {"insert": "Tạo mới", "update": "Sửa", "delete": "Xóa"}


@dataclass
class Change:
    at: dt.datetime
    model: str  # verbose name of the changed table, e.g. "đảng viên"
    label: str  # Tạo mới / Sửa / Xóa
    actor: str
    action: str
    fields: list[tuple[str, str, str]]  # (field label, before, after), display-ready


def _field(model: type[models.Model], name: str) -> models.Field | None:
    try:
        return model._meta.get_field(name.removesuffix("_id"))  # type: ignore[return-value]
    except Exception:
        return None


def _related(field: models.Field) -> type[models.Model] | None:
    """The model a foreign key points to (resolved: never the string "self")."""
    model = field.related_model if field.is_relation else None
    return model if isinstance(model, type) else None


def history_of(
    obj: models.Model, *, hide: frozenset[str] | set[str] = frozenset(), limit: int = 200
) -> list[Change]:
    """Changes to `obj` and to rows that reference it (a member's placements), newest first.

    A fixed number of queries whatever the number of events: the events, the users, and one per
    kind of referenced object (organizations...) to show names instead of ids. Fields in `hide`
    (sensitive ones the viewer may not see) are left out, like the internal ones.
    """
    events = list(Events.objects.references(obj).order_by("-pgh_created_at", "-pgh_id")[:limit])
    user_ids = {(e.pgh_context or {}).get("user") for e in events} - {None}
    users = get_user_model().objects.in_bulk(user_ids)
    raw = []
    wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
    for event in events:
        tracked = apps.get_model(event.pgh_model).pgh_tracked_model  # type: ignore[attr-defined]
        diff = event.pgh_diff or {k: (None, v) for k, v in (event.pgh_data or {}).items()}
        items = []
        for name, (before, after) in diff.items():
            field = _field(tracked, name)
            if name in HIDDEN_FIELDS or name in hide or field is None:
                continue
            if before in (None, "") and after in (None, ""):
                continue  # an empty field on creation says nothing
            if related := _related(field):
                wanted[related] |= {v for v in (before, after) if v is not None}
            items.append((field, before, after))
        raw.append((event, tracked, items))
    names = {model: model._default_manager.in_bulk(ids) for model, ids in wanted.items()}

    def show(field: models.Field, value: Any) -> str:
        if value is None or value == "":
            return "—"
        if related := _related(field):
            return str(names[related].get(value, value))
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(field, models.DateField) and isinstance(value, str):
            return vn.format_date(dt.date.fromisoformat(value[:10]))
        return str(value)

    changes = []
    for event, tracked, items in raw:
        context = event.pgh_context or {}
        actor = users.get(context.get("user"))
        changes.append(
            Change(
                at=event.pgh_created_at,
                model=str(tracked._meta.verbose_name),
                label=LABELS.get(event.pgh_label, event.pgh_label),
                actor=str(actor) if actor else "hệ thống",
                action=context.get("action", ""),
                fields=[(str(f.verbose_name), show(f, b), show(f, a)) for f, b, a in items],
            )
        )
    return changes
