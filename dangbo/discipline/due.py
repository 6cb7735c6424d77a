"""What is due in discipline, for the roles that handle it only: disciplines ending within a month (R32:
check that no complaint, repeat or new violation holds them), and cases whose limitation period runs
out within six months or has run out (R31)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dangbo.discipline import queries, services
from dangbo.discipline.models import Discipline
from dangbo.lib import vn
from dangbo.lib.due import DueItem

ENDING_WITHIN = dt.timedelta(days=31)
LIMITATION_WITHIN = dt.timedelta(days=183)


def _organization(d: Discipline) -> str:
    return queries.subject_organization(d).name


def due_items(user: Any, *, today: dt.date) -> list[DueItem]:
    if not queries.may_view(user):
        return []
    visible = queries.visible_disciplines(user).select_related("member__organization", "organization")
    items = [
        DueItem(
            kind="discipline_ending",
            title="Kỷ luật sắp hết hiệu lực",
            subject=f"{d.get_form_display()}: {d.subject_name} (quyết định số {d.decision_number})",
            organization=_organization(d),
            due_on=d.ends_on,  # type: ignore[arg-type]
            url=d.get_absolute_url(),
            rule="R32",
            note="Hết hiệu lực nếu không có khiếu nại, tái phạm hoặc vi phạm mới.",
        )
        for d in visible.decided().filter(ends_on__gt=today, ends_on__lte=today + ENDING_WITHIN)
    ]
    for d in visible.pending().order_by("violation_date"):
        ends = services.limitation_ends_on(d)
        if ends is not None and ends <= today + LIMITATION_WITHIN:
            items.append(
                DueItem(
                    kind="discipline_limitation",
                    title="Thời hiệu xử lý kỷ luật sắp hết",
                    subject=f"{d.subject_name}: vi phạm ngày {vn.format_date(d.violation_date)}, "
                    f"đề nghị {d.get_form_display().lower()}",
                    organization=_organization(d),
                    due_on=ends,
                    url=d.get_absolute_url(),
                    rule="R31",
                )
            )
    return items
