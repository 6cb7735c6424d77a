"""Reads used in more than one place: who decides what (R12), rounds a user may see, progress, R14 screening."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from dangbo.accounts import policy
from dangbo.assessments import regimes
from dangbo.assessments.models import DECIDED_STAGES, Assessment, LevelLabel, Period, Round, Stage
from dangbo.organizations.models import GRASSROOTS_KINDS, Kind, Organization

# The organizations a round assesses: grassroots organizations and the units below them (RULES.md 1.1).
ASSESSED_KINDS = frozenset({Kind.BASE_COMMITTEE, Kind.BASE_CELL, Kind.PARTIAL_COMMITTEE, Kind.CELL})
# Who may open a round for its subtree: an upper-level committee or a grassroots organization.
ROUND_KINDS = frozenset({Kind.BLOC, Kind.BASE_COMMITTEE, Kind.BASE_CELL})


# ---------------------------------------------------------------------------------------------------
# The tree: grassroots organization and deciding body of an organization, from the materialized path.


def with_ancestors(organizations: Iterable[Organization]) -> dict[int, Organization]:
    """The organizations and all their ancestors by id (one query)."""
    ids = {i for o in organizations for i in o.ancestor_ids}
    return Organization.objects.in_bulk(ids)


def grassroots_id(organization: Organization, by_id: dict[int, Organization]) -> int | None:
    """The grassroots organization (base committee or base cell) at or above `organization`."""
    for ancestor_id in reversed(organization.ancestor_ids):
        ancestor = by_id.get(ancestor_id)
        if ancestor is not None and ancestor.kind in GRASSROOTS_KINDS:
            return ancestor_id
    return None


def decider_id(organization: Organization, by_id: dict[int, Organization]) -> int | None:
    """The body that decides an organization's level: its directly superior committee (RULES.md R12).

    A partial committee has no standing committee of its own: the cells below it are decided by the
    base committee above it.
    """
    ids = organization.ancestor_ids[:-1]
    for ancestor_id in reversed(ids):
        ancestor = by_id.get(ancestor_id)
        if ancestor is not None and ancestor.kind != Kind.PARTIAL_COMMITTEE:
            return ancestor_id
    return None


# ---------------------------------------------------------------------------------------------------
# Scope.


def visible_rounds(user: Any) -> QuerySet[Round]:
    """Rounds whose subtree meets the user's scope: the round's committee is visible, or is an ancestor
    of one of the user's roots (the secretary of A sees the bloc's round, limited to A's part)."""
    if not user.is_authenticated:
        return Round.objects.none()
    if user.is_superuser:
        return Round.objects.all()
    roots = list(policy.scope_roots(user, policy.VIEW_ORGANIZATIONS))
    above = {i for root in roots for i in root.ancestor_ids}
    condition = Q(organization__in=policy.visible_organizations(user, policy.VIEW_ORGANIZATIONS))
    if above:
        condition |= Q(organization_id__in=above)
    return Round.objects.filter(condition)


def access_round(user: Any, round_id: int) -> Round:
    """The round if the user's scope meets its subtree; 404 otherwise (missing or someone else's)."""
    found = visible_rounds(user).select_related("period", "organization").filter(pk=round_id).first()
    if found is None:
        raise Http404("Không tìm thấy đợt đánh giá.")
    return found


def scope_within(user: Any, round_: Round, action: str = policy.VIEW_ORGANIZATIONS) -> QuerySet[Organization]:
    """The organizations of the round's subtree the user may act on."""
    return policy.visible_organizations(user, action).filter(path__startswith=round_.organization.path)


def _assessment_queryset() -> QuerySet[Assessment]:
    return Assessment.objects.select_related("period", "round", "organization", "member", "decider")


def may_view_assessment(user: Any, assessment: Assessment) -> bool:
    """The organization's people (VIEW_ORGANIZATIONS on it), its deciding body, and the member themself."""
    own = bool(assessment.member_id) and user.is_authenticated and user.member_id == assessment.member_id
    return (
        own
        or policy.can(user, policy.VIEW_ORGANIZATIONS, assessment.organization)
        or (
            assessment.decider is not None and policy.can(user, policy.VIEW_ORGANIZATIONS, assessment.decider)
        )
    )


