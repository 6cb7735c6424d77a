"""Pages of the figures: a period's figures for an organization's subtree (tables, charts, change against
the previous period), the list behind every number, the streaks for award proposals, and .xlsx exports.

Every page starts from `accounts.policy`: the organization must be in the user's scope (404 otherwise),
and without one the page opens on the top of the user's scope.
"""

from __future__ import annotations

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
from dangbo.assessments import figures_export, figures_lists
from dangbo.assessments.figures import (
    DEFAULT_STREAK_YEARS,
    SUBJECT_TITLES,
    SUBJECTS,
    Figures,
    Table,
    compute,
    exemplary_required,
    predecessors_count,
    streaks,
)
from dangbo.assessments.figures_lists import (
    PARAM_OF,
    SUBJECT_PARAMS,
    all_periods,
    asked_organization,
    asked_period,
)
from dangbo.assessments.models import Period
from dangbo.assessments.regimes import ORGANIZATION, Subject
from dangbo.lib import vn
from dangbo.organizations.tree import ancestors
from dangbo.reports import exports
from dangbo.reports.exports import file_response

LIST_SIZE = 50
STREAK_PAGE = 100


# ------------------------------------------------------------------------------------------ helpers


def _query(**values: Any) -> str:
    return urlencode({k: v for k, v in values.items() if v not in (None, "")})


# ------------------------------------------------------------------------------------------- views


@require_GET
def figures_page(request: HttpRequest) -> HttpResponse:
    organization = asked_organization(request.user, request.GET)
    periods = all_periods()
    period = asked_period(request.GET, periods)
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
    organization = asked_organization(request.user, request.GET)
    period = asked_period(request.GET, all_periods())
    today = timezone.localdate()
    content = figures_export.figures_workbook(compute(period, organization), on=today)
    name = f"so-lieu-xep-loai-{period.year}-{organization.code}-{today:%Y%m%d}.xlsx"
    return file_response(content, name)


@require_GET
def figures_list(request: HttpRequest) -> HttpResponse:
    """The assessments behind one number of the figures page."""
    found = figures_lists.figures_list(request.user, request.GET)
    page = Paginator(found.rows, LIST_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "assessments/figures/list.html",
        {
            "organization": found.organization,
            "period": found.period,
            "subject": found.subject,
            "subject_title": found.subject_title,
            "selection": found.selection,
            "group": found.group,
            "page": page,
            "rows": list(found.items(page.object_list, page.start_index())),
            "query": query.urlencode(),
            "back": _query(period=found.period.pk or "", organization=found.organization.code),
        },
    )


@require_GET
def figures_list_export(request: HttpRequest) -> HttpResponse:
    """That list to .xlsx: every row of it, in its order (large lists in the background)."""
    report = figures_export.LIST_REPORTS.get(request.GET.get("subject", ""))
    if report is None:
        raise Http404("Không có danh sách này.")
    return exports.export(request, report)


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
    organization = asked_organization(request.user, request.GET)
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
    organization = asked_organization(request.user, request.GET)
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
