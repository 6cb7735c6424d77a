"""The two importers: organizations and members, from an opened spreadsheet to service calls.

Both run inside one transaction. A check (preview) validates every row and rolls back; a commit writes
through the services (create_members_bulk, update_member, transfer_member, establish_organization,
rename_organization, move_organization, update_organization) and rolls back if any row is refused:
all or nothing.

Members stream in batches of `BATCH` rows, so memory stays flat on a province-sized file: per batch one
query finds the members already registered (by code, card number, or, when a row has neither, by name and
birth date), and the keys that must be unique within the file live in a temporary table rather than in
Python dictionaries.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import uuid
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from types import SimpleNamespace
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from dangbo.accounts import policy
from dangbo.imports.parsing import (
    COLUMNS,
    Layout,
    ParsedRow,
    Report,
    RowReader,
    locate,
)
from dangbo.lib import tabular, vn
from dangbo.members import services as member_services
from dangbo.members.models import Member, Status
from dangbo.organizations import services as org_services
from dangbo.organizations.models import Organization, Sector

BATCH = 2000
MAX_ORGANIZATION_ROWS = 20_000
MAX_MEMBER_ROWS = 1_000_000
NOTE = "Nhập từ tệp “{}”"

# The acting identity of `dangbo import` without --user: every organization, like a superuser.
SYSTEM = SimpleNamespace(is_authenticated=True, is_active=True, is_superuser=True, pk=None, member_id=None)

Progress = Callable[[int, int], None]


@dataclass
class Options:
    user: Any  # whose scope applies (a User, or SYSTEM)
    by: Any  # the acting user recorded by the services (None for SYSTEM)
    scope: Organization | None  # only within this subtree
    commit: bool
    filename: str = ""
    progress: Progress | None = None
    today: dt.date | None = None


def run_import(
    kind: str,
    data: bytes,
    filename: str,
    options: Options,
    *,
    mapping: dict[str, str] | None = None,
    limits: tabular.Limits | None = None,
) -> Report:
    """Check (options.commit False) or commit an import of `kind` ("organizations", "members", or
    "assessments": past results, read by dangbo.assessments.importing from every sheet it recognises)."""
    report = Report(kind)
    try:
        with tabular.open_book(data, filename, limits) as book:
            if kind == "assessments":
                from dangbo.assessments import importing

                importing.run(options, report, book)
                return report
            layout = locate(book, kind, mapping or {}, report)
            if layout is None:
                return report
            importer = MemberImporter if kind == "members" else OrganizationImporter
            importer(options, report, layout).run()
    except tabular.FileRefused as error:
        report.file_errors.append(str(error))
        report.committed = False
    return report


# -------------------------------------------------------------------------------------------- helpers


def _service_messages(error: ValidationError) -> Iterator[tuple[str | None, str]]:
    """(field, message) pairs of a service's ValidationError; field None for non-field errors."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for item in errors:
                for message in item.messages:
                    yield (None if name == NON_FIELD_ERRORS else name), message
    else:
        for message in error.messages:
            yield None, message


