from django.apps import AppConfig


class AdmissionsConfig(AppConfig):
    name = "dangbo.admissions"
    verbose_name = "Kết nạp đảng viên"
