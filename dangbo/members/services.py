"""Writes to the member registry, and the reorganizations that move members (merge, split)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError

from dangbo.lib import vn
from dangbo.lib.copy import copy_insert, copy_values
from dangbo.lib.history import action
from dangbo.members.models import Member, Placement, PlacementKind, Status
from dangbo.organizations import services as org_services
from dangbo.organizations.models import EventKind, Organization

if TYPE_CHECKING:
    from dangbo.accounts.models import User

# A person's own data, the same for a member and for a candidate (admissions).
PERSONAL_FIELDS = (
    "full_name",
    "gender",
    "birth_date",
    "ethnicity",
    "religion",
    "hometown",
    "residence",
    "national_id",
    "phone",
    "email",
    "general_education",
    "qualification",
    "political_theory",
    "occupation",
)
# Fields a caller may set directly; the name parts, search text and sort key derive from full_name,
# and the organization from placements.
EDITABLE_FIELDS = ("code", *PERSONAL_FIELDS, "card_number", "admission_date", "official_date", "status")
UNIQUE_FIELDS = {"card_number": "Số thẻ đảng viên", "national_id": "Số CCCD", "code": "Mã đảng viên"}
MIN_ADMISSION_AGE_MONTHS = 18 * 12  # RULES R15: at least 18 years old (in months) when admitted


def member_errors(member: Member) -> dict[str, str]:
    """The rules on one member's own fields, without touching the database."""
    errors: dict[str, str] = {}
    if not member.given_name:
        errors["full_name"] = "Họ và tên không được để trống."
    elif (
        len(member.full_name) > 150
        or len(member.given_name) > 50
        or len(member.family_name) > 50
        or len(member.middle_name) > 80
    ):
        errors["full_name"] = "Họ và tên quá dài (tối đa 150 ký tự; họ, tên mỗi phần tối đa 50 ký tự)."
    if member.official_date and member.admission_date and member.official_date < member.admission_date:
        errors["official_date"] = (
            f"Ngày chính thức ({vn.format_date(member.official_date)}) không được trước "
            f"ngày vào Đảng ({vn.format_date(member.admission_date)})."
        )
    if member.birth_date and member.admission_date:
        if member.birth_date >= member.admission_date:
            errors["birth_date"] = "Ngày sinh phải trước ngày vào Đảng."
        elif vn.age_in_months(member.birth_date, member.admission_date) < MIN_ADMISSION_AGE_MONTHS:
            errors["birth_date"] = (
                f"Với ngày sinh {vn.format_date(member.birth_date)}, đảng viên chưa đủ 18 tuổi vào ngày "
                f"vào Đảng {vn.format_date(member.admission_date)} (RULES R15)."
            )
    if member.status == Status.FULL and not member.official_date:
        errors["official_date"] = "Đảng viên chính thức phải có ngày chính thức."
    if member.national_id and not (member.national_id.isdigit() and len(member.national_id) == 12):
        errors["national_id"] = "Số CCCD gồm đúng 12 chữ số."
    return errors


def _uniqueness_errors(members: Sequence[Member]) -> dict[str, str]:
    """Card numbers, national IDs and codes already held by someone else (one query per field)."""
    errors: dict[str, str] = {}
    for name, label in UNIQUE_FIELDS.items():
        values = {getattr(m, name): m.pk for m in members if getattr(m, name)}
        if not values:
            continue
        taken = Member.objects.filter(**{f"{name}__any": list(values)}).values_list(name, "pk")
        for value, pk in taken:
            if values[value] != pk:
                errors[name] = f"{label} “{value}” đã thuộc về một đảng viên khác."
    return errors


def check_member_rules(member: Member) -> None:
    """Validate a member before saving; raise a ValidationError keyed by field, in Vietnamese."""
    errors = member_errors(member) | _uniqueness_errors([member])
    if errors:
        raise ValidationError(errors)


def check_member_organization(organization: Organization) -> None:
    """Members belong to an active cell or base cell only."""
    if not organization.holds_members:
        raise ValidationError(
            {
                "organization": f"“{organization.name}” là {organization.get_kind_display().lower()}: "
                "đảng viên chỉ sinh hoạt ở chi bộ trực thuộc hoặc chi bộ cơ sở."
            }
        )
    if not organization.is_active:
        raise ValidationError({"organization": f"“{organization.name}” đã giải thể."})


