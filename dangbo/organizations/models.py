"""The organization tree: current shape in `Organization`, its past in `OrganizationVersion`."""

from __future__ import annotations

import datetime as dt

import pghistory
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.urls import reverse


class Kind(models.TextChoices):
    BLOC = "bloc", "Đảng bộ cấp trên trực tiếp cơ sở"
    BASE_COMMITTEE = "base_committee", "Đảng bộ cơ sở"
    BASE_CELL = "base_cell", "Chi bộ cơ sở"
    PARTIAL_COMMITTEE = "partial_committee", "Đảng bộ bộ phận"
    CELL = "cell", "Chi bộ trực thuộc"


GRASSROOTS_KINDS = frozenset({Kind.BASE_COMMITTEE, Kind.BASE_CELL})
# Members belong to cells and base cells only (GLOSSARY; issue "Organization tree").
MEMBER_KINDS = frozenset({Kind.CELL, Kind.BASE_CELL})
# Which kinds may sit directly under which parent kind (None: the root of the tree).
ALLOWED_PARENT_KINDS: dict[str, frozenset[str | None]] = {
    Kind.BLOC: frozenset({None, Kind.BLOC}),
    Kind.BASE_COMMITTEE: frozenset({None, Kind.BLOC}),
    Kind.BASE_CELL: frozenset({None, Kind.BLOC}),
    Kind.PARTIAL_COMMITTEE: frozenset({Kind.BASE_COMMITTEE}),
    Kind.CELL: frozenset({Kind.BASE_COMMITTEE, Kind.PARTIAL_COMMITTEE}),
}


class Sector(models.TextChoices):
    """The comparable group ("khối") the assessment quota is counted in."""

    AGENCY = "agency", "Cơ quan"
    PUBLIC_SERVICE = "public_service", "Đơn vị sự nghiệp"
    ENTERPRISE = "enterprise", "Doanh nghiệp"
    ARMED_FORCES = "armed_forces", "Lực lượng vũ trang"
    OTHER = "other", "Khác"


class OrganizationQuerySet(models.QuerySet["Organization"]):
    def active_on(self, on: dt.date) -> OrganizationQuerySet:
        return self.filter(Q(established_on__lte=on), Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=on))

    def active(self) -> OrganizationQuerySet:
        return self.filter(dissolved_on__isnull=True)

    def subtree_of(self, organization: Organization) -> OrganizationQuerySet:
        """The organization and everything below it: one indexed prefix match on `path`."""
        return self.filter(path__startswith=organization.path)


# The history model is named explicitly: pghistory's default "OrganizationEvent" is the domain model below.
@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    model_name="OrganizationHistory",
)
class Organization(models.Model):
    code = models.CharField("Mã tổ chức", max_length=32, unique=True)
    name = models.CharField("Tên tổ chức", max_length=255)
    short_name = models.CharField("Tên viết tắt", max_length=100, blank=True)
    kind = models.CharField("Loại", max_length=20, choices=Kind.choices)
    sector = models.CharField("Khối/Lĩnh vực", max_length=20, choices=Sector.choices, default=Sector.OTHER)
    parent = models.ForeignKey(
        "self",
        verbose_name="Tổ chức cấp trên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialized path of ids, "12.45.78.": the subtree is `path LIKE '12.45.%'` on a text_pattern_ops index.
    path = models.CharField(max_length=255, editable=False, db_index=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    established_on = models.DateField("Ngày thành lập")
    dissolved_on = models.DateField("Ngày giải thể", null=True, blank=True)
    sort_key = models.TextField(editable=False, default="")  # digits only; length follows the name

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = "tổ chức đảng"
        verbose_name_plural = "tổ chức đảng"
        ordering = ["path"]
        indexes = [
            models.Index(fields=["path"], name="org_path_prefix", opclasses=["text_pattern_ops"]),
            models.Index(fields=["parent", "sort_key"], name="org_children"),
        ]
        constraints = [
            # Codes are unique whatever their case; also the index behind the service's duplicate check.
            models.UniqueConstraint(Upper("code"), name="org_code_unique_any_case"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organizations:detail", args=[self.code])

    @property
    def is_grassroots(self) -> bool:
        return self.kind in GRASSROOTS_KINDS

    @property
    def holds_members(self) -> bool:
        return self.kind in MEMBER_KINDS

    @property
    def is_active(self) -> bool:
        return self.dissolved_on is None

    @property
    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to this organization, read off the path."""
        return [int(part) for part in self.path.split(".") if part]


class OrganizationVersion(models.Model):
    """Name and parent of an organization over an interval: the tree as it was on any date."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="versions")
    parent = models.ForeignKey(Organization, null=True, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=255)
    short_name = models.CharField(max_length=100, blank=True)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)  # exclusive; NULL while current

    class Meta:
        ordering = ["organization", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization"], condition=Q(valid_to__isnull=True), name="one_current_version"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="version_interval_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.valid_from}–{self.valid_to or ''})"


class EventKind(models.TextChoices):
    ESTABLISH = "establish", "Thành lập"
    RENAME = "rename", "Đổi tên"
    MOVE = "move", "Chuyển trực thuộc"
    MERGE = "merge", "Hợp nhất/sáp nhập"
    SPLIT = "split", "Chia tách"
    DISSOLVE = "dissolve", "Giải thể"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class OrganizationEvent(models.Model):
    """A change to the tree, with the decision that made it."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="tree_events")
    kind = models.CharField("Loại sự kiện", max_length=20, choices=EventKind.choices)
    # The other organization involved: new parent (move), absorbing organization (merge).
    other = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    effective_on = models.DateField("Ngày hiệu lực")
    decision_number = models.CharField("Số quyết định", max_length=100, blank=True)
    decision_date = models.DateField("Ngày quyết định", null=True, blank=True)
    note = models.TextField("Ghi chú", blank=True)
    details = models.JSONField(default=dict, blank=True)  # e.g. old and new names, parts of a split
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["effective_on", "id"]
        indexes = [models.Index(fields=["organization", "effective_on"], name="org_event_by_org")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.organization} ({self.effective_on:%d/%m/%Y})"