def access_assessment(user: Any, assessment_id: int) -> Assessment:
    """An assessment the user may see; 404 for missing and for someone else's."""
    found = _assessment_queryset().filter(pk=assessment_id).first()
    if found is None or not may_view_assessment(user, found):
        raise Http404("Không tìm thấy đánh giá.")
    return found


# ---------------------------------------------------------------------------------------------------
# Who may do which step (RULES.md 1.4, R12).


def may_self_assess(user: Any, assessment: Assessment) -> bool:
    """A member for themself (their own record only); an organization's own people for it; clerks on behalf."""
    if assessment.member_id and user.is_authenticated and user.member_id == assessment.member_id:
        return True
    return policy.can(user, policy.ASSESS, assessment.organization)


def proposer(assessment: Assessment) -> Organization | None:
    """The cell proposes for its members; the deciding body's committee proposes for its units."""
    return assessment.organization if assessment.member_id else assessment.decider


def may_propose(user: Any, assessment: Assessment) -> bool:
    body = proposer(assessment)
    return policy.can(user, policy.ASSESS, body) if body is not None else bool(user.is_superuser)


def may_decide(user: Any, assessment: Assessment) -> bool:
    """Members' levels: the grassroots committee; an organization's level: the directly superior one (R12)."""
    return policy.can(user, policy.DECIDE, assessment.decider)


# ---------------------------------------------------------------------------------------------------
# Labels.


def level_labels(regime_code: str, subject: regimes.Subject) -> dict[str, str]:
    """The level labels of a regime, with the installation's replacements of UNCONFIRMED labels (one query)."""
    labels = {lv.code: lv.label for lv in regimes.regime(regime_code).levels(subject)}
    for code, label in LevelLabel.objects.filter(regime=regime_code, subject=subject).values_list(
        "code", "label"
    ):
        if code in labels:
            labels[code] = label
    return labels


def level_choices(regime_code: str, subject: regimes.Subject) -> list[tuple[str, str]]:
    labels = level_labels(regime_code, subject)
    return [(code, labels[code]) for code, _ in regimes.regime(regime_code).choices(subject)]


# ---------------------------------------------------------------------------------------------------
# Progress of a round.


@dataclass
class UnitProgress:
    organization: Organization
    members: int = 0
    members_self: int = 0  # self-assessed or further
    members_proposed: int = 0
    members_decided: int = 0
    stage: str = ""  # the organization's own assessment
    stage_label: str = ""
    assessment_id: int = 0  # the organization's own assessment


@dataclass
class Progress:
    organizations: int = 0
    organizations_submitted: int = 0
    organizations_decided: int = 0
    members: int = 0
    members_submitted: int = 0
    members_proposed: int = 0
    members_decided: int = 0
    members_not_classified: int = 0
    overdue: list[Organization] = field(default_factory=list)  # no self-assessment after the deadline
    units: list[UnitProgress] = field(default_factory=list)


_SUBMITTED = [Stage.SELF_ASSESSED, Stage.PROPOSED, Stage.DECIDED, Stage.PUBLISHED]
_PROPOSED = [Stage.PROPOSED, Stage.DECIDED, Stage.PUBLISHED]


