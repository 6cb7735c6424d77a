from django.apps import AppConfig


class DangboConfig(AppConfig):
    name = "dangbo"
    verbose_name = "dangbo"
