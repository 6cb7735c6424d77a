"""Report definitions: what each exportable list contains, separate from how it is rendered.

A `Report` names a list, gives its Vietnamese title and its columns, and a `select(user, params)`
function that starts from what the policy lets `user` see, applies the same filters as the page
(`params` is the page's query string) and returns a `Selection`: a cheap row count, the rows as an
iterator of tuples (values: str, int, float, Decimal, date or None) and the scope's name for the
title. The direct download, the background task and the tests all go through `select`, so the
file holds exactly what the page shows. Adding a list's export is one `register(Report(...))` here,
a three-line view calling `exports.export(request, "<name>")`, its URL, button and access row. A list
whose rows an app builds registers in that app, from a module its AppConfig.ready() imports (the award
and badge lists: awards/exports.py; the lists behind the figures: assessments/figures_export.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404, QueryDict
from django.utils import timezone

from dangbo.accounts import policy
from dangbo.lib import due, vn
from dangbo.lib.xlsx import Column
from dangbo.members.models import ACTIVE_STATUSES, Gender, Member, Status
from dangbo.members.queries import filter_members
from dangbo.organizations.models import Kind, Organization, OrganizationVersion, Sector

Row = Sequence[Any]


@dataclass
class Selection:
    """What one user asked for: evaluated only when `count()` or `rows()` is called."""

    scope_name: str  # the organization (or organizations) the rows come from, for the title rows
    count: Callable[[], int]  # one query
    rows: Callable[[], Iterator[Row]]  # streamed; the same order as the page
    note: str = ""  # the filters applied, in words ("Giới tính: Nữ; Trạng thái: Chính thức")


@dataclass(frozen=True)
class Report:
    name: str  # registry key and ExportJob.report
    title: str  # the title row, e.g. "DANH SÁCH ĐẢNG VIÊN"
    filename: str  # the file name's stem; the export date is appended
    columns: tuple[Column, ...]
    select: Callable[[Any, QueryDict], Selection]  # raises Http404 for a filter outside the scope
    sheet: str = "Danh sách"

    @property
    def label(self) -> str:
        """The title in sentence case, for the job list: "Danh sách đảng viên"."""
        return self.title.capitalize()

    def rows(self, user: Any, params: QueryDict) -> Iterator[Row]:
        return self.select(user, params).rows()


REPORTS: dict[str, Report] = {}


def register(report: Report) -> Report:
    if report.name in REPORTS:
        raise ValueError(f"report {report.name!r} is already registered")
    REPORTS[report.name] = report
    return report


def get_report(name: str) -> Report:
    try:
        return REPORTS[name]
    except KeyError:
        raise Http404("Không có báo cáo này.") from None


# ---------------------------------------------------------------- helpers for definitions


def describe_filters(form: forms.Form, *, skip: Sequence[str] = ()) -> str:
    """The valid, non-empty filters of a page's filter form in words, for the title rows."""
    if not form.is_bound or not form.is_valid():
        return ""
    parts = []
    for name, value in form.cleaned_data.items():
        if name in skip or value in (None, ""):
            continue
        field_ = form.fields[name]
        choices = dict(getattr(field_, "choices", ()) or ())
        shown = choices.get(value, value)
        if isinstance(shown, dt.date):
            shown = vn.format_date(shown)
        parts.append(f"{field_.label}: {shown}")
    return "Điều kiện lọc: " + "; ".join(parts) if parts else ""


def scope_name(user: Any, action: str) -> str:
    """The names of the top organizations of the user's scope (one query)."""
    names = list(policy.scope_roots(user, action).order_by("sort_key").values_list("name", flat=True))
    return "; ".join(names) if names else "Phạm vi được phân quyền"


def _age(birth: dt.date | None, on: dt.date) -> int | None:
    if birth is None:
        return None
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


# ---------------------------------------------------------------- members

