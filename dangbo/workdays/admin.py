from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin

from dangbo.workdays import services
from dangbo.workdays.models import CalendarAdjustment


class AdjustmentAdminForm(forms.ModelForm):
    class Meta:
        model = CalendarAdjustment
        fields = ("day", "kind", "note", "decision")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("day") and data.get("kind"):
            services.check_adjustment(data["day"], data["kind"])
        return data


@admin.register(CalendarAdjustment)
class CalendarAdjustmentAdmin(admin.ModelAdmin):
    """Add and delete only (a change is a delete and an add), each through the services."""

    form = AdjustmentAdminForm
    list_display = ("day", "kind", "note", "decision")
    list_filter = ("kind",)
    date_hierarchy = "day"

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def save_model(self, request: Any, obj: CalendarAdjustment, form: Any, change: bool) -> None:
        created = services.add_calendar_adjustment(
            day=obj.day, kind=obj.kind, note=obj.note, decision=obj.decision, by=request.user
        )
        obj.pk = created.pk

    def delete_model(self, request: Any, obj: CalendarAdjustment) -> None:
        services.delete_calendar_adjustment(adjustment=obj, by=request.user)

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        for adjustment in queryset:
            services.delete_calendar_adjustment(adjustment=adjustment, by=request.user)
