"""Reads used by the pages, the API and the due list: scoped candidates, probations, target figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, F
from django.http import Http404

from dangbo.accounts import policy
from dangbo.admissions import rules
from dangbo.admissions.models import AdmissionTarget, Candidate, CandidateQuerySet
from dangbo.lib import vn
from dangbo.members.models import Member, MemberQuerySet, Placement, PlacementKind, Status
from dangbo.organizations.models import Organization


def visible_candidates(user: Any, action: str = policy.VIEW_MEMBERS) -> CandidateQuerySet:
    """Candidates of the cells where `user` may do `action`."""
    return Candidate.objects.filter(organization__in=policy.visible_organizations(user, action))


def access_candidate(user: Any, candidate_id: int, action: str = policy.VIEW_MEMBERS) -> Candidate:
    """Fetch a candidate if `user` may do `action` on their cell; 404 for missing and for someone else's."""
    candidate = Candidate.objects.select_related("organization", "member").filter(pk=candidate_id).first()
    if candidate is None or not policy.can(user, action, candidate.organization):
        raise Http404("Không tìm thấy hồ sơ quần chúng.")
    return candidate


def access_probationary(user: Any, member_id: int, action: str = policy.VIEW_MEMBERS) -> Member:
    """A member of the user's scope (not their own record only) whose probation may be reviewed; 404 otherwise."""
    member = Member.objects.select_related("organization").filter(pk=member_id).first()
    if member is None or not policy.can(user, action, member.organization):
        raise Http404("Không tìm thấy đảng viên.")
    return member


def probationary_members(user: Any, organization: Organization | None = None) -> MemberQuerySet:
    """Probationary members of the user's scope (optionally one subtree), probation ending first."""
    members = Member.objects.filter(
        organization__in=policy.visible_organizations(user, policy.VIEW_MEMBERS), status=Status.PROBATIONARY
    )
    if organization is not None:
        members = members.filter(organization__in=Organization.objects.subtree_of(organization))
    return members.select_related("organization").order_by("admission_date", "sort_key", "id")


@dataclass(frozen=True)
class Probation:
    """A probationary member's dates (RULES.md R18, R19) and where they stand on `today`."""

    member: Member
    end: dt.date
    deadline: dt.date
    today: dt.date

    @classmethod
    def of(cls, member: Member, today: dt.date) -> Probation:
        return cls(
            member,
            rules.probation_end(member.admission_date),
            rules.recognition_deadline(member.admission_date),
            today,
        )

    @property
    def state(self) -> str:
        if self.today < self.end:
            return "running"
        return "late" if self.today > self.deadline else "due"

    @property
    def state_label(self) -> str:
        return {"running": "Đang dự bị", "due": "Đến hạn xét công nhận", "late": "Quá hạn xét công nhận"}[
            self.state
        ]


# ---------------------------------------------------------------------------------------------------
# Targets: "258 admitted, 33 over the target", "42,50% of the target"


@dataclass(frozen=True)
class TargetFigures:
    organization: Organization
    year: int
    target: int | None  # None: no target set anywhere in the subtree
    admitted: int

    @property
    def difference(self) -> int | None:
        return None if self.target is None else self.admitted - self.target

    @property
    def percent(self) -> Decimal | None:
        """Admitted as a percentage of the target, rounded half up to 2 decimals (None without a target)."""
        return vn.percent(self.admitted, self.target) if self.target else None

    @property
    def sentence(self) -> str:
        admitted = f"Đã kết nạp {vn.format_number(self.admitted)} đảng viên"
        if self.target is None:
            return f"{admitted}; chưa giao chỉ tiêu."
        difference = self.admitted - self.target
        if difference > 0:
            gap = f"vượt {vn.format_number(difference)} so với chỉ tiêu {vn.format_number(self.target)}"
        elif difference < 0:
            gap = f"còn thiếu {vn.format_number(-difference)} so với chỉ tiêu {vn.format_number(self.target)}"
        else:
            gap = f"đúng chỉ tiêu {vn.format_number(self.target)}"
        if self.target:
            gap += f", đạt {vn.format_percent(vn.percent(self.admitted, self.target))} chỉ tiêu"
        return f"{admitted}, {gap}."


def _year_range(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year + 1, 1, 1)


def admitted_by_path(organization: Organization, year: int) -> dict[str, int]:
    """Members admitted in `year`, counted at the cell where they were admitted (their placement starting on
    the admission day), for the organization's subtree, by that cell's path (one query)."""
    start, end = _year_range(year)
    rows = (
        Placement.objects.filter(
            organization__path__startswith=organization.path,
            kind=PlacementKind.OFFICIAL,
            member__admission_date__gte=start,
            member__admission_date__lt=end,
            started_on=F("member__admission_date"),
        )
        .values_list("organization__path")
        .annotate(n=Count("member_id", distinct=True))
    )
    return dict(rows)


def _effective_target(path: str, targets: list[tuple[str, int]]) -> int | None:
    """The target of the subtree at `path`: its own, else the sum of the topmost targets inside it."""
    chosen: list[str] = []
    total = 0
    for target_path, target in targets:  # sorted by path: ancestors come before descendants
        if target_path.startswith(path) and not any(target_path.startswith(c) for c in chosen):
            chosen.append(target_path)
            total += target
    return total if chosen else None


def target_figures(organization: Organization, year: int) -> tuple[TargetFigures, list[TargetFigures]]:
    """The figures of the organization's subtree, and of each of its active children (three queries)."""
    targets = sorted(
        AdmissionTarget.objects.filter(
            year=year, organization__path__startswith=organization.path
        ).values_list("organization__path", "target")
    )
    admitted = admitted_by_path(organization, year)
    children = list(organization.children.active().order_by("sort_key"))

    def figures(node: Organization) -> TargetFigures:
        count = sum(n for path, n in admitted.items() if path.startswith(node.path))
        return TargetFigures(node, year, _effective_target(node.path, targets), count)

    return figures(organization), [figures(child) for child in children]
