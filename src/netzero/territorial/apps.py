from django.apps import AppConfig


class TerritorialConfig(AppConfig):
    name = "netzero.territorial"
    label = "territorial"
    verbose_name = "Area-wide emissions"

    def ready(self) -> None:
        from netzero.territorial import public_pages

        public_pages.connect()
