from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "netzero.reports"
    label = "reports"
    verbose_name = "Committee reports"

    def ready(self) -> None:
        """Freeze the report's appendices whenever a period is published; move the stored
        public pages on when a published report's details change."""
        from netzero.reporting.signals import period_published
        from netzero.reports import public_pages
        from netzero.reports.receivers import freeze_appendices_on_publish

        public_pages.connect()
        period_published.connect(
            freeze_appendices_on_publish, dispatch_uid="reports.freeze_appendices_on_publish"
        )
