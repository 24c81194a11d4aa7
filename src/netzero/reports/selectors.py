"""Reads for committee reports: a period's report details and the report as blocks."""

from __future__ import annotations

from collections.abc import Iterable

from netzero.dashboards.selectors import dashboard_for_period
from netzero.plans.models import Plan
from netzero.reporting.models import ReportingPeriod
from netzero.reports.content import Appendix, committee_report
from netzero.reports.document import Document
from netzero.reports.models import ReportDetails


def report_details_for_period(*, period: ReportingPeriod) -> ReportDetails:
    """The period's report details; empty (and unsaved) if none have been written."""
    return ReportDetails.objects.filter(period=period).first() or ReportDetails(period=period)


def report_document(
    *, plan: Plan, period: ReportingPeriod, appendices: Iterable[Appendix] = ()
) -> Document:
    """The committee report for ``period``: the words the manager wrote and the period's
    dashboard (a published period's as frozen when it was published)."""
    dashboard = dashboard_for_period(plan=plan, period=period)
    return committee_report(
        dashboard=dashboard,
        details=report_details_for_period(period=period),
        licence=plan.organisation.open_data_licence,
        appendices=appendices,
    )
