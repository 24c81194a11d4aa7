"""The downloads box on a dashboard page (the dashboards app links to reports only through
this tag, not by importing it)."""

from __future__ import annotations

from typing import Any

from django import template

from netzero.core.permissions import Permission
from netzero.reports.appendices import appendices_available
from netzero.reports.forms import ReportDownloadForm

register = template.Library()


@register.inclusion_tag("reports/_downloads.html", takes_context=True)
def report_downloads(context: dict[str, Any], plan: Any, period: Any) -> dict[str, Any]:
    user = context["request"].user
    return {
        "plan": plan,
        "period": period,
        "form": ReportDownloadForm(available=appendices_available(plan=plan, period=period)),
        "licence": plan.organisation.open_data_licence if period.is_published else "",
        "organisation": plan.organisation.name,
        "can_write": user.has_perm(Permission.MANAGE_PERIODS, plan) and period.is_open,
    }
