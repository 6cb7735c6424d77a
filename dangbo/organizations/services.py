"""Writes to the organization tree. Every change is an event with its decision, and is audited."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models.functions import Upper

from dangbo.lib import vn
from dangbo.lib.history import action
from dangbo.organizations.models import (
    ALLOWED_PARENT_KINDS,
    EventKind,
    Kind,
    Organization,
    OrganizationEvent,
    OrganizationVersion,
)

if TYPE_CHECKING:
    from dangbo.accounts.models import User

CODE_ALLOWED = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.")


def check_parent(*, kind: str, parent: Organization | None, organization: Organization | None = None) -> None:
    """Refuse a parent that the tree's rules do not allow for this kind (issue 2, "Organization tree")."""
    if organization is not None and parent is not None and parent.path.startswith(organization.path):
        raise ValidationError(
            {"parent": f"Không thể chuyển “{organization.name}” vào chính nó hoặc tổ chức trực thuộc nó."}
        )
    parent_kind = parent.kind if parent else None
    if parent_kind not in ALLOWED_PARENT_KINDS[kind]:
        if parent is not None and parent.holds_members:
            msg = f"Không thể đặt tổ chức dưới “{parent.name}”: chi bộ không có tổ chức trực thuộc."
        elif parent is None:
            msg = f"{Kind(kind).label} phải trực thuộc một tổ chức cấp trên."
        else:
            msg = (
                f"{Kind(kind).label} không thể trực thuộc {Kind(parent.kind).label.lower()} “{parent.name}”."
            )
        raise ValidationError({"parent": msg})
    if parent is not None and not parent.is_active:
        raise ValidationError({"parent": f"Tổ chức cấp trên “{parent.name}” đã giải thể."})


def _check_code(code: str) -> str:
    code = code.strip()
    if not code or not set(code) <= CODE_ALLOWED:
        raise ValidationError(
            {"code": "Mã tổ chức chỉ gồm chữ không dấu, chữ số và các dấu - _ . (không có khoảng trắng)."}
        )
    if Organization.objects.annotate(upper_code=Upper("code")).filter(upper_code=code.upper()).exists():
        raise ValidationError({"code": f"Mã tổ chức “{code}” đã được dùng."})
    return code


def _record(
    organization: Organization,
    kind: str,
    *,
    effective_on: dt.date,
    decision_number: str,
    decision_date: dt.date | None,
    other: Organization | None = None,
    note: str = "",
    **details: Any,
) -> OrganizationEvent:
    if decision_date and effective_on < decision_date:
        raise ValidationError({"effective_on": "Ngày hiệu lực không được trước ngày quyết định."})
    return OrganizationEvent.objects.create(
        organization=organization,
        kind=kind,
        other=other,
        effective_on=effective_on,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        note=note,
        details=details,
    )


def _new_version(organization: Organization, effective_on: dt.date) -> None:
    """Close the current version on `effective_on` and open one with the organization's present state."""
    current = OrganizationVersion.objects.filter(organization=organization, valid_to__isnull=True).first()
    if current is not None:
        if effective_on < current.valid_from:
            raise ValidationError(
                {
                    "effective_on": f"Ngày hiệu lực phải từ {vn.format_date(current.valid_from)} trở đi "
                    "(ngày của thay đổi gần nhất)."
                }
            )
        if effective_on == current.valid_from:
            current.delete()  # two changes on one day: the later one replaces the interval
        else:
            current.valid_to = effective_on
            current.save(update_fields=["valid_to"])
    OrganizationVersion.objects.create(
        organization=organization,
        parent=organization.parent,
        name=organization.name,
        short_name=organization.short_name,
        valid_from=effective_on,
    )


@action("organizations.establish")
def establish_organization(
    *,
    code: str,
    name: str,
    kind: str,
    parent: Organization | None,
    established_on: dt.date,
    short_name: str = "",
    sector: str = "other",
    decision_number: str = "",
    decision_date: dt.date | None = None,
    by: User | None,
) -> Organization:
    """Establish a new organization under `parent`."""
    code = _check_code(code)
    check_parent(kind=kind, parent=parent)
    if parent is not None and established_on < parent.established_on:
        raise ValidationError(
            {"established_on": "Ngày thành lập không được trước ngày thành lập của tổ chức cấp trên."}
        )
    org = Organization.objects.create(
        code=code,
        name=vn.nfc(name),
        short_name=vn.nfc(short_name),
        kind=kind,
        sector=sector,
        parent=parent,
        established_on=established_on,
        path="",
        depth=(parent.depth + 1) if parent else 0,
        sort_key=vn.sort_key(name),
    )
    org.path = f"{parent.path if parent else ''}{org.pk}."
    org.save(update_fields=["path"])
    _new_version(org, established_on)
    _record(
        org,
        EventKind.ESTABLISH,
        effective_on=established_on,
        decision_number=decision_number,
        decision_date=decision_date,
        other=parent,
    )
    return org


