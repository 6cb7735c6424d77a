from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "dangbo.reports"
    verbose_name = "Báo cáo và xuất dữ liệu"