def round_progress(round_: Round, organizations: QuerySet[Organization], *, today: dt.date) -> Progress:
    """Counts per step over the organizations given (the user's part of the round): three queries."""
    rows = Assessment.objects.filter(round=round_, organization__in=organizations)
    progress = Progress()
    per_org = (
        rows.filter(member__isnull=False)
        .values("organization_id")
        .annotate(
            total=Count("id"),
            submitted=Count("id", filter=Q(stage__in=_SUBMITTED)),
            proposed=Count("id", filter=Q(stage__in=_PROPOSED)),
            decided=Count("id", filter=Q(stage__in=DECIDED_STAGES)),
            excluded=Count("id", filter=~Q(not_classified_reason="")),
        )
    )
    counts: dict[int, dict[str, int]] = {row["organization_id"]: row for row in per_org}
    own = {
        a.organization_id: a
        for a in rows.filter(member__isnull=True)
        .select_related("organization")
        .order_by("organization__path")
    }
    stages = dict(Stage.choices)
    units: dict[int, UnitProgress] = {}
    for org_id, assessment in own.items():
        units[org_id] = UnitProgress(
            assessment.organization,
            stage=assessment.stage,
            stage_label=stages[assessment.stage],
            assessment_id=assessment.pk,
        )
        progress.organizations += 1
        if assessment.stage != Stage.PENDING:
            progress.organizations_submitted += 1
        elif round_.self_assessment_due < today:
            progress.overdue.append(assessment.organization)
        if assessment.stage in DECIDED_STAGES:
            progress.organizations_decided += 1
    for org_id, row in counts.items():
        unit = units.get(org_id)
        if unit is None:
            continue
        unit.members, unit.members_self = row["total"], row["submitted"]
        unit.members_proposed, unit.members_decided = row["proposed"], row["decided"]
        progress.members += row["total"]
        progress.members_submitted += row["submitted"]
        progress.members_proposed += row["proposed"]
        progress.members_decided += row["decided"]
        progress.members_not_classified += row["excluded"]
    progress.units = list(units.values())
    return progress


# ---------------------------------------------------------------------------------------------------
# R14: two consecutive "not completed" years.


@dataclass(frozen=True)
class ScreeningCase:
    member_id: int
    full_name: str
    organization: str
    years: tuple[int, int]


def members_for_screening(organizations: QuerySet[Organization], *, up_to_year: int) -> list[ScreeningCase]:
    """Members rated at the regime's bottom level in two consecutive years, the later one ≤ `up_to_year`
    (RULES.md R14, 02-HD/BTCTW): candidates for the screening procedure. Two queries.

    A level is only ever set by a decision (or an import of decided results), so no stage filter.
    """
    bottoms = {code: r.bottom(regimes.MEMBER).code for code, r in regimes.REGIMES.items()}
    condition = Q()
    for regime_code, bottom in bottoms.items():
        condition |= Q(period__regime=regime_code, level=bottom)
    failed = (
        Assessment.objects.of_members()
        .filter(condition, period__kind="year", period__year__lte=up_to_year)
        .filter(member__organization__in=organizations)
        .values_list("member_id", "period__year")
    )
    years: dict[int, set[int]] = defaultdict(set)
    for member_id, year in failed:
        years[member_id].add(year)
    pairs = {
        member_id: max((y - 1, y) for y in found if y - 1 in found)
        for member_id, found in years.items()
        if any(y - 1 in found for y in found)
    }
    if not pairs:
        return []
    from dangbo.members.models import Member

    names = (
        Member.objects.filter(pk__in=pairs)
        .vietnamese_order()
        .values_list("pk", "full_name", "organization__name")
    )
    return [ScreeningCase(pk, name, org, pairs[pk]) for pk, name, org in names]


def flagged_for_screening(member_ids: Iterable[int], *, year: int) -> set[int]:
    """Of these members, those at the bottom level in both `year - 1` and `year` (R14): one query."""
    ids = list(member_ids)
    if not ids:
        return set()
    condition = Q()
    for regime_code, rules in regimes.REGIMES.items():
        condition |= Q(period__regime=regime_code, level=rules.bottom(regimes.MEMBER).code)
    rows = Assessment.objects.filter(
        condition, member_id__in=ids, period__kind="year", period__year__in=[year - 1, year]
    ).values_list("member_id", flat=True)
    return {member_id for member_id, n in Counter(rows).items() if n >= 2}


def previous_fail(member_ids: Iterable[int], *, year: int) -> set[int]:
    """Members at the bottom level the year before `year`: a second one flags them (R14). One query."""
    ids = list(member_ids)
    if not ids:
        return set()
    condition = Q()
    for regime_code, rules in regimes.REGIMES.items():
        condition |= Q(period__regime=regime_code, level=rules.bottom(regimes.MEMBER).code)
    return set(
        Assessment.objects.filter(
            condition, member_id__in=ids, period__kind="year", period__year=year - 1
        ).values_list("member_id", flat=True)
    )


def yearly_periods() -> QuerySet[Period]:
    return Period.objects.years().order_by("-year")