class _Base:
    kind = ""
    # service field -> the column that shows it
    field_columns: dict[str, str] = {}
    change_action = ""

    def __init__(self, options: Options, report: Report, layout: Layout) -> None:
        self.options = options
        self.report = report
        self.layout = layout
        self.reader = RowReader(layout, report)
        self.today = options.today or timezone.localdate()
        self._allowed: dict[int, bool] = {}
        self.columns = {c.name: c for c in COLUMNS[self.kind]}

    def allowed(self, organization: Organization) -> bool:
        """May the user change `organization`, within the import's scope?"""
        if organization.pk not in self._allowed:
            scope = self.options.scope
            self._allowed[organization.pk] = policy.can(
                self.options.user, self.change_action, organization
            ) and (scope is None or organization.path.startswith(scope.path))
        return self._allowed[organization.pk]

    def problem(self, row: ParsedRow, name: str | None, message: str) -> None:
        self.reader.problem(row, name if name in self.layout.letters else None, message)

    def service_error(self, row: ParsedRow, error: ValidationError, default: str | None) -> None:
        for name, message in _service_messages(error):
            column = self.field_columns.get(name or "", name) if name else default
            self.problem(row, column or default, message)

    def missing(self, row: ParsedRow, names: Iterable[str]) -> None:
        for name in names:
            if name not in row.values and name not in row.raw:
                self.problem(row, name, f"Thiếu {self.columns[name].label.lower()}.")

    def not_found(self, code: str) -> str:
        return f"Không tìm thấy tổ chức mã “{code}” trong phạm vi của bạn."

    def finish_row(self, row: ParsedRow) -> bool:
        """Count a refused row and record its problems; True when the row is refused."""
        if not row.problems:
            return False
        self.report.counts["refused"] += 1
        for problem in row.problems:
            self.report.refuse(problem)
        return True

    def progress(self, done: int) -> None:
        if self.options.progress is not None:
            estimate = (self.layout.sheet.estimated_rows or 0) - self.layout.header_row
            self.options.progress(done, max(estimate, done))


# -------------------------------------------------------------------------------------------- members


class Ledger:
    """The first row of every key that must be unique in the file, in a temporary table (flat memory)."""

    def __init__(self) -> None:
        self.table = f"import_keys_{uuid.uuid4().hex[:16]}"

    def open(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMPORARY TABLE {self.table} (key text PRIMARY KEY, row integer NOT NULL) ON COMMIT DROP"
            )

    def close(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.table}")

    def duplicates(self, keys: list[tuple[str, int]]) -> dict[tuple[str, int], int]:
        """Record (key, row) pairs; return {(key, row): first row} for keys an earlier row already holds."""
        first: dict[str, int] = {}
        found: dict[tuple[str, int], int] = {}
        for key, row in keys:
            if key in first:
                found[(key, row)] = first[key]
            else:
                first[key] = row
        if not first:
            return found
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {self.table} (key, row) SELECT * FROM unnest(%s::text[], %s::integer[]) "
                "ON CONFLICT (key) DO NOTHING RETURNING key",
                [list(first), list(first.values())],
            )
            inserted = {key for (key,) in cursor.fetchall()}
            earlier = [key for key in first if key not in inserted]
            if earlier:
                cursor.execute(f"SELECT key, row FROM {self.table} WHERE key = ANY(%s)", [earlier])
                for key, row in cursor.fetchall():
                    found[(key, first[key])] = row
        return found


_KEY_LABELS = {
    "code": ("code", "Mã đảng viên “{}” trùng với dòng {}."),
    "card": ("card_number", "Số thẻ đảng viên “{}” trùng với dòng {}."),
    "nid": ("national_id", "Số CCCD “{}” trùng với dòng {}."),
    "person": (
        "full_name",
        "Đảng viên “{}” trùng với dòng {} (cùng họ tên và ngày sinh, không có mã và số thẻ).",
    ),
    "member": ("code", "Đảng viên này đã có ở dòng {1} (cùng mã đảng viên hoặc số thẻ)."),
}
_SERVICE_ROW_RE = re.compile(r"^Dòng (\d+): ")


@dataclass
class _Plan:
    row: ParsedRow
    member: Member | None = None
    organization: Organization | None = None  # the cell in the file, when it differs or for a new member
    values: dict[str, Any] | None = None  # new member's values, or an existing one's changed fields


