from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "dangbo.awards"
    verbose_name = "Khen thưởng"

    def ready(self) -> None:
        from dangbo.awards import exports  # noqa: F401 (registers the exports of the award and badge lists)
