"""The plan's page: its objectives (or strategy themes) and every action's timescale, role and
delivering organisations. Public, like the action pages: it holds the plan as adopted, no
drafts."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from netzero.plans.selectors import plan_get, plan_outline


@require_safe
def plan_outline_page(request: HttpRequest, plan_slug: str) -> HttpResponse:
    outline = plan_outline(plan=plan_get(slug=plan_slug))
    context = {"plan": outline.plan, "outline": outline, "gaps": outline.gaps()}
    return render(request, "plans/plan_outline.html", context)