class MemberImporter(_Base):
    kind = "members"
    change_action = policy.CHANGE_MEMBERS
    field_columns = {"to": "organization", "effective_on": "organization", "status": "official_date"}

    def __init__(self, options: Options, report: Report, layout: Layout) -> None:
        super().__init__(options, report, layout)
        self.organizations: dict[str, Organization | None] = {}
        self._sensitive: dict[int, bool] = {}
        self.ledger = Ledger()
        self.note = NOTE.format(options.filename)[:255]

    def run(self) -> None:
        with transaction.atomic():
            self.ledger.open()
            done = 0
            rows = iter(self.reader)
            while batch := list(islice(rows, BATCH)):
                done += len(batch)
                if done > MAX_MEMBER_ROWS:
                    self.report.file_errors.append(
                        f"Tệp có hơn {vn.format_number(MAX_MEMBER_ROWS)} dòng: hãy chia nhỏ tệp."
                    )
                    break
                self.batch(batch)
                self.report.rows = done
                self.progress(done)
            self.ledger.close()
            self.report.committed = self.options.commit and self.report.ok
            if not self.report.committed:
                transaction.set_rollback(True)

    # -- lookups

    def organization(self, code: str) -> Organization | None:
        return self.organizations.get(code)

    def load_organizations(self, codes: set[str]) -> None:
        missing = codes - self.organizations.keys()
        if missing:
            found = {o.code: o for o in Organization.objects.filter(code__any=missing)}
            for code in missing:
                self.organizations[code] = found.get(code)

    def sensitive_allowed(self, organization: Organization) -> bool:
        if organization.pk not in self._sensitive:
            self._sensitive[organization.pk] = policy.can(
                self.options.user, policy.VIEW_SENSITIVE, organization
            )
        return self._sensitive[organization.pk]

    # -- one batch

    def batch(self, rows: list[ParsedRow]) -> None:
        values = [r.values for r in rows]
        self.load_organizations({v["organization"] for v in values if "organization" in v})
        codes = {v["code"] for v in values if "code" in v}
        cards = {v["card_number"] for v in values if "card_number" in v}
        by_code: dict[str, Member] = {}
        by_card: dict[str, Member] = {}
        if codes or cards:
            for m in Member.objects.select_related("organization").filter(
                Q(code__any=codes) | Q(card_number__any=cards)
            ):
                if m.code:
                    by_code[m.code] = m
                if m.card_number:
                    by_card[m.card_number] = m
        by_person: dict[tuple[str, dt.date], list[Member]] = defaultdict(list)
        anonymous = [
            v
            for v in values
            if "code" not in v and "card_number" not in v and "full_name" in v and "birth_date" in v
        ]
        if anonymous:
            for m in Member.objects.select_related("organization").filter(
                full_name__any={v["full_name"] for v in anonymous},
                birth_date__any={v["birth_date"] for v in anonymous},
            ):
                by_person[(m.full_name, m.birth_date)].append(m)
        nids = {v["national_id"] for v in values if "national_id" in v}
        nid_owner: dict[str, int] = {}
        if nids:
            nid_owner = dict(Member.objects.filter(national_id__any=nids).values_list("national_id", "pk"))  # type: ignore[arg-type]

        plans = [_Plan(row, self.match(row, by_code, by_card, by_person)) for row in rows]
        self.check_duplicates(plans)
        for plan in plans:
            if plan.row.problems:
                continue
            if plan.member is None:
                self.plan_new(plan, nid_owner)
            else:
                self.plan_existing(plan, by_code, by_card, nid_owner)
        creates, updates, transfers = [], [], []
        for plan in plans:
            if self.finish_row(plan.row):
                continue
            if plan.member is None:
                creates.append(plan)
                continue
            if plan.values:
                updates.append(plan)
            if plan.organization is not None:
                transfers.append(plan)
            if not plan.values and plan.organization is None:
                self.report.counts["unchanged"] += 1
        self.count(creates, updates, transfers)
        if self.options.commit and self.report.ok:
            self.write(creates, updates, transfers)

    def match(
        self,
        row: ParsedRow,
        by_code: dict[str, Member],
        by_card: dict[str, Member],
        by_person: dict[tuple[str, dt.date], list[Member]],
    ) -> Member | None:
        """The registered member this row describes: by code, else card number, else name and birth date."""
        v = row.values
        code, card = v.get("code"), v.get("card_number")
        if code and code in by_code:
            return by_code[code]
        if card and card in by_card:
            member = by_card[card]
            if code and member.code and member.code != code:
                self.problem(
                    row, "card_number", f"Số thẻ đảng viên “{card}” đã thuộc về đảng viên mã “{member.code}”."
                )
                return None
            return member
        if not code and not card and "full_name" in v and "birth_date" in v:
            same = by_person.get((v["full_name"], v["birth_date"]), [])
            if len(same) > 1:
                self.problem(
                    row,
                    "full_name",
                    f"Có {len(same)} đảng viên cùng họ tên và ngày sinh này: hãy ghi mã đảng viên hoặc số thẻ "
                    "để phân biệt.",
                )
            elif same:
                return same[0]
        return None

    def check_duplicates(self, plans: list[_Plan]) -> None:
        keys: list[tuple[str, int]] = []
        for plan in plans:
            v, n = plan.row.values, plan.row.number
            if "code" in v:
                keys.append((f"code\x1f{v['code']}", n))
            if "card_number" in v:
                keys.append((f"card\x1f{v['card_number']}", n))
            if "national_id" in v:
                keys.append((f"nid\x1f{v['national_id']}", n))
            if "code" not in v and "card_number" not in v and "full_name" in v and "birth_date" in v:
                keys.append((f"person\x1f{v['full_name']}\x1f{v['birth_date']:%d/%m/%Y}", n))
            if plan.member is not None:
                keys.append((f"member\x1f{plan.member.pk}", n))
        duplicates = self.ledger.duplicates(keys)
        if not duplicates:
            return
        by_number = {plan.row.number: plan.row for plan in plans}
        for (key, number), first in duplicates.items():
            row = by_number[number]
            kind, _, value = key.partition("\x1f")
            if kind == "member" and row.problems:
                continue  # already refused for the code or card that matched
            name, template = _KEY_LABELS[kind]
            if kind == "member" and name not in row.values:
                name = "card_number"
            self.problem(row, name, template.format(value.split("\x1f")[0], first))

    def check_cell(self, plan: _Plan, code: str) -> Organization | None:
        organization = self.organization(code)
        if organization is None or not self.allowed(organization):
            self.problem(plan.row, "organization", self.not_found(code))
            return None
        try:
            member_services.check_member_organization(organization)
        except ValidationError as error:
            self.service_error(plan.row, error, "organization")
            return None
        return organization

    def check_sensitive(self, plan: _Plan, organization: Organization | None) -> None:
        if organization is None or self.sensitive_allowed(organization):
            return
        for name in plan.row.values:
            if self.columns[name].sensitive:
                self.problem(plan.row, name, "Bạn không có quyền ghi thông tin nhạy cảm này của đảng viên.")

    def check_rules(self, plan: _Plan, member: Member) -> None:
        """The member services' own rules on the member's fields (the database-free part)."""
        for name, message in member_services.member_errors(member).items():
            self.problem(plan.row, self.field_columns.get(name, name), message)

    def plan_new(self, plan: _Plan, nid_owner: dict[str, int]) -> None:
        row = plan.row
        self.missing(row, ("full_name", "gender", "birth_date", "admission_date", "organization"))
        values = dict(row.values)
        code = values.pop("organization", None)
        organization = self.check_cell(plan, code) if code else None
        self.check_sensitive(plan, organization)
        if values.get("national_id") in nid_owner:
            self.problem(
                row, "national_id", f"Số CCCD “{values['national_id']}” đã thuộc về một đảng viên khác."
            )
        if row.problems or organization is None:
            return
        values.setdefault("status", Status.FULL if values.get("official_date") else Status.PROBATIONARY)
        plan.values, plan.organization = values, organization
        if not (self.options.commit and self.report.ok):
            # Checking only (or already failing): apply the services' rules here. A clean commit lets
            # create_members_bulk apply them, and only re-checks row by row if it refuses the batch.
            self.check_new(plan)

    def check_new(self, plan: _Plan) -> None:
        member = Member(organization=plan.organization)
        member_services.assign_values(member, plan.values or {})
        self.check_rules(plan, member)

    def plan_existing(
        self, plan: _Plan, by_code: dict[str, Member], by_card: dict[str, Member], nid_owner: dict[str, int]
    ) -> None:
        row, member = plan.row, plan.member
        assert member is not None
        if not self.allowed(member.organization):
            self.problem(
                row,
                "code"
                if "code" in row.values
                else "card_number"
                if "card_number" in row.values
                else "full_name",
                "Đảng viên này đang sinh hoạt ở tổ chức ngoài phạm vi của bạn.",
            )
            return
        values = dict(row.values)
        code = values.pop("organization", None)
        for name, owners in (("code", by_code), ("card_number", by_card)):
            owner = owners.get(values.get(name, ""))
            if owner is not None and owner.pk != member.pk:
                self.problem(
                    row, name, f"{self.columns[name].label} “{values[name]}” đã thuộc về một đảng viên khác."
                )
        if nid_owner.get(values.get("national_id", ""), member.pk) != member.pk:
            self.problem(
                row, "national_id", f"Số CCCD “{values['national_id']}” đã thuộc về một đảng viên khác."
            )
        target = None
        if code and code != member.organization.code:
            target = self.check_cell(plan, code)
        self.check_sensitive(plan, member.organization)
        if target is not None:
            self.check_sensitive(plan, target)
        changed = {name: value for name, value in values.items() if getattr(member, name) != value}
        if member.status == Status.PROBATIONARY and "official_date" in values:
            changed["status"] = Status.FULL
        if changed and not row.problems:
            candidate = copy.copy(member)
            member_services.assign_values(candidate, changed)
            self.check_rules(plan, candidate)
        plan.values, plan.organization = changed or None, target

    def count(self, creates: list[_Plan], updates: list[_Plan], transfers: list[_Plan]) -> None:
        counts, report = self.report.counts, self.report
        counts["created"] += len(creates)
        counts["updated"] += len(updates)
        counts["transferred"] += len(transfers)
        for plan in creates:
            assert plan.values is not None and plan.organization is not None
            report.sample(
                "created", f"Dòng {plan.row.number}: {plan.values['full_name']} — {plan.organization.code}"
            )
        for plan in updates:
            assert plan.member is not None and plan.values is not None
            labels = ", ".join(self.columns[n].label for n in plan.values if n in self.columns)
            if "status" in plan.values:
                labels += (", " if labels else "") + "Trạng thái (chính thức)"
            report.sample("updated", f"Dòng {plan.row.number}: {plan.member.full_name} — {labels}")
        for plan in transfers:
            assert plan.member is not None and plan.organization is not None
            report.sample(
                "transferred",
                f"Dòng {plan.row.number}: {plan.member.full_name} — {plan.member.organization.code} → "
                f"{plan.organization.code}",
            )

    def write(self, creates: list[_Plan], updates: list[_Plan], transfers: list[_Plan]) -> None:
        by = self.options.by
        if creates:
            try:
                member_services.create_members_bulk(
                    rows=[(p.values or {}, p.organization) for p in creates],  # type: ignore[misc]
                    by=by,
                )
            except ValidationError as error:
                for plan in creates:  # every refused row, with its columns, not just the first
                    self.check_new(plan)
                    if self.finish_row(plan.row):
                        self.report.counts["created"] -= 1
                if not self.report.ok:
                    return
                for name, message in _service_messages(error):
                    match = _SERVICE_ROW_RE.match(message)
                    plan = (
                        creates[int(match[1]) - 1] if match and int(match[1]) <= len(creates) else creates[0]
                    )
                    self.problem(
                        plan.row, self.field_columns.get(name or "", name), _SERVICE_ROW_RE.sub("", message)
                    )
                    self.finish_row(plan.row)
                return
        for plan in updates:
            try:
                member_services.update_member(member=plan.member, values=plan.values or {}, by=by)  # type: ignore[arg-type]
            except ValidationError as error:
                self.service_error(plan.row, error, None)
                self.finish_row(plan.row)
                return
        for plan in transfers:
            try:
                member_services.transfer_member(
                    member=plan.member,  # type: ignore[arg-type]
                    to=plan.organization,  # type: ignore[arg-type]
                    effective_on=self.today,
                    note=self.note,
                    by=by,
                )
            except ValidationError as error:
                self.service_error(plan.row, error, "organization")
                self.finish_row(plan.row)
                return


