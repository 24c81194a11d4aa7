from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from netzero.dashboards.selectors import dashboard_for_period
from netzero.dashboards.views import _off_track_url
from netzero.plans.models import Plan
from netzero.reporting.selectors import period_latest
from netzero.reporting.status import Status


def home(request: HttpRequest) -> HttpResponse:
    """Every plan with its latest period and, one click away, that period's off-track actions."""
    plans = []
    for plan in Plan.objects.select_related("organisation").order_by("organisation__name", "name"):
        period = period_latest(plan=plan)
        entry = {"plan": plan, "period": period}
        if period is not None:
            data = dashboard_for_period(plan=plan, period=period)
            counts = data.priority.counts
            entry["off_track"] = counts[Status.REVIEW] + counts[Status.ACTION]
            entry["priority_total"] = data.priority.total
            entry["off_track_url"] = _off_track_url(plan, period.slug)
        plans.append(entry)
    return render(request, "web/home.html", {"plans": plans})
