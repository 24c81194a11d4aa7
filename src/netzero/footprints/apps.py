from django.apps import AppConfig


class FootprintsConfig(AppConfig):
    name = "netzero.footprints"
    label = "footprints"
    verbose_name = "Carbon footprints"

    def ready(self) -> None:
        from netzero.footprints import public_pages

        public_pages.connect()
