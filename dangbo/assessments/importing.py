"""Past results from a spreadsheet: the `assessments` kind of the imports app (`dangbo import assessments
FILE.xlsx`, and the import page with its preview and progress bar).

A file holds one sheet of organizations' results ("Năm", "Mã tổ chức", "Xếp loại", optional "Điểm",
"Ghi chú") and/or one of members' results ("Năm", "Số thẻ đảng viên" or "Mã đảng viên", "Xếp loại",
optional "Điểm", "Ghi chú"); a sheet is recognised by its header row, wherever it is and whatever its
name. Each "Xếp loại" is read under the regime of its year (RULES.md R1): the full label, the usual
abbreviation (HTXSNV, HTTNV, HTNV, KHTNV, TSVM, YK…), "TSVMTB" for "Trong sạch, vững mạnh tiêu biểu"
(the exemplary flag, before 2018 only), and for members "Không xếp loại" with the reason in "Ghi chú"
(R11). A label of another regime is refused, never mapped.

All or nothing, like the other imports: every row is checked and every problem reported with its sheet,
row, column and reason in Vietnamese; one refused row and nothing is written. Rows are written through
`import_results` as published results from an import (source "import"). Importing the same file again
changes nothing; a result the workflow produced is never overwritten (a change there is a
reclassification by the deciding body).

Who may import: results are decisions, so the user needs the decide right (RULES.md R12) on the body
that decides each row: for a member the grassroots organization of their cell that year, for an
organization its directly superior committee.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain, islice
from typing import Any

import xlsxwriter
from django.db import transaction
from django.db.models.functions import Upper

from dangbo.accounts import policy
from dangbo.assessments import queries, regimes
from dangbo.assessments.figures import level_labels, levels_of
from dangbo.assessments.models import Assessment, NotClassifiedReason, Period, Source, Stage
from dangbo.assessments.regimes import MEMBER, ORGANIZATION, Regime, Subject
from dangbo.imports.importers import Ledger, Options
from dangbo.imports.parsing import (
    HEADER_SCAN_ROWS,
    Column,
    Layout,
    ParsedRow,
    Report,
    RowReader,
    header_key,
    header_layout,
    header_lookup,
    match_in,
    missing_columns_message,
)
from dangbo.lib import tabular, vn
from dangbo.lib.history import action
from dangbo.members.models import Member, Placement, PlacementKind
from dangbo.organizations.models import Organization

BATCH = 2000
MAX_ROWS = 2_000_000
FILENAME = "mau-nhap-ket-qua-xep-loai.xlsx"
FIXED_TIME = dt.datetime(2026, 1, 1)

_YEAR = Column(
    "year",
    "Năm",
    ("Năm đánh giá", "Năm xếp loại", "Năm đánh giá, xếp loại", "Năm đánh giá xếp loại"),
    "year",
    True,
)
_LEVEL = Column(
    "level",
    "Xếp loại",
    ("Kết quả xếp loại", "Mức xếp loại", "Xếp loại chất lượng", "Kết quả đánh giá, xếp loại", "Kết quả"),
    required=True,
    max_length=200,
)
_SCORES = (
    Column("score", "Điểm", ("Tổng điểm", "Điểm đánh giá", "Điểm xếp loại"), "decimal"),
    Column("score_general", "Điểm tiêu chí chung", ("Điểm nhóm tiêu chí chung",), "decimal", template=False),
    Column(
        "score_tasks",
        "Điểm kết quả thực hiện nhiệm vụ",
        ("Điểm kết quả nhiệm vụ", "Điểm thực hiện nhiệm vụ", "Điểm nhóm kết quả thực hiện nhiệm vụ"),
        "decimal",
        template=False,
    ),
)
_NOTE = Column("note", "Ghi chú", ("Lý do", "Ghi chú, lý do"), max_length=2000)

ORGANIZATION_COLUMNS: tuple[Column, ...] = (
    _YEAR,
    Column(
        "organization",
        "Mã tổ chức",
        ("Mã tổ chức đảng", "Mã đơn vị", "Mã tổ chức cơ sở đảng", "Mã TCCS đảng", "Mã chi bộ"),
        "code",
        True,
    ),
    Column("name", "Tên tổ chức", ("Tên tổ chức đảng", "Tên đơn vị", "Tổ chức đảng"), max_length=255),
    _LEVEL,
    *_SCORES,
    _NOTE,
)
MEMBER_COLUMNS: tuple[Column, ...] = (
    _YEAR,
    Column("card_number", "Số thẻ đảng viên", ("Số thẻ", "Số thẻ ĐV", "Số thẻ Đảng", "Số thẻ đảng"), "code"),
    Column("code", "Mã đảng viên", ("Mã ĐV", "Mã số đảng viên", "Mã số ĐV"), "code"),
    Column("full_name", "Họ và tên", ("Họ tên", "Họ tên đảng viên", "Họ và tên đảng viên"), max_length=150),
    _LEVEL,
    *_SCORES,
    _NOTE,
)
COLUMNS = {ORGANIZATION: ORGANIZATION_COLUMNS, MEMBER: MEMBER_COLUMNS}
ALL_COLUMNS = tuple({c.name: c for c in (*MEMBER_COLUMNS, *ORGANIZATION_COLUMNS)}.values())
_LOOKUPS = {subject: header_lookup(columns) for subject, columns in COLUMNS.items()}
SHEET_TITLES = {ORGANIZATION: "Tổ chức", MEMBER: "Đảng viên"}
NOT_CLASSIFIED_WORDS = (
    "Không xếp loại",
    "KXL",
    "Không đánh giá, xếp loại",
    "Không đánh giá xếp loại",
    "Không phân loại",
)
_NOT_CLASSIFIED = {header_key(w) for w in NOT_CLASSIFIED_WORDS}
_REASON_WORDS = (
    (NotClassifiedReason.EXEMPTED, ("mien cong tac", "mien sinh hoat", "mien")),
    (NotClassifiedReason.SUSPENDED, ("dinh chi",)),
    (NotClassifiedReason.ADMITTED_RECENTLY, ("ket nap", "6 thang", "sau thang", "moi vao dang")),
)


# ------------------------------------------------------------------------------------------ levels


@dataclass(frozen=True)
class Reading:
    level: str  # the regime's code; "" when not classified
    exemplary: bool = False
    not_classified: bool = False


class LevelReader:
    """Reads "Xếp loại" texts under each year's regime; knows every regime's words for the refusals."""

    def __init__(self) -> None:
        self.labels = level_labels(regimes.REGIMES)
        self.tables: dict[tuple[str, Subject], dict[str, Reading]] = {}
        self.elsewhere: dict[str, set[str]] = {}
        for regime in regimes.ORDERED:
            for subject in (ORGANIZATION, MEMBER):
                for key in self.table(regime, subject):
                    self.elsewhere.setdefault(key, set()).add(regime.title)

    def table(self, regime: Regime, subject: Subject) -> dict[str, Reading]:
        found = self.tables.get((regime.code, subject))
        if found is not None:
            return found
        table: dict[str, Reading] = {}
        for level in levels_of(regime, subject, self.labels):
            original = regime.level(subject, level.code)
            for text in (
                level.label,
                level.abbreviation,
                original.label,
                original.abbreviation,
                *original.aliases,
            ):
                table.setdefault(header_key(text), Reading(level.code))
        if subject == ORGANIZATION and regime.has_exemplary:
            top = regime.top(subject)
            for text in (
                regime.exemplary_label,
                regime.exemplary_abbreviation,
                f"{top.abbreviation} tiêu biểu",
            ):
                table[header_key(text)] = Reading(top.code, exemplary=True)
        if subject == MEMBER:
            for key in _NOT_CLASSIFIED:
                table[key] = Reading("", not_classified=True)
        self.tables[(regime.code, subject)] = table
        return table

    def read(self, regime: Regime, subject: Subject, text: str, year: int) -> Reading:
        key = header_key(text)
        found = self.table(regime, subject).get(key)
        if found is not None:
            return found
        noun = "tổ chức đảng" if subject == ORGANIZATION else "đảng viên"
        names = "; ".join(f"{lv.label} ({lv.abbreviation})" for lv in levels_of(regime, subject, self.labels))
        if subject == ORGANIZATION and regime.has_exemplary:
            names += f"; {regime.exemplary_label} ({regime.exemplary_abbreviation})"
        message = f"“{text}” không phải mức xếp loại {noun} năm {year} theo {regime.title}. Các mức: {names}."
        other = sorted(self.elsewhere.get(key, set()) - {regime.title})
        if other:
            message += f" Đây là mức của {', '.join(other)}: không tự quy đổi sang quy định khác (RULES R1)."
        elif key in _NOT_CLASSIFIED:
            message += " Tổ chức đảng không có trường hợp “không xếp loại”."
        raise ValueError(message)


def reason_from_note(note: str) -> str:
    folded = vn.fold(note)
    for reason, words in _REASON_WORDS:
        if any(word in folded for word in words):
            return reason
    return NotClassifiedReason.OTHER


# ------------------------------------------------------------------------------------------ sheets


@dataclass
class Found:
    subject: Subject
    layout: Layout


def _find_header(rows: list[tabular.Row]) -> tuple[Subject, int] | None:
    """The subject and position of the first row that reads as a header of results."""
    for position, row in enumerate(rows):
        names = {
            subject: {c.name for c in (match_in(_LOOKUPS[subject], value) for value in row.values) if c}
            for subject in (ORGANIZATION, MEMBER)
        }
        member_key = names[MEMBER] & {"card_number", "code"}
        if {"year", "level"} <= names[MEMBER] and member_key:
            return MEMBER, position
        if {"year", "level", "organization"} <= names[ORGANIZATION]:
            return ORGANIZATION, position
    return None


def locate_sheets(book: tabular.Book, report: Report) -> list[Found]:
    """Every sheet whose header row names results of organizations or of members (others are ignored)."""
    found = []
    for sheet in book.sheets:
        iterator = iter(sheet.rows())
        head = list(islice(iterator, HEADER_SCAN_ROWS))
        header = _find_header(head)
        if header is None:
            continue
        subject, position = header
        before = (len(report.columns), len(report.unmatched))
        layout = header_layout(
            sheet,
            head[position],
            chain(head[position + 1 :], iterator),
            COLUMNS[subject],
            _LOOKUPS[subject],
            {},
            report,
        )
        for entry in chain(report.columns[before[0] :], report.unmatched[before[1] :]):
            entry["sheet"] = sheet.name
        found.append(Found(subject, layout))
    if not found:
        report.file_errors.append(
            "Không tìm thấy trang tính kết quả xếp loại: dòng tiêu đề cần các cột “Năm”, “Xếp loại” và “Mã tổ chức” "
            "(kết quả của tổ chức đảng) hoặc “Số thẻ đảng viên” / “Mã đảng viên” (kết quả của đảng viên)."
        )
    report.sheet = ", ".join(f.layout.sheet.name for f in found)
    report.header_row = found[0].layout.header_row if found else 0
    return found


# ------------------------------------------------------------------------------------------ rows


@dataclass
class Plan:
    row: ParsedRow
    subject: Subject
    sheet_index: int
    period: Period
    reading: Reading
    organization: Organization | None = None  # the organization assessed, or the member's cell that year
    member: Member | None = None
    grassroots_id: int | None = None
    decider_id: int | None = None
    values: dict[str, Any] = field(default_factory=dict)  # score_general, score_tasks, note, reason


class AssessmentImporter:
    """Checks (preview) or writes the results of every recognised sheet, in one transaction."""

    def __init__(self, options: Options, report: Report, book: tabular.Book) -> None:
        self.options = options
        self.report = report
        self.book = book
        self.levels = LevelReader()
        self.periods: dict[int, Period] = {}
        self.organizations: dict[int, Organization] = {}  # by id, with ancestors, for grassroots/decider
        self.allowed: dict[int, bool] = {}
        self.ledger = Ledger()
        self.note = f"Nhập từ tệp “{options.filename}”"[:255]
        report.counts = {"created": 0, "updated": 0, "unchanged": 0, "refused": 0}
        report.samples = {"created": [], "updated": [], "transferred": []}

    # -- the run

    def run(self) -> None:
        found = locate_sheets(self.book, self.report)
        for item in found:
            missing = [
                c.label for c in COLUMNS[item.subject] if c.required and c.name not in item.layout.letters
            ]
            if missing:
                self.report.file_errors.append(
                    missing_columns_message(item.layout.sheet.name, item.layout.header_row, missing)
                )
        if not self.report.ok:
            return
        estimate = sum(max((f.layout.sheet.estimated_rows or 0) - f.layout.header_row, 0) for f in found)
        with transaction.atomic():
            self.ledger.open()
            done = 0
            for index, item in enumerate(found):
                reader = RowReader(item.layout, self.report)
                rows = iter(reader)
                while batch := list(islice(rows, BATCH)):
                    done += len(batch)
                    if done > MAX_ROWS:
                        self.report.file_errors.append(
                            f"Tệp có hơn {vn.format_number(MAX_ROWS)} dòng: hãy chia nhỏ tệp."
                        )
                        break
                    self.batch(item, index, reader, batch)
                    self.report.rows = done
                    if self.options.progress is not None:
                        self.options.progress(done, max(estimate, done))
            self.ledger.close()
            self.report.committed = self.options.commit and self.report.ok
            if not self.report.committed:
                transaction.set_rollback(True)

    # -- helpers

    def problem(self, reader: RowReader, row: ParsedRow, name: str | None, message: str) -> None:
        reader.problem(row, name if name in reader.layout.letters else None, message)

    def period(self, year: int) -> Period:
        if year not in self.periods:
            self.periods[year] = Period.objects.yearly(year)
        return self.periods[year]

    def may_decide(self, decider_id: int | None, organization: Organization) -> bool:
        """R12: the decide right on the deciding body (only a superuser above the root), inside the scope."""
        scope = self.options.scope
        if scope is not None and not organization.path.startswith(scope.path):
            return False
        key = decider_id or 0
        if key not in self.allowed:
            decider = self.organizations.get(decider_id) if decider_id else None
            self.allowed[key] = policy.can(self.options.user, policy.DECIDE, decider)
        return self.allowed[key]

    def remember(self, organizations: Iterable[Organization]) -> None:
        missing = [o for o in organizations if o.pk not in self.organizations or not self._has_ancestors(o)]
        if missing:
            self.organizations.update(queries.with_ancestors(missing))

    def _has_ancestors(self, organization: Organization) -> bool:
        return all(i in self.organizations for i in organization.ancestor_ids)

    # -- one batch

    def batch(self, item: Found, index: int, reader: RowReader, rows: list[ParsedRow]) -> None:
        plans = [p for p in (self.read(item.subject, index, reader, row) for row in rows) if p is not None]
        if item.subject == MEMBER:
            self.members(reader, plans)
        else:
            self.organizations_of(reader, plans)
        self.duplicates(item.subject, reader, plans)
        existing = self.existing(item.subject, [p for p in plans if not p.row.problems])
        creates, updates = [], []
        for plan in plans:
            if plan.row.problems:
                continue
            current = existing.get(self.key(plan))
            if current is None:
                creates.append(plan)
            elif current.source != Source.IMPORT:
                self.problem(
                    reader,
                    plan.row,
                    "year",
                    f"{plan.period.label} đã có kết quả xếp loại từ quy trình đánh giá ({current.get_stage_display().lower()}): "
                    "tệp nhập không ghi đè; muốn thay đổi thì cấp có thẩm quyền xếp loại lại (RULES R12).",
                )
            elif self.changed(current, plan):
                updates.append((current, plan))
            else:
                self.report.counts["unchanged"] += 1
        for row in rows:
            if row.problems:
                self.report.counts["refused"] += 1
                for problem in row.problems:
                    self.report.refuse(problem)
        creates = [p for p in creates if not p.row.problems]
        updates = [(c, p) for c, p in updates if not p.row.problems]
        self.report.counts["created"] += len(creates)
        self.report.counts["updated"] += len(updates)
        for plan in creates:
            self.report.sample("created", self.describe(plan))
        for _, plan in updates:
            self.report.sample("updated", self.describe(plan))
        if self.options.commit and self.report.ok:
            import_results(creates=creates, updates=updates, by=self.options.by)

    def describe(self, plan: Plan) -> str:
        who = plan.member.full_name if plan.member else plan.organization.name  # type: ignore[union-attr]
        regime = plan.period.rules
        subject = MEMBER if plan.member else ORGANIZATION
        if plan.reading.not_classified:
            what = "không xếp loại"
        else:
            what = regime.level(subject, plan.reading.level).label + (
                " tiêu biểu" if plan.reading.exemplary else ""
            )
        return f"Dòng {plan.row.number}: {who} — {plan.period.label}: {what}"

    def read(self, subject: Subject, index: int, reader: RowReader, row: ParsedRow) -> Plan | None:
        """The row's own values: year, level under the year's regime, scores (R2, R3), note."""
        v = row.values
        for name in ("year", "level"):
            if name not in v and name not in row.raw:
                self.problem(reader, row, name, f"Thiếu {'năm' if name == 'year' else 'xếp loại'}.")
        key_names = ("organization",) if subject == ORGANIZATION else ("card_number", "code")
        if not any(n in v or n in row.raw for n in key_names):
            label = "mã tổ chức" if subject == ORGANIZATION else "số thẻ đảng viên hoặc mã đảng viên"
            self.problem(reader, row, key_names[0], f"Thiếu {label}.")
        if "year" not in v or "level" not in v:
            return None
        period = self.period(v["year"])
        regime = period.rules
        try:
            reading = self.levels.read(regime, subject, v["level"], v["year"])
        except ValueError as error:
            self.problem(reader, row, "level", str(error))
            return None
        plan = Plan(row, subject, index, period, reading)
        note = v.get("note", "")
        if reading.not_classified:
            if not note:
                self.problem(
                    reader,
                    row,
                    "note",
                    "Ghi lý do không xếp loại ở cột “Ghi chú” (RULES R11: miễn công tác và sinh hoạt đảng, "
                    "đình chỉ sinh hoạt đảng, kết nạp chưa đủ 6 tháng).",
                )
            plan.values["not_classified_reason"] = reason_from_note(note)
        self.scores(reader, plan, regime)
        plan.values["note"] = "; ".join(x for x in (plan.values.pop("score_note", ""), note) if x)
        return plan

    def scores(self, reader: RowReader, plan: Plan, regime: Regime) -> None:
        v, row = plan.row.values, plan.row
        total, general, tasks = v.get("score"), v.get("score_general"), v.get("score_tasks")
        if general is not None or tasks is not None:
            if not regime.scored:
                name = "score_general" if general is not None else "score_tasks"
                self.problem(
                    reader,
                    row,
                    name,
                    f"{plan.period.label} xếp loại theo {regime.title}, không chấm điểm theo hai nhóm tiêu chí "
                    "(RULES R2 áp dụng từ Quy định 366-QĐ/TW).",
                )
                return
            if general is None or tasks is None:
                name = "score_tasks" if general is not None else "score_general"
                self.problem(
                    reader, row, name, "Cần cả điểm tiêu chí chung và điểm kết quả thực hiện nhiệm vụ."
                )
                return
            for name, value, (part, highest) in (
                ("score_general", general, regime.score_parts[0]),
                ("score_tasks", tasks, regime.score_parts[1]),
            ):
                if not 0 <= value <= highest:
                    self.problem(
                        reader,
                        row,
                        name,
                        f"Theo R2: điểm {part.lower()} từ 0 đến {vn.format_number(highest)}, không phải {vn.format_number(value, 2)}.",
                    )
            if total is not None and total != general + tasks:
                self.problem(
                    reader,
                    row,
                    "score",
                    f"Tổng điểm {vn.format_number(total, 2)} khác tổng hai nhóm "
                    f"{vn.format_number(general, 2)} + {vn.format_number(tasks, 2)} (RULES R2).",
                )
            plan.values["score_general"], plan.values["score_tasks"] = general, tasks
            total = general + tasks
        elif total is not None:
            if not 0 <= total <= 100:
                self.problem(
                    reader, row, "score", f"Điểm từ 0 đến 100, không phải {vn.format_number(total, 2)}."
                )
                return
            plan.values["score_note"] = f"Điểm: {vn.format_number(total, 2).rstrip('0').rstrip(',')}"
        if total is not None and regime.scored and plan.reading.level and not row.problems:
            subject = plan.subject
            best = regime.band_for(total)
            rank = {lv.code: lv.rank for lv in regime.levels(subject)}
            if rank[plan.reading.level] < rank[best]:
                label = regime.level(subject, best).label
                self.problem(
                    reader,
                    row,
                    "level",
                    f"Theo R3: tổng điểm {vn.format_number(total, 2)} chỉ cho phép xếp loại tối đa “{label}”.",
                )

    # -- organizations

    def organizations_of(self, reader: RowReader, plans: list[Plan]) -> None:
        codes = {p.row.values["organization"].upper() for p in plans if "organization" in p.row.values}
        found = {
            o.code.upper(): o
            for o in Organization.objects.annotate(upper=Upper("code")).filter(upper__in=codes)
        }
        self.remember(found.values())
        for plan in plans:
            row = plan.row
            code = row.values.get("organization")
            if code is None or row.problems:
                continue
            organization = found.get(code.upper())
            decider = queries.decider_id(organization, self.organizations) if organization else None
            if organization is None or not self.may_decide(decider, organization):
                self.problem(
                    reader,
                    row,
                    "organization",
                    f"Không tìm thấy tổ chức mã “{code}” trong phạm vi bạn được quyết định xếp loại "
                    "(cần quyền quyết định của cấp ủy cấp trên trực tiếp: RULES R12).",
                )
                continue
            if organization.kind not in queries.ASSESSED_KINDS:
                self.problem(
                    reader,
                    row,
                    "organization",
                    f"“{organization.name}” là {organization.get_kind_display().lower()}: chỉ ghi kết quả xếp loại "
                    "của tổ chức cơ sở đảng, đảng bộ bộ phận và chi bộ.",
                )
                continue
            if organization.established_on > plan.period.ends_on or (
                organization.dissolved_on is not None and organization.dissolved_on <= plan.period.starts_on
            ):
                self.problem(
                    reader,
                    row,
                    "year",
                    f"“{organization.name}” không hoạt động trong {plan.period.label.lower()} (thành lập "
                    f"{vn.format_date(organization.established_on)}"
                    + (
                        f", giải thể {vn.format_date(organization.dissolved_on)}"
                        if organization.dissolved_on
                        else ""
                    )
                    + ").",
                )
                continue
            plan.organization = organization
            plan.grassroots_id = queries.grassroots_id(organization, self.organizations)
            plan.decider_id = decider

    # -- members

    def members(self, reader: RowReader, plans: list[Plan]) -> None:
        cards = {p.row.values["card_number"] for p in plans if "card_number" in p.row.values}
        codes = {p.row.values["code"] for p in plans if "code" in p.row.values}
        by_card, by_code = {}, {}
        for m in Member.objects.filter(card_number__in=cards) | Member.objects.filter(code__in=codes):
            if m.card_number:
                by_card[m.card_number] = m
            if m.code:
                by_code[m.code] = m
        matched: dict[int, Member] = {}
        for plan in plans:
            v = plan.row.values
            card, code = v.get("card_number"), v.get("code")
            if plan.row.problems or not (card or code):
                continue
            member = by_card.get(card) if card else None
            if member is None and code:
                member = by_code.get(code)
            elif member is not None and code and member.code and member.code != code:
                self.problem(
                    reader,
                    plan.row,
                    "code",
                    f"Số thẻ “{card}” thuộc đảng viên mã “{member.code}”, không phải “{code}”.",
                )
                continue
            if member is None:
                name, value = ("card_number", card) if card else ("code", code)
                label = "số thẻ" if card else "mã"
                self.problem(reader, plan.row, name, f"Không tìm thấy đảng viên có {label} “{value}”.")
                continue
            if "full_name" in v and vn.fold(v["full_name"]) != vn.fold(member.full_name):
                self.problem(
                    reader,
                    plan.row,
                    "full_name",
                    f"Họ tên trong tệp khác họ tên của đảng viên {'số thẻ' if card else 'mã'} "
                    f"“{card or code}” (“{member.full_name}”).",
                )
                continue
            if member.admission_date > plan.period.ends_on:
                self.problem(
                    reader,
                    plan.row,
                    "year",
                    f"{member.full_name} vào Đảng ngày {vn.format_date(member.admission_date)}, sau {plan.period.label.lower()}.",
                )
                continue
            plan.member = member
            matched[member.pk] = member
        cells = self.cells_at_year_end(matched, plans)
        self.remember(cells.values())
        for plan in plans:
            if plan.member is None or plan.row.problems:
                continue
            cell = cells.get((plan.member.pk, plan.period.ends_on))
            if cell is None:
                cell = plan.member.organization
                self.remember([cell])
            grassroots = queries.grassroots_id(cell, self.organizations)
            if not self.may_decide(grassroots or cell.pk, cell):
                self.problem(
                    reader,
                    plan.row,
                    "card_number" if "card_number" in plan.row.values else "code",
                    f"{plan.member.full_name} sinh hoạt tại “{cell.name}” trong {plan.period.label.lower()}, ngoài phạm vi "
                    "bạn được quyết định xếp loại (cần quyền quyết định của tổ chức cơ sở đảng: RULES R12).",
                )
                continue
            plan.organization, plan.grassroots_id, plan.decider_id = cell, grassroots, grassroots or cell.pk

    def cells_at_year_end(
        self, members: dict[int, Member], plans: list[Plan]
    ) -> dict[tuple[int, dt.date], Organization]:
        """The cell each member belonged to on each period's last day (official placements): the one
        covering that day, else the last one begun before it, else the first one (records registered late)."""
        placements: dict[int, list[tuple[dt.date, dt.date | None, int]]] = {}
        for member_id, started, ended, organization_id in Placement.objects.filter(
            member_id__in=list(members), kind=PlacementKind.OFFICIAL
        ).values_list("member_id", "started_on", "ended_on", "organization_id"):
            placements.setdefault(member_id, []).append((started, ended, organization_id))
        wanted: dict[tuple[int, dt.date], int] = {}
        for plan in plans:
            if plan.member is None:
                continue
            spans = sorted(placements.get(plan.member.pk, []))
            if not spans:
                continue
            end = plan.period.ends_on
            covering = [s for s in spans if s[0] <= end and (s[1] is None or s[1] > end)]
            begun = [s for s in spans if s[0] <= end]
            chosen = covering[-1] if covering else begun[-1] if begun else spans[0]
            wanted[(plan.member.pk, end)] = chosen[2]
        by_id = Organization.objects.in_bulk(set(wanted.values()))
        return {key: by_id[i] for key, i in wanted.items() if i in by_id}

    # -- duplicates and existing results

    @staticmethod
    def key(plan: Plan) -> tuple[int, int, int | None]:
        if plan.member is not None:
            return (plan.period.pk, 0, plan.member.pk)
        return (plan.period.pk, plan.organization.pk, None)  # type: ignore[union-attr]

    def duplicates(self, subject: Subject, reader: RowReader, plans: list[Plan]) -> None:
        keys = []
        for plan in plans:
            if plan.row.problems or (plan.member is None and plan.organization is None):
                continue
            entity = plan.member.pk if plan.member else plan.organization.pk  # type: ignore[union-attr]
            keys.append(
                (f"{subject}:{plan.period.year}:{entity}", plan.sheet_index * 10_000_000 + plan.row.number)
            )
        first = self.ledger.duplicates(keys)
        for plan in plans:
            if plan.row.problems or (plan.member is None and plan.organization is None):
                continue
            entity = plan.member.pk if plan.member else plan.organization.pk  # type: ignore[union-attr]
            ref = plan.sheet_index * 10_000_000 + plan.row.number
            earlier = first.get((f"{subject}:{plan.period.year}:{entity}", ref))
            if earlier is not None:
                sheet_index, number = divmod(earlier, 10_000_000)
                where = (
                    f"dòng {number}" if sheet_index == plan.sheet_index else f"trang tính khác, dòng {number}"
                )
                self.problem(
                    reader,
                    plan.row,
                    "year",
                    f"{plan.period.label} của {'đảng viên' if plan.member else 'tổ chức'} này đã có ở {where}.",
                )

    def existing(self, subject: Subject, plans: list[Plan]) -> dict[tuple[int, int, int | None], Assessment]:
        if not plans:
            return {}
        periods = {p.period.pk for p in plans}
        rows = Assessment.objects.filter(period_id__in=periods)
        if subject == MEMBER:
            rows = rows.filter(member_id__in={p.member.pk for p in plans if p.member})
            return {(a.period_id, 0, a.member_id): a for a in rows}
        rows = rows.filter(
            member__isnull=True, organization_id__in={p.organization.pk for p in plans if p.organization}
        )
        return {(a.period_id, a.organization_id, None): a for a in rows}

    @staticmethod
    def changed(current: Assessment, plan: Plan) -> bool:
        values = fields_of(plan)
        return any(getattr(current, name) != value for name, value in values.items())


def fields_of(plan: Plan) -> dict[str, Any]:
    """The assessment's fields a row sets."""
    return {
        "organization_id": plan.organization.pk if plan.organization else None,
        "grassroots_id": plan.grassroots_id,
        "decider_id": plan.decider_id,
        "level": plan.reading.level,
        "exemplary": plan.reading.exemplary,
        "not_classified_reason": plan.values.get("not_classified_reason", ""),
        "score_general": plan.values.get("score_general"),
        "score_tasks": plan.values.get("score_tasks"),
        "note": plan.values.get("note", ""),
        "stage": Stage.PUBLISHED,
    }


