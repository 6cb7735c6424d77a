"""An import job: the uploaded file, where its check or commit stands, and what it found."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from dangbo.organizations.models import Organization


class ImportKind(models.TextChoices):
    ORGANIZATIONS = "organizations", "Tổ chức đảng"
    MEMBERS = "members", "Đảng viên"
    ASSESSMENTS = "assessments", "Kết quả xếp loại các năm trước"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Đang chờ kiểm tra"
    CHECKING = "checking", "Đang kiểm tra"
    CHECKED = "checked", "Đã kiểm tra"
    COMMIT_QUEUED = "commit_queued", "Đang chờ ghi dữ liệu"
    COMMITTING = "committing", "Đang ghi dữ liệu"
    DONE = "done", "Đã nhập xong"
    FAILED = "failed", "Không nhập được"


RUNNING = frozenset({JobStatus.QUEUED, JobStatus.CHECKING, JobStatus.COMMIT_QUEUED, JobStatus.COMMITTING})
WORKING = [JobStatus.CHECKING, JobStatus.COMMITTING]  # a worker at it (its session on the job)


class ImportJob(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Người nhập",
        on_delete=models.CASCADE,
        related_name="import_jobs",
    )
    kind = models.CharField("Loại dữ liệu", max_length=20, choices=ImportKind.choices)
    filename = models.CharField("Tên tệp", max_length=255)
    size = models.PositiveBigIntegerField("Dung lượng", default=0)
    # The uploaded bytes, in the database: transactional, no MEDIA_ROOT to manage (bounded by the size limit).
    content = models.BinaryField(editable=False)
    scope = models.ForeignKey(
        Organization,
        verbose_name="Trong phạm vi tổ chức",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    status = models.CharField(
        "Trạng thái", max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    mapping = models.JSONField(default=dict, blank=True)  # column letter -> column name ("" to ignore)
    report = models.JSONField(
        default=dict, blank=True
    )  # parsing.Report.to_json() of the last check or commit
    conversions_confirmed = models.BooleanField(default=False)
    error = models.TextField(blank=True)  # an unexpected failure, for the user and the log
    worker = models.CharField(max_length=40, blank=True, editable=False)  # see dangbo.lib.jobs
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "lần nhập dữ liệu"
        verbose_name_plural = "lần nhập dữ liệu"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="import_job_by_user")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.filename}"

    def get_absolute_url(self) -> str:
        return reverse("imports:detail", args=[self.pk])

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING

    @property
    def percent(self) -> int:
        if self.status in (JobStatus.CHECKED, JobStatus.DONE):
            return 100
        if not self.total_rows:
            return 0
        return min(99, self.processed_rows * 100 // self.total_rows)

    @property
    def can_commit(self) -> bool:
        return self.status == JobStatus.CHECKED and bool(self.report.get("ok"))
