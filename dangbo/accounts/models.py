"""Users, the roles they hold on organizations, API tokens, failed logins."""

from __future__ import annotations

import pghistory
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q


class User(AbstractUser):
    member = models.OneToOneField(
        "members.Member",
        verbose_name="Đảng viên",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
    )

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    LEADER = "leader", "Lãnh đạo văn phòng, các ban"
    OFFICE = "office", "Cán bộ văn phòng, các ban"
    INSPECTION = "inspection", "Cán bộ kiểm tra"
    SECRETARY = "secretary", "Bí thư"
    CLERK = "clerk", "Văn thư, cán bộ chi bộ"
    VIEWER = "viewer", "Chỉ xem"
    MEMBER = "member", "Đảng viên"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class RoleAssignment(models.Model):
    """A role held on an organization; it covers the organization's whole subtree."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField("Vai trò", max_length=20, choices=Role.choices)
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="Tổ chức", on_delete=models.PROTECT, related_name="+"
    )
    valid_from = models.DateField("Từ ngày")
    valid_to = models.DateField("Đến ngày", null=True, blank=True)  # exclusive

    class Meta:
        verbose_name = "phân quyền"
        verbose_name_plural = "phân quyền"
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="role_interval_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()} – {self.organization}"


class ApiToken(models.Model):
    """A bearer token for the JSON API; only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("Tên", max_length=100, blank=True)
    prefix = models.CharField(max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "mã truy cập API"
        verbose_name_plural = "mã truy cập API"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"


class FailedLogin(models.Model):
    username = models.CharField(max_length=150, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.username} {self.at}"