def assign_values(member: Member, values: dict[str, Any]) -> None:
    """Set the editable fields from `values` (NFC text, empty unique fields as NULL) and the derived name parts."""
    for name in EDITABLE_FIELDS:
        if name not in values:
            continue
        value = values[name]
        if isinstance(value, str):
            value = vn.nfc(value)
            if value == "" and name in UNIQUE_FIELDS:
                value = None  # unique but optional: NULL, not ""
        setattr(member, name, value)
    member.set_name(member.full_name)


@action("members.create")
def create_member(
    *, values: dict[str, Any], organization: Organization, placed_on: dt.date | None = None, by: User | None
) -> Member:
    """Register a member in a cell or base cell, with their first placement."""
    check_member_organization(organization)
    member = Member(organization=organization)
    assign_values(member, values)
    check_member_rules(member)
    member.save()
    Placement.objects.create(
        member=member, organization=organization, started_on=placed_on or member.admission_date
    )
    return member


@action("members.create_bulk")
def create_members_bulk(
    *, rows: Sequence[tuple[dict[str, Any], Organization]], by: User | None
) -> list[Member]:
    """Register many members at once (imports, demo data): the rules of create_member, inserts by COPY.

    A ValidationError names the row (1-based) in `rows`; nothing is saved.
    """
    members: list[Member] = []
    seen: dict[str, dict[str, int]] = {name: {} for name in UNIQUE_FIELDS}
    # Every field at its default, given positionally: Django's fast path, five times quicker than a
    # keyword constructor per member (bench B5).
    blank = [f.get_default() for f in Member._meta.concrete_fields]
    for number, (values, organization) in enumerate(rows, start=1):
        check_member_organization(organization)
        member = Member(*blank)  # type: ignore[misc]
        member.organization = organization
        assign_values(member, values)
        errors = member_errors(member)
        for name, first in seen.items():
            value = getattr(member, name)
            if value and value in first:
                errors[name] = f"{UNIQUE_FIELDS[name]} “{value}” trùng với dòng {first[value]}."
            elif value:
                first[value] = number
        if errors:
            raise ValidationError({k: f"Dòng {number}: {v}" for k, v in errors.items()})
        members.append(member)
    if errors := _uniqueness_errors(members):
        raise ValidationError(errors)
    copy_insert(members)
    copy_values(
        Placement,
        [
            {"member_id": m.pk, "organization_id": m.organization_id, "started_on": m.admission_date}
            for m in members
        ],
    )
    return members


# Statuses that only a procedure sets, with its decision and date (dangbo.movements: exemption, RULES 2.5;
# exits, RULES 2.6): an edit of the dossier may not enter or leave them.
PROCEDURE_STATUSES = frozenset(Status) - {Status.PROBATIONARY, Status.FULL}


@action("members.update")
def update_member(
    *, member: Member, values: dict[str, Any], by: User | None, procedure: bool = False
) -> Member:
    """Change a member's dossier fields (not their placement: see transfer_member). Only a procedure
    (`procedure=True`: exemption, exit, readmission) moves the status into or out of PROCEDURE_STATUSES."""
    status = values.get("status", member.status)
    if not procedure and status != member.status and {status, member.status} & PROCEDURE_STATUSES:
        raise ValidationError(
            {
                "status": f"Không sửa trạng thái “{member.get_status_display()}” → “{Status(status).label}” "
                "trong hồ sơ: miễn sinh hoạt, chuyển đi, xóa tên, khai trừ, ra khỏi Đảng, từ trần được ghi "
                "qua mục “Chuyển sinh hoạt, miễn, ra khỏi Đảng” của đảng viên, có quyết định và ngày hiệu lực."
            }
        )
    assign_values(member, values)
    check_member_rules(member)
    member.save()
    return member


def _move(member: Member, to: Organization, on: dt.date, note: str) -> None:
    current = member.placements.filter(ended_on__isnull=True, kind=PlacementKind.OFFICIAL).first()
    if current is not None:
        if on < current.started_on:
            raise ValidationError(
                {"effective_on": f"Ngày chuyển phải từ {vn.format_date(current.started_on)} trở đi."}
            )
        current.ended_on = on
        current.save(update_fields=["ended_on"])
    Placement.objects.create(member=member, organization=to, started_on=on, note=note[:255])
    member.organization = to
    member.save(update_fields=["organization"])


