"""The plan's page: its objectives (or strategy themes) and every action's timescale, role and
delivering organisations. Public, like the action pages: it holds the plan as adopted, no
drafts."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from netzero.plans.charts import timeline_chart_spec, timeline_rows
from netzero.plans.selectors import plan_get, plan_outline


@require_safe
def plan_outline_page(request: HttpRequest, plan_slug: str) -> HttpResponse:
    outline = plan_outline(plan=plan_get(slug=plan_slug))
    context = {"plan": outline.plan, "outline": outline, "gaps": outline.gaps()}
    return render(request, "plans/plan_outline.html", context)


@require_safe
def plan_timeline_page(request: HttpRequest, plan_slug: str) -> HttpResponse:
    """Each action from the first to the last financial year of its timescale (the Green Plan's
    Figure 7), as a chart and as a table."""
    plan = plan_get(slug=plan_slug)
    rows, undated = timeline_rows(plan_outline(plan=plan))
    spec = timeline_chart_spec(title=f"{plan.name}: timeline of actions", rows=rows)
    context = {"plan": plan, "rows": rows, "undated": undated, "chart": spec if rows else None}
    return render(request, "plans/plan_timeline.html", context)
