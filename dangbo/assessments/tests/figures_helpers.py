"""Helpers of the figures, streak and import tests: results recorded as the import records past years
(published, source import), grassroots organizations in numbers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from dangbo.assessments.models import Assessment, Period, Source, Stage
from dangbo.members.models import Member
from dangbo.organizations import services as org_services
from dangbo.organizations.models import Kind, Organization, Sector
from dangbo.testing import FOUNDED


def year(value: int) -> Period:
    return Period.objects.yearly(value)


def record(
    period: Period,
    organization: Organization,
    level: str = "",
    *,
    member: Member | None = None,
    reason: str = "",
    exemplary: bool = False,
    stage: str = Stage.PUBLISHED,
) -> Assessment:
    return Assessment.objects.create(
        period=period,
        organization=organization,
        member=member,
        level=level,
        not_classified_reason=reason,
        exemplary=exemplary,
        stage=stage,
        source=Source.IMPORT,
    )


def record_many(period: Period, rows: Iterable[dict[str, Any]]) -> list[Assessment]:
    """Bulk results: each row has `organization` and optionally member, level, reason, exemplary, stage."""
    return Assessment.objects.bulk_create(
        [
            Assessment(
                period=period,
                organization=row["organization"],
                member=row.get("member"),
                level=row.get("level", ""),
                not_classified_reason=row.get("reason", ""),
                exemplary=row.get("exemplary", False),
                stage=row.get("stage", Stage.PUBLISHED),
                source=Source.IMPORT,
            )
            for row in rows
        ]
    )


def base_cells(
    parent: Organization, count: int, prefix: str = "CS", sector: str = Sector.AGENCY
) -> list[Organization]:
    """`count` base cells (grassroots organizations) under `parent`, through the service."""
    return [
        org_services.establish_organization(
            code=f"{prefix}{i:03d}",
            name=f"Chi bộ cơ sở {prefix} số {i}",
            kind=Kind.BASE_CELL,
            parent=parent,
            sector=sector,
            established_on=FOUNDED,
            by=None,
        )
        for i in range(1, count + 1)
    ]


def levels_of_organizations(
    period: Period, organizations: Sequence[Organization], levels: Sequence[str]
) -> list[Assessment]:
    """One result per organization, `levels` in the same order."""
    return record_many(
        period, [{"organization": o, "level": lv} for o, lv in zip(organizations, levels, strict=True)]
    )
