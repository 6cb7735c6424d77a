"""Commendations (khen thưởng) of members and organizations, Party badges, and the badge rounds setting.

A badge is an `Award` of form `badge` with its milestone in `badge_years`: the record of badges awarded
and the list of awards are one table, and a milestone can be recorded once per member (RULES R22).
"""

from __future__ import annotations

import pghistory
from django.db import models
from django.db.models import Q
from django.urls import reverse

from dangbo.members.models import Member
from dangbo.organizations.models import Organization

# RULES R22: the party-age milestones of the Party badge (years).
BADGE_MILESTONES = (30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90)
# RULES R22: how early a seriously ill member may receive a badge, by milestone.
EARLY_MONTHS_UP_TO_65 = 12
EARLY_MONTHS_FROM_70 = 24


def early_months(milestone: int) -> int:
    return EARLY_MONTHS_FROM_70 if milestone >= 70 else EARLY_MONTHS_UP_TO_65


class AwardForm(models.TextChoices):
    CERTIFICATE = "certificate", "Giấy khen"
    DIPLOMA = "diploma", "Bằng khen"
    FLAG = "flag", "Cờ thi đua"
    BADGE = "badge", "Huy hiệu Đảng"
    OTHER = "other", "Hình thức khác (biểu dương…)"


class AwardBasis(models.TextChoices):
    """What the award rewards: a periodic result (RULES section 7, R38) or an outstanding deed."""

    DEED = "deed", "Thành tích đột xuất, chuyên đề"
    YEAR = "year", "Hoàn thành xuất sắc nhiệm vụ trong năm"
    STREAK = "streak", "Hoàn thành xuất sắc nhiệm vụ (tiêu biểu) nhiều năm liền"
    BADGE = "badge", "Tuổi đảng (Huy hiệu Đảng)"


class IssuerLevel(models.TextChoices):
    """The level of the body that signs the award (RULES section 7, 29-QĐ/TW 27.2)."""

    CELL = "cell", "Chi bộ trực thuộc"
    PARTIAL_COMMITTEE = "partial_committee", "Đảng ủy bộ phận"
    BASE_CELL = "base_cell", "Chi bộ cơ sở"
    BASE_COMMITTEE = "base_committee", "Đảng ủy cơ sở"
    UPPER = "upper", "Cấp ủy cấp trên trực tiếp cơ sở (huyện ủy, đảng ủy khối và tương đương)"
    PROVINCE = "province", "Tỉnh ủy, thành ủy và tương đương"


class AwardQuerySet(models.QuerySet["Award"]):
    def in_organizations(self, organizations: models.QuerySet[Organization]) -> AwardQuerySet:
        """Awards whose subject (a member's current cell, or the organization) is among `organizations`."""
        return self.filter(Q(member__organization__in=organizations) | Q(organization__in=organizations))

    def badges(self) -> AwardQuerySet:
        return self.filter(form=AwardForm.BADGE)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Award(models.Model):
    member = models.ForeignKey(
        Member,
        verbose_name="Đảng viên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name="Tổ chức đảng",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
    )
    form = models.CharField("Hình thức", max_length=20, choices=AwardForm.choices)
    basis = models.CharField(
        "Khen thưởng về", max_length=10, choices=AwardBasis.choices, default=AwardBasis.DEED
    )
    issuer = models.ForeignKey(
        Organization,
        verbose_name="Tổ chức đảng khen thưởng",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Khi cấp ủy khen thưởng là một tổ chức trong hệ thống.",
    )
    issuer_level = models.CharField("Cấp khen thưởng", max_length=20, choices=IssuerLevel.choices)
    issuer_name = models.CharField("Cơ quan khen thưởng", max_length=255)
    decision_number = models.CharField("Số quyết định", max_length=100)
    decision_date = models.DateField("Ngày quyết định")
    reason = models.TextField("Lý do, thành tích", blank=True)
    period_from = models.PositiveSmallIntegerField("Khen cho giai đoạn từ năm", null=True, blank=True)
    period_to = models.PositiveSmallIntegerField("đến năm", null=True, blank=True)
    # Party badges (form "badge"): the milestone, the round it was presented in, early and posthumous awards.
    badge_years = models.PositiveSmallIntegerField("Huy hiệu (năm tuổi đảng)", null=True, blank=True)
    round_on = models.DateField("Đợt trao tặng", null=True, blank=True)
    early = models.BooleanField("Tặng sớm (đảng viên ốm nặng)", default=False)
    posthumous = models.BooleanField("Truy tặng", default=False)
    died_on = models.DateField("Ngày từ trần", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AwardQuerySet.as_manager()

    class Meta:
        verbose_name = "khen thưởng"
        verbose_name_plural = "khen thưởng"
        ordering = ["-decision_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=True) ^ Q(organization__isnull=True), name="award_one_subject"
            ),
            models.CheckConstraint(
                condition=Q(form="badge", member__isnull=False, badge_years__isnull=False)
                | (~Q(form="badge") & Q(badge_years__isnull=True)),
                name="award_badge_has_member_and_milestone",
            ),
            models.CheckConstraint(
                condition=Q(period_from__isnull=True)
                | Q(period_to__isnull=True)
                | Q(period_to__gte=models.F("period_from")),
                name="award_period_ordered",
            ),
            # RULES R22: a member receives each milestone at most once.
            models.UniqueConstraint(
                fields=["member", "badge_years"], condition=Q(form="badge"), name="award_badge_once"
            ),
        ]
        indexes = [
            models.Index(fields=["member", "form"], name="award_member_form"),
            models.Index(fields=["organization", "decision_date"], name="award_org_date"),
        ]

    def __str__(self) -> str:
        return f"{self.title} – {self.subject_name}"

    def get_absolute_url(self) -> str:
        return reverse("awards:detail", args=[self.pk])

    @property
    def title(self) -> str:
        if self.form == AwardForm.BADGE:
            prefix = "Truy tặng " if self.posthumous else ""
            return f"{prefix}Huy hiệu {self.badge_years} năm tuổi Đảng"
        return self.get_form_display()

    @property
    def subject_name(self) -> str:
        return self.member.full_name if self.member_id else self.organization.name  # type: ignore[union-attr]

    @property
    def period_label(self) -> str:
        if self.period_from and self.period_to and self.period_to != self.period_from:
            return f"{self.period_from}–{self.period_to}"
        return str(self.period_from or self.period_to or "")


