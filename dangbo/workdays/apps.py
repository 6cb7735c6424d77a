from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "dangbo.workdays"
    verbose_name = "Ngày làm việc"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from dangbo.workdays.calendar import adjustments_changed
        from dangbo.workdays.models import CalendarAdjustment

        # Not a business rule: only keeps the per-process calendar cache in step with the table.
        post_save.connect(adjustments_changed, sender=CalendarAdjustment, dispatch_uid="workdays_cache_save")
        post_delete.connect(
            adjustments_changed, sender=CalendarAdjustment, dispatch_uid="workdays_cache_delete"
        )
