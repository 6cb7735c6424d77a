"""A member's movements: transfers of party activity, exemptions, exits and readmissions.

Where a member belongs stays in `members.Placement` (official placements make the member counts,
temporary ones do not: RULES R25). The records here say why a placement opened or closed, carry the
decisions, letters and dates each procedure asks for, and drive the deadlines (R23, R24, R27).
"""

from __future__ import annotations

import pghistory
from django.db import models
from django.db.models import Q
from django.urls import reverse

from dangbo.members.models import Member, Placement, Status
from dangbo.organizations.models import Organization


class TransferKind(models.TextChoices):
    OFFICIAL = "official", "Chính thức"
    TEMPORARY = "temporary", "Tạm thời"


class Direction(models.TextChoices):
    WITHIN = "within", "Trong hệ thống"  # between two cells of the tree
    OUT = "out", "Chuyển ra ngoài"  # to an organization outside the tree
    IN = "in", "Từ nơi khác đến"  # from an organization outside the tree


class Trigger(models.TextChoices):
    """What the transfer follows (RULES 2.4: new unit, retirement, leaving the job, demobilisation,
    change of residence; study or work away for a temporary transfer)."""

    NEW_JOB = "new_job", "Chuyển công tác"
    RETIREMENT = "retirement", "Nghỉ hưu"
    LEFT_JOB = "left_job", "Thôi việc"
    DEMOBILIZED = "demobilized", "Xuất ngũ, phục viên"
    RESIDENCE = "residence", "Thay đổi nơi cư trú"
    STUDY = "study", "Đi học tập trung"
    WORK_AWAY = "work_away", "Đi làm việc, công tác ở nơi khác"
    OTHER = "other", "Lý do khác"


class TransferState(models.TextChoices):
    PREPARING = "preparing", "Đang làm thủ tục"
    LETTER_ISSUED = "letter_issued", "Đã cấp giấy giới thiệu, chờ nộp"
    ACTIVE = "active", "Đang sinh hoạt tạm thời"
    COMPLETED = "completed", "Đã hoàn thành"
    ENDED = "ended", "Đã kết thúc sinh hoạt tạm thời"
    CANCELLED = "cancelled", "Đã hủy"


OPEN_TRANSFER_STATES = (TransferState.PREPARING, TransferState.LETTER_ISSUED)


