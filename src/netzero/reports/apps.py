from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "netzero.reports"
    label = "reports"
    verbose_name = "Committee reports"
