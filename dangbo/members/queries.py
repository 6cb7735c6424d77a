"""Reads used in more than one place: the member list's filters (page, export, background export)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.http import QueryDict
from django.utils import timezone

from dangbo.accounts import policy
from dangbo.members.forms import MemberFilterForm
from dangbo.members.models import MemberQuerySet
from dangbo.organizations.models import Organization


@dataclass
class MemberFilter:
    form: MemberFilterForm
    members: MemberQuerySet
    scope: Organization | None  # the organization filtered on, if any


def _years_ago(today: dt.date, years: int) -> dt.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def filter_members(user: Any, params: QueryDict) -> MemberFilter:
    """The user's visible members narrowed by the list's filter form; an invisible organization code
    is a 404. The one definition of the member list's filters: the page, its export and the export
    task (which rebuilds `params` from the job) all call it."""
    form = MemberFilterForm(params or None)
    valid = form.is_valid()
    data = form.cleaned_data if valid else {}
    scope = None
    if data.get("organization"):
        scope = policy.access_organization(user, data["organization"].strip(), policy.VIEW_MEMBERS)
    members: MemberQuerySet = policy.visible_members(user, within=scope)
    if valid:
        if data["q"]:
            members = members.search(data["q"])
        if data["status"]:
            members = members.filter(status=data["status"])
        if data["gender"]:
            members = members.filter(gender=data["gender"])
        if data["admission_year"]:
            members = members.filter(admission_date__year=data["admission_year"])
        if data["age"]:
            low, high = data["age"].split("-")
            today = timezone.localdate()
            if low:
                members = members.filter(birth_date__lte=_years_ago(today, int(low)))
            if high:
                members = members.filter(birth_date__gt=_years_ago(today, int(high)))
    return MemberFilter(form, members, scope)
