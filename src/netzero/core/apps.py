from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "netzero.core"
    label = "core"

    def ready(self) -> None:
        from netzero.core import checks  # noqa: F401 - registers the system checks
