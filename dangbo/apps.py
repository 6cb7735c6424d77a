from django.apps import AppConfig


class DangboConfig(AppConfig):
    name = "dangbo"
    verbose_name = "dangbo"

    def ready(self) -> None:
        from dangbo.lib import lookups

        lookups.register()
