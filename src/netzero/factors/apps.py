from django.apps import AppConfig


class FactorsConfig(AppConfig):
    name = "netzero.factors"
    label = "factors"
    verbose_name = "Conversion factors"