# -------------------------------------------------------------------------------------- organizations


class OrganizationImporter(_Base):
    kind = "organizations"
    change_action = policy.CHANGE_ORGANIZATIONS
    field_columns = {"into": "parent"}

    def run(self) -> None:
        rows: list[ParsedRow] = []
        for row in self.reader:
            rows.append(row)
            if len(rows) > MAX_ORGANIZATION_ROWS:
                self.report.file_errors.append(
                    f"Tệp có hơn {vn.format_number(MAX_ORGANIZATION_ROWS)} tổ chức: hãy chia nhỏ tệp."
                )
                return
        self.report.rows = len(rows)
        codes = {r.values.get("code") for r in rows} | {r.values.get("parent") for r in rows}
        self.existing = {o.code: o for o in Organization.objects.filter(code__in=codes - {None})}
        with transaction.atomic():
            self.made: dict[str, Organization] = {}
            self.failed: dict[str, int] = {}
            for row in self.ordered(rows):
                self.apply(row)
                if self.finish_row(row) and row.values.get("code"):
                    self.failed.setdefault(row.values["code"], row.number)
            self.progress(len(rows))
            self.report.committed = self.options.commit and self.report.ok
            if not self.report.committed:
                transaction.set_rollback(True)

    def ordered(self, rows: list[ParsedRow]) -> list[ParsedRow]:
        """Rows whose parent is defined in the file come after that parent's row (file order otherwise);
        duplicate codes and cycles are refused."""
        first: dict[str, ParsedRow] = {}
        for row in rows:
            code = row.values.get("code")
            if code is None:
                if "code" not in row.raw:
                    self.missing(row, ["code"])
            elif code in first:
                self.problem(row, "code", f"Mã tổ chức “{code}” trùng với dòng {first[code].number}.")
            else:
                first[code] = row
        children: dict[str, list[ParsedRow]] = defaultdict(list)
        waiting: set[int] = set()
        ready: deque[ParsedRow] = deque()
        for row in rows:
            parent = row.values.get("parent")
            if (
                parent
                and parent in first
                and first[parent] is not row
                and row is first.get(row.values.get("code", ""))
            ):
                children[parent].append(row)
                waiting.add(row.number)
            else:
                ready.append(row)
        order: list[ParsedRow] = []
        while ready:
            row = ready.popleft()
            order.append(row)
            if row is first.get(row.values.get("code", "")):
                for child in children.pop(row.values["code"], []):
                    waiting.discard(child.number)
                    ready.append(child)
        for row in rows:
            if row.number in waiting:
                self.problem(row, "parent", "Các mã tổ chức cấp trên tạo thành vòng lặp.")
                order.append(row)
        return order

    def apply(self, row: ParsedRow) -> None:
        if row.problems:
            return
        v = row.values
        code = v["code"]
        parent_code = v.get("parent")
        parent: Organization | None = None
        if parent_code:
            if parent_code == code:
                self.problem(row, "parent", "Tổ chức không thể là cấp trên của chính nó.")
                return
            if parent_code in self.failed:
                self.problem(
                    row,
                    "parent",
                    f"Tổ chức cấp trên “{parent_code}” (dòng {self.failed[parent_code]}) bị từ chối.",
                )
                return
            parent = self.made.get(parent_code) or self.existing.get(parent_code)
            if parent is None or not self.allowed(parent):
                self.problem(row, "parent", self.not_found(parent_code))
                return
        organization = self.existing.get(code)
        if organization is None:
            self.establish(row, parent)
        else:
            self.update(row, organization, parent)

    def root_allowed(self) -> bool:
        return bool(self.options.user.is_superuser) and self.options.scope is None

    def establish(self, row: ParsedRow, parent: Organization | None) -> None:
        v = row.values
        self.missing(row, ("name", "kind", "established_on"))
        if parent is None and not self.root_allowed():
            self.problem(
                row, "parent", "Thiếu mã tổ chức cấp trên (chỉ quản trị hệ thống tạo được tổ chức gốc)."
            )
        if row.problems:
            return
        try:
            made = org_services.establish_organization(
                code=v["code"],
                name=v["name"],
                kind=v["kind"],
                parent=parent,
                established_on=v["established_on"],
                short_name=v.get("short_name", ""),
                sector=v.get("sector", Sector.OTHER),
                by=self.options.by,
            )
        except ValidationError as error:
            self.service_error(row, error, "code")
            return
        self.made[made.code] = made
        self.report.counts["created"] += 1
        self.report.sample("created", f"Dòng {row.number}: {made.code} — {made.name}")

    def update(self, row: ParsedRow, organization: Organization, parent: Organization | None) -> None:
        v, by = row.values, self.options.by
        current_parent = organization.parent
        if (current_parent is None and not self.root_allowed()) or (
            current_parent is not None and not self.allowed(current_parent)
        ):
            self.problem(
                row,
                "code",
                f"Mã tổ chức “{organization.code}” đã được dùng cho một tổ chức ngoài phạm vi của bạn.",
            )
            return
        if not organization.is_active:
            self.problem(
                row,
                "code",
                f"“{organization.name}” đã giải thể ngày {vn.format_date(organization.dissolved_on)}.",
            )
            return
        if v.get("kind", organization.kind) != organization.kind:
            self.problem(
                row,
                "kind",
                f"Không đổi được loại tổ chức khi nhập dữ liệu (hiện là “{organization.get_kind_display()}”).",
            )
        if v.get("established_on", organization.established_on) != organization.established_on:
            self.problem(
                row,
                "established_on",
                f"Không sửa được ngày thành lập khi nhập dữ liệu (hiện là {vn.format_date(organization.established_on)}).",
            )
        if row.problems:
            return
        changes = []
        name = v.get("name", organization.name)
        short_name = v.get("short_name", organization.short_name)
        sector = v.get("sector", organization.sector)
        try:
            if name != organization.name:
                org_services.rename_organization(
                    organization=organization,
                    name=name,
                    short_name=short_name,
                    effective_on=self.today,
                    by=by,
                )
                changes.append("Tên tổ chức")
            if parent is not None and parent.pk != organization.parent_id:
                org_services.move_organization(
                    organization=organization, parent=parent, effective_on=self.today, by=by
                )
                changes.append("Tổ chức cấp trên")
        except ValidationError as error:
            self.service_error(row, error, "parent" if changes else "name")
            return
        if sector != organization.sector or short_name != organization.short_name:
            changes.append("Khối/Lĩnh vực" if sector != organization.sector else "Tên viết tắt")
            org_services.update_organization(
                organization=organization, sector=sector, short_name=short_name, by=by
            )
        if changes:
            self.report.counts["updated"] += 1
            self.report.sample("updated", f"Dòng {row.number}: {organization.code} — {', '.join(changes)}")
        else:
            self.report.counts["unchanged"] += 1
