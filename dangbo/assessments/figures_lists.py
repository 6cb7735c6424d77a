"""What the figures pages are asked for (the organization, the period) and the list behind one number.

`figures_list(user, params)` is the one definition of that list: the page (`figures_views.figures_list`)
pages through its rows, its export (`figures_export`, reports registry) and the export task write all of
them, in the same order, after the same scope checks (404 outside the scope, as the page).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import Http404, QueryDict
from django.utils import timezone

from dangbo.accounts import policy
from dangbo.assessments.figures import (
    SUBJECT_TITLES,
    is_selection,
    level_labels,
    levels_of,
    listing,
    period_for_year,
    selection_label,
)
from dangbo.assessments.models import NotClassifiedReason, Period, Stage
from dangbo.assessments.regimes import MEMBER, ORGANIZATION, Subject
from dangbo.organizations.models import Kind, Organization, Sector

SUBJECT_PARAMS: dict[str, Subject] = {"organizations": ORGANIZATION, "members": MEMBER}
PARAM_OF = {subject: param for param, subject in SUBJECT_PARAMS.items()}

# The values of a list's rows, in the order `FiguresList.items` reads them.
MEMBER_FIELDS = (
    "member_id", "member__full_name", "member__card_number", "member__code",
    "organization__code", "organization__name", "level", "not_classified_reason",
    "score_general", "score_tasks", "stage", "note",
)  # fmt: skip
ORGANIZATION_FIELDS = (
    "organization_id", "organization__name", "organization__code", "organization__kind",
    "organization__sector", "organization__parent__name", "level", "not_classified_reason",
    "score_general", "score_tasks", "stage", "exemplary",
)  # fmt: skip


# ------------------------------------------------------------------------------------ what is asked


def asked_organization(user: Any, params: QueryDict) -> Organization:
    """The organization asked for by `?organization=CODE` (404 outside the scope), or the top of the
    user's scope (404 without one)."""
    code = (params.get("organization") or "").strip()
    if code:
        return policy.access_organization(user, code, policy.VIEW_ORGANIZATIONS)
    root = policy.scope_roots(user, policy.VIEW_ORGANIZATIONS).order_by("path").first()
    if root is None:
        raise Http404("Không có tổ chức nào trong phạm vi của bạn.")
    return root


def all_periods() -> list[Period]:
    return list(Period.objects.order_by("-starts_on", "kind"))


def asked_period(params: QueryDict, periods: list[Period]) -> Period:
    """The period asked for by id (404 for an unknown one), else the latest that has ended, else this year's."""
    value = params.get("period", "")
    if value:
        if not value.isdigit():
            raise Http404("Không có kỳ đánh giá này.")
        found = next((p for p in periods if p.pk == int(value)), None)
        if found is None:
            raise Http404("Không có kỳ đánh giá này.")
        return found
    today = timezone.localdate()
    ended = [p for p in periods if p.ends_on <= today]
    if ended or periods:
        return (ended or periods)[0]
    return period_for_year(today.year)


# ------------------------------------------------------------------------------ the list behind a number


class ListForm(forms.Form):
    subject = forms.ChoiceField(choices=[(k, k) for k in SUBJECT_PARAMS])
    what = forms.CharField(max_length=30)
    sector = forms.ChoiceField(choices=[("", "")] + list(Sector.choices), required=False)
    child = forms.RegexField(regex=r"^(-|\d{1,18})$", required=False)


@dataclass
class FiguresList:
    organization: Organization
    period: Period
    subject: Subject
    selection: str  # the number's label: a level, or "Tốt trở lên", "Không xếp loại"…
    group: str  # the sector or the direct child the number is of; "" for the whole subtree
    rows: QuerySet[Any]  # value tuples (MEMBER_FIELDS or ORGANIZATION_FIELDS) in the list's order
    labels: dict[tuple[str, str, str], tuple[str, str]]  # the installation's level labels

    @property
    def subject_title(self) -> str:
        return SUBJECT_TITLES[self.subject]

    def items(self, rows: Iterable[tuple[Any, ...]], first: int = 1) -> Iterator[dict[str, Any]]:
        """The rows with their labels (level, reason, step, kind, sector) and the score, numbered from `first`."""
        level_names = {lv.code: lv.label for lv in levels_of(self.period.rules, self.subject, self.labels)}
        reasons, stages = dict(NotClassifiedReason.choices), dict(Stage.choices)
        kinds, sectors = dict(Kind.choices), dict(Sector.choices)
        for number, row in enumerate(rows, start=first):
            if self.subject == MEMBER:
                pk, name, card, code, org_code, org_name, level, reason, general, tasks, stage, note = row
                item = {
                    "id": pk,
                    "name": name,
                    "card_number": card,
                    "member_code": code,
                    "code": card or code or "",
                    "organization": org_name,
                    "organization_code": org_code,
                    "note": note,
                }
            else:
                pk, name, code, kind, sector, parent, level, reason, general, tasks, stage, exemplary = row
                item = {
                    "id": pk,
                    "name": name,
                    "code": code,
                    "organization": parent or "",
                    "kind": kinds.get(kind, kind),
                    "sector": sectors.get(sector, sector),
                    "exemplary": exemplary,
                }
            item |= {
                "number": number,
                "level": level_names.get(level, level),
                "reason": reasons.get(reason, reason),
                "score": None if general is None or tasks is None else general + tasks,
                "stage": stages.get(stage, stage),
            }
            yield item


def figures_list(user: Any, params: QueryDict) -> FiguresList:
    """The assessments behind one number of the figures page, asked for by `?period=&organization=&subject=
    &what=&sector=&child=`: 404 for an organization outside the scope, an unknown period or list, and for
    the members' names without the members' view right on the organization."""
    organization = asked_organization(user, params)
    period = asked_period(params, all_periods())
    form = ListForm(params)
    if not form.is_valid():
        raise Http404("Không có danh sách này.")
    subject = SUBJECT_PARAMS[form.cleaned_data["subject"]]
    what = form.cleaned_data["what"]
    if not is_selection(period.rules, subject, what):
        raise Http404("Không có danh sách này.")
    sector, child = form.cleaned_data["sector"], form.cleaned_data["child"]
    if subject == MEMBER and not policy.can(user, policy.VIEW_MEMBERS, organization):
        # Names of members: the members' view right on the organization (the same roles see both today).
        raise Http404("Không tìm thấy tổ chức.")
    found = listing(period, organization, subject, what, sector=sector, child=child)
    rows: QuerySet[Any]
    if subject == MEMBER:
        rows = found.order_by("member__sort_key", "member__birth_date", "member_id").values_list(
            *MEMBER_FIELDS
        )
    else:
        rows = found.order_by("organization__sort_key", "organization_id").values_list(*ORGANIZATION_FIELDS)
    group = ""
    if sector:
        group = dict(Sector.choices)[sector]
    elif child == "-":
        group = f"{organization.name} (trực tiếp)"
    elif child:  # a direct child of the organization, never any organization by id
        named = Organization.objects.filter(pk=int(child), path=f"{organization.path}{int(child)}.").first()
        group = named.name if named else ""
    labels = level_labels({period.regime})
    return FiguresList(
        organization=organization,
        period=period,
        subject=subject,
        selection=selection_label(period.rules, subject, what, labels),
        group=group,
        rows=rows,
        labels=labels,
    )
