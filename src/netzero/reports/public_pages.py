"""What makes the stored public downloads out of date beyond what a published dashboard shows
(``dashboards/public_pages.py``): the committee report's details of a published period, its
header, sections and the appendices frozen into them when it was published
(``netzero.core.public_pages``).

The records the appendices are built from (footprint figures, stated totals, targets,
indicators and their values) need no receiver: a published period's report prints them as they
were frozen at publication, never as they stand, and republishing (a period saved) moves the
generation on anyway. An open period's report is never stored, so its details change nothing
stored either."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from netzero.core.public_pages import public_pages_changed
from netzero.reporting.models import ReportingPeriod
from netzero.reports.models import ReportDetails


def _details_changed(sender, instance: ReportDetails, raw: bool = False, **kwargs) -> None:
    if raw:  # a restore from a backup says so once, when it has finished
        return
    period = ReportingPeriod.objects.filter(pk=instance.period_id).only("state").first()
    if period is None or period.is_published:
        public_pages_changed()


def connect() -> None:
    post_save.connect(_details_changed, sender=ReportDetails, dispatch_uid="public-pages-details")
    post_delete.connect(
        _details_changed, sender=ReportDetails, dispatch_uid="public-pages-d-details"
    )
