"""Adjustments to the Vietnamese public-holiday calendar that the `holidays` package cannot know in advance."""

from __future__ import annotations

import pghistory
from django.db import models


class AdjustmentKind(models.TextChoices):
    DAY_OFF = "day_off", "Ngày nghỉ bù / nghỉ thêm"
    WORKING_DAY = "working_day", "Ngày làm bù (thứ Bảy, Chủ nhật đi làm)"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class CalendarAdjustment(models.Model):
    """A day the Government announced as off (compensatory day off) or as a make-up working day."""

    day = models.DateField("Ngày", unique=True)
    kind = models.CharField("Loại", max_length=20, choices=AdjustmentKind.choices)
    note = models.CharField("Ghi chú", max_length=255, blank=True)
    decision = models.CharField(
        "Văn bản", max_length=255, blank=True, help_text="Ví dụ: Thông báo số 6150/TB-BNV ngày 12/11/2024"
    )
    created_at = models.DateTimeField("Ngày tạo", auto_now_add=True)

    class Meta:
        verbose_name = "điều chỉnh lịch làm việc"
        verbose_name_plural = "điều chỉnh lịch làm việc"
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y}: {self.get_kind_display()}"
