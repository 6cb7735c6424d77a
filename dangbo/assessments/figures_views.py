"""Pages of the figures: a period's figures for an organization's subtree (tables, charts, change against
the previous period), the list behind every number, the streaks for award proposals, and .xlsx exports.

Every page starts from `accounts.policy`: the organization must be in the user's scope (404 otherwise),
and without one the page opens on the top of the user's scope.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from dangbo.accounts import policy
from dangbo.assessments import figures_charts as charts
from dangbo.assessments import figures_export
from dangbo.assessments.figures import (
    DEFAULT_STREAK_YEARS,
    SUBJECT_TITLES,
    SUBJECTS,
    Figures,
    Table,
    compute,
    exemplary_required,
    is_selection,
    level_labels,
    levels_of,
    listing,
    period_for_year,
    predecessors_count,
    selection_label,
    streaks,
)
from dangbo.assessments.models import Period
from dangbo.assessments.regimes import MEMBER, ORGANIZATION, Subject
from dangbo.lib import vn
from dangbo.organizations.models import Organization, Sector
from dangbo.organizations.tree import ancestors
from dangbo.reports.exports import file_response

LIST_SIZE = 50
STREAK_PAGE = 100
SUBJECT_PARAMS: dict[str, Subject] = {"organizations": ORGANIZATION, "members": MEMBER}
PARAM_OF = {subject: param for param, subject in SUBJECT_PARAMS.items()}


# ------------------------------------------------------------------------------------ what is asked


def _organization(request: HttpRequest) -> Organization:
    """The organization asked for (404 outside the scope), or the top of the user's scope."""
    code = (request.GET.get("organization") or "").strip()
    if code:
        return policy.access_organization(request.user, code, policy.VIEW_ORGANIZATIONS)
    root = policy.scope_roots(request.user, policy.VIEW_ORGANIZATIONS).order_by("path").first()
    if root is None:
        raise Http404("Không có tổ chức nào trong phạm vi của bạn.")
    return root


def _periods() -> list[Period]:
    return list(Period.objects.order_by("-starts_on", "kind"))


def _period(request: HttpRequest, periods: list[Period]) -> Period:
    """The period asked for by id (404 for an unknown one), else the latest that has ended, else this year's."""
    value = request.GET.get("period", "")
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


def _query(**values: Any) -> str:
    return urlencode({k: v for k, v in values.items() if v not in (None, "")})


# ------------------------------------------------------------------------------------------- views


@require_GET
def figures_page(request: HttpRequest) -> HttpResponse:
    organization = _organization(request)
    periods = _periods()
    period = _period(request, periods)
    result = compute(period, organization)
    base = {"period": period.pk or "", "organization": organization.code}
    return render(
        request,
        "assessments/figures/figures.html",
        {
            "organization": organization,
            "period": period,
            "periods": periods,
            "figures": result,
            "sections": [_section(result, subject, base) for subject in SUBJECTS],
            "uppers": [
                a for a in ancestors(organization) if policy.can(request.user, policy.VIEW_ORGANIZATIONS, a)
            ],
            "query": _query(**base),
            "streak_query": _query(organization=organization.code, year=period.year),
        },
    )


@require_GET
def figures_export_view(request: HttpRequest) -> HttpResponse:
    organization = _organization(request)
    period = _period(request, _periods())
    today = timezone.localdate()
    content = figures_export.figures_workbook(compute(period, organization), on=today)
    name = f"so-lieu-xep-loai-{period.year}-{organization.code}-{today:%Y%m%d}.xlsx"
    return file_response(content, name)


class ListForm(forms.Form):
    subject = forms.ChoiceField(choices=[(k, k) for k in SUBJECT_PARAMS])
    what = forms.CharField(max_length=30)
    sector = forms.ChoiceField(choices=[("", "")] + list(Sector.choices), required=False)
    child = forms.RegexField(regex=r"^(-|\d{1,18})$", required=False)


