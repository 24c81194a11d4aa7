"""What the reports app does when the reporting cycle signals (connected in ``ReportsConfig``)."""

from __future__ import annotations

from typing import Any

from netzero.reporting.models import ReportingPeriod
from netzero.reports.appendices import appendices_freeze


def freeze_appendices_on_publish(sender: Any, *, period: ReportingPeriod, **kwargs: Any) -> None:
    """A period is being published: keep its report's appendices as they stand now, in the
    publishing transaction (if storing them fails, the period is not published)."""
    appendices_freeze(period=period)