@action("organizations.update")
def update_organization(
    *, organization: Organization, sector: str, short_name: str, by: User | None
) -> Organization:
    """Correct the fields that carry no history of their own (sector, short name)."""
    organization.sector = sector
    organization.short_name = vn.nfc(short_name)
    organization.save(update_fields=["sector", "short_name"])
    OrganizationVersion.objects.filter(organization=organization, valid_to__isnull=True).update(
        short_name=organization.short_name
    )
    return organization


@action("organizations.rename")
def rename_organization(
    *,
    organization: Organization,
    name: str,
    short_name: str,
    effective_on: dt.date,
    decision_number: str = "",
    decision_date: dt.date | None = None,
    by: User | None,
) -> Organization:
    """Rename an organization from `effective_on`; its past keeps the old name."""
    old = organization.name
    organization.name, organization.short_name = vn.nfc(name), vn.nfc(short_name)
    organization.sort_key = vn.sort_key(organization.name)
    organization.save(update_fields=["name", "short_name", "sort_key"])
    _new_version(organization, effective_on)
    _record(
        organization,
        EventKind.RENAME,
        effective_on=effective_on,
        decision_number=decision_number,
        decision_date=decision_date,
        old_name=old,
        new_name=organization.name,
    )
    return organization


def _reparent(organization: Organization, parent: Organization) -> None:
    """Move the subtree: one UPDATE rewrites the paths of the organization and all its descendants."""
    old_path, new_path = organization.path, f"{parent.path}{organization.pk}."
    delta = parent.depth + 1 - organization.depth
    Organization.objects.filter(pk=organization.pk).update(parent=parent)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE organizations_organization SET path = %s || substr(path, %s), depth = depth + %s "
            "WHERE path LIKE %s",
            [new_path, len(old_path) + 1, delta, old_path.replace("_", r"\_") + "%"],
        )
    organization.refresh_from_db()


@action("organizations.move")
def move_organization(
    *,
    organization: Organization,
    parent: Organization,
    effective_on: dt.date,
    decision_number: str = "",
    decision_date: dt.date | None = None,
    by: User | None,
) -> Organization:
    """Place an organization and its subtree under another parent."""
    if parent.pk == organization.parent_id:
        raise ValidationError({"parent": f"“{organization.name}” đã trực thuộc “{parent.name}”."})
    check_parent(kind=organization.kind, parent=parent, organization=organization)
    old_parent = organization.parent
    _reparent(organization, parent)
    _new_version(organization, effective_on)
    _record(
        organization,
        EventKind.MOVE,
        effective_on=effective_on,
        decision_number=decision_number,
        decision_date=decision_date,
        other=parent,
        old_parent=old_parent.code if old_parent else None,
        new_parent=parent.code,
    )
    return organization


@action("organizations.dissolve")
def dissolve_organization(
    *,
    organization: Organization,
    effective_on: dt.date,
    decision_number: str = "",
    decision_date: dt.date | None = None,
    note: str = "",
    by: User | None,
) -> Organization:
    """Dissolve an organization that no longer has active children or members; its past stays."""
    if not organization.is_active:
        raise ValidationError(
            f"“{organization.name}” đã giải thể ngày {vn.format_date(organization.dissolved_on)}."
        )
    if organization.children.filter(dissolved_on__isnull=True).exists():
        raise ValidationError(
            f"“{organization.name}” còn tổ chức trực thuộc: hãy chuyển, hợp nhất hoặc giải thể chúng trước."
        )
    if organization.placements.filter(ended_on__isnull=True).exists():  # type: ignore[attr-defined]
        raise ValidationError(f"“{organization.name}” còn đảng viên sinh hoạt: hãy chuyển sinh hoạt trước.")
    if effective_on < organization.established_on:
        raise ValidationError({"effective_on": "Ngày giải thể không được trước ngày thành lập."})
    current = OrganizationVersion.objects.filter(organization=organization, valid_to__isnull=True).first()
    if current is not None and effective_on < current.valid_from:
        raise ValidationError(
            {
                "effective_on": f"Ngày giải thể phải từ {vn.format_date(current.valid_from)} trở đi "
                "(ngày của thay đổi gần nhất)."
            }
        )
    organization.dissolved_on = effective_on
    organization.save(update_fields=["dissolved_on"])
    OrganizationVersion.objects.filter(organization=organization, valid_to__isnull=True).update(
        valid_to=effective_on
    )
    _record(
        organization,
        EventKind.DISSOLVE,
        effective_on=effective_on,
        decision_number=decision_number,
        decision_date=decision_date,
        note=note,
    )
    return organization


def record_event(organization: Organization, kind: str, **kwargs: Any) -> OrganizationEvent:
    """Record a tree event decided elsewhere (merge and split live with the member moves they cause)."""
    return _record(organization, kind, **kwargs)


def move_children(*, organization: Organization, to: Organization, effective_on: dt.date) -> None:
    """Move every active child of `organization` under `to` (part of a merge)."""
    for child in organization.children.filter(dissolved_on__isnull=True).order_by("pk"):
        check_parent(kind=child.kind, parent=to, organization=child)
        _reparent(child, to)
        _new_version(child, effective_on)
