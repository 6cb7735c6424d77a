from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "dangbo.organizations"
    verbose_name = "Tổ chức đảng"