@require_GET
def figures_list(request: HttpRequest) -> HttpResponse:
    """The assessments behind one number of the figures page."""
    organization = _organization(request)
    period = _period(request, _periods())
    form = ListForm(request.GET)
    if not form.is_valid():
        raise Http404("Không có danh sách này.")
    subject = SUBJECT_PARAMS[form.cleaned_data["subject"]]
    what = form.cleaned_data["what"]
    if not is_selection(period.rules, subject, what):
        raise Http404("Không có danh sách này.")
    sector, child = form.cleaned_data["sector"], form.cleaned_data["child"]
    if subject == MEMBER and not policy.can(request.user, policy.VIEW_MEMBERS, organization):
        # Names of members: the members' view right on the organization (the same roles see both today).
        raise Http404("Không tìm thấy tổ chức.")
    rows = listing(period, organization, subject, what, sector=sector, child=child)
    if subject == MEMBER:
        rows = rows.order_by("member__sort_key", "member__birth_date", "member_id").values_list(
            "member_id", "member__full_name", "member__card_number", "member__code",
            "organization__code", "organization__name", "level", "not_classified_reason",
            "score_general", "score_tasks", "stage", "note",
        )  # fmt: skip
    else:
        rows = rows.order_by("organization__sort_key", "organization_id").values_list(
            "organization_id", "organization__name", "organization__code", "organization__kind",
            "organization__sector", "organization__parent__name", "level", "not_classified_reason",
            "score_general", "score_tasks", "stage", "exemplary",
        )  # fmt: skip
    page = Paginator(rows, LIST_SIZE).get_page(request.GET.get("page"))
    labels = level_labels({period.regime})
    group = ""
    if sector:
        group = dict(Sector.choices)[sector]
    elif child == "-":
        group = f"{organization.name} (trực tiếp)"
    elif child:
        found = Organization.objects.filter(pk=int(child)).first()
        group = found.name if found else ""
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "assessments/figures/list.html",
        {
            "organization": organization,
            "period": period,
            "subject": subject,
            "subject_title": SUBJECT_TITLES[subject],
            "selection": selection_label(period.rules, subject, what, labels),
            "group": group,
            "page": page,
            "rows": _list_rows(period, subject, page.object_list, page.start_index(), labels),
            "query": query.urlencode(),
            "back": _query(period=period.pk or "", organization=organization.code),
        },
    )


def _list_rows(
    period: Period, subject: Subject, rows: Sequence[tuple], first: int, labels: dict
) -> list[dict[str, Any]]:
    from dangbo.assessments.models import NotClassifiedReason, Stage
    from dangbo.organizations.models import Kind

    regime = period.rules
    level_names = {lv.code: lv.label for lv in levels_of(regime, subject, labels)}
    reasons, stages = dict(NotClassifiedReason.choices), dict(Stage.choices)
    out = []
    for index, row in enumerate(rows):
        if subject == MEMBER:
            pk, name, card, code, org_code, org_name, level, reason, general, tasks, stage, note = row
            item = {
                "url": reverse("members:detail", args=[pk]),
                "name": name,
                "code": card or code or "",
                "organization": org_name,
                "organization_code": org_code,
                "note": note,
            }
        else:
            pk, name, code, kind, sector, parent, level, reason, general, tasks, stage, exemplary = row
            item = {
                "url": reverse("organizations:detail", args=[code]),
                "name": name,
                "code": code,
                "organization": parent or "",
                "kind": dict(Kind.choices).get(kind, kind),
                "sector": dict(Sector.choices).get(sector, sector),
                "exemplary": exemplary,
            }
        score = None if general is None or tasks is None else general + tasks
        item |= {
            "number": first + index,
            "level": level_names.get(level, level),
            "reason": reasons.get(reason, reason),
            "score": score,
            "stage": stages.get(stage, stage),
        }
        out.append(item)
    return out


class StreakForm(forms.Form):
    year = forms.IntegerField(min_value=1930, max_value=2100, required=False)
    years = forms.IntegerField(min_value=2, max_value=30, required=False)
    predecessors = forms.ChoiceField(choices=[("", ""), ("1", "1"), ("0", "0")], required=False)
    exemplary = forms.ChoiceField(choices=[("", ""), ("1", "1"), ("0", "0")], required=False)
    subject = forms.ChoiceField(choices=[("", "")] + [(k, k) for k in SUBJECT_PARAMS], required=False)


