"""Helpers for the workflow tests: rounds opened, and steps taken, through the real services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from dangbo.assessments import services
from dangbo.assessments.models import Assessment, Period, Round
from dangbo.members.models import Member
from dangbo.organizations.models import Organization
from dangbo.testing import World


def open_year_round(
    world: World, year: int = 2024, *, organization: Organization | None = None, by: Any = None
) -> Round:
    """A yearly round opened by the bloc (or `organization`), deadlines in December of `year`."""
    return services.open_round(
        organization=organization or world.bloc,
        period=Period.objects.yearly(year),
        self_assessment_due=dt.date(year, 12, 10),
        proposal_due=dt.date(year, 12, 15),
        decision_due=dt.date(year, 12, 25),
        by=by or world.users["office_staff"],
    )


def of_member(round_: Round, member: Member) -> Assessment:
    return Assessment.objects.select_related("period", "round", "organization", "member", "decider").get(
        round=round_, member=member
    )


def of_organization(round_: Round, organization: Organization) -> Assessment:
    return Assessment.objects.select_related("period", "round", "organization", "member", "decider").get(
        round=round_, organization=organization, member__isnull=True
    )


# A 366 subject who meets every condition of "excellent" (R2–R7).
EXCELLENT_366 = {
    "score_general": Decimal("29"),
    "score_tasks": Decimal("66"),
    "tasks_done_percent": Decimal("100"),
    "tasks_late_percent": Decimal("0"),
    "tasks_exceeded_percent": Decimal("40"),
}


def decide(
    assessments: list[Assessment], level: str, *, by: Any, number: str = "01-QĐ/ĐU", reason: str = ""
) -> list[Assessment]:
    return services.decide_levels(
        assessments=assessments,
        levels={a.pk: (level, False) for a in assessments},
        decision_number=number,
        decision_date=dt.date(2024, 12, 20),
        quota_reason=reason,
        by=by,
    )