@action("assessments.import_results")
def import_results(*, creates: Sequence[Plan], updates: Sequence[tuple[Assessment, Plan]], by: Any) -> int:
    """Record past results read from a file: published, source "import" (RULES.md R1: the level as
    the year's regime code). Returns the number of rows written."""
    Assessment.objects.bulk_create(
        [
            Assessment(period=plan.period, member=plan.member, source=Source.IMPORT, **fields_of(plan))
            for plan in creates
        ],
        batch_size=BATCH,
    )
    changed = []
    for current, plan in updates:
        for name, value in fields_of(plan).items():
            setattr(current, name, value)
        changed.append(current)
    if changed:
        Assessment.objects.bulk_update(changed, list(fields_of(updates[0][1])), batch_size=BATCH)
    return len(creates) + len(changed)


def run(options: Options, report: Report, book: tabular.Book) -> None:
    """The imports app's entry point for the kind "assessments"."""
    AssessmentImporter(options, report, book).run()


# ------------------------------------------------------------------------------------------ template

_NOTES = {
    "year": "Năm đánh giá, bốn chữ số (ví dụ 2017). Mỗi năm được đọc theo quy định xếp loại của năm đó.",
    "organization": "Mã tổ chức đảng (tổ chức cơ sở đảng, đảng bộ bộ phận, chi bộ).",
    "name": "Không bắt buộc, để đối chiếu khi đọc tệp.",
    "card_number": "Số thẻ đảng viên (giữ số 0 ở đầu). Có thể dùng cột “Mã đảng viên” thay thế.",
    "code": "Mã đảng viên, dùng khi không có số thẻ.",
    "full_name": "Không bắt buộc; nếu có, phải khớp họ tên của đảng viên trong hệ thống.",
    "level": "Tên đầy đủ hoặc viết tắt của mức xếp loại theo quy định của năm đó (xem bảng bên dưới). "
    "Đảng viên không xếp loại: ghi “Không xếp loại” và ghi lý do ở cột Ghi chú.",
    "score": "Không bắt buộc. Từ 2025 (Quy định 366-QĐ/TW): tổng điểm 0–100, phải phù hợp mức xếp loại "
    "(từ 90: tối đa HTXSNV; 70 đến dưới 90: tối đa HTTNV; 50 đến dưới 70: tối đa HTNV).",
    "score_general": "Không bắt buộc (từ 2025): điểm nhóm tiêu chí chung, 0–30.",
    "score_tasks": "Không bắt buộc (từ 2025): điểm nhóm kết quả thực hiện nhiệm vụ, 0–70.",
    "note": "Không bắt buộc; lý do không xếp loại (miễn công tác và sinh hoạt đảng, đình chỉ sinh hoạt đảng, "
    "kết nạp chưa đủ 6 tháng).",
}
_GENERAL = [
    "Trang tính “Tổ chức”: kết quả xếp loại của tổ chức đảng; trang tính “Đảng viên”: của đảng viên. Có thể chỉ "
    "dùng một trong hai; tên trang tính không quan trọng, hệ thống nhận ra theo dòng tiêu đề.",
    "Mỗi dòng một kết quả của một năm. Mức xếp loại ghi theo quy định của năm đó; không quy đổi mức của quy định "
    "này sang quy định khác (ví dụ năm 2016 là “Trong sạch, vững mạnh”, không phải “HTXSNV”).",
    "Kết quả được ghi là kết quả đã công bố, nguồn “nhập dữ liệu các năm trước”. Nhập lại cùng tệp không tạo "
    "trùng; kết quả đã có từ quy trình đánh giá không bị ghi đè.",
    "Cần quyền quyết định xếp loại: kết quả của đảng viên do tổ chức cơ sở đảng quyết định, của tổ chức do cấp ủy "
    "cấp trên trực tiếp quyết định (RULES R12).",
    "Chỉ ghi được dữ liệu khi mọi dòng hợp lệ: có một dòng bị từ chối thì không dòng nào được ghi.",
]


