"""Reads on disciplines: who may see them, and what other apps ask (awards R32, assessment caps R9/R10).

Disciplines are confidential. `visible_disciplines` / `access_discipline` scope the pages and the API to
the roles holding VIEW_INSPECTIONS (inspection staff, leaders). The functions other apps call
(`active_disciplines`, `disciplined_in_period`, `blocking_discipline`) are not scoped: they answer a rule
for a service, and their callers must not show the disciplines themselves to users without that right.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from dangbo.accounts import policy
from dangbo.discipline.models import Discipline, DisciplineQuerySet
from dangbo.members.models import Member
from dangbo.organizations.models import Organization

Subjects = QuerySet[Member] | QuerySet[Organization] | Iterable[int]


def may_view(user: Any) -> bool:
    """Whether the user sees disciplines anywhere (menus, sections of other pages)."""
    return policy.has_any_scope(user, policy.VIEW_INSPECTIONS)


def visible_disciplines(user: Any, action: str = policy.VIEW_INSPECTIONS) -> DisciplineQuerySet:
    """The disciplines whose subject is in the user's VIEW_INSPECTIONS (or `action`) scope."""
    organizations = policy.visible_organizations(user, action)
    return Discipline.objects.in_organizations(organizations)


def access_discipline(user: Any, discipline_id: int, action: str = policy.VIEW_INSPECTIONS) -> Discipline:
    """Fetch a discipline if the user may do `action` on its subject; 404 for missing and for the others."""
    discipline = (
        Discipline.objects.select_related("member__organization", "organization")
        .filter(pk=discipline_id)
        .first()
    )
    if discipline is None or not policy.can(user, action, subject_organization(discipline)):
        raise Http404("Không tìm thấy.")
    return discipline


def subject_organization(discipline: Discipline) -> Organization:
    """The organization that scopes a discipline: the member's current cell, or the organization itself."""
    if discipline.member_id:
        return discipline.member.organization  # type: ignore[union-attr]
    return discipline.organization  # type: ignore[return-value]


def _subject_filter(subjects: Subjects, *, organizations: bool) -> Q:
    field = "organization" if organizations else "member"
    if isinstance(subjects, QuerySet):
        return Q(**{f"{field}__in": subjects.values("pk")})
    return Q(**{f"{field}__in": list(subjects)})


def active_disciplines(
    subjects: Subjects | None = None, *, on: dt.date, organizations: bool = False
) -> DisciplineQuerySet:
    """Disciplines in effect on `on` (RULES R32), optionally of the given members (ids or a queryset), or
    of the given organizations with `organizations=True`."""
    found = Discipline.objects.active_on(on)
    if subjects is not None:
        found = found.filter(_subject_filter(subjects, organizations=organizations))
    return found


def disciplined_in_period(
    subjects: Subjects, starts_on: dt.date, ends_on: dt.date, *, organizations: bool = False
) -> DisciplineQuerySet:
    """Disciplines decided between `starts_on` and `ends_on` (inclusive) for the given members (or
    organizations), annulled ones left out: the assessment caps RULES R9 (a member disciplined in the year
    is "not completed" unless `self_detected_remedied`) and R10 (a collective whose leadership or > 20 %
    of units were disciplined). Each row has `member_id` / `organization_id`, `form`, `decision_date` and
    `self_detected_remedied`."""
    return (
        Discipline.objects.decided()
        .filter(decision_date__gte=starts_on, decision_date__lte=ends_on)
        .filter(_subject_filter(subjects, organizations=organizations))
    )


def blocking_discipline(
    *, member: Member | None = None, organization: Organization | None = None, on: dt.date
) -> Discipline | None:
    """The discipline in effect on `on` that blocks awards, titles and appointments (RULES R32), if any."""
    subject = Q(member=member) if member is not None else Q(organization=organization)
    found = Discipline.objects.active_on(on).filter(subject)
    return found.order_by("-decision_date").first()


def disciplined_member_ids(member_ids: Iterable[int] | QuerySet[Member], on: dt.date) -> set[int]:
    """Of these members, those under a discipline in effect on `on` (one query)."""
    return set(active_disciplines(member_ids, on=on).values_list("member_id", flat=True))
