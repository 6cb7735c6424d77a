"""What is due in awards: the next badge round's members by grassroots organization (RULES R22), and the
seriously ill members whose badge may come early in it (for who may see health data)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any
from urllib.parse import urlencode

from dangbo.accounts import policy
from dangbo.awards import queries
from dangbo.lib import vn
from dangbo.lib.due import DueItem
from dangbo.members.models import Member
from dangbo.organizations.models import GRASSROOTS_KINDS, Organization


def _grassroots_of(cell_ids: set[int]) -> dict[int, Organization]:
    """Each cell's grassroots organization (itself for a base cell): two queries."""
    paths = dict(Organization.objects.filter(pk__in=cell_ids).values_list("pk", "path"))
    ancestors = {int(p) for path in paths.values() for p in path.split(".") if p}
    found = Organization.objects.filter(pk__in=ancestors, kind__in=GRASSROOTS_KINDS).in_bulk()
    result = {}
    for cell, path in paths.items():
        ids = [int(p) for p in path.split(".") if p]
        grassroots = next((found[i] for i in ids if i in found), None)
        if grassroots is not None:
            result[cell] = grassroots
    return result


def due_items(user: Any, *, today: dt.date) -> list[DueItem]:
    if not policy.has_any_scope(user, policy.CHANGE_MEMBERS):
        return []
    upcoming = queries.upcoming_rounds(today, 1)
    if not upcoming:
        return []
    round_on, name = upcoming[0]
    members = Member.objects.filter(
        organization__in=policy.visible_organizations(user, policy.CHANGE_MEMBERS)
    )
    counts = queries.milestone_counts(members, round_on)
    grassroots = _grassroots_of(set(counts))
    by_grassroots: dict[Organization, int] = defaultdict(int)
    for cell, n in counts.items():
        if cell in grassroots:
            by_grassroots[grassroots[cell]] += n
    title = f"Huy hiệu Đảng đợt {vn.format_date(round_on)}"
    items = [
        DueItem(
            kind="badge_round",
            title="Đề nghị tặng Huy hiệu Đảng",
            subject=f"{title}: {vn.format_number(n)} đảng viên đến mốc",
            organization=organization.name,
            due_on=round_on,
            url="/awards/badges/?"
            + urlencode({"round": round_on.isoformat(), "organization": organization.code}),
            rule="R22",
            note=name,
        )
        for organization, n in sorted(by_grassroots.items(), key=lambda item: item[0].sort_key)
    ]
    sensitive = members.filter(organization__in=policy.visible_organizations(user, policy.VIEW_SENSITIVE))
    items += [
        DueItem(
            kind="badge_early",
            title="Huy hiệu Đảng tặng sớm (đảng viên ốm nặng)",
            subject=f"{row.name}: Huy hiệu {row.years} năm (đủ ngày {vn.format_date(row.reached_on)})",
            organization=row.organization,
            due_on=round_on,
            url=f"/awards/members/{row.member_id}/",
            rule="R22",
        )
        for row in queries.due_early(sensitive, round_on)
    ]
    return items
