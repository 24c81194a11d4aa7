from django.apps import AppConfig


class TerritorialConfig(AppConfig):
    name = "netzero.territorial"
    label = "territorial"
    verbose_name = "Area-wide emissions"
