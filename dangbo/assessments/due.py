"""What is due in the open assessment rounds, over the user's scope (dangbo/lib/due.py): one query per kind.

* an organization's own self-assessment (the round's self-assessment deadline), for its people;
* a member's own self-assessment, for the member;
* a cell's members still without a proposal (the proposal deadline), for those who propose;
* a deciding body's assessments still undecided (the decision deadline, RULES.md R12), for those who decide.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse

from dangbo.accounts import policy
from dangbo.assessments.models import DECIDED_STAGES, Assessment, Stage
from dangbo.lib.due import DueItem

_OPEN = Q(round__closed_on__isnull=True)
_WAITING = [Stage.PENDING, Stage.SELF_ASSESSED]


def _own_organizations(user: Any) -> list[DueItem]:
    rows = (
        Assessment.objects.filter(_OPEN, member__isnull=True, stage=Stage.PENDING)
        .filter(organization__in=policy.visible_organizations(user, policy.ASSESS))
        .select_related("organization", "round", "period")
    )
    return [
        DueItem(
            kind="assessment_self_organization",
            title="Tự đánh giá, xếp loại tổ chức đảng",
            subject=a.organization.name,
            organization=a.organization.name,
            due_on=a.round.self_assessment_due,  # type: ignore[union-attr]
            url=reverse("assessments:self_assess", args=[a.pk]),
            note=a.period.label,
        )
        for a in rows
    ]


def _own_member(user: Any) -> list[DueItem]:
    if not user.member_id:
        return []
    rows = Assessment.objects.filter(_OPEN, member_id=user.member_id, stage=Stage.PENDING).select_related(
        "organization", "round", "period", "member"
    )
    return [
        DueItem(
            kind="assessment_self_member",
            title="Tự đánh giá, xếp loại đảng viên",
            subject=a.member.full_name,  # type: ignore[union-attr]
            organization=a.organization.name,
            due_on=a.round.self_assessment_due,  # type: ignore[union-attr]
            url=reverse("assessments:self_assess", args=[a.pk]),
            note=a.period.label,
        )
        for a in rows
    ]


def _proposals(user: Any) -> list[DueItem]:
    cells = (
        Assessment.objects.filter(_OPEN, member__isnull=False, stage__in=_WAITING, not_classified_reason="")
        .filter(organization__in=policy.visible_organizations(user, policy.ASSESS))
        .values(
            "round_id", "round__proposal_due", "period__label", "organization__code", "organization__name"
        )
        .annotate(n=Count("id"))
        .order_by("round__proposal_due", "organization__name")
    )
    return [
        DueItem(
            kind="assessment_proposal",
            title="Đề xuất xếp loại đảng viên",
            subject=f"{row['n']} đảng viên chưa được đề xuất",
            organization=row["organization__name"],
            due_on=row["round__proposal_due"],
            url=reverse("assessments:propose_members", args=[row["round_id"], row["organization__code"]]),
            note=row["period__label"],
        )
        for row in cells
    ]


def _decisions(user: Any) -> list[DueItem]:
    bodies = (
        Assessment.objects.filter(_OPEN, decider__isnull=False)
        .exclude(stage__in=DECIDED_STAGES)
        .filter(decider__in=policy.visible_organizations(user, policy.DECIDE))
        .values("round_id", "round__decision_due", "period__label", "decider__code", "decider__name")
        .annotate(
            members=Count("id", filter=Q(member__isnull=False)),
            units=Count("id", filter=Q(member__isnull=True)),
        )
        .order_by("round__decision_due", "decider__name")
    )
    items = []
    for row in bodies:
        for whom, n, route in (
            ("đảng viên", row["members"], "decide_members"),
            ("tổ chức", row["units"], "decide_units"),
        ):
            if n:
                items.append(
                    DueItem(
                        kind="assessment_decision",
                        title="Quyết định xếp loại chất lượng",
                        subject=f"{n} {whom} chưa có quyết định xếp loại",
                        organization=row["decider__name"],
                        due_on=row["round__decision_due"],
                        url=reverse(f"assessments:{route}", args=[row["round_id"], row["decider__code"]]),
                        rule="R12",
                        note=row["period__label"],
                    )
                )
    return items


def due_items(user: Any, *, today: dt.date) -> list[DueItem]:
    """The assessment steps waiting on the user, within their scope (four queries)."""
    if not user.is_authenticated:
        return []
    return _own_member(user) + _own_organizations(user) + _proposals(user) + _decisions(user)
