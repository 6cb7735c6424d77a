from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "dangbo.imports"
    verbose_name = "Nhập dữ liệu"