def _streak_options(request: HttpRequest) -> dict[str, Any]:
    form = StreakForm(request.GET)
    if not form.is_valid():
        raise Http404("Tham số không hợp lệ.")
    data = form.cleaned_data
    last_year = Period.objects.years().filter(ends_on__lte=timezone.localdate()).order_by("-year").first()
    return {
        "until": data["year"] or (last_year.year if last_year else timezone.localdate().year - 1),
        "years": data["years"] or DEFAULT_STREAK_YEARS,
        "count_predecessors": predecessors_count()
        if not data["predecessors"]
        else data["predecessors"] == "1",
        "require_exemplary": exemplary_required() if not data["exemplary"] else data["exemplary"] == "1",
        "subject": data["subject"],
    }


@require_GET
def streaks_page(request: HttpRequest) -> HttpResponse:
    organization = _organization(request)
    options = _streak_options(request)
    shown = [SUBJECT_PARAMS[options["subject"]]] if options["subject"] else list(SUBJECTS)
    try:
        page_number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page_number = 1
    sections = []
    for subject in shown:
        offset = (page_number - 1) * STREAK_PAGE if options["subject"] else 0
        found = streaks(
            subject,
            organization,
            options["until"],
            years=options["years"],
            count_predecessors=options["count_predecessors"],
            require_exemplary=options["require_exemplary"],
            limit=STREAK_PAGE,
            offset=offset,
        )
        shown_to = offset + len(found.streaks)
        sections.append(
            {
                "subject": subject,
                "param": PARAM_OF[subject],
                "title": SUBJECT_TITLES[subject],
                "page": found,
                "rows": list(enumerate(found.streaks, start=offset + 1)),
                "first": offset + 1,
                "last": shown_to,
                "more": found.found > shown_to,
                "next_page": offset // STREAK_PAGE + 2,
                "previous_page": offset // STREAK_PAGE if offset else None,
            }
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "assessments/figures/streaks.html",
        {
            "organization": organization,
            "options": options,
            "sections": sections,
            "query": query.urlencode(),
            "export_query": _query(
                organization=organization.code,
                year=options["until"],
                years=options["years"],
                predecessors="1" if options["count_predecessors"] else "0",
                exemplary="1" if options["require_exemplary"] else "0",
            ),
        },
    )


@require_GET
def streaks_export(request: HttpRequest) -> HttpResponse:
    organization = _organization(request)
    options = _streak_options(request)
    found = {
        subject: streaks(
            subject,
            organization,
            options["until"],
            years=options["years"],
            count_predecessors=options["count_predecessors"],
            require_exemplary=options["require_exemplary"],
            limit=1_000_000,
        ).streaks
        for subject in SUBJECTS
    }
    today = timezone.localdate()
    content = figures_export.streaks_workbook(organization, options, found, on=today)
    return file_response(content, f"xep-loai-nhieu-nam-lien-{organization.code}-{today:%Y%m%d}.xlsx")


# ------------------------------------------------------------------------------ page's building blocks


def _link(base: dict[str, Any], subject: Subject, what: str, **group: str) -> str:
    return (
        reverse("assessments:figures_list")
        + "?"
        + _query(**base, subject=PARAM_OF[subject], what=what, **group)
    )


def _table_view(table: Table, base: dict[str, Any], **group: str) -> dict[str, Any]:
    """A table with the link behind each of its numbers."""
    subject = table.subject

    def link(what: str) -> str:
        return _link(base, subject, what, **group)

    return {
        "table": table,
        "links": {
            "total": link("total"),
            "classified": link("classified"),
            "not_classified": link("not_classified"),
            "pending": link("pending"),
            "good_or_better": link("good_or_better"),
            "below_top": link("below_top"),
            "exemplary": link("exemplary"),
        },
        "levels": [(line, link(line.key)) for line in table.levels],
    }


