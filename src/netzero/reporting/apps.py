from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "netzero.reporting"
    label = "reporting"