@action("members.transfer")
def transfer_member(
    *, member: Member, to: Organization, effective_on: dt.date, note: str = "", by: User | None
) -> Member:
    """Official transfer within the tree: close the current placement, open one in `to`."""
    check_member_organization(to)
    if to.pk == member.organization_id:
        raise ValidationError({"to": f"Đảng viên đang sinh hoạt tại “{to.name}”."})
    _move(member, to, effective_on, note)
    return member


@action("organizations.merge")
def merge_organizations(
    *,
    organization: Organization,
    into: Organization,
    effective_on: dt.date,
    decision_number: str = "",
    decision_date: dt.date | None = None,
    by: User | None,
) -> Organization:
    """Merge `organization` into `into`: children and members move with their history; it is dissolved."""
    if organization.pk == into.pk or into.path.startswith(organization.path):
        raise ValidationError(
            {"into": "Không thể hợp nhất một tổ chức vào chính nó hoặc tổ chức trực thuộc nó."}
        )
    if not into.is_active:
        raise ValidationError({"into": f"“{into.name}” đã giải thể."})
    members = list(
        Member.objects.filter(
            placements__organization=organization,
            placements__ended_on__isnull=True,
            placements__kind=PlacementKind.OFFICIAL,
        )
    )
    if members:
        check_member_organization(into)
    org_services.move_children(organization=organization, to=into, effective_on=effective_on)
    note = f"Hợp nhất “{organization.name}” vào “{into.name}”"
    for member in members:
        _move(member, into, effective_on, note)
    org_services.record_event(
        organization,
        EventKind.MERGE,
        effective_on=effective_on,
        other=into,
        decision_number=decision_number,
        decision_date=decision_date,
        members_moved=len(members),
    )
    org_services.dissolve_organization(
        organization=organization,
        effective_on=effective_on,
        decision_number=decision_number,
        decision_date=decision_date,
        note=note,
        by=by,
    )
    return into


@dataclass
class SplitPart:
    """One organization a split creates, and what it takes from the old one."""

    code: str
    name: str
    short_name: str = ""
    member_ids: list[int] = field(default_factory=list)
    child_ids: list[int] = field(default_factory=list)


@action("organizations.split")
def split_organization(
    *,
    organization: Organization,
    parts: Sequence[SplitPart],
    effective_on: dt.date,
    decision_number: str = "",
    decision_date: dt.date | None = None,
    by: User | None,
) -> list[Organization]:
    """Split an organization into new ones of the same kind under the same parent; it is dissolved.

    Every active member and child must go to exactly one part.
    """
    if len(parts) < 2:
        raise ValidationError("Chia tách cần ít nhất hai tổ chức mới.")
    open_members = set(
        Placement.objects.filter(
            organization=organization, ended_on__isnull=True, kind=PlacementKind.OFFICIAL
        ).values_list("member_id", flat=True)
    )
    children = set(organization.children.filter(dissolved_on__isnull=True).values_list("pk", flat=True))
    assigned_members = [m for p in parts for m in p.member_ids]
    assigned_children = [c for p in parts for c in p.child_ids]
    if sorted(assigned_members) != sorted(open_members) or sorted(assigned_children) != sorted(children):
        raise ValidationError(
            "Mỗi đảng viên và mỗi tổ chức trực thuộc phải được chuyển sang đúng một tổ chức mới."
        )
    created = []
    note = f"Chia tách “{organization.name}”"
    for part in parts:
        new = org_services.establish_organization(
            code=part.code,
            name=part.name,
            short_name=part.short_name,
            kind=organization.kind,
            sector=organization.sector,
            parent=organization.parent,
            established_on=effective_on,
            decision_number=decision_number,
            decision_date=decision_date,
            by=by,
        )
        for child in Organization.objects.filter(pk__in=part.child_ids).order_by("pk"):
            org_services.move_organization(
                organization=child,
                parent=new,
                effective_on=effective_on,
                decision_number=decision_number,
                decision_date=decision_date,
                by=by,
            )
        for member in Member.objects.filter(pk__in=part.member_ids).order_by("pk"):
            _move(member, new, effective_on, note)
        created.append(new)
    org_services.record_event(
        organization,
        EventKind.SPLIT,
        effective_on=effective_on,
        decision_number=decision_number,
        decision_date=decision_date,
        parts=[p.code for p in created],
    )
    org_services.dissolve_organization(
        organization=organization,
        effective_on=effective_on,
        decision_number=decision_number,
        decision_date=decision_date,
        note=note,
        by=by,
    )
    return created
