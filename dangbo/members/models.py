"""The member registry: one `Member` per person for life, `Placement`s for where they belong."""

from __future__ import annotations

import datetime as dt

import pghistory
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.urls import reverse

from dangbo.lib import vn
from dangbo.organizations.models import Organization


class Gender(models.TextChoices):
    MALE = "male", "Nam"
    FEMALE = "female", "Nữ"


class Status(models.TextChoices):
    PROBATIONARY = "probationary", "Dự bị"
    FULL = "full", "Chính thức"
    EXEMPTED = "exempted", "Miễn công tác và sinh hoạt"
    TRANSFERRED_OUT = "transferred_out", "Đã chuyển đi"
    REMOVED = "removed", "Xóa tên"
    EXPELLED = "expelled", "Khai trừ"
    LEFT = "left", "Ra khỏi Đảng"
    DECEASED = "deceased", "Từ trần"


# Members counted in an organization's membership (the others keep their record and history).
ACTIVE_STATUSES = frozenset({Status.PROBATIONARY, Status.FULL, Status.EXEMPTED})


class MemberQuerySet(models.QuerySet["Member"]):
    def in_organizations(self, organizations: models.QuerySet[Organization]) -> MemberQuerySet:
        return self.filter(organization__in=organizations)

    def active(self) -> MemberQuerySet:
        return self.filter(status__in=ACTIVE_STATUSES)

    def in_subtree(self, organization: Organization) -> MemberQuerySet:
        """Members of the organization's inclusive subtree, as `organization_id = ANY(ARRAY(subquery))`.

        Cheaper to plan than `IN (subquery)` (bench B2) for counts and id sets; an ordered first page
        over a huge subtree plans better with `organization__in=...subtree_of(...)`.
        """
        return self.extra(  # type: ignore[return-value]  # noqa: S610 (fixed SQL, the path is a parameter)
            where=[
                '"members_member"."organization_id" = ANY(ARRAY(SELECT o.id FROM organizations_organization o '
                "WHERE o.path LIKE %s))"
            ],
            params=[organization.path + "%"],  # paths hold digits and dots only
        )

    def search(self, text: str) -> MemberQuerySet:
        """Accent-free name search ("nguyen thi dao", "dao", "Đào"), or a card number / code prefix."""
        words = vn.fold(text).split()
        if not words:
            return self
        if len(words) == 1 and any(ch.isdigit() for ch in words[0]):
            raw = text.strip()
            return self.filter(Q(card_number__startswith=raw) | Q(code__iexact=raw))
        condition = Q()
        for word in words:
            condition &= Q(search_text__contains=word)
        return self.filter(condition)

    def vietnamese_order(self) -> MemberQuerySet:
        """Given name, then middle, then family name, Vietnamese alphabet and tones; then birth date, id."""
        return self.order_by("sort_key", "birth_date", "id")


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Member(models.Model):
    code = models.CharField("Mã đảng viên", max_length=32, unique=True, null=True, blank=True)
    full_name = models.CharField("Họ và tên", max_length=150)
    family_name = models.CharField("Họ", max_length=50)
    middle_name = models.CharField("Tên đệm", max_length=80, blank=True)
    given_name = models.CharField("Tên", max_length=50)
    gender = models.CharField("Giới tính", max_length=10, choices=Gender.choices)
    birth_date = models.DateField("Ngày sinh")
    ethnicity = models.CharField("Dân tộc", max_length=50, blank=True)
    religion = models.CharField("Tôn giáo", max_length=50, blank=True)
    hometown = models.CharField("Quê quán", max_length=255, blank=True)
    residence = models.CharField("Nơi ở hiện nay", max_length=255, blank=True)
    national_id = models.CharField("Số CCCD", max_length=12, unique=True, null=True, blank=True)
    phone = models.CharField("Điện thoại", max_length=20, blank=True)
    email = models.EmailField("Thư điện tử", blank=True)
    general_education = models.CharField("Giáo dục phổ thông", max_length=20, blank=True)
    qualification = models.CharField("Chuyên môn, nghiệp vụ", max_length=255, blank=True)
    political_theory = models.CharField("Lý luận chính trị", max_length=50, blank=True)
    occupation = models.CharField("Nghề nghiệp, chức vụ", max_length=255, blank=True)
    card_number = models.CharField("Số thẻ đảng viên", max_length=20, unique=True, null=True, blank=True)
    admission_date = models.DateField("Ngày vào Đảng")
    official_date = models.DateField("Ngày chính thức", null=True, blank=True)
    status = models.CharField(
        "Trạng thái", max_length=20, choices=Status.choices, default=Status.PROBATIONARY
    )
    # The cell or base cell of the current (or, for members who left, the last) official placement;
    # kept by the placement services so that a subtree's members are one indexed join.
    organization = models.ForeignKey(
        Organization, verbose_name="Chi bộ", on_delete=models.PROTECT, related_name="members"
    )
    search_text = models.CharField(max_length=150, editable=False, default="")
    sort_key = models.TextField(editable=False, default="")  # digits only; length follows the name

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = "đảng viên"
        verbose_name_plural = "đảng viên"
        indexes = [
            GinIndex(fields=["search_text"], name="member_search_trgm", opclasses=["gin_trgm_ops"]),
            models.Index(fields=["organization", "sort_key"], name="member_org_sort"),
            models.Index(fields=["sort_key", "birth_date", "id"], name="member_sort"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(official_date__isnull=True) | Q(official_date__gte=models.F("admission_date")),
                name="official_after_admission",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("members:detail", args=[self.pk])

    def set_name(self, full_name: str) -> None:
        """Set the full name and its derived parts: family/middle/given, search text, sort key."""
        self.full_name = vn.nfc(full_name)
        self.family_name, self.middle_name, self.given_name = vn.split_full_name(self.full_name)
        self.search_text = vn.fold(self.full_name)
        self.sort_key = vn.person_sort_key(self.family_name, self.middle_name, self.given_name)

    def age_on(self, on: dt.date) -> int:
        return vn.age_in_months(self.birth_date, on) // 12


class PlacementKind(models.TextChoices):
    OFFICIAL = "official", "Chính thức"
    TEMPORARY = "temporary", "Tạm thời"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Placement(models.Model):
    """Where a member holds their party activities, from `started_on` to `ended_on` (exclusive)."""

    member = models.ForeignKey(
        Member, verbose_name="Đảng viên", on_delete=models.CASCADE, related_name="placements"
    )
    organization = models.ForeignKey(
        Organization, verbose_name="Tổ chức", on_delete=models.PROTECT, related_name="placements"
    )
    kind = models.CharField(
        "Hình thức", max_length=10, choices=PlacementKind.choices, default=PlacementKind.OFFICIAL
    )
    started_on = models.DateField("Từ ngày")
    ended_on = models.DateField("Đến ngày", null=True, blank=True)
    note = models.CharField("Ghi chú", max_length=255, blank=True)

    class Meta:
        verbose_name = "nơi sinh hoạt đảng"
        verbose_name_plural = "nơi sinh hoạt đảng"
        ordering = ["member", "started_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(ended_on__isnull=True, kind="official"),
                name="one_open_official_placement",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="placement_interval_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["organization"], condition=Q(ended_on__isnull=True), name="open_placements"),
        ]

    def __str__(self) -> str:
        return f"{self.member} – {self.organization} ({self.started_on})"


# --- Party age and cards (RULES section 3, R21, R23): periods without party activity, card issues ---


class InactivityReason(models.TextChoices):
    """Why a member had no party activity for a while: the time does not count in the party age (R21)."""

    EXPULSION = "expulsion", "Bị khai trừ"
    NAME_REMOVAL = "name_removal", "Bị xóa tên"
    LOST_CONTACT = "lost_contact", "Mất liên lạc với tổ chức đảng"
    TRANSFER_GAP = "transfer_gap", "Gián đoạn khi chuyển sinh hoạt đảng"
    OTHER = "other", "Lý do khác"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class InactivityPeriod(models.Model):
    """A period without party activity, from `started_on` to `ended_on` (exclusive; open while NULL).

    RULES R21: the party age counts from the admission decision minus these periods.
    """

    member = models.ForeignKey(
        Member, verbose_name="Đảng viên", on_delete=models.CASCADE, related_name="inactivity_periods"
    )
    started_on = models.DateField("Từ ngày")
    ended_on = models.DateField("Đến ngày", null=True, blank=True)
    reason = models.CharField("Lý do", max_length=20, choices=InactivityReason.choices)
    note = models.CharField("Ghi chú", max_length=255, blank=True)

    class Meta:
        verbose_name = "thời gian không sinh hoạt đảng"
        verbose_name_plural = "thời gian không sinh hoạt đảng"
        ordering = ["member", "started_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gt=models.F("started_on")),
                name="inactivity_interval_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} – {self.get_reason_display()} ({self.started_on})"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class CardIssue(models.Model):
    """A party card issued to an official member (RULES R23); a number is never issued twice."""

    member = models.ForeignKey(
        Member, verbose_name="Đảng viên", on_delete=models.PROTECT, related_name="card_issues"
    )
    number = models.CharField("Số thẻ đảng viên", max_length=20, unique=True)
    issued_on = models.DateField("Ngày cấp")
    issued_by = models.CharField("Cơ quan cấp", max_length=255)
    recovered_on = models.DateField("Ngày thu hồi", null=True, blank=True)
    recovery_note = models.CharField("Lý do thu hồi", max_length=255, blank=True)

    class Meta:
        verbose_name = "cấp thẻ đảng viên"
        verbose_name_plural = "cấp thẻ đảng viên"
        ordering = ["member", "issued_on", "id"]

    def __str__(self) -> str:
        return f"{self.number} – {self.member} ({self.issued_on})"
