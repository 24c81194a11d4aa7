from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "netzero.dashboards"
    label = "dashboards"