def _bars(table: Table, title: str) -> Any:
    return charts.bars(
        title,
        [charts.Bar(line.label, line.count, line.percent, rank) for rank, line in enumerate(table.levels, 1)],
    )


def _stacked(title: str, tables: list[Table], labels: list[str] | None = None) -> Any:
    if not tables:
        return ""
    names = labels or [t.title for t in tables]
    rows = [
        charts.StackedRow(name, [charts.Segment(line.count, line.percent) for line in t.levels], t.classified)
        for name, t in zip(names, tables, strict=True)
    ]
    legend = [(line.label, rank) for rank, line in enumerate(tables[-1].levels, 1)]
    return charts.stacked(title, rows, legend)


def _section(result: Figures, subject: Subject, base: dict[str, Any]) -> dict[str, Any]:
    title = SUBJECT_TITLES[subject]
    total = result.totals[subject]
    period = result.period
    change = result.changes.get(subject)
    section: dict[str, Any] = {
        "subject": subject,
        "param": PARAM_OF[subject],
        "title": title,
        "total": _table_view(total, base),
        "sentence": summary_sentence(total, period),
        "chart": _bars(total, f"{title}: tỷ lệ từng mức xếp loại, {period.label}"),
        "by_sector": [_table_view(t, base, sector=t.group) for t in result.by_sector[subject]],
        "by_child": [
            _table_view(t, base, child=t.group or "-") | {"child": result.children.get(t.group)}
            for t in result.by_child[subject]
        ],
        "sector_chart": _stacked(f"{title} theo khối", result.by_sector[subject]),
        "child_chart": _stacked(f"{title} theo tổ chức trực thuộc", result.by_child[subject]),
        "level_headers": [(line.label, line.abbreviation) for line in total.levels],
        "change": change,
    }
    if change is not None:
        previous = change.previous_period
        if change.same_regime:
            section["change_chart"] = _stacked(
                f"{title}: {previous.label} và {period.label}",
                [change.previous, total],
                [previous.label, period.label],
            )
        else:  # each period under its own labels: two charts, never one legend for both
            section["change_charts"] = [
                _bars(change.previous, f"{title}, {previous.label} ({change.previous_regime.title})"),
                section["chart"],
            ]
        section["previous_link"] = (
            reverse("assessments:figures")
            + "?"
            + _query(period=previous.pk, organization=base["organization"])
        )
    return section


def summary_sentence(table: Table, period: Period) -> str:
    """The sentence a report quotes: "64 tổ chức cơ sở đảng được xếp loại “Trong sạch, vững mạnh” (81,01%);
    không có tổ chức cơ sở đảng “Yếu kém”." / "98,92% đảng viên hoàn thành tốt nhiệm vụ trở lên"."""
    if not table.classified:
        return f"{period.label}: chưa có kết quả xếp loại đã quyết định."
    noun = "tổ chức cơ sở đảng" if table.subject == ORGANIZATION else "đảng viên"
    top, bottom = table.levels[0], table.levels[-1]
    parts = [
        f"{vn.format_number(top.count)} {noun} được xếp loại “{top.label}” ({vn.format_percent(top.percent)})"
    ]
    if table.exemplary is not None and table.exemplary.count:
        parts[0] += f", trong đó {vn.format_number(table.exemplary.count)} tiêu biểu"
    good = table.good_or_better
    lowest = next(
        (line for line in reversed(table.levels) if line.abbreviation in good.abbreviation.split(", ")), top
    )
    parts.append(
        f"{vn.format_number(good.count)} {noun} {lowest.label[:1].lower()}{lowest.label[1:]} trở lên "
        f"({vn.format_percent(good.percent)})"
    )
    if bottom.count:
        parts.append(
            f"{vn.format_number(bottom.count)} {noun} “{bottom.label}” ({vn.format_percent(bottom.percent)})"
        )
    else:
        parts.append(f"không có {noun} “{bottom.label}”")
    if table.not_classified:
        parts.append(f"{vn.format_number(table.not_classified)} {noun} không xếp loại")
    return f"{period.label}: " + "; ".join(parts) + "."