def template() -> bytes:
    """The downloadable template: a sheet per subject and a guide listing every regime's levels."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.set_properties({"title": FILENAME, "author": "dangbo", "created": FIXED_TIME})
    header = book.add_format(
        {"bold": True, "bg_color": "#EEF0F3", "border": 1, "text_wrap": True, "valign": "top"}
    )
    required = book.add_format(
        {"bold": True, "bg_color": "#FCE8C8", "border": 1, "text_wrap": True, "valign": "top"}
    )
    text = book.add_format({"num_format": "@"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    bold = book.add_format({"bold": True, "font_size": 13})
    for subject in (ORGANIZATION, MEMBER):
        sheet = book.add_worksheet(SHEET_TITLES[subject])
        columns = [c for c in COLUMNS[subject] if c.template]
        for index, column in enumerate(columns):
            width = {"name": 36, "full_name": 26, "level": 34, "note": 40}.get(column.name, 14)
            sheet.set_column(index, index, width, text if column.type == "code" else None)
            strong = column.required or column.name == "card_number"
            sheet.write_string(0, index, column.label, required if strong else header)
        sheet.freeze_panes(1, 0)
        sheet.set_row(0, 30)
    guide = book.add_worksheet("Hướng dẫn")
    guide.set_column(0, 0, 30)
    guide.set_column(1, 1, 40, wrap)
    guide.set_column(2, 2, 70, wrap)
    guide.write_string(0, 0, "MẪU NHẬP KẾT QUẢ XẾP LOẠI CÁC NĂM TRƯỚC", bold)
    row = 2
    for line in _GENERAL:
        guide.write_string(row, 0, "• " + line)
        row += 1
    row += 1
    for index, label in enumerate(["Cột", "Bắt buộc", "Cách ghi"]):
        guide.write_string(row, index, label, header)
    for column in ALL_COLUMNS:
        row += 1
        guide.write_string(row, 0, column.label)
        guide.write_string(row, 1, "Có" if column.required else "")
        synonyms = f" Tên khác được nhận: {', '.join(column.synonyms)}." if column.synonyms else ""
        guide.write_string(row, 2, _NOTES.get(column.name, "") + synonyms)
    row += 2
    for index, label in enumerate(["Năm", "Tổ chức đảng", "Đảng viên"]):
        guide.write_string(row, index, label, header)
    for regime in regimes.ORDERED:
        row += 1
        last = f"{regime.last_year}" if regime.last_year else "nay"
        guide.write_string(row, 0, f"{regime.first_year}–{last}: {regime.title}")
        organizations = "; ".join(f"{lv.label} ({lv.abbreviation})" for lv in levels_of(regime, ORGANIZATION))
        if regime.has_exemplary:
            organizations += f"; {regime.exemplary_label} ({regime.exemplary_abbreviation})"
        guide.write_string(row, 1, organizations)
        guide.write_string(
            row,
            2,
            "; ".join(f"{lv.label} ({lv.abbreviation})" for lv in levels_of(regime, MEMBER))
            + "; Không xếp loại",
        )
    book.close()
    return buffer.getvalue()
