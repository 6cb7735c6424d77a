"""Discipline (kỷ luật) of party organizations and members: confidential, seen only by the roles that
handle it (accounts.policy VIEW_INSPECTIONS / CHANGE_DISCIPLINE).

A `Discipline` is a case from the violation to the decision: recorded without a decision it is a case
under consideration (its limitation period runs, RULES R31); with a decision it takes effect on the
decision date and ends by itself 12 months after its announcement (RULES R32), a date stored in
`ends_on` by the service (computed when written, no periodic job).
"""

from __future__ import annotations

import datetime as dt

import pghistory
from django.db import models
from django.db.models import Q
from django.urls import reverse

from dangbo.members.models import Member
from dangbo.organizations.models import Organization


class DisciplineForm(models.TextChoices):
    REPRIMAND = "reprimand", "Khiển trách"
    WARNING = "warning", "Cảnh cáo"
    REMOVAL = "removal", "Cách chức"
    EXPULSION = "expulsion", "Khai trừ"
    DISSOLUTION = "dissolution", "Giải tán"


# Forms that never end by themselves (RULES R32).
PERMANENT_FORMS = frozenset({DisciplineForm.EXPULSION, DisciplineForm.DISSOLUTION})


class NoLimitation(models.TextChoices):
    """Violations without a limitation period besides expulsion / dissolution (RULES R31)."""

    NONE = "", "Áp dụng thời hiệu"
    INTERNAL_POLITICS = "internal_politics", "Vi phạm về chính trị nội bộ"
    NATIONAL_INTEREST = (
        "national_interest",
        "Vi phạm về quốc phòng, an ninh, đối ngoại xâm hại lợi ích quốc gia",
    )
    ILLEGAL_DIPLOMA = "illegal_diploma", "Sử dụng văn bằng, chứng chỉ không hợp pháp"


class DisciplineQuerySet(models.QuerySet["Discipline"]):
    def in_organizations(self, organizations: models.QuerySet[Organization]) -> DisciplineQuerySet:
        """Disciplines whose subject (a member's current cell, or the organization) is in `organizations`."""
        return self.filter(Q(member__organization__in=organizations) | Q(organization__in=organizations))

    def valid(self) -> DisciplineQuerySet:
        """Not annulled: an annulled discipline counts as never given (117-QĐ/TW)."""
        return self.filter(annulled_on__isnull=True)

    def decided(self) -> DisciplineQuerySet:
        return self.valid().filter(decision_date__isnull=False)

    def pending(self) -> DisciplineQuerySet:
        return self.valid().filter(decision_date__isnull=True)

    def active_on(self, on: dt.date) -> DisciplineQuerySet:
        """In effect on `on`: decided on or before it, not yet ended (RULES R32)."""
        return (
            self.decided().filter(decision_date__lte=on).filter(Q(ends_on__isnull=True) | Q(ends_on__gt=on))
        )


# The history rows keep the subject as plain ids, not foreign keys: member and organization pages show the
# history of every row that references them (audit.queries.history_of), and discipline must not show there.
_PLAIN_SUBJECT: dict[str, models.Field] = {
    "member": models.BigIntegerField(db_column="member_id", null=True),
    "organization": models.BigIntegerField(db_column="organization_id", null=True),
}


@pghistory.track(
    pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent(), attrs=_PLAIN_SUBJECT
)
class Discipline(models.Model):
    member = models.ForeignKey(
        Member, verbose_name="Đảng viên", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name="Tổ chức đảng",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    form = models.CharField("Hình thức kỷ luật", max_length=20, choices=DisciplineForm.choices)
    violation = models.TextField("Nội dung vi phạm")
    violation_date = models.DateField("Ngày vi phạm")
    no_limitation = models.CharField(
        "Trường hợp không áp dụng thời hiệu", max_length=30, choices=NoLimitation.choices, blank=True
    )
    limitation_restarted_on = models.DateField(
        "Ngày có vi phạm mới (tính lại thời hiệu)", null=True, blank=True
    )
    child_born_on = models.DateField("Ngày sinh con nhỏ nhất (nếu đang nuôi con nhỏ)", null=True, blank=True)
    opened_on = models.DateField("Ngày bắt đầu xem xét")
    deciding_body = models.CharField("Cơ quan quyết định", max_length=255, blank=True)
    decision_number = models.CharField("Số quyết định", max_length=100, blank=True)
    decision_date = models.DateField("Ngày quyết định", null=True, blank=True)
    announced_on = models.DateField("Ngày công bố quyết định", null=True, blank=True)
    complaint_decided_on = models.DateField(
        "Ngày công bố quyết định giải quyết khiếu nại", null=True, blank=True
    )
    repeated = models.BooleanField("Tái phạm hoặc có vi phạm mới trong thời gian thi hành", default=False)
    self_detected_remedied = models.BooleanField("Tự phát hiện và khắc phục hậu quả", default=False)
    ends_on = models.DateField("Hết hiệu lực từ ngày", null=True, blank=True)
    annulled_on = models.DateField("Ngày hủy bỏ", null=True, blank=True)
    annulment_reason = models.CharField("Lý do hủy bỏ", max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DisciplineQuerySet.as_manager()

    class Meta:
        verbose_name = "kỷ luật"
        verbose_name_plural = "kỷ luật"
        ordering = ["-decision_date", "-opened_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=True) ^ Q(organization__isnull=True), name="discipline_one_subject"
            ),
            models.CheckConstraint(
                condition=Q(decision_date__isnull=True) | Q(decision_date__gte=models.F("violation_date")),
                name="discipline_decided_after_violation",
            ),
        ]
        indexes = [
            models.Index(fields=["member", "decision_date"], name="discipline_member_date"),
            models.Index(fields=["organization", "decision_date"], name="discipline_org_date"),
            models.Index(fields=["ends_on"], name="discipline_ends_on"),
        ]

    def __str__(self) -> str:
        return f"{self.get_form_display()} – {self.subject_name}"

    def get_absolute_url(self) -> str:
        return reverse("discipline:detail", args=[self.pk])

    @property
    def subject_name(self) -> str:
        return self.member.full_name if self.member_id else self.organization.name  # type: ignore[union-attr]

    def state_on(self, on: dt.date) -> str:
        """In Vietnamese: the state of the case on `on`."""
        if self.annulled_on:
            return "Đã hủy bỏ"
        if self.decision_date is None:
            return "Đang xem xét"
        if self.decision_date > on:
            return "Chưa có hiệu lực"
        if self.ends_on is None:
            return "Đang thi hành" if self.form not in PERMANENT_FORMS else "Đã thi hành"
        return "Đang thi hành" if on < self.ends_on else "Đã hết hiệu lực"


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    attrs={"member": models.BigIntegerField(db_column="member_id")},
)
class ChildBirth(models.Model):
    """A member's child's birth: no discipline proceedings while the child is under 12 months (RULES R33)."""

    member = models.ForeignKey(Member, verbose_name="Đảng viên", on_delete=models.CASCADE, related_name="+")
    born_on = models.DateField("Ngày sinh của con")
    note = models.CharField("Ghi chú", max_length=255, blank=True)

    class Meta:
        verbose_name = "con nhỏ của đảng viên"
        verbose_name_plural = "con nhỏ của đảng viên"
        ordering = ["member", "-born_on"]

    def __str__(self) -> str:
        return f"{self.member} ({self.born_on})"
