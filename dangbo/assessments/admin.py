"""Admin: the results are read-only here (they change through the workflow's services); the labels of
UNCONFIRMED levels are edited here, through a service."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from dangbo.assessments import services
from dangbo.assessments.models import Assessment, LevelLabel, Period, Round


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Period)
class PeriodAdmin(ReadOnlyAdmin):
    list_display = ("label", "kind", "year", "starts_on", "ends_on", "regime")
    list_filter = ("kind", "regime")


@admin.register(Round)
class RoundAdmin(ReadOnlyAdmin):
    list_display = (
        "period",
        "organization",
        "self_assessment_due",
        "proposal_due",
        "decision_due",
        "published",
    )
    list_select_related = ("period", "organization")


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ("period", "organization", "member", "level", "stage", "source")
    list_filter = ("stage", "source", "period")
    list_select_related = ("period", "organization", "member")
    search_fields = ("member__full_name", "organization__name", "organization__code")
    raw_id_fields = ("member", "organization", "grassroots", "decider", "round")


@admin.register(LevelLabel)
class LevelLabelAdmin(admin.ModelAdmin):
    list_display = ("regime", "subject", "code", "label", "abbreviation")
    list_filter = ("regime", "subject")

    def save_model(self, request: Any, obj: LevelLabel, form: Any, change: bool) -> None:
        saved = services.set_level_label(
            regime=obj.regime, subject=obj.subject, code=obj.code, label=obj.label,
            abbreviation=obj.abbreviation, by=request.user,
        )  # fmt: skip
        obj.pk = saved.pk

    def delete_model(self, request: Any, obj: LevelLabel) -> None:
        services.delete_level_label(level_label=obj, by=request.user)

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        for label in queryset:
            services.delete_level_label(level_label=label, by=request.user)
