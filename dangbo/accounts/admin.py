from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from dangbo.accounts.models import RoleAssignment, User


def _superuser_only(request: HttpRequest) -> bool:
    """Django admin is for superusers only (issue 2); everyone else works in the app's own pages."""
    return bool(request.user.is_active and request.user.is_superuser)


admin.site.has_permission = _superuser_only  # type: ignore[method-assign]
admin.site.site_header = "dangbo — Quản trị hệ thống"


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    raw_id_fields = ["organization"]


@admin.register(User)
class DangboUserAdmin(UserAdmin):
    inlines = [RoleInline]
    raw_id_fields = ["member"]
    fieldsets = (*UserAdmin.fieldsets, ("Đảng viên", {"fields": ["member"]}))  # type: ignore[misc]