class TransferQuerySet(models.QuerySet["Transfer"]):
    def involving(self, organizations: models.QuerySet[Organization]) -> TransferQuerySet:
        """Transfers leaving from or arriving at one of `organizations`."""
        return self.filter(Q(from_organization__in=organizations) | Q(to_organization__in=organizations))

    def in_progress(self) -> TransferQuerySet:
        return self.filter(state__in=OPEN_TRANSFER_STATES)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Transfer(models.Model):
    """One transfer of party activity (chuyển sinh hoạt đảng), official or temporary, in, out or within."""

    member = models.ForeignKey(
        Member, verbose_name="Đảng viên", on_delete=models.PROTECT, related_name="transfers"
    )
    kind = models.CharField("Hình thức", max_length=10, choices=TransferKind.choices)
    direction = models.CharField("Phạm vi", max_length=10, choices=Direction.choices)
    trigger = models.CharField(
        "Lý do chuyển", max_length=20, choices=Trigger.choices, default=Trigger.NEW_JOB
    )
    state = models.CharField(
        "Tình trạng", max_length=20, choices=TransferState.choices, default=TransferState.PREPARING
    )
    from_organization = models.ForeignKey(
        Organization,
        verbose_name="Nơi chuyển đi",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transfers_out",
    )
    to_organization = models.ForeignKey(
        Organization,
        verbose_name="Nơi chuyển đến",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transfers_in",
    )
    # The organization outside the tree: the destination (out, temporary abroad) or the origin (in).
    external_name = models.CharField("Tổ chức đảng ngoài hệ thống", max_length=255, blank=True)
    external_address = models.CharField("Địa chỉ", max_length=255, blank=True)
    # The decision the transfer follows (job transfer, retirement...): R24 counts 60 working days from it.
    decision_number = models.CharField("Số quyết định", max_length=100, blank=True)
    decision_date = models.DateField("Ngày quyết định (hoặc thay đổi nơi cư trú)", null=True, blank=True)
    filed_on = models.DateField("Ngày nộp hồ sơ chuyển sinh hoạt", null=True, blank=True)
    # The introduction letter (giấy giới thiệu sinh hoạt đảng).
    issuer = models.ForeignKey(
        Organization,
        verbose_name="Cấp giới thiệu",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transfer_letters",
    )
    letter_number = models.CharField("Số giấy giới thiệu", max_length=100, blank=True)
    letter_date = models.DateField("Ngày giấy giới thiệu", null=True, blank=True)
    letter_place = models.CharField("Địa danh ghi trên giấy", max_length=100, blank=True)
    signer_title = models.CharField("Chức vụ người ký", max_length=100, blank=True)
    signer_name = models.CharField("Người ký", max_length=150, blank=True)
    presented_on = models.DateField("Ngày nộp giấy giới thiệu tại nơi đến", null=True, blank=True)
    late_reason = models.TextField("Lý do chậm", blank=True)
    # Temporary transfers: the planned period (R25) and the day the member came back.
    starts_on = models.DateField("Từ ngày", null=True, blank=True)
    ends_on = models.DateField("Đến ngày", null=True, blank=True)
    returned_on = models.DateField("Ngày trở về", null=True, blank=True)
    placement_closed = models.ForeignKey(
        Placement, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    placement_opened = models.ForeignKey(
        Placement, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField("Ghi chú", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TransferQuerySet.as_manager()

    class Meta:
        verbose_name = "chuyển sinh hoạt đảng"
        verbose_name_plural = "chuyển sinh hoạt đảng"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["state"], name="transfer_state"),
            models.Index(fields=["member", "created_at"], name="transfer_member"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.member}"

    def get_absolute_url(self) -> str:
        return reverse("movements:transfer", args=[self.pk])

    @property
    def destination(self) -> str:
        if self.to_organization_id:
            return self.to_organization.name  # type: ignore[union-attr]
        return self.external_name

    @property
    def origin(self) -> str:
        if self.from_organization_id:
            return self.from_organization.name  # type: ignore[union-attr]
        return self.external_name


class ExemptionReason(models.TextChoices):
    AGE = "age", "Tuổi cao"
    HEALTH = "health", "Sức khỏe yếu"
    OTHER = "other", "Lý do khác"


class ExemptionQuerySet(models.QuerySet["Exemption"]):
    def active_on(self, on: object) -> ExemptionQuerySet:
        return self.filter(Q(decided_on__lte=on), Q(ended_on__isnull=True) | Q(ended_on__gt=on))


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Exemption(models.Model):
    """Exemption from work and party activities (miễn công tác và sinh hoạt đảng, RULES 2.5)."""

    member = models.ForeignKey(
        Member, verbose_name="Đảng viên", on_delete=models.PROTECT, related_name="exemptions"
    )
    organization = models.ForeignKey(
        Organization, verbose_name="Chi bộ quyết định", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField("Lý do", max_length=10, choices=ExemptionReason.choices)
    requested_on = models.DateField("Ngày đảng viên đề nghị")
    decided_on = models.DateField("Ngày chi bộ quyết định")
    resolution_number = models.CharField("Số nghị quyết/biên bản của chi bộ", max_length=100, blank=True)
    reported_on = models.DateField("Ngày báo cáo cấp ủy cấp trên", null=True, blank=True)
    review_on = models.DateField("Ngày xem xét lại", null=True, blank=True)
    ended_on = models.DateField("Ngày thôi miễn", null=True, blank=True)
    end_note = models.CharField("Lý do thôi miễn", max_length=255, blank=True)
    previous_status = models.CharField(max_length=20, choices=Status.choices)
    note = models.TextField("Ghi chú", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ExemptionQuerySet.as_manager()

    class Meta:
        verbose_name = "miễn công tác và sinh hoạt đảng"
        verbose_name_plural = "miễn công tác và sinh hoạt đảng"
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"], condition=Q(ended_on__isnull=True), name="one_open_exemption"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("decided_on")),
                name="exemption_interval_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"Miễn sinh hoạt – {self.member}"

    def get_absolute_url(self) -> str:
        return reverse("movements:exemption", args=[self.pk])


class ExitKind(models.TextChoices):
    REMOVAL = "removal", "Xóa tên"
    EXPULSION = "expulsion", "Khai trừ"
    LEAVING = "leaving", "Xin ra khỏi Đảng"
    DEATH = "death", "Từ trần"


# The member's status after each kind of exit.
EXIT_STATUS = {
    ExitKind.REMOVAL: Status.REMOVED,
    ExitKind.EXPULSION: Status.EXPELLED,
    ExitKind.LEAVING: Status.LEFT,
    ExitKind.DEATH: Status.DECEASED,
}


class ExitReason(models.TextChoices):
    """Why a member left. Name removal: the cases of RULES 2.6 (24-QĐ/TW 8.1) and R20; the others
    name the grounds that bar a readmission (RULES 2.1, Quy định 232)."""

    ABANDONED = (
        "abandoned",
        "Bỏ sinh hoạt đảng hoặc không đóng đảng phí 3 tháng trong năm không có lý do chính đáng",
    )
    CARD_RETURNED = "card_returned", "Tự ý trả thẻ đảng viên hoặc tự hủy thẻ đảng viên"
    DECLINED = (
        "declined",
        (
            "Giảm sút ý chí phấn đấu, không làm nhiệm vụ đảng viên, đã được chi bộ giáo dục nhưng sau 12 tháng "
            "không tiến bộ"
        ),
    )
    TWO_YEARS = "two_years", "Hai năm liền vi phạm tư cách đảng viên"
    POLITICAL = "political", "Không bảo đảm tiêu chuẩn chính trị theo quy định của Bộ Chính trị"
    NOT_RECOGNIZED = (
        "not_recognized",
        "Không được công nhận đảng viên chính thức (xóa tên trong danh sách dự bị)",
    )
    DISCIPLINE = "discipline", "Bị kỷ luật khai trừ"
    DISUNITY = "disunity", "Gây mất đoàn kết nghiêm trọng"
    CORRUPTION = "corruption", "Bị kết án về tội tham nhũng"
    SERIOUS_CRIME = "serious_crime", "Bị kết án về tội nghiêm trọng trở lên"
    APPLIED = "applied", "Tự nguyện xin ra khỏi Đảng"
    DEATH = "death", "Từ trần"
    OTHER = "other", "Lý do khác"


# Which reasons fit which kind of exit (the form offers these; the service checks them).
EXIT_REASONS = {
    ExitKind.REMOVAL: (
        ExitReason.ABANDONED,
        ExitReason.CARD_RETURNED,
        ExitReason.DECLINED,
        ExitReason.TWO_YEARS,
        ExitReason.POLITICAL,
        ExitReason.NOT_RECOGNIZED,
        ExitReason.OTHER,
    ),
    ExitKind.EXPULSION: (
        ExitReason.DISCIPLINE,
        ExitReason.DISUNITY,
        ExitReason.CORRUPTION,
        ExitReason.SERIOUS_CRIME,
    ),
    ExitKind.LEAVING: (ExitReason.APPLIED, ExitReason.DISUNITY, ExitReason.OTHER),
    ExitKind.DEATH: (ExitReason.DEATH,),
}
# RULES 2.1 (Quy định 232): no readmission after leaving for these reasons ("applied" unless the member
# left because of extremely difficult family circumstances).
READMISSION_BARRED = frozenset(
    {
        ExitReason.ABANDONED,
        ExitReason.APPLIED,
        ExitReason.DISUNITY,
        ExitReason.CORRUPTION,
        ExitReason.SERIOUS_CRIME,
    }
)
# RULES R23: the cell recovers the card on these exits; on a death the family keeps it.
CARD_RECOVERED_ON = frozenset({ExitKind.REMOVAL, ExitKind.EXPULSION, ExitKind.LEAVING})


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Exit(models.Model):
    """A member leaves the Party's lists: name removal, expulsion, leaving or death (RULES 2.6)."""

    member = models.ForeignKey(
        Member, verbose_name="Đảng viên", on_delete=models.PROTECT, related_name="exits"
    )
    organization = models.ForeignKey(
        Organization, verbose_name="Chi bộ", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("Hình thức", max_length=10, choices=ExitKind.choices)
    reason = models.CharField("Lý do", max_length=20, choices=ExitReason.choices)
    difficult_family = models.BooleanField(
        "Vì hoàn cảnh gia đình đặc biệt khó khăn",
        default=False,
        help_text="Người xin ra khỏi Đảng vì hoàn cảnh gia đình đặc biệt khó khăn vẫn có thể được kết nạp lại.",
    )
    effective_on = models.DateField("Ngày hiệu lực (ngày từ trần)")
    decision_number = models.CharField("Số quyết định", max_length=100, blank=True)
    decision_date = models.DateField("Ngày quyết định", null=True, blank=True)
    decided_by = models.CharField("Cấp quyết định", max_length=255, blank=True)
    slip_written_on = models.DateField("Ngày lập phiếu báo", null=True, blank=True)
    reported_on = models.DateField("Ngày gửi phiếu báo và hồ sơ lên cấp trên", null=True, blank=True)
    late_reason = models.TextField("Lý do chậm", blank=True)
    card_recovered_on = models.DateField("Ngày thu hồi thẻ đảng viên", null=True, blank=True)
    previous_status = models.CharField(max_length=20, choices=Status.choices)
    placement = models.ForeignKey(
        Placement, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField("Ghi chú", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "ra khỏi danh sách đảng viên"
        verbose_name_plural = "ra khỏi danh sách đảng viên"
        ordering = ["-effective_on", "-id"]
        indexes = [
            models.Index(fields=["member", "effective_on"], name="exit_member"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.member}"

    def get_absolute_url(self) -> str:
        return reverse("movements:exit", args=[self.pk])

    @property
    def needs_card_recovery(self) -> bool:
        """RULES R23."""
        return self.kind in CARD_RECOVERED_ON

    @property
    def bars_readmission(self) -> bool:
        """RULES 2.1 (Quy định 232)."""
        if self.kind == ExitKind.DEATH:
            return True
        if self.reason == ExitReason.APPLIED:
            return not self.difficult_family
        return self.reason in READMISSION_BARRED


class ReadmissionKind(models.TextChoices):
    READMISSION = "readmission", "Kết nạp lại"
    RESTORATION = "restoration", "Khôi phục đảng tịch"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Readmission(models.Model):
    """A former member back in the lists: readmitted (kết nạp lại) or restored after a wrongful
    discipline (khôi phục đảng tịch, Quy định 117-QĐ/TW)."""

    member = models.ForeignKey(
        Member, verbose_name="Đảng viên", on_delete=models.PROTECT, related_name="readmissions"
    )
    exit = models.ForeignKey(
        Exit, verbose_name="Lần ra khỏi Đảng", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("Hình thức", max_length=20, choices=ReadmissionKind.choices)
    organization = models.ForeignKey(
        Organization, verbose_name="Chi bộ", on_delete=models.PROTECT, related_name="+"
    )
    effective_on = models.DateField("Ngày kết nạp lại / khôi phục")
    decision_number = models.CharField("Số quyết định", max_length=100, blank=True)
    decision_date = models.DateField("Ngày quyết định", null=True, blank=True)
    previous_official_date = models.DateField(null=True, blank=True)
    placement = models.ForeignKey(
        Placement, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField("Ghi chú", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "kết nạp lại, khôi phục đảng tịch"
        verbose_name_plural = "kết nạp lại, khôi phục đảng tịch"
        ordering = ["-effective_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.member}"