MEMBER_COLUMNS = (
    Column("STT", 6, "number"),
    Column("Họ và tên", 26),
    Column("Giới tính", 9),
    Column("Ngày sinh", 12, "date"),
    Column("Số thẻ đảng viên", 16),
    Column("Ngày vào Đảng", 13, "date"),
    Column("Ngày chính thức", 13, "date"),
    Column("Trạng thái", 14),
    Column("Chi bộ", 34),
    Column("Mã chi bộ", 14),
    Column("Nghề nghiệp, chức vụ", 30),
    Column("Điện thoại", 14),
    Column("Thư điện tử", 26),
    Column("Mã đảng viên", 14),
    Column("Quê quán", 30),
    Column("Nơi ở hiện nay", 30),
    Column("Giáo dục phổ thông", 12),
    Column("Chuyên môn, nghiệp vụ", 26),
    Column("Lý luận chính trị", 14),
    Column("Tuổi", 7, "number"),
)
_MEMBER_FIELDS = (
    "full_name",
    "gender",
    "birth_date",
    "card_number",
    "admission_date",
    "official_date",
    "status",
    "organization__name",
    "organization__code",
    "occupation",
    "phone",
    "email",
    "code",
    "hometown",
    "residence",
    "general_education",
    "qualification",
    "political_theory",
)


def select_members(user: Any, params: QueryDict) -> Selection:
    """The member list (`/members/`) as filtered; national ID, ethnicity and religion are never exported."""
    found = filter_members(user, params)
    members = found.members.vietnamese_order()
    today = timezone.localdate()

    def rows() -> Iterator[Row]:
        genders, statuses = dict(Gender.choices), dict(Status.choices)
        values = members.values_list(*_MEMBER_FIELDS).iterator(chunk_size=5000)
        for n, v in enumerate(values, start=1):
            yield (
                n,
                v[0],
                genders.get(v[1], v[1]),
                v[2],
                v[3],
                v[4],
                v[5],
                statuses.get(v[6], v[6]),
                *v[7:],
                _age(v[2], today),
            )

    return Selection(
        scope_name=found.scope.name if found.scope else scope_name(user, policy.VIEW_MEMBERS),
        count=found.members.count,
        rows=rows,
        note=describe_filters(found.form, skip=("organization",)),
    )


register(
    Report(
        name="members",
        title="DANH SÁCH ĐẢNG VIÊN",
        filename="danh-sach-dang-vien",
        columns=MEMBER_COLUMNS,
        select=select_members,
    )
)


# ---------------------------------------------------------------- organizations

ORGANIZATION_COLUMNS = (
    Column("STT", 6, "number"),
    Column("Mã tổ chức", 14),
    Column("Tên tổ chức", 44),
    Column("Tên viết tắt", 18),
    Column("Loại", 30),
    Column("Khối/Lĩnh vực", 20),
    Column("Mã tổ chức cấp trên", 16),
    Column("Ngày thành lập", 13, "date"),
    Column("Ngày giải thể", 13, "date"),
    Column("Số đảng viên", 12, "number"),
)


@dataclass
class _OrganizationRows:
    """The organizations of a selection, fetched once (one query) on first use."""

    queryset: Any
    on: dt.date
    _rows: list[Row] | None = field(default=None, init=False)

    def fetch(self) -> list[Row]:
        if self._rows is None:
            self._rows = self._build()
        return self._rows

    def count(self) -> int:
        return len(self.fetch())

    def iterate(self) -> Iterator[Row]:
        return iter(self.fetch())

    def _build(self) -> list[Row]:
        on = self.on
        version = OrganizationVersion.objects.filter(organization=OuterRef("pk"), valid_from__lte=on).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=on)
        )
        active = (
            Member.objects.filter(organization=OuterRef("pk"), status__in=ACTIVE_STATUSES)
            .order_by()
            .values("organization")
            .annotate(n=Count("pk"))
            .values("n")
        )
        records = list(
            self.queryset.annotate(
                name_on=Coalesce(Subquery(version.values("name")[:1]), "name"),
                short_name_on=Coalesce(Subquery(version.values("short_name")[:1]), "short_name"),
                parent_code_on=Subquery(version.values("parent__code")[:1]),
                direct=Coalesce(Subquery(active, output_field=IntegerField()), Value(0)),
            ).values_list(
                "pk",
                "path",
                "code",
                "name_on",
                "short_name_on",
                "kind",
                "sector",
                "parent_code_on",
                "established_on",
                "dissolved_on",
                "direct",
            )
        )
        # Members of the inclusive subtree: every organization below one in scope is in scope too.
        total = {r[0]: 0 for r in records}
        keys = {r[0]: vn.sort_key(r[3]) for r in records}
        for r in records:
            for ancestor in (int(part) for part in r[1].split(".") if part):
                if ancestor in total:
                    total[ancestor] += r[10]

        def tree_order(r: tuple[Any, ...]) -> list[tuple[str, int]]:
            return [(keys.get(int(p), ""), int(p)) for p in r[1].split(".") if p]

        kinds, sectors = dict(Kind.choices), dict(Sector.choices)
        return [
            (
                n,
                r[2],
                r[3],
                r[4],
                kinds.get(r[5], r[5]),
                sectors.get(r[6], r[6]),
                r[7],
                r[8],
                r[9],
                total[r[0]],
            )
            for n, r in enumerate(sorted(records, key=tree_order), start=1)
        ]


