from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "netzero.access"
    label = "access"
    verbose_name = "Roles and access"

    def ready(self) -> None:
        from netzero.access import signals  # noqa: F401 - the membership checks and rights