# RULES section 3: the rounds seen in practice (UNCONFIRMED as a norm); migration 0002 installs them.
DEFAULT_BADGE_ROUNDS = (
    (2, 3, "Kỷ niệm ngày thành lập Đảng Cộng sản Việt Nam (3/2)"),
    (5, 19, "Kỷ niệm ngày sinh Chủ tịch Hồ Chí Minh (19/5)"),
    (9, 2, "Quốc khánh (2/9)"),
    (11, 7, "Kỷ niệm Cách mạng Tháng Mười Nga (7/11)"),
)


class BadgeRound(models.Model):
    """A day of the year on which badges are presented (a setting; RULES section 3: 3/2, 19/5, 2/9, 7/11
    in practice, the normative list UNCONFIRMED)."""

    month = models.PositiveSmallIntegerField("Tháng")
    day = models.PositiveSmallIntegerField("Ngày")
    name = models.CharField("Dịp", max_length=150)
    active = models.BooleanField("Đang áp dụng", default=True)

    class Meta:
        verbose_name = "đợt xét tặng Huy hiệu Đảng"
        verbose_name_plural = "đợt xét tặng Huy hiệu Đảng"
        ordering = ["month", "day"]
        constraints = [
            models.UniqueConstraint(fields=["month", "day"], name="badge_round_day_unique"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="badge_round_month"),
            models.CheckConstraint(condition=Q(day__gte=1, day__lte=31), name="badge_round_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day:02d}/{self.month:02d} ({self.name})"


# The history rows keep the member as a plain id, not a foreign key: a member's page shows the history of
# every row that references them (audit.queries.history_of), and health data must not show there.
@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    attrs={"member": models.BigIntegerField(db_column="member_id")},
)
class SeriousIllness(models.Model):
    """A member certified seriously ill: they may receive a badge early (RULES R22). Health data: shown
    only to those who may see the member's sensitive fields."""

    member = models.ForeignKey(
        Member, verbose_name="Đảng viên", on_delete=models.CASCADE, related_name="serious_illnesses"
    )
    certified_on = models.DateField("Ngày xác nhận")
    note = models.CharField("Ghi chú", max_length=255, blank=True)
    ended_on = models.DateField("Đến ngày", null=True, blank=True)

    class Meta:
        verbose_name = "đảng viên ốm nặng"
        verbose_name_plural = "đảng viên ốm nặng"
        ordering = ["member", "-certified_on"]

    def __str__(self) -> str:
        return f"{self.member} ({self.certified_on})"
