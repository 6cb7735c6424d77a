"""What the audit keeps besides the trigger-written history: who looked at sensitive fields."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class SensitiveAccess(models.Model):
    """One view of a member's sensitive fields (national ID, ethnicity, religion)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    fields = models.CharField(max_length=200)
    path = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "lượt xem thông tin nhạy cảm"
        verbose_name_plural = "lượt xem thông tin nhạy cảm"
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.user} → {self.member} ({self.at:%d/%m/%Y %H:%M})"
