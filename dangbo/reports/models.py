"""Background exports: one `ExportJob` per large export, holding its progress and, when done, the file."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


class ExportStatus(models.TextChoices):
    PENDING = "pending", "Đang chờ"
    RUNNING = "running", "Đang xuất"
    DONE = "done", "Hoàn thành"
    FAILED = "failed", "Không thành công"


class ExportJobQuerySet(models.QuerySet["ExportJob"]):
    def expired(self) -> ExportJobQuerySet:
        return self.filter(expires_at__lte=timezone.now())

    def unexpired(self) -> ExportJobQuerySet:
        return self.filter(expires_at__gt=timezone.now())


class ExportJob(models.Model):
    """A report written in the background for one user, with the filters they chose; the file expires.

    The task gets the job's id only and re-applies the user's scope when it runs (STYLE.md practice 13).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Người yêu cầu",
        on_delete=models.CASCADE,
        related_name="export_jobs",
    )
    report = models.CharField("Báo cáo", max_length=50)
    params = models.JSONField("Điều kiện lọc", default=dict, blank=True)  # {"q": ["dao"], ...}
    title = models.CharField("Tiêu đề", max_length=255)
    note = models.CharField("Ghi chú", max_length=255, blank=True)  # the filters, in words
    status = models.CharField(
        "Trạng thái", max_length=10, choices=ExportStatus.choices, default=ExportStatus.PENDING
    )
    row_count = models.PositiveIntegerField("Số dòng", default=0)
    rows_done = models.PositiveIntegerField("Số dòng đã xuất", default=0)
    file = models.BinaryField("Tệp", null=True, blank=True, editable=False)
    file_name = models.CharField("Tên tệp", max_length=150, blank=True)
    file_size = models.PositiveBigIntegerField("Dung lượng", default=0)
    error = models.CharField("Lỗi", max_length=255, blank=True)
    worker = models.CharField(max_length=40, blank=True, editable=False)  # see dangbo.lib.jobs
    created_at = models.DateTimeField("Thời điểm yêu cầu", default=timezone.now)
    finished_at = models.DateTimeField("Thời điểm hoàn thành", null=True, blank=True)
    expires_at = models.DateTimeField("Hết hạn lúc")

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        verbose_name = "lượt xuất dữ liệu"
        verbose_name_plural = "lượt xuất dữ liệu"
        indexes = [
            models.Index(fields=["user", "-created_at"], name="export_job_by_user"),
            models.Index(fields=["expires_at"], name="export_job_expiry"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("reports:job", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED)

    @property
    def percent(self) -> int:
        if self.status == ExportStatus.DONE:
            return 100
        if not self.row_count:
            return 0
        return min(99, self.rows_done * 100 // self.row_count)
