from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "dangbo.assessments"
    verbose_name = "Đánh giá, xếp loại chất lượng"

    def ready(self) -> None:
        from dangbo.assessments import figures_export  # noqa: F401 (registers the exports of the lists)
