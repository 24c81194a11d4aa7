from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "netzero.indicators"
    label = "indicators"
