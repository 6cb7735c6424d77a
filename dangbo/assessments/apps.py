from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "dangbo.assessments"
    verbose_name = "Đánh giá, xếp loại chất lượng"