def select_organizations(user: Any, params: QueryDict) -> Selection:
    """The organization tree (`/organizations/`) as a table: those of the user's scope that were active
    on `?on=dd/mm/yyyy` (today by default), with their names and parents of that day, optionally
    narrowed to the subtree of `?organization=CODE`; members counted are today's active ones of the
    inclusive subtree."""
    if not policy.has_any_scope(user, policy.VIEW_ORGANIZATIONS):
        raise Http404("Không có tổ chức nào trong phạm vi của bạn.")
    on, note = timezone.localdate(), ""
    on_text = str(params.get("on") or "")
    if on_text:
        try:
            on = vn.parse_date(on_text)
        except ValueError:
            pass  # the page shows the error and today's tree; so does the export
        else:
            note = f"Tổ chức hoạt động ngày {vn.format_date(on)}"
    code = str(params.get("organization") or "").strip()
    if code:
        scope = policy.access_organization(user, code)
        organizations = Organization.objects.subtree_of(scope)
        name = scope.name
    else:
        organizations = policy.visible_organizations(user, policy.VIEW_ORGANIZATIONS)
        name = scope_name(user, policy.VIEW_ORGANIZATIONS)
    rows = _OrganizationRows(organizations.active_on(on), on)
    return Selection(scope_name=name, count=rows.count, rows=rows.iterate, note=note)


register(
    Report(
        name="organizations",
        title="DANH SÁCH TỔ CHỨC ĐẢNG",
        filename="danh-sach-to-chuc-dang",
        columns=ORGANIZATION_COLUMNS,
        select=select_organizations,
    )
)


# ---------------------------------------------------------------- what is due

DUE_COLUMNS = (
    Column("STT", 6, "number"),
    Column("Hạn", 12, "date"),
    Column("Quá hạn", 9),
    Column("Việc", 34),
    Column("Đảng viên, tổ chức", 30),
    Column("Thuộc", 34),
    Column("Căn cứ", 10),
    Column("Ghi chú", 40),
)


def select_due(user: Any, params: QueryDict) -> Selection:
    """The due page's items (one kind when the page shows one), in the page's order."""
    from dangbo.workdays import clock

    today = clock.today()
    kind = params.get("kind", "")
    items = [i for i in due.collect(user, today=today) if not kind or i.kind == kind]

    def rows() -> Iterator[Row]:
        for number, item in enumerate(items, start=1):
            late = "Quá hạn" if item.is_late(today) else ""
            yield (
                number,
                item.due_on,
                late,
                item.title,
                item.subject,
                item.organization,
                item.rule,
                item.note,
            )

    return Selection(
        scope_name=scope_name(user, policy.VIEW_MEMBERS),
        count=lambda: len(items),
        rows=rows,
        note=f"Tính đến ngày {vn.format_date(today)}"
        + (f"; loại việc: {items[0].title}" if kind and items else ""),
    )


register(
    Report(
        name="due",
        title="DANH SÁCH VIỆC ĐẾN HẠN, QUÁ HẠN",
        filename="viec-den-han",
        columns=DUE_COLUMNS,
        select=select_due,
    )
)
