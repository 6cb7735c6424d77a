"""What the API keeps besides the domain: the responses of retried writes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class IdempotentRequest(models.Model):
    """A write sent with an `Idempotency-Key` and the response it got, replayed when the client retries.

    One row per user and key, kept 24 hours (api/idempotency.py). `request_hash` covers the method, the
    path and the validated body, so the same key with a different request is refused.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    response_body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "yêu cầu API có mã chống lặp"
        verbose_name_plural = "yêu cầu API có mã chống lặp"
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_per_user"),
        ]
        indexes = [models.Index(fields=["user", "created_at"], name="idempotency_by_age")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.key}"
