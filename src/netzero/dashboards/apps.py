from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "netzero.dashboards"
    label = "dashboards"

    def ready(self) -> None:
        from netzero.dashboards import public_pages

        public_pages.connect()
