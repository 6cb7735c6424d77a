"""Admission (kết nạp): candidates moving through the steps, their sponsors, the recognition of
probationary members, and the yearly admission targets (RULES.md 2.1, 2.2, R15–R20)."""

from __future__ import annotations

import datetime as dt

import pghistory
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.urls import reverse

from dangbo.lib import vn
from dangbo.members.models import Gender, Member
from dangbo.organizations.models import Organization


class CandidateStatus(models.TextChoices):
    PREPARING = "preparing", "Đang xem xét"
    ADMITTED = "admitted", "Đã kết nạp"
    WITHDRAWN = "withdrawn", "Dừng xem xét"


class CandidateQuerySet(models.QuerySet["Candidate"]):
    def in_organizations(self, organizations: models.QuerySet[Organization]) -> CandidateQuerySet:
        return self.filter(organization__in=organizations)

    def search(self, text: str) -> CandidateQuerySet:
        condition = Q()
        for word in vn.fold(text).split():
            condition &= Q(search_text__contains=word)
        return self.filter(condition)

    def vietnamese_order(self) -> CandidateQuerySet:
        return self.order_by("sort_key", "birth_date", "id")


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Candidate(models.Model):
    """A person the cell prepares for admission (quần chúng ưu tú), with the dated documents of each step."""

    organization = models.ForeignKey(
        Organization, verbose_name="Chi bộ", on_delete=models.PROTECT, related_name="candidates"
    )
    status = models.CharField(
        "Trạng thái", max_length=20, choices=CandidateStatus.choices, default=CandidateStatus.PREPARING
    )
    # Personal data: the vocabulary of Member (members.models), copied onto the member at the ceremony.
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
    national_id = models.CharField("Số CCCD", max_length=12, blank=True)
    phone = models.CharField("Điện thoại", max_length=20, blank=True)
    email = models.EmailField("Thư điện tử", blank=True)
    general_education = models.CharField("Giáo dục phổ thông", max_length=20, blank=True)
    qualification = models.CharField("Chuyên môn, nghiệp vụ", max_length=255, blank=True)
    political_theory = models.CharField("Lý luận chính trị", max_length=50, blank=True)
    occupation = models.CharField("Nghề nghiệp, chức vụ", max_length=255, blank=True)
    search_text = models.CharField(max_length=150, editable=False, default="")
    sort_key = models.TextField(editable=False, default="")

    # 1. Political awareness course (lớp bồi dưỡng nhận thức về Đảng).
    course_certificate_date = models.DateField(
        "Ngày cấp giấy chứng nhận học lớp nhận thức về Đảng", null=True
    )
    course_certificate_number = models.CharField("Số giấy chứng nhận", max_length=50, blank=True)
    # 2. Application (đơn xin vào Đảng).
    application_date = models.DateField("Ngày làm đơn xin vào Đảng", null=True)
    # 3. Biography (lý lịch người xin vào Đảng) and its verification (thẩm tra lý lịch).
    biography_date = models.DateField("Ngày khai lý lịch", null=True)
    biography_verified_on = models.DateField("Ngày hoàn thành thẩm tra lý lịch", null=True)
    biography_note = models.CharField("Kết luận thẩm tra", max_length=500, blank=True)
    # 5. The cell's resolution (nghị quyết chi bộ đề nghị kết nạp).
    cell_meeting_date = models.DateField("Ngày chi bộ họp xét", null=True)
    cell_resolution_number = models.CharField("Số nghị quyết chi bộ", max_length=50, blank=True)
    cell_votes_for = models.PositiveSmallIntegerField("Số đảng viên chính thức tán thành", null=True)
    cell_full_members = models.PositiveSmallIntegerField("Tổng số đảng viên chính thức của chi bộ", null=True)
    over_age_consent = models.CharField(
        "Văn bản đồng ý kết nạp người trên 60 tuổi", max_length=255, blank=True
    )
    # 6. The grassroots committee's resolution (nghị quyết đảng ủy cơ sở); none for a base cell.
    grassroots_resolution_number = models.CharField("Số nghị quyết đảng ủy cơ sở", max_length=50, blank=True)
    grassroots_resolution_date = models.DateField("Ngày nghị quyết đảng ủy cơ sở", null=True)
    grassroots_votes_for = models.PositiveSmallIntegerField("Số cấp ủy viên tán thành", null=True)
    grassroots_committee_members = models.PositiveSmallIntegerField("Tổng số cấp ủy viên", null=True)
    # 7. The admission decision of the competent committee (quyết định kết nạp).
    decision_number = models.CharField("Số quyết định kết nạp", max_length=50, blank=True)
    decision_date = models.DateField("Ngày quyết định", null=True)
    decision_issuer = models.CharField("Cấp ủy ra quyết định", max_length=255, blank=True)
    decision_received_on = models.DateField("Ngày chi bộ nhận quyết định", null=True)
    # 8. The ceremony (lễ kết nạp): the admission date; it creates the probationary member.
    ceremony_date = models.DateField("Ngày tổ chức lễ kết nạp", null=True)
    late_ceremony_consent = models.CharField(
        "Văn bản đồng ý tổ chức lễ kết nạp quá hạn", max_length=255, blank=True
    )
    member = models.OneToOneField(
        Member,
        verbose_name="Đảng viên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="candidacy",
    )
    withdrawn_on = models.DateField("Ngày dừng xem xét", null=True)
    withdrawal_reason = models.CharField("Lý do dừng xem xét", max_length=500, blank=True)
    created_at = models.DateTimeField("Ngày tạo", auto_now_add=True)

    objects = CandidateQuerySet.as_manager()

    class Meta:
        verbose_name = "quần chúng ưu tú"
        verbose_name_plural = "quần chúng ưu tú"
        indexes = [
            models.Index(fields=["organization", "status"], name="candidate_org_status"),
            models.Index(fields=["sort_key", "birth_date", "id"], name="candidate_sort"),
            GinIndex(fields=["search_text"], name="candidate_search_trgm", opclasses=["gin_trgm_ops"]),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("admissions:detail", args=[self.pk])

    def set_name(self, full_name: str) -> None:
        self.full_name = vn.nfc(full_name)
        self.family_name, self.middle_name, self.given_name = vn.split_full_name(self.full_name)
        self.search_text = vn.fold(self.full_name)
        self.sort_key = vn.person_sort_key(self.family_name, self.middle_name, self.given_name)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Sponsor(models.Model):
    """A full member who introduces the candidate (đảng viên giới thiệu), RULES.md R16."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="sponsors")
    member = models.ForeignKey(
        Member, verbose_name="Đảng viên giới thiệu", on_delete=models.PROTECT, related_name="sponsorships"
    )
    together_since = models.DateField("Cùng công tác, học tập với người vào Đảng từ ngày")
    unit = models.CharField("Đơn vị cùng công tác, học tập", max_length=255, blank=True)

    class Meta:
        verbose_name = "đảng viên giới thiệu"
        verbose_name_plural = "đảng viên giới thiệu"
        ordering = ["candidate", "id"]
        constraints = [models.UniqueConstraint(fields=["candidate", "member"], name="sponsor_once")]

    def __str__(self) -> str:
        return f"{self.member} giới thiệu {self.candidate}"


class RecognitionOutcome(models.TextChoices):
    RECOGNIZED = "recognized", "Công nhận đảng viên chính thức"
    NOT_RECOGNIZED = "not_recognized", "Không công nhận, xóa tên khỏi danh sách đảng viên dự bị"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Recognition(models.Model):
    """The end of a probation: recognized as a full member (R19) or removed from the probationary list (R20)."""

    member = models.OneToOneField(
        Member, verbose_name="Đảng viên", on_delete=models.PROTECT, related_name="recognition"
    )
    outcome = models.CharField("Kết quả", max_length=20, choices=RecognitionOutcome.choices)
    probation_end = models.DateField("Ngày hết thời gian dự bị")
    cell_meeting_date = models.DateField("Ngày chi bộ họp xét")
    cell_votes_for = models.PositiveSmallIntegerField("Số đảng viên chính thức tán thành", null=True)
    cell_full_members = models.PositiveSmallIntegerField("Tổng số đảng viên chính thức của chi bộ", null=True)
    decision_number = models.CharField("Số quyết định", max_length=50)
    decision_date = models.DateField("Ngày quyết định")
    decision_issuer = models.CharField("Cấp ủy ra quyết định", max_length=255, blank=True)
    reason = models.CharField("Lý do", max_length=500, blank=True)
    recorded_at = models.DateTimeField("Ngày ghi nhận", auto_now_add=True)

    class Meta:
        verbose_name = "xét công nhận đảng viên chính thức"
        verbose_name_plural = "xét công nhận đảng viên chính thức"

    def __str__(self) -> str:
        return f"{self.member}: {self.get_outcome_display()}"

    @property
    def official_date(self) -> dt.date | None:
        """RULES.md R19: the end of probation, however late the meeting or the decision."""
        return self.probation_end if self.outcome == RecognitionOutcome.RECOGNIZED else None


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class AdmissionTarget(models.Model):
    """How many members an organization resolved to admit in a year (chỉ tiêu kết nạp đảng viên)."""

    organization = models.ForeignKey(
        Organization, verbose_name="Tổ chức đảng", on_delete=models.PROTECT, related_name="admission_targets"
    )
    year = models.PositiveSmallIntegerField("Năm")
    target = models.PositiveIntegerField("Chỉ tiêu kết nạp")
    resolution = models.CharField("Nghị quyết giao chỉ tiêu", max_length=255, blank=True)

    class Meta:
        verbose_name = "chỉ tiêu kết nạp đảng viên"
        verbose_name_plural = "chỉ tiêu kết nạp đảng viên"
        ordering = ["year", "organization"]
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="one_target_a_year")]

    def __str__(self) -> str:
        return f"{self.organization} – {self.year}: {self.target}"
