from django.apps import AppConfig


class MovementsConfig(AppConfig):
    name = "dangbo.movements"
    verbose_name = "Biến động đảng viên"
