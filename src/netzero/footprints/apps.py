from django.apps import AppConfig


class FootprintsConfig(AppConfig):
    name = "netzero.footprints"
    label = "footprints"
    verbose_name = "Carbon footprints"
